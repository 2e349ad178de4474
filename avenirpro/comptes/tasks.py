from celery import shared_task

from avenirpro.comptes import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def purger_echecs_connexion() -> int:
    """Delete failed logins too old to count towards a lock (idempotent)."""
    return services.purger_echecs()
