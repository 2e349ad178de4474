"""Interviews, their confidential notes and the restitution to the professeur référent."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.donnees import historique
from avenirpro.enums import Role
from avenirpro.models import Membership, User
from lycees.imports import valeurs
from lycees.models import Division, Eleve
from parcours import perms
from parcours.enums import Besoin, Modalite, Moment, StatutEntretien, StatutRecherche
from parcours.models import Entretien, NoteConfidentielle, ReferentClasse, Restitution

RAISON = "suivi individuel (droits vérifiés par le service)"
MESSAGE_HORS_SUIVI = (
    "Seuls les conseillers désignés dans le lycée de l'élève cette année suivent ses entretiens."
)


def _texte(donnees, champ, maximum, erreurs, libelle):
    texte = valeurs.texte(donnees.get(champ) or "")
    if maximum and len(texte) > maximum:
        erreurs[champ] = f"{libelle} compte {maximum} caractères au plus."
    return texte


def _valider(eleve: Eleve, donnees: dict, erreurs: dict, aujourd_hui: datetime.date) -> dict:
    propres: dict = {}
    date = donnees.get("date")
    statut = donnees.get("statut") or StatutEntretien.REALISE
    if statut not in StatutEntretien.values:
        erreurs["statut"] = "Choisissez : prévu, réalisé ou élève absent."
    if not isinstance(date, datetime.date):
        erreurs["date"] = "Indiquez la date de l'entretien (JJ/MM/AAAA)."
    else:
        if statut in (StatutEntretien.REALISE, StatutEntretien.MANQUE) and date > aujourd_hui:
            erreurs["date"] = "Un entretien réalisé (ou manqué) ne peut pas être daté dans le futur."
        elif date < eleve.annee.date_debut or date > eleve.annee.date_fin:
            erreurs["date"] = f"La date doit être dans l'année scolaire {eleve.annee} de l'élève."
    propres["date"], propres["statut"] = date, statut
    propres["heure"] = donnees.get("heure") or None
    duree = donnees.get("duree_minutes") or 30
    if not isinstance(duree, int) or not 5 <= duree <= 240:
        erreurs["duree_minutes"] = "La durée est comprise entre 5 et 240 minutes."
    propres["duree_minutes"] = duree
    modalite = donnees.get("modalite") or ""
    if modalite not in Modalite.values:
        erreurs["modalite"] = "Choisissez la modalité de l'entretien."
    moment = donnees.get("moment") or ""
    if moment not in Moment.values:
        erreurs["moment"] = "Choisissez le moment de l'entretien."
    propres["modalite"], propres["moment"] = modalite, moment
    besoins = list(dict.fromkeys(donnees.get("besoins") or []))
    if any(b not in Besoin.values for b in besoins):
        erreurs["besoins"] = "Un des besoins cochés est inconnu."
    propres["besoins"] = [b for b in Besoin.values if b in besoins]
    propres["prochaine_etape"] = _texte(donnees, "prochaine_etape", 300, erreurs, "La prochaine étape")
    relance = donnees.get("relance_le") or None
    if relance is not None and isinstance(date, datetime.date) and relance < date:
        erreurs["relance_le"] = "La date de relance suit la date de l'entretien."
    propres["relance_le"] = relance
    return propres


def referents_de(eleve: Eleve) -> list[User]:
    """The professeurs référents named for the student's class (those who receive restitutions)."""
    if eleve.division_id is None:
        return []
    ids = (
        ReferentClasse.objects.unscoped(RAISON).filter(division_id=eleve.division_id).values("professeur_id")
    )
    return list(User.objects.filter(pk__in=ids).order_by("nom", "prenom", "pk"))


def _valider_restitution(eleve: Eleve, donnees: dict, erreurs: dict) -> dict | None:
    statut = donnees.get("restitution_statut") or ""
    commentaire = _texte(donnees, "restitution_commentaire", 2000, erreurs, "Le commentaire")
    referent = donnees.get("referent")
    if not statut and not commentaire:
        return None
    if statut not in StatutRecherche.values:
        erreurs["restitution_statut"] = "Choisissez où en est l'élève dans sa recherche."
    referents = referents_de(eleve)
    if referent is None and len(referents) == 1:
        referent = referents[0]
    if not referents:
        erreurs["referent"] = (
            "Aucun professeur référent n'est nommé pour la classe de l'élève : "
            "la direction du lycée le nomme."
        )
    elif referent is None:
        erreurs["referent"] = "Choisissez le professeur référent à qui vous écrivez."
    elif referent.pk not in {r.pk for r in referents}:
        erreurs["referent"] = "Ce professeur n'est pas référent de la classe de l'élève dans son lycée."
    return {"statut": statut, "commentaire": commentaire, "referent": referent}


