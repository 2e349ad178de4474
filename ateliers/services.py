"""Workflow steps of the collective phase: each is one function, used by the pages, the API and the tests.

Each step checks the caller's rights (``PermissionDenied``), validates its input (``ValidationError`` with a
French message, keyed by field when it concerns one) and changes nothing on bad input (atomic).
``alertes_seance`` is the exception: it returns flags (outside November–March, short, repeated theme) that
the convention tolerates but that the counsellor should see.
"""

import datetime
import uuid as uuid_lib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ateliers import perms
from ateliers.enums import Note, Partenaire, ServiceNumerique, StatutSeance, Theme, TypeEvenement
from ateliers.models import (
    DUREE_QUESTIONNAIRE,
    Evenement,
    EvenementEleve,
    ParticipationEquipe,
    Presence,
    QuestionnaireEquipe,
    QuestionnaireSeance,
    ReponseEquipe,
    ReponseSeance,
    Seance,
    SeanceDivision,
)
from ateliers.perms import lycees_animes, peut_modifier_evenement
from avenirpro.access import en_perimetre
from avenirpro.models import AnneeScolaire
from lycees import perms as lycees_perms
from lycees.models import Affectation, Division, Eleve, Lycee

DUREE_MAX_MINUTES = 8 * 60
MOIS_CONVENTION = {11, 12, 1, 2, 3}  # annex 1.1: the four workshops are held between November and March
COMMENTAIRE_MAX = 1000


# --- Helpers ---------------------------------------------------------------------------------------


def annee_de(jour: datetime.date) -> AnneeScolaire | None:
    return AnneeScolaire.objects.filter(annee_debut=AnneeScolaire.annee_debut_pour(jour)).first()


def remplacer_liens(instance, champ: str, cibles: Iterable) -> None:
    """``instance.<champ>.set(cibles)`` for a many-to-many field, on the link table only.

    The related manager's ``set`` reads the current targets through their model's manager, which refuses to
    run unscoped for personal data (classes, students); the links themselves hold ids only.
    """
    field = instance._meta.get_field(champ)
    through = field.remote_field.through
    source, cible = field.m2m_field_name(), field.m2m_reverse_field_name()
    ids = {getattr(c, "pk", c) for c in cibles}
    liens = through.objects.unscoped("liens d'un objet que le service modifie").filter(
        **{source: instance.pk}
    )
    liens.exclude(**{f"{cible}_id__in": ids}).delete()
    existants = set(liens.values_list(f"{cible}_id", flat=True))
    through.objects.bulk_create(
        [through(**{f"{source}_id": instance.pk, f"{cible}_id": pk}) for pk in sorted(ids - existants)]
    )


def _uuids(valeurs: Iterable, libelle: str) -> set[uuid_lib.UUID]:
    resultat = set()
    for valeur in valeurs:
        try:
            resultat.add(valeur if isinstance(valeur, uuid_lib.UUID) else uuid_lib.UUID(str(valeur)))
        except ValueError:
            raise ValidationError(f"Identifiant {libelle} invalide : « {valeur} ».") from None
    return resultat


def verifier_animation(user, lycee: Lycee) -> None:
    """Refuse (403) anyone who is not a counsellor named for this lycée, whatever the year."""
    if lycee.pk not in lycees_animes(en_perimetre(user)):
        raise PermissionDenied(f"Vous n'êtes pas désigné(e) comme conseiller du lycée « {lycee.nom} ».")


def _annee_animee(user, lycee: Lycee, jour: datetime.date | None, champ: str = "date") -> AnneeScolaire:
    """The school year of ``jour``, if the user runs the scheme in this lycée that year.

    A counsellor who never serves this lycée is refused (403); one who serves it another year gets a
    form error on the date.
    """
    verifier_animation(user, lycee)
    if jour is None:
        raise ValidationError({champ: "Indiquez la date."})
    annee = annee_de(jour)
    if annee is None or not perms.peut_animer(en_perimetre(user), lycee.pk, annee.pk):
        debut = AnneeScolaire.annee_debut_pour(jour)
        raise ValidationError(
            {
                champ: f"Cette date tombe dans l'année scolaire {debut}-{debut + 1}, pour laquelle vous "
                f"n'êtes pas désigné(e) au lycée « {lycee.nom} »."
            }
        )
    return annee


