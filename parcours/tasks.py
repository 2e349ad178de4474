from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def envoyer_rappels_du_jour() -> dict:
    """Early morning (Europe/Paris): counsellors' reminders and référents' digest. Idempotent."""
    from parcours.services import rappels

    return {
        "conseillers": rappels.envoyer_rappels(),
        "referents": rappels.envoyer_digest_restitutions(),
    }
