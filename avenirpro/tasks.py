from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from avenirpro.comptes import tasks as comptes_tasks  # noqa: F401 — autodiscover only reads <app>/tasks.py


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def purger_sessions_expirees() -> int:
    """Delete expired sessions (idempotent): a logged-out or idle session leaves nothing behind."""
    supprimees, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return supprimees


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def preparer_annees_scolaires() -> int:
    """Create the current and the next two school years (idempotent), so that no page view has to."""
    from avenirpro.models import AnneeScolaire

    return AnneeScolaire.objects.preparer()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def purger_journal_acces() -> int:
    """Delete the access-log rows past their retention period (idempotent, in batches)."""
    from avenirpro import journal

    return journal.purger()
