from celery import shared_task
from django.db import InterfaceError, OperationalError

from lycees.enums import StatutImport
from lycees.models import ImportEffectifs


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def importer_effectifs(import_pk: int) -> str:
    """Run one confirmed roster import (primary key only). Idempotent: a finished import is left alone."""
    from lycees.services.imports import executer_import

    imp = (
        ImportEffectifs.objects.unscoped("tâche d'import, confirmée par la direction du lycée")
        .select_related("lycee", "annee")
        .filter(pk=import_pk)
        .first()
    )
    if imp is None or imp.statut not in StatutImport.en_traitement():
        return "ignoré"
    return executer_import(imp).statut


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purger_imports_effectifs() -> int:
    """Abandoned imports cancelled and every leftover roster file deleted (personal data)."""
    from lycees.services.imports import purger_imports

    return purger_imports()
