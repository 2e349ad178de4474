"""Classes (divisions) and students of a lycée: each workflow step is one function here, called by the
HTML views, the API and the tests. Every step checks the right to manage the roster
(``lycees.perms.peut_gerer_effectifs``), validates, and raises ``ValidationError`` with a French
message, changing nothing on bad input.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.donnees import acces, conservation
from avenirpro.models import AnneeScolaire
from lycees import perms
from lycees.enums import Diplome, MoyenInformation, ParcoursChoisi, Sexe
from lycees.imports import valeurs
from lycees.imports.analyse import cle_identite
from lycees.models import Division, Eleve, Lycee
from lycees.perms import get_division_for_user, get_eleve_for_user
from lycees.services.fin_annee import CHAMPS_FIN_ANNEE, valider_fin_annee

__all__ = [
    "creer_division",
    "creer_eleve",
    "get_division_for_user",
    "get_eleve_for_user",
    "lycee_gere",
    "marquer_familles_informees",
    "modifier_division",
    "modifier_eleve",
    "supprimer_division",
    "supprimer_eleve",
]

RAISON = "contrôle d'unicité dans un lycée dont l'utilisateur gère les effectifs"
MESSAGE_REFUS = (
    "Seule la direction du lycée (chef d'établissement, DDFPT, responsable du bureau des entreprises) "
    "gère les classes et les élèves."
)


def verifier_gestion(acteur, lycee_id: int) -> None:
    """The one place that refuses a roster change (``acteur``: a périmètre or a request)."""
    if not perms.peut_gerer_effectifs(en_perimetre(acteur), lycee_id):
        raise PermissionDenied(MESSAGE_REFUS)


def lycee_gere(acteur) -> Lycee:
    """The lycée whose roster ``acteur`` manages (their current lycée), else PermissionDenied."""
    lycee_id = perms.lycee_id(en_perimetre(acteur))
    if lycee_id is None:
        raise PermissionDenied(MESSAGE_REFUS)
    verifier_gestion(acteur, lycee_id)
    return Lycee.objects.get(pk=lycee_id)


# --- divisions -----------------------------------------------------------------------------------


def _valider_division(lycee, annee, nom, diplome, specialite, exclue: Division | None = None) -> dict:
    erreurs = {}
    nom = valeurs.nom_division(valeurs.texte(nom))
    if not nom:
        erreurs["nom"] = "Indiquez le nom de la classe (par exemple « TBP MELEC »)."
    elif len(nom) > 60:
        erreurs["nom"] = "Le nom de la classe compte 60 caractères au plus."
    if diplome not in Diplome.values:
        erreurs["diplome"] = "Choisissez le diplôme préparé : bac pro, CAP, BMA ou DTMS."
    specialite = valeurs.texte(specialite)
    if len(specialite) > 200:
        erreurs["specialite"] = "La spécialité compte 200 caractères au plus."
    if nom and "nom" not in erreurs:
        autres = Division.objects.unscoped(RAISON).filter(lycee=lycee, annee=annee)
        if exclue is not None:
            autres = autres.exclude(pk=exclue.pk)
        cle = valeurs.cle_division(nom)
        if any(valeurs.cle_division(n) == cle for n in autres.values_list("nom", flat=True)):
            erreurs["nom"] = f"Une classe « {nom} » existe déjà dans ce lycée en {annee}."
    if erreurs:
        raise ValidationError(erreurs)
    return {"nom": nom, "diplome": diplome, "specialite": specialite}


@transaction.atomic
def creer_division(user, *, nom: str, diplome: str, specialite: str = "", annee=None) -> Division:
    lycee = lycee_gere(user)
    annee = annee or AnneeScolaire.objects.courante()
    champs = _valider_division(lycee, annee, nom, diplome, specialite)
    return Division.objects.create(lycee=lycee, annee=annee, **champs)


@transaction.atomic
def modifier_division(user, division: Division, *, nom: str, diplome: str, specialite: str = "") -> Division:
    """Rename or re-describe a class; its students who had the class's diploma/speciality follow it."""
    verifier_gestion(user, division.lycee_id)
    champs = _valider_division(division.lycee, division.annee, nom, diplome, specialite, exclue=division)
    eleves = Eleve.objects.unscoped(RAISON).filter(division=division)
    if champs["diplome"] != division.diplome:
        eleves.filter(diplome=division.diplome).update(diplome=champs["diplome"], modifie_le=timezone.now())
    if champs["specialite"] != division.specialite:
        eleves.filter(specialite=division.specialite).update(
            specialite=champs["specialite"], modifie_le=timezone.now()
        )
    for champ, valeur in champs.items():
        setattr(division, champ, valeur)
    division.save()
    return division