@transaction.atomic
def enregistrer_entretien(request, eleve: Eleve, **donnees) -> Entretien:
    """An interview of a named counsellor with a student of the caseload; its confidential notes (apart)
    and, when given, its restitution to the professeur référent — all or nothing."""
    p = en_perimetre(request)
    perms.verifier(perms.peut_suivre(p, eleve), MESSAGE_HORS_SUIVI)
    aujourd_hui = timezone.localdate()
    erreurs: dict[str, str] = {}
    propres = _valider(eleve, donnees, erreurs, aujourd_hui)
    notes = _texte(donnees, "notes", 10000, erreurs, "Les notes")
    restitution = _valider_restitution(eleve, donnees, erreurs)
    if restitution and propres.get("statut") == StatutEntretien.PREVU:
        erreurs["restitution_statut"] = "La restitution s'écrit après l'entretien, une fois réalisé."
    if erreurs:
        raise ValidationError(erreurs)
    entretien = Entretien.objects.create(
        eleve=eleve,
        lycee_id=eleve.lycee_id,
        annee_id=eleve.annee_id,
        operateur=p.organisation,
        conseiller=p.user,
        **propres,
    )
    if notes:
        NoteConfidentielle.objects.create(entretien=entretien, texte=notes)
    if restitution:
        _creer_restitution(p, entretien, restitution)
    return entretien


def _creer_restitution(p, entretien: Entretien, donnees: dict) -> Restitution:
    return Restitution.objects.create(
        entretien=entretien,
        eleve_id=entretien.eleve_id,
        lycee_id=entretien.lycee_id,
        annee_id=entretien.annee_id,
        auteur=p.user,
        referent=donnees["referent"],
        statut=donnees["statut"],
        commentaire=donnees["commentaire"],
    )


@transaction.atomic
def ecrire_restitution(request, entretien: Entretien, **donnees) -> Restitution:
    """A restitution written after an interview (held) to a professeur référent of the student's class."""
    p = en_perimetre(request)
    perms.verifier(perms.peut_suivre(p, entretien.eleve), MESSAGE_HORS_SUIVI)
    erreurs: dict[str, str] = {}
    if entretien.statut != StatutEntretien.REALISE:
        erreurs["restitution_statut"] = "La restitution s'écrit après un entretien réalisé."
    restitution = _valider_restitution(entretien.eleve, donnees, erreurs)
    if restitution is None and not erreurs:
        erreurs["restitution_statut"] = "Choisissez où en est l'élève dans sa recherche."
    if erreurs:
        raise ValidationError(erreurs)
    return _creer_restitution(p, entretien, restitution)


@transaction.atomic
def changer_statut(request, entretien: Entretien, statut: str) -> Entretien:
    """A planned interview becomes held or missed (a no-show is counted as such)."""
    p = en_perimetre(request)
    perms.verifier(
        perms.peut_suivre(p, entretien.eleve) and entretien.operateur_id == p.organisation.pk,
        MESSAGE_HORS_SUIVI,
    )
    entretien = Entretien.objects.unscoped(RAISON).select_for_update().get(pk=entretien.pk)
    if entretien.statut != StatutEntretien.PREVU:
        raise ValidationError({"statut": "Seul un entretien prévu devient réalisé ou manqué."})
    if statut not in (StatutEntretien.REALISE, StatutEntretien.MANQUE):
        raise ValidationError({"statut": "Choisissez : réalisé ou élève absent."})
    if entretien.date > timezone.localdate():
        raise ValidationError({"statut": "L'entretien est daté dans le futur : il n'a pas encore eu lieu."})
    entretien.statut = statut
    entretien.save(update_fields=["statut", "modifie_le"])
    return entretien


@transaction.atomic
def accuser_reception(request, restitution: Restitution) -> Restitution:
    """The professeur référent acknowledges a restitution (once: the first date stays)."""
    p = en_perimetre(request)
    perms.verifier(
        restitution.referent_id == p.user.pk, "Seul le professeur référent destinataire en accuse réception."
    )
    lue = (
        Restitution.objects.unscoped(RAISON)
        .filter(pk=restitution.pk, lue_le__isnull=True)
        .update(lue_le=timezone.now())
    )
    restitution.refresh_from_db()
    if lue:
        historique.noter_en_masse([restitution], historique.MODIFICATION, p)
    return restitution


def professeurs_du_lycee(lycee) -> list[User]:
    ids = Membership.objects.filter(organisation_id=lycee.organisation_id, role=Role.PROFESSEUR).values(
        "user_id"
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("nom", "prenom", "pk"))


@transaction.atomic
def nommer_referents(request, division: Division, professeurs: list[User]) -> list[ReferentClasse]:
    """The direction names the professeurs référents of a class (replaces the list)."""
    p = en_perimetre(request)
    perms.verifier(
        perms.peut_nommer_referents(p, division.lycee_id),
        "Seule la direction du lycée nomme les professeurs référents.",
    )
    du_lycee = {u.pk for u in professeurs_du_lycee(division.lycee)}
    if any(u.pk not in du_lycee for u in professeurs):
        raise ValidationError({"professeurs": "Choisissez des professeurs de ce lycée."})
    liens = ReferentClasse.objects.unscoped(RAISON).filter(division=division)
    liens.exclude(professeur__in=professeurs).delete()
    deja = set(liens.values_list("professeur_id", flat=True))
    ReferentClasse.objects.bulk_create(
        [ReferentClasse(division=division, professeur=u) for u in professeurs if u.pk not in deja],
        ignore_conflicts=True,
    )
    return list(ReferentClasse.objects.unscoped(RAISON).filter(division=division))
