"""Rules of the collective phase (one function per workflow step) — seances."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ateliers.enums import ServiceNumerique, StatutSeance, Theme
from ateliers.models import (
    Presence,
    Seance,
    SeanceDivision,
)
from ateliers.services.communs import (
    DUREE_MAX_MINUTES,
    MOIS_CONVENTION,
    _annee_animee,
    _choix,
    _exiger_animation,
    _maintenant,
    _ouvrir_questionnaire,
    _uuids,
    _verrouiller_seance,
    remplacer_liens,
)
from avenirpro.access import en_perimetre
from avenirpro.donnees import historique
from avenirpro.models import AnneeScolaire
from lycees.models import Affectation, Division, Eleve, Lycee

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
    # The lycée's assignments locked first: an operator change at the same moment
    # (lycees.affectations, which locks them too) either lists this séance or makes its check of the
    # named counsellors fail, never neither (a planned séance left with someone who lost access).
    list(Affectation.objects.select_for_update().filter(lycee=lycee).values_list("pk", flat=True))
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
    # Rows that did not change are left alone, so that the change history says who marked whom absent.
    voulues = {e.pk: e.uuid not in absents for e in eleves}
    existantes = {p.eleve_id: p for p in Presence.objects.visible_to(user).filter(seance=seance)}
    a_retirer = [p for pk, p in existantes.items() if pk not in voulues]
    a_changer = [p for pk, p in existantes.items() if pk in voulues and p.present != voulues[pk]]
    for presence in a_changer:
        presence.present = voulues[presence.eleve_id]
    a_creer = [
        Presence(seance=seance, eleve_id=pk, present=v) for pk, v in voulues.items() if pk not in existantes
    ]
    if a_retirer:
        Presence.objects.visible_to(user).filter(pk__in=[p.pk for p in a_retirer]).delete()
        historique.noter_en_masse(a_retirer, historique.SUPPRESSION, user)
    if a_changer:
        Presence.objects.visible_to(user).bulk_update(a_changer, ["present"])
        historique.noter_en_masse(a_changer, historique.MODIFICATION, user)
    if a_creer:
        historique.noter_en_masse(Presence.objects.bulk_create(a_creer), historique.CREATION, user)
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
    alertes += _alertes_familles(seance)
    return alertes


# Presenting these services means creating or using a personal account with the student (convention,
# art. 5: the families are informed of the use of their child's data first).
SERVICES_A_INFORMER = frozenset({ServiceNumerique.ESPACE_CANDIDAT, ServiceNumerique.EMPLOI_STORE})


def _alertes_familles(seance: Seance) -> list[Alerte]:
    services = SERVICES_A_INFORMER.intersection(seance.services_numeriques or ())
    if seance.est_annulee or not services:
        return []
    raison = "alertes d'une séance lue dans le périmètre"
    non_informees = (
        Eleve.objects.unscoped(raison)
        .filter(
            division__in=SeanceDivision.objects.unscoped(raison).filter(seance=seance).values("division_id"),
            famille_informee_le__isnull=True,
        )
        .count()
    )
    if not non_informees:
        return []
    noms = " et ".join(sorted(ServiceNumerique(s).label for s in services))
    return [
        Alerte(
            "familles_non_informees",
            f"La séance présente {noms}, mais la famille de {non_informees} élève(s) de ses classes n'a pas "
            "encore été informée de l'usage des données (convention, art. 5) : informez-la avant la séance "
            "(notice aux familles de la classe).",
        )
    ]
