from celery import shared_task
from django.db import OperationalError

from avenirpro.jobs import REPRENABLES, TACHE_D_UNE_LIGNE, envoyer


@shared_task(**TACHE_D_UNE_LIGNE)
def importer_effectifs(import_pk: int) -> str:
    """Run one confirmed roster import (primary key only). Idempotent: an import running elsewhere (alive)
    or finished is left alone; one whose worker died is taken over."""
    from lycees.services.imports import executer_import, prendre_import

    imp = prendre_import(import_pk)
    if imp is None:
        return "ignoré"
    return executer_import(imp, en_tache=True).statut


@shared_task(autoretry_for=REPRENABLES, retry_backoff=True, retry_backoff_max=30, max_retries=3)
def relancer_imports() -> int:
    """Send again the imports whose job message was lost (broker down when confirmed, Redis restarted
    empty, worker killed): the database row is the source of truth."""
    from lycees.services.imports import imports_a_relancer
    from lycees.services.notices import notices_a_relancer

    a_relancer = imports_a_relancer()
    for pk in a_relancer:
        envoyer(importer_effectifs, pk)
    # The families' notices rendered as jobs follow the same rule (their row is the source of truth).
    notices = notices_a_relancer()
    for pk in notices:
        envoyer(rendre_notice_familles, pk)
    return len(a_relancer) + len(notices)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purger_imports_effectifs() -> int:
    """Abandoned imports cancelled and every leftover roster file deleted (personal data)."""
    from lycees.services.imports import purger_imports
    from lycees.services.notices import purger_notices

    return purger_imports() + purger_notices()


@shared_task(**TACHE_D_UNE_LIGNE)
def rendre_notice_familles(notice_pk: int) -> str:
    """Render one class's families' notice (primary key only); a duplicate message is a no-op."""
    from lycees.services.notices import prendre_notice, rendre_notice

    notice = prendre_notice(notice_pk)
    if notice is None:
        return "ignoré"
    return rendre_notice(notice).statut