def _verrouiller_seance(seance: Seance) -> None:
    """Lock the séance's row until the commit, and read again what may have changed meanwhile.

    Two saves of one séance at once (a double tap, two counsellors) otherwise both delete then re-insert
    its attendance, and the second insert breaks ``presence_unique``: locked, they run one after the
    other and the last one wins whole. Call it first, before reading what the save depends on.
    """
    statut, date = (
        Seance.objects.unscoped("verrou de la séance pendant un enregistrement (droits déjà vérifiés)")
        .select_for_update()
        .filter(pk=seance.pk)
        .values_list("statut", "date")
        .get()
    )
    seance.statut, seance.date = statut, date


def _exiger_animation(user, seance: Seance) -> None:
    if not perms.peut_animer(en_perimetre(user), seance.lycee_id, seance.annee_id):
        raise PermissionDenied(
            "Seuls les conseillers désignés pour ce lycée cette année peuvent modifier ses séances."
        )


def _choix(valeurs: Iterable[str], enum, message: str) -> list[str]:
    valeurs = list(dict.fromkeys(valeurs or []))
    inconnues = [v for v in valeurs if v not in enum.values]
    if inconnues:
        raise ValidationError(message.format(", ".join(map(str, inconnues))))
    # Stored in the enum's order, so that equal selections compare equal.
    return [v for v in enum.values if v in valeurs]


# --- Séances ----------------------------------------------------------------------------------------


CHAMPS_SEANCE = (
    "theme",
    "divisions",
    "date",
    "heure_debut",
    "duree_minutes",
    "conseillers",
    "membre_equipe_nom",
    "membre_equipe_fonction",
    "services_numeriques",
    "services_numeriques_autre",
    "adaptations_locales",
)


def _valider_seance(user, lycee: Lycee, donnees: dict) -> tuple[AnneeScolaire, dict]:
    """Check a séance's fields; return its school year and the cleaned values. Raises on the first bad field
    set (all field errors together)."""
    annee = _annee_animee(user, lycee, donnees.get("date"))
    erreurs: dict[str, list[str]] = {}
    propre = dict(donnees)

    def erreur(champ, message):
        erreurs.setdefault(champ, []).append(message)

    try:
        propre["theme"] = Theme(int(donnees.get("theme")))
    except (TypeError, ValueError):
        erreur("theme", "Choisissez l'un des quatre thèmes de la convention.")

    divisions = list(donnees.get("divisions") or [])
    if not divisions:
        erreur("divisions", "Choisissez au moins une classe.")
    for division in divisions:
        if division.lycee_id != lycee.pk or division.annee_id != annee.pk:
            erreur(
                "divisions",
                f"La classe « {division.nom} » n'est pas une classe du lycée « {lycee.nom} » "
                f"pour l'année scolaire {annee}.",
            )
    propre["divisions"] = divisions

    if donnees.get("heure_debut") is None:
        erreur("heure_debut", "Indiquez l'heure de début.")

    duree = donnees.get("duree_minutes")
    try:
        duree = int(duree)
    except (TypeError, ValueError):
        duree = None
    if duree is None or duree <= 0 or duree > DUREE_MAX_MINUTES:
        erreur("duree_minutes", "La durée doit être positive et d'au plus 8 heures (480 minutes).")
    propre["duree_minutes"] = duree

    nom = (donnees.get("membre_equipe_nom") or "").strip()
    fonction = (donnees.get("membre_equipe_fonction") or "").strip()
    if not nom:
        erreur(
            "membre_equipe_nom",
            "Un membre de l'équipe éducative est présent pendant toute la séance (convention, article 4) : "
            "indiquez son nom.",
        )
    if not fonction:
        erreur(
            "membre_equipe_fonction",
            "Indiquez la fonction du membre de l'équipe éducative (professeur, CPE…).",
        )
    propre["membre_equipe_nom"], propre["membre_equipe_fonction"] = nom, fonction

    try:
        propre["services_numeriques"] = _choix(
            donnees.get("services_numeriques"), ServiceNumerique, "Service numérique inconnu : {}."
        )
    except ValidationError as e:
        erreur("services_numeriques", e.messages[0])
    propre["services_numeriques_autre"] = (donnees.get("services_numeriques_autre") or "").strip()
    propre["adaptations_locales"] = (donnees.get("adaptations_locales") or "").strip()

    conseillers = list(donnees.get("conseillers") or [])
    if not conseillers:
        erreur("conseillers", "Indiquez au moins un conseiller.")
    else:
        designes = set(
            Affectation.objects.filter(lycee=lycee, annee=annee).values_list("conseillers", flat=True)
        )
        for conseiller in conseillers:
            if conseiller.pk not in designes:
                erreur(
                    "conseillers",
                    f"« {conseiller.uuid} » introuvable parmi les conseillers désignés de ce lycée pour "
                    f"l'année {annee}.",
                )
    propre["conseillers"] = conseillers

    if erreurs:
        raise ValidationError(erreurs)
    return annee, propre


