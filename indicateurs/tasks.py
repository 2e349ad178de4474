"""The returns' job: compile, on each due date of art. 6, the national return, one per network and one per
région académique. Idempotent (an unchanged return is not written again) and retried."""

from celery import shared_task

from avenirpro.jobs import REPRENABLES


@shared_task(
    autoretry_for=REPRENABLES, retry_backoff=True, retry_backoff_max=300, max_retries=8, acks_late=True
)
def compiler_remontees_dues(echeance: str | None = None) -> int:
    """Compile the returns of ``echeance`` (ISO date), by default the latest due date: the number of new
    versions written (0 when nothing changed since the last run)."""
    import datetime

    from django.utils import timezone

    from indicateurs.definitions import derniere_echeance
    from indicateurs.services import compiler_remontee, portees_des_remontees

    jour = datetime.date.fromisoformat(echeance) if echeance else derniere_echeance(timezone.localdate())
    return sum(compiler_remontee(portee, jour)[1] for portee in portees_des_remontees())


@shared_task(autoretry_for=REPRENABLES, retry_backoff=True, retry_backoff_max=300, max_retries=3)
def actualiser_tableaux_de_bord() -> int:
    """Recount the school year to date of the national, network and regional dashboards (idempotent)."""
    from indicateurs.services import actualiser_tableaux_de_bord as actualiser

    return actualiser()


@shared_task(
    autoretry_for=REPRENABLES, retry_backoff=True, retry_backoff_max=300, max_retries=8, acks_late=True
)
def compiler_bilans_annuels(echeance: str | None = None) -> int:
    """The October job: the annual reports of the past school year (national and per network)."""
    import datetime

    from django.utils import timezone

    from indicateurs.models import TypeRemontee
    from indicateurs.services import compiler_remontee, portees_des_bilans

    aujourd_hui = timezone.localdate()
    annee = aujourd_hui.year if aujourd_hui.month >= 10 else aujourd_hui.year - 1
    jour = datetime.date.fromisoformat(echeance) if echeance else datetime.date(annee, 10, 1)
    return sum(compiler_remontee(p, jour, type=TypeRemontee.BILAN)[1] for p in portees_des_bilans())
