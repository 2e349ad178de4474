from celery import shared_task
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.utils import timezone

from avenirpro.comptes import tasks as comptes_tasks  # noqa: F401 — autodiscover only reads <app>/tasks.py
from avenirpro.jobs import TACHE_D_UNE_LIGNE, envoyer


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


@shared_task(**TACHE_D_UNE_LIGNE)
def importer_annuaire(import_pk: int) -> str:
    """Write one confirmed directory import (primary key only); a duplicate message is a no-op."""
    from avenirpro.plateforme.services import executer, prendre

    imp = prendre(import_pk)
    if imp is None:
        return "ignoré"
    return executer(imp).statut


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=30, max_retries=3)
def relancer_imports_annuaire() -> int:
    """Send again the directory imports whose message was lost or whose worker died."""
    from avenirpro.plateforme.services import imports_a_relancer

    a_relancer = imports_a_relancer()
    for pk in a_relancer:
        envoyer(importer_annuaire, pk)
    return len(a_relancer)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def purger_journal_acces() -> int:
    """Delete the access-log rows past their retention period (idempotent, in batches)."""
    from avenirpro import journal

    return journal.purger()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def appliquer_conservation() -> dict:
    """Tell directions of the coming anonymisations, then anonymise the students past their retention period
    (idempotent, in batches)."""
    from avenirpro.donnees import conservation

    return {"avis": conservation.prevenir(), "anonymises": conservation.anonymiser_echus()}