@transaction.atomic
def planifier_seance(user, *, lycee: Lycee, **donnees) -> Seance:
    """Plan a workshop in a lycée the counsellor is named for (the school year follows from the date)."""
    inconnus = set(donnees) - set(CHAMPS_SEANCE)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    donnees.setdefault("conseillers", [en_perimetre(user).user])
    annee, propre = _valider_seance(user, lycee, donnees)
    seance = Seance(lycee=lycee, annee=annee, cree_par=en_perimetre(user).user, statut=StatutSeance.PREVUE)
    _appliquer(seance, propre)
    return seance


def _appliquer(seance: Seance, propre: dict) -> None:
    for champ in CHAMPS_SEANCE:
        if champ not in ("divisions", "conseillers"):
            setattr(seance, champ, propre[champ])
    seance.save()
    remplacer_liens(seance, "divisions", propre["divisions"])
    seance.conseillers.set(propre["conseillers"])


def _valeurs_seance(seance: Seance, user) -> dict:
    valeurs = {c: getattr(seance, c) for c in CHAMPS_SEANCE if c not in ("divisions", "conseillers")}
    valeurs["divisions"] = list(Division.objects.visible_to(user).filter(seances=seance))
    valeurs["conseillers"] = list(seance.conseillers.all())
    return valeurs


@transaction.atomic
def modifier_seance(seance: Seance, user, **changements) -> Seance:
    """Change a séance (unchanged fields keep their value). A held séance whose classes change keeps the
    absences recorded for the students still concerned; the others are removed, newcomers count present."""
    _exiger_animation(user, seance)
    inconnus = set(changements) - set(CHAMPS_SEANCE)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    _verrouiller_seance(seance)
    if seance.est_annulee:
        raise ValidationError("Une séance annulée ne se modifie plus.")
    avant = _valeurs_seance(seance, user)
    donnees = {**avant, **changements}
    annee, propre = _valider_seance(user, seance.lycee, donnees)
    if seance.est_realisee and propre["date"] > timezone.localdate():
        raise ValidationError({"date": "Une séance réalisée ne peut pas être déplacée dans le futur."})
    divisions_changees = {d.pk for d in avant["divisions"]} != {d.pk for d in propre["divisions"]}
    seance.annee = annee
    _appliquer(seance, propre)
    presences = Presence.objects.visible_to(user).filter(seance=seance)
    if divisions_changees and presences.exists():
        absents = set(presences.filter(present=False).values_list("eleve__uuid", flat=True))
        _remplacer_presences(seance, user, absents, ignorer_inconnus=True)
    return seance


def _maintenant(maintenant: datetime.datetime | None) -> datetime.datetime:
    return maintenant or timezone.now()


@transaction.atomic
def realiser_seance(seance: Seance, user, maintenant: datetime.datetime | None = None) -> Seance:
    """Declare a séance held; its satisfaction questionnaire opens for 14 days."""
    _exiger_animation(user, seance)
    maintenant = _maintenant(maintenant)
    if seance.est_annulee:
        raise ValidationError("Cette séance est annulée : elle ne peut pas être déclarée réalisée.")
    if seance.date > timezone.localdate(maintenant):
        raise ValidationError(
            f"La séance est prévue le {seance.date:%d/%m/%Y} : elle ne peut pas être déclarée réalisée avant."
        )
    if not seance.est_realisee:
        seance.statut = StatutSeance.REALISEE
        seance.save(update_fields=["statut", "modifie_le"])
    _ouvrir_questionnaire(seance, maintenant)
    return seance


@transaction.atomic
def annuler_seance(seance: Seance, user) -> Seance:
    _exiger_animation(user, seance)
    if seance.est_realisee:
        raise ValidationError("Une séance réalisée ne peut pas être annulée.")
    if not seance.est_annulee:
        seance.statut = StatutSeance.ANNULEE
        seance.save(update_fields=["statut", "modifie_le"])
    return seance


