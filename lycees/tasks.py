from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def importer_effectifs(import_pk: int) -> str:
    """Run one confirmed roster import (primary key only). Idempotent: an import already taken by another
    worker, or finished, is left alone."""
    from lycees.services.imports import executer_import, prendre_import

    imp = prendre_import(import_pk)
    if imp is None:
        return "ignoré"
    return executer_import(imp).statut


@shared_task
def relancer_imports() -> int:
    """Send again the imports whose job message was lost (broker down when confirmed, worker died)."""
    from lycees.services.imports import imports_a_relancer

    a_relancer = imports_a_relancer()
    for pk in a_relancer:
        importer_effectifs.delay(pk)
    return len(a_relancer)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purger_imports_effectifs() -> int:
    """Abandoned imports cancelled and every leftover roster file deleted (personal data)."""
    from lycees.services.imports import purger_imports

    return purger_imports()
