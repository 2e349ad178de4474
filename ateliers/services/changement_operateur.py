"""The planned séances of a lycée that changes operator mid-year (``lycees.affectations.suites``).

Registered in the AppConfig: the affectations service lists them on its confirmation page, then, in the
transaction that changes the operator, gives them to a counsellor of the new operator or cancels them, so
that no planned séance stays with a counsellor who lost access to the lycée. Rights are checked there
(regional pilot of the lycée's région); here only the séances' own rows are read and written.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ateliers.enums import StatutSeance, Theme
from ateliers.models import Seance, SeanceConseiller, SeanceDivision
from avenirpro.enums import Role
from avenirpro.models import Membership
from lycees.affectations import suites

RAISON = "changement d'opérateur d'un lycée (droits vérifiés par lycees.affectations.services)"


def _gardent(operateur):
    """Who keeps access to the lycée: the new operator's active counsellors."""
    return Membership.objects.filter(
        organisation=operateur, role=Role.CONSEILLER, user__is_active=True
    ).values("user_id")


def _liens_perdus(operateur):
    return SeanceConseiller.objects.unscoped(RAISON).exclude(user_id__in=_gardent(operateur))


def _prevues(lycees, annee, operateur):
    """Planned séances of ``lycees`` in ``annee`` naming at least one counsellor who loses access."""
    perdus = _liens_perdus(operateur).filter(seance=OuterRef("pk"))
    return (
        Seance.objects.unscoped(RAISON)
        .filter(lycee__in=list(lycees), annee=annee, statut=StatutSeance.PREVUE)
        .filter(Exists(perdus))
    )


def lister(lycees, annee, operateur) -> dict[int, list[suites.Prevu]]:
    """Per lycée (primary key): its planned séances, by date; three queries whatever their number."""
    seances = list(_prevues(lycees, annee, operateur).order_by("date", "heure_debut", "pk"))
    ids = [s.pk for s in seances]
    noms: dict[int, list[str]] = {}
    for lien in (
        _liens_perdus(operateur)
        .filter(seance_id__in=ids)
        .select_related("user")
        .order_by("user__nom", "user__prenom", "pk")
    ):
        noms.setdefault(lien.seance_id, []).append(str(lien.user))
    classes: dict[int, list[str]] = {}
    for seance_id, nom in (
        SeanceDivision.objects.unscoped(RAISON)
        .filter(seance_id__in=ids)
        .order_by("division__nom")
        .values_list("seance_id", "division__nom")
    ):
        classes.setdefault(seance_id, []).append(nom)
    par_lycee: dict[int, list[suites.Prevu]] = {}
    for s in seances:
        par_lycee.setdefault(s.lycee_id, []).append(
            suites.Prevu(
                uuid=str(s.uuid),
                libelle=f"{Theme(s.theme).court} — {', '.join(classes.get(s.pk, [])) or 'sans classe'}",
                date=s.date,
                conseillers=tuple(noms.get(s.pk, ())),
            )
        )
    return par_lycee


def _verrouiller(lycees, annee, operateur) -> list[int]:
    # Locked in a stable order (two changes at once wait for each other, never deadlock).
    return list(
        _prevues(lycees, annee, operateur).order_by("pk").select_for_update().values_list("pk", flat=True)
    )


def reaffecter(lycees, annee, operateur, conseiller) -> int:
    """The counsellors who lose access leave the séances; ``conseiller`` animates them instead."""
    ids = _verrouiller(lycees, annee, operateur)
    if not ids:
        return 0
    _liens_perdus(operateur).filter(seance_id__in=ids).delete()
    SeanceConseiller.objects.bulk_create(
        [SeanceConseiller(seance_id=pk, user=conseiller) for pk in ids], ignore_conflicts=True
    )
    Seance.objects.unscoped(RAISON).filter(pk__in=ids).update(modifie_le=timezone.now())
    return len(ids)


def annuler(lycees, annee, operateur) -> int:
    ids = _verrouiller(lycees, annee, operateur)
    return (
        Seance.objects.unscoped(RAISON)
        .filter(pk__in=ids)
        .update(statut=StatutSeance.ANNULEE, modifie_le=timezone.now())
    )


suites.enregistrer(suites.Suite(nom="Séances prévues", lister=lister, reaffecter=reaffecter, annuler=annuler))