@transaction.atomic
def supprimer_seance(seance: Seance, user) -> None:
    """Remove a séance entered by mistake; a held one counts in the indicators and stays."""
    _exiger_animation(user, seance)
    if seance.est_realisee:
        raise ValidationError(
            "Une séance réalisée ne peut pas être supprimée : elle compte dans les indicateurs."
        )
    seance.delete()


def eleves_de_seance(seance: Seance, user):
    """The students of the séance's classes, as this user may see them, by class then name."""
    return (
        Eleve.objects.visible_to(user)
        .filter(division__seances=seance)
        .select_related("division")
        .order_by("division__nom", "nom", "prenom", "pk")
    )


def etat_presences(seance: Seance, user) -> dict[int, bool]:
    """Recorded attendance by student id (empty until recorded: everyone counts present by default)."""
    return dict(Presence.objects.visible_to(user).filter(seance=seance).values_list("eleve_id", "present"))


@transaction.atomic
def enregistrer_presences(
    seance: Seance,
    user,
    absents: Iterable,
    presents: Iterable = (),
    maintenant: datetime.datetime | None = None,
) -> tuple[int, int]:
    """Record the attendance of a séance: every student of its classes is present except ``absents``.

    Replaces what was recorded before. ``presents`` may list students explicitly (the API does); a student
    outside the séance's classes, in either list, refuses the whole recording. A planned séance whose date
    has come becomes held. Returns (present, total).
    """
    _exiger_animation(user, seance)
    _verrouiller_seance(seance)
    if seance.est_annulee:
        raise ValidationError("Cette séance est annulée : il n'y a pas de présences à saisir.")
    maintenant = _maintenant(maintenant)
    if seance.date > timezone.localdate(maintenant):
        raise ValidationError(
            f"La séance est prévue le {seance.date:%d/%m/%Y} : "
            "les présences se saisissent à partir de ce jour."
        )
    absents = _uuids(absents, "d'élève")
    presents = _uuids(presents, "d'élève")
    if absents & presents:
        raise ValidationError("Un même élève ne peut pas être à la fois présent et absent.")
    total, nb_presents = _remplacer_presences(seance, user, absents, connus=presents)
    if seance.est_prevue:
        realiser_seance(seance, user, maintenant)
    return nb_presents, total


def _remplacer_presences(seance, user, absents: set, connus: set = frozenset(), ignorer_inconnus=False):
    """Replace the séance's attendance; the caller holds the séance's lock (``_verrouiller_seance``)."""
    eleves = list(eleves_de_seance(seance, user).select_related(None).only("pk", "uuid"))
    par_uuid = {e.uuid: e for e in eleves}
    inconnus = (absents | connus) - par_uuid.keys()
    if inconnus and not ignorer_inconnus:
        raise ValidationError(
            f"{len(inconnus)} élève(s) ne font pas partie des classes de cette séance : "
            f"{', '.join(sorted(str(u) for u in inconnus))}. Aucune présence n'a été enregistrée."
        )
    Presence.objects.visible_to(user).filter(seance=seance).delete()
    Presence.objects.bulk_create(
        Presence(seance=seance, eleve=e, present=e.uuid not in absents) for e in eleves
    )
    return len(eleves), sum(1 for e in eleves if e.uuid not in absents)


# --- Alertes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alerte:
    code: str
    message: str


def alertes_seance(seance: Seance) -> list[Alerte]:
    """What the convention expects and this séance does not do: shown to the counsellor, never refused."""
    alertes = []
    if seance.date.month not in MOIS_CONVENTION:
        alertes.append(
            Alerte(
                "hors_periode",
                f"Séance le {seance.date:%d/%m/%Y}, hors de la période de novembre à mars prévue par la "
                "convention (annexe 1.1).",
            )
        )
    if seance.duree_minutes < 60:
        alertes.append(
            Alerte(
                "duree_courte",
                f"Durée de {seance.duree_affichee} : la convention prévoit des ateliers d'une à deux heures.",
            )
        )
    elif seance.duree_minutes > 120:
        alertes.append(
            Alerte(
                "duree_longue",
                f"Durée de {seance.duree_affichee} : la convention prévoit des ateliers d'une à deux heures.",
            )
        )
    if not seance.est_annulee:
        # The séance was reached through the user's perimeter; the others are of the same lycée and year.
        autres = (
            SeanceDivision.objects.unscoped("alertes d'une séance lue dans le périmètre")
            .filter(
                division__in=SeanceDivision.objects.unscoped("alertes d'une séance lue dans le périmètre")
                .filter(seance=seance)
                .values("division_id"),
                seance__theme=seance.theme,
                seance__annee=seance.annee_id,
            )
            .exclude(seance=seance)
            .exclude(seance__statut=StatutSeance.ANNULEE)
            .values_list("division__nom", "seance__date")
            .order_by("seance__date", "division__nom")
        )
        for nom, jour in autres:
            alertes.append(
                Alerte(
                    "theme_repete",
                    f"La classe {nom} a déjà une séance sur le thème {seance.theme} "
                    f"(« {seance.theme_court} ») le {jour:%d/%m/%Y}.",
                )
            )
    return alertes