@transaction.atomic
def supprimer_division(user, division: Division) -> None:
    """Delete an empty class; a class with students is kept (move or delete them first)."""
    verifier_gestion(user, division.lycee_id)
    nb = Eleve.objects.unscoped(RAISON).filter(division=division).count()
    if nb:
        raise ValidationError(
            f"La classe {division.nom} compte {nb} élève{'s' if nb > 1 else ''} : changez-les de classe "
            "ou supprimez-les avant de supprimer la classe."
        )
    try:
        division.delete()
    except ProtectedError:
        raise ValidationError(
            f"La classe {division.nom} est liée à des séances ou à d'autres suivis : elle ne peut pas être "
            "supprimée."
        ) from None


# --- élèves --------------------------------------------------------------------------------------

CHAMPS_ELEVE = (
    "division",
    "nom",
    "prenom",
    "date_naissance",
    "sexe",
    "ine",
    "diplome",
    "specialite",
    "parcours",
    *CHAMPS_FIN_ANNEE,
    "famille_informee_le",
    "famille_informee_par",
)


def _choix(valeur, enum, champ, message, erreurs, vide_permis=True) -> str:
    valeur = valeur or ""
    if valeur == "" and vide_permis:
        return ""
    if valeur not in enum.values:
        erreurs[champ] = message
    return valeur


def _valider_eleve(lycee, annee, donnees: dict, exclu: Eleve | None = None) -> dict:
    erreurs: dict[str, str] = {}
    propres: dict = {}
    for champ, libelle in (("nom", "nom"), ("prenom", "prénom")):
        try:
            propres[champ] = valeurs.nom_personne(donnees.get(champ), libelle)
        except valeurs.ValeurInvalide as e:
            erreurs[champ] = f"{str(e)[:1].upper()}{str(e)[1:]}."
    try:
        propres["date_naissance"] = valeurs.date_naissance(donnees.get("date_naissance"), annee.annee_debut)
    except valeurs.ValeurInvalide as e:
        erreurs["date_naissance"] = f"{str(e)[:1].upper()}{str(e)[1:]}."
    propres["sexe"] = _choix(donnees.get("sexe"), Sexe, "sexe", "Indiquez le sexe : F ou M.", erreurs, False)
    try:
        propres["ine"] = valeurs.ine(donnees.get("ine"))
    except valeurs.ValeurInvalide as e:
        erreurs["ine"] = f"{str(e)[:1].upper()}{str(e)[1:]}."

    division = donnees.get("division")
    if division is not None and (division.lycee_id != lycee.pk or division.annee_id != annee.pk):
        erreurs["division"] = "Choisissez une classe de ce lycée pour la même année scolaire."
    propres["division"] = division
    diplome = donnees.get("diplome") or (division.diplome if division is not None else "")
    propres["diplome"] = _choix(
        diplome,
        Diplome,
        "diplome",
        "Choisissez le diplôme préparé : bac pro, CAP, BMA ou DTMS.",
        erreurs,
        False,
    )
    specialite = donnees.get("specialite")
    if specialite is None:
        specialite = division.specialite if division is not None else ""
    propres["specialite"] = valeurs.texte(specialite)
    if len(propres["specialite"]) > 200:
        erreurs["specialite"] = "La spécialité compte 200 caractères au plus."
    propres["parcours"] = _choix(
        donnees.get("parcours"), ParcoursChoisi, "parcours", "Parcours inconnu.", erreurs
    )
    propres.update(valider_fin_annee(annee, donnees, erreurs))

    informee_le = donnees.get("famille_informee_le")
    moyen = _choix(
        donnees.get("famille_informee_par"),
        MoyenInformation,
        "famille_informee_par",
        "Moyen d'information inconnu.",
        erreurs,
    )
    if informee_le and not moyen:
        erreurs["famille_informee_par"] = "Indiquez comment la famille a été informée."
    if moyen and not informee_le:
        erreurs["famille_informee_le"] = "Indiquez la date à laquelle la famille a été informée."
    if informee_le and informee_le > timezone.localdate():
        erreurs["famille_informee_le"] = "La date d'information de la famille ne peut pas être dans le futur."
    propres["famille_informee_le"] = informee_le or None
    propres["famille_informee_par"] = moyen

    if not erreurs:
        autres = Eleve.objects.unscoped(RAISON).filter(lycee=lycee, annee=annee)
        if exclu is not None:
            autres = autres.exclude(pk=exclu.pk)
        if propres["ine"] and autres.filter(ine=propres["ine"]).exists():
            erreurs["ine"] = f"Un autre élève de ce lycée a déjà l'INE {propres['ine']} cette année."
        cle = cle_identite(propres["nom"], propres["prenom"], propres["date_naissance"])
        homonymes = autres.filter(date_naissance=propres["date_naissance"]).values_list("nom", "prenom")
        if any(cle_identite(n, p, propres["date_naissance"]) == cle for n, p in homonymes):
            erreurs["__all__"] = (
                f"{propres['nom']} {propres['prenom']}, né(e) le {propres['date_naissance']:%d/%m/%Y}, est "
                "déjà inscrit(e) dans ce lycée cette année."
            )
    if erreurs:
        raise ValidationError(erreurs)
    return propres


