"""AvenirPro+ daily job: the 15-day warning to both référents, then closing enrolments past their end."""

from celery import shared_task

from avenirplus import services


@shared_task
def echeances_quotidiennes() -> dict:
    return {
        "alertes": services.alerter_fins_prochaines(),
        "cloturees": services.cloturer_inscriptions_echues(),
    }