# --- Évènements -------------------------------------------------------------------------------------


CHAMPS_EVENEMENT = (
    "type",
    "titre",
    "date",
    "lycees",
    "partenaires",
    "partenaires_autres",
    "nombre_employeurs",
    "description",
)


def _valider_evenement(
    user, donnees: dict, lycees_deja: set[int] = frozenset(), annee_deja: AnneeScolaire | None = None
) -> tuple[AnneeScolaire, dict]:
    """Check an event's fields. When editing, the lycées already on it (``lycees_deja``, maybe served by a
    colleague of the same operator) stay allowed as long as the school year does not change."""
    p = en_perimetre(user)
    if not p.est_conseiller or not lycees_perms.couples_affectes(p):
        raise PermissionDenied("Seuls les conseillers désignés dans un lycée organisent des évènements.")
    erreurs: dict[str, list[str]] = {}
    propre = dict(donnees)

    def erreur(champ, message):
        erreurs.setdefault(champ, []).append(message)

    if donnees.get("type") not in TypeEvenement.values:
        erreur("type", "Choisissez le type d'évènement.")
    propre["titre"] = (donnees.get("titre") or "").strip()
    if not propre["titre"]:
        erreur("titre", "Indiquez l'intitulé de l'évènement.")
    annee = None
    if not donnees.get("date"):
        erreur("date", "Indiquez la date.")
    else:
        annee = annee_de(donnees["date"])
    lycees = list(donnees.get("lycees") or [])
    if not lycees:
        erreur("lycees", "Choisissez au moins un lycée.")
    animes = lycees_animes(en_perimetre(user), annee.pk if annee else -1)
    if annee is not None and annee == annee_deja:
        animes |= set(lycees_deja)
    for lycee in lycees:
        if lycee.pk not in animes:
            erreur(
                "lycees",
                f"Vous n'êtes pas désigné(e) au lycée « {lycee.nom} » pour l'année scolaire de cette date.",
            )
    propre["lycees"] = lycees
    try:
        propre["partenaires"] = _choix(donnees.get("partenaires"), Partenaire, "Partenaire inconnu : {}.")
    except ValidationError as e:
        erreur("partenaires", e.messages[0])
    propre["partenaires_autres"] = (donnees.get("partenaires_autres") or "").strip()
    try:
        propre["nombre_employeurs"] = int(donnees.get("nombre_employeurs") or 0)
        if propre["nombre_employeurs"] < 0:
            raise ValueError
    except (TypeError, ValueError):
        erreur("nombre_employeurs", "Le nombre d'employeurs est un entier positif ou nul.")
    propre["description"] = (donnees.get("description") or "").strip()
    if erreurs:
        raise ValidationError(erreurs)
    return annee, propre


def _eleves_pour_evenement(user, evenement_lycees, annee, eleves=(), divisions=()) -> list[Eleve]:
    uuids = _uuids(eleves, "d'élève")
    lycee_ids = {lycee.pk for lycee in evenement_lycees}
    for division in divisions:
        if division.lycee_id not in lycee_ids or division.annee_id != annee.pk:
            raise ValidationError(
                {"divisions": f"La classe « {division.nom} » n'est pas une classe des lycées de l'évènement."}
            )
    trouves = list(
        Eleve.objects.visible_to(user)
        .filter(uuid__in=uuids, lycee__in=lycee_ids, annee=annee)
        .only("pk", "uuid")
    )
    manquants = uuids - {e.uuid for e in trouves}
    if manquants:
        raise ValidationError(
            {
                "eleves": f"{len(manquants)} élève(s) ne sont pas des élèves des lycées de l'évènement cette "
                f"année : {', '.join(sorted(map(str, manquants)))}."
            }
        )
    if divisions:
        trouves += list(
            Eleve.objects.visible_to(user).filter(division__in=list(divisions)).only("pk", "uuid")
        )
    return list({e.pk: e for e in trouves}.values())