@transaction.atomic
def creer_eleve(user, *, annee=None, **donnees) -> Eleve:
    """A student of the user's lycée; the year is the class's (else ``annee``, else the current one)."""
    lycee = lycee_gere(user)
    division = donnees.get("division")
    annee = division.annee if division is not None else (annee or AnneeScolaire.objects.courante())
    propres = _valider_eleve(lycee, annee, {k: donnees.get(k) for k in CHAMPS_ELEVE})
    return Eleve.objects.create(lycee=lycee, annee=annee, **propres)


@transaction.atomic
def modifier_eleve(user, eleve: Eleve, **donnees) -> Eleve:
    """Update the given fields (others keep their value)."""
    verifier_gestion(user, eleve.lycee_id)
    actuelles = {k: getattr(eleve, k) for k in CHAMPS_ELEVE}
    actuelles.update({k: v for k, v in donnees.items() if k in CHAMPS_ELEVE})
    propres = _valider_eleve(eleve.lycee, eleve.annee, actuelles, exclu=eleve)
    for champ, valeur in propres.items():
        setattr(eleve, champ, valeur)
    eleve.save()
    return eleve


@transaction.atomic
def supprimer_eleve(user, eleve: Eleve) -> None:
    """For a student entered by mistake; one already followed (workshops, interviews…) is kept."""
    verifier_gestion(user, eleve.lycee_id)
    try:
        eleve.delete()
    except ProtectedError:
        raise ValidationError(
            "Cet élève a déjà un suivi enregistré (présences, entretiens…) : il ne peut pas être supprimé."
        ) from None


@transaction.atomic
def marquer_familles_informees(
    user,
    division: Division,
    *,
    date: datetime.date,
    moyen: str,
    eleves: list[Eleve] | None = None,
    remplacer: bool = False,
) -> int:
    """Record that the families of a class (or of some of its students) were informed (convention art. 5).

    Families already marked keep their first date unless ``remplacer``. Returns how many were marked.
    """
    verifier_gestion(user, division.lycee_id)
    erreurs = {}
    if not date:
        erreurs["date"] = "Indiquez la date à laquelle les familles ont été informées."
    elif date > timezone.localdate():
        erreurs["date"] = "La date d'information des familles ne peut pas être dans le futur."
    if moyen not in MoyenInformation.values:
        erreurs["moyen"] = "Choisissez comment les familles ont été informées."
    qs = Eleve.objects.unscoped(RAISON).filter(division=division)
    if eleves is not None:
        if any(e.division_id != division.pk for e in eleves):
            erreurs["eleves"] = "Ces élèves ne sont pas tous dans cette classe."
        qs = qs.filter(pk__in=[e.pk for e in eleves])
    if erreurs:
        raise ValidationError(erreurs)
    if not remplacer:
        qs = qs.filter(famille_informee_le__isnull=True)
    return qs.update(famille_informee_le=date, famille_informee_par=moyen, modifie_le=timezone.now())


# --- Personal data: right of access and erasure (the mechanism is avenirpro.donnees) -------------------


def exporter_donnees_eleve(acteur, eleve: Eleve) -> dict:
    """Everything held about the student, for the family (GDPR art. 15): the lycée's direction only."""
    verifier_gestion(acteur, eleve.lycee_id)
    return acces.exporter(acteur, eleve)


def effacer_donnees_eleve(acteur, eleve: Eleve, motif: str):
    """Erase the student's data at the family's request (GDPR art. 17), the reason recorded: anonymised at
    once (the counts and past returns stay). The lycée's direction only."""
    verifier_gestion(acteur, eleve.lycee_id)
    return conservation.effacer(acteur, eleve, motif)
