"""The daily e-mails: each counsellor's interviews of the day and follow-ups due; each professeur
référent's digest of new restitutions. Idempotent: a (user, day, kind) row is claimed before sending, so
running the job twice sends nothing twice; a user who switched them off (« Mon profil ») gets none."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from avenirpro.donnees import historique
from avenirpro.models import User
from parcours.enums import StatutEntretien
from parcours.models import Entretien, PreferencesRappels, RappelEnvoye, Restitution

RAISON = "rappels quotidiens (tâche planifiée)"
logger = logging.getLogger(__name__)

RAPPEL_CONSEILLER = "entretiens"
DIGEST_RESTITUTIONS = "restitutions"


def rappels_actifs(user) -> bool:
    prefs = PreferencesRappels.objects.filter(user=user).first()
    return prefs is None or prefs.rappels_actifs


@transaction.atomic
def regler_rappels(user, actifs: bool) -> PreferencesRappels:
    prefs, _ = PreferencesRappels.objects.update_or_create(user=user, defaults={"rappels_actifs": actifs})
    return prefs


def _desactives() -> set[int]:
    return set(PreferencesRappels.objects.filter(rappels_actifs=False).values_list("user_id", flat=True))


def _reclamer(user_id: int, jour: datetime.date, nature: str) -> bool:
    try:
        with transaction.atomic():
            RappelEnvoye.objects.create(user_id=user_id, jour=jour, nature=nature)
    except IntegrityError:
        return False
    return True


def _envoyer(user: User, sujet: str, gabarit: str, contexte: dict) -> None:
    corps = render_to_string(gabarit, {**contexte, "user": user, "site": getattr(settings, "SITE_URL", "")})
    send_mail(sujet, corps, None, [user.email])


def envoyer_rappels(jour: datetime.date | None = None) -> int:
    """Interviews of the day (planned) and follow-ups due, one e-mail per counsellor. The count sent."""
    jour = jour or timezone.localdate()
    desactives = _desactives()
    qs = (
        Entretien.objects.unscoped(RAISON)
        .filter(Q(date=jour, statut=StatutEntretien.PREVU) | Q(relance_le=jour))
        .select_related("eleve", "lycee")
        .order_by("conseiller_id", "heure", "pk")
    )
    par_conseiller: dict[int, dict] = {}
    for e in qs:
        bloc = par_conseiller.setdefault(e.conseiller_id, {"du_jour": [], "relances": []})
        (
            bloc["du_jour"] if e.date == jour and e.statut == StatutEntretien.PREVU else bloc["relances"]
        ).append(e)
    envoyes = 0
    users = User.objects.in_bulk([pk for pk in par_conseiller if pk not in desactives])
    for pk, user in users.items():
        if not user.is_active or not _reclamer(pk, jour, RAPPEL_CONSEILLER):
            continue
        _envoyer(
            user,
            f"AvenirPro — vos entretiens du {jour:%d/%m/%Y}",
            "parcours/courriel_rappels.txt",
            {"jour": jour, **par_conseiller[pk], "lien": reverse("parcours:mes_eleves")},
        )
        envoyes += 1
    logger.info("rappels des conseillers : %s envoyés", envoyes)
    return envoyes


def envoyer_digest_restitutions(jour: datetime.date | None = None) -> int:
    """One e-mail a day to each professeur référent with restitutions not yet signalled."""
    jour = jour or timezone.localdate()
    desactives = _desactives()
    nouvelles = Restitution.objects.unscoped(RAISON).filter(signalee_le__isnull=True, lue_le__isnull=True)
    par_referent: dict[int, int] = {}
    for referent_id in nouvelles.values_list("referent_id", flat=True):
        par_referent[referent_id] = par_referent.get(referent_id, 0) + 1
    envoyes = 0
    users = User.objects.in_bulk([pk for pk in par_referent if pk not in desactives])
    for pk, user in users.items():
        if not user.is_active or not _reclamer(pk, jour, DIGEST_RESTITUTIONS):
            continue
        with transaction.atomic():
            maintenant = timezone.now()
            nombre = nouvelles.filter(referent_id=pk).update(signalee_le=maintenant)
            historique.noter_en_masse(
                Restitution.objects.unscoped(RAISON).filter(referent_id=pk, signalee_le=maintenant),
                historique.MODIFICATION,
            )
            _envoyer(
                user,
                "AvenirPro — nouvelles restitutions des conseillers",
                "parcours/courriel_restitutions.txt",
                {"nombre": nombre, "lien": reverse("parcours:restitutions")},
            )
        envoyes += 1
    return envoyes