@transaction.atomic
def creer_evenement(
    user, *, eleves: Iterable = (), divisions: Iterable[Division] = (), **donnees
) -> Evenement:
    """Record an event in lycées the counsellor serves; ``divisions`` adds all their students."""
    inconnus = set(donnees) - set(CHAMPS_EVENEMENT)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    annee, propre = _valider_evenement(user, donnees)
    participants = _eleves_pour_evenement(user, propre["lycees"], annee, eleves, list(divisions))
    evenement = Evenement(
        annee=annee, organisateur=en_perimetre(user).organisation, cree_par=en_perimetre(user).user
    )
    for champ in CHAMPS_EVENEMENT:
        if champ != "lycees":
            setattr(evenement, champ, propre[champ])
    evenement.save()
    evenement.lycees.set(propre["lycees"])
    remplacer_liens(evenement, "eleves", participants)
    return evenement


@transaction.atomic
def modifier_evenement(
    evenement: Evenement,
    user,
    *,
    eleves: Iterable | None = None,
    divisions: Iterable[Division] = (),
    **changements,
) -> Evenement:
    """Change an event. ``eleves`` (when given) replaces the participants this user can see; participants of
    lycées the user does not serve are kept as they are."""
    inconnus = set(changements) - set(CHAMPS_EVENEMENT)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    lycees_avant = list(evenement.lycees.all())
    if not peut_modifier_evenement(en_perimetre(user), evenement, {lycee.pk for lycee in lycees_avant}):
        raise PermissionDenied("Seuls les conseillers de l'opérateur organisateur modifient cet évènement.")
    # Locked before the participants are read: two saves at once then run one after the other, and the
    # participants the second one keeps (those its user cannot see) are read after the first committed.
    list(
        Evenement.objects.unscoped("verrou de l'évènement pendant sa modification (droits déjà vérifiés)")
        .select_for_update()
        .filter(pk=evenement.pk)
        .values_list("pk", flat=True)
    )
    avant = {c: getattr(evenement, c) for c in CHAMPS_EVENEMENT if c != "lycees"}
    avant["lycees"] = lycees_avant
    annee, propre = _valider_evenement(
        user, {**avant, **changements}, {lycee.pk for lycee in lycees_avant}, evenement.annee
    )
    lycee_ids = {lycee.pk for lycee in propre["lycees"]}
    visibles = Eleve.objects.visible_to(user)
    if eleves is None:
        nouveaux = list(visibles.filter(evenements=evenement, lycee__in=lycee_ids, annee=annee))
        nouveaux += _eleves_pour_evenement(user, propre["lycees"], annee, (), list(divisions))
    else:
        nouveaux = _eleves_pour_evenement(user, propre["lycees"], annee, eleves, list(divisions))
    # Participants this user cannot see stay, as long as their lycée is still on the event.
    vus = set(visibles.filter(evenements=evenement).values_list("pk", flat=True))
    caches = [
        pk
        for pk, lycee_id in EvenementEleve.objects.unscoped(
            "participants d'un évènement lu dans le périmètre"
        )
        .filter(evenement=evenement)
        .values_list("eleve_id", "eleve__lycee_id")
        if pk not in vus and lycee_id in lycee_ids
    ]
    for champ in CHAMPS_EVENEMENT:
        if champ != "lycees":
            setattr(evenement, champ, propre[champ])
    evenement.annee = annee
    evenement.save()
    evenement.lycees.set(propre["lycees"])
    remplacer_liens(evenement, "eleves", [*{e.pk for e in nouveaux}, *caches])
    return evenement


@transaction.atomic
def supprimer_evenement(evenement: Evenement, user) -> None:
    """Remove an event entered by mistake (the organising operator's counsellors)."""
    if not peut_modifier_evenement(en_perimetre(user), evenement):
        raise PermissionDenied("Seuls les conseillers de l'opérateur organisateur suppriment cet évènement.")
    evenement.delete()


def participants_visibles(evenement: Evenement, user):
    return (
        Eleve.objects.visible_to(user)
        .filter(evenements=evenement)
        .select_related("division", "lycee")
        .order_by("lycee__nom", "division__nom", "nom", "prenom")
    )


# --- Satisfaction -----------------------------------------------------------------------------------


def _ouvrir_questionnaire(seance: Seance, maintenant: datetime.datetime) -> QuestionnaireSeance:
    questionnaire, _ = QuestionnaireSeance.objects.get_or_create(
        seance=seance, defaults={"ouvert_le": maintenant, "ferme_le": maintenant + DUREE_QUESTIONNAIRE}
    )
    return questionnaire


@transaction.atomic
def ouvrir_questionnaire(
    seance: Seance, user, maintenant: datetime.datetime | None = None
) -> QuestionnaireSeance:
    """The students' questionnaire of a held séance (opened once, for 14 days, when the séance is held)."""
    _exiger_animation(user, seance)
    if not seance.est_realisee:
        raise ValidationError("Le questionnaire s'ouvre une fois la séance réalisée.")
    return _ouvrir_questionnaire(seance, _maintenant(maintenant))


def _valider_reponse(note, commentaire: str, longueur_max: int) -> tuple[int, str]:
    try:
        note = Note(int(note))
    except (TypeError, ValueError):
        raise ValidationError({"note": "Choisissez une réponse sur l'échelle de 1 à 4."}) from None
    commentaire = (commentaire or "").strip()
    if len(commentaire) > longueur_max:
        raise ValidationError({"commentaire": f"Le commentaire est limité à {longueur_max} caractères."})
    return note, commentaire


@transaction.atomic
def repondre_questionnaire(
    questionnaire: QuestionnaireSeance,
    note,
    commentaire: str = "",
    maintenant: datetime.datetime | None = None,
) -> ReponseSeance:
    """A student's anonymous answer (public link). One answer per device is the page's business."""
    maintenant = _maintenant(maintenant)
    if maintenant < questionnaire.ouvert_le:
        raise ValidationError("Ce questionnaire n'est pas encore ouvert.")
    if maintenant >= questionnaire.ferme_le:
        raise ValidationError(
            f"Ce questionnaire est fermé depuis le {timezone.localtime(questionnaire.ferme_le):%d/%m/%Y} : "
            "on peut y répondre pendant 14 jours après la séance."
        )
    note, commentaire = _valider_reponse(note, commentaire, COMMENTAIRE_MAX)
    return ReponseSeance.objects.create(
        questionnaire=questionnaire,
        note=note,
        commentaire=commentaire,
        cree_le=timezone.localdate(maintenant),
    )


def questionnaire_equipe(lycee: Lycee, annee: AnneeScolaire) -> QuestionnaireEquipe:
    questionnaire, _ = QuestionnaireEquipe.objects.get_or_create(lycee=lycee, annee=annee)
    return questionnaire


def a_repondu_equipe(user, lycee: Lycee, annee: AnneeScolaire) -> bool:
    return ParticipationEquipe.objects.filter(
        questionnaire__lycee=lycee, questionnaire__annee=annee, user=en_perimetre(user).user
    ).exists()


@transaction.atomic
def repondre_questionnaire_equipe(
    user, lycee: Lycee, note, commentaire: str = "", maintenant: datetime.datetime | None = None
) -> ReponseEquipe:
    """A member of the lycée's educational team answers, once a year; the answer is not linked to them."""
    p = en_perimetre(user)
    if not (p.est_personnel_lycee and lycees_perms.lycee_id(p) == lycee.pk):
        raise PermissionDenied("Ce questionnaire s'adresse à l'équipe éducative du lycée.")
    maintenant = _maintenant(maintenant)
    annee = AnneeScolaire.objects.courante(timezone.localdate(maintenant))
    note, commentaire = _valider_reponse(note, commentaire, 2 * COMMENTAIRE_MAX)
    questionnaire = questionnaire_equipe(lycee, annee)
    _, nouvelle = ParticipationEquipe.objects.get_or_create(
        questionnaire=questionnaire, user=en_perimetre(user).user
    )
    if not nouvelle:
        raise ValidationError(f"Vous avez déjà répondu au questionnaire de l'année {annee}. Merci !")
    return ReponseEquipe.objects.create(
        questionnaire=questionnaire,
        note=note,
        commentaire=commentaire,
        cree_le=timezone.localdate(maintenant),
    )
