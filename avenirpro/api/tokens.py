"""Personal API tokens: created and revoked on the profile page, checked by the API's authentication.

Only the SHA-256 digest of a key is stored; the clear key is shown once, at creation. A key is looked up
by its digest, so checking it leaks nothing through timing. Keys start with ``avp_`` so that secret
scanners (and people) recognise them.
"""

import base64
import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from avenirpro.models import JetonAPI, User
from avenirpro.models.comptes import empreinte

PREFIXE_CLE = "avp_"
# Active tokens per person: enough for a few scripts, and the profile page lists them all.
MAX_JETONS_ACTIFS = 20
# dernier_usage_le is rewritten at most this often: not one database write per API request.
PRECISION_DERNIER_USAGE = datetime.timedelta(minutes=1)
NOM_JETON_DEMO = "Jeton de démonstration"


def generer_cle() -> str:
    return PREFIXE_CLE + secrets.token_urlsafe(32)


def jetons_actifs(user: User):
    """The person's own tokens still in use, newest first (the only tokens anyone is ever shown)."""
    return JetonAPI.objects.filter(user=user, revoque_le__isnull=True).order_by("-cree_le", "-pk")


def get_jeton_for_user(user: User, uuid) -> JetonAPI:
    """One of the person's own active tokens; anybody else's (or an unknown uuid) is a 404."""
    return get_object_or_404(jetons_actifs(user), uuid=uuid)


def creer_jeton(user: User, nom: str) -> tuple[JetonAPI, str]:
    """Create a token for ``user``; returns it with its clear key, which is never stored nor shown again."""
    nom = (nom or "").strip()
    if not nom:
        raise ValidationError({"nom": "Donnez un nom au jeton (par exemple, le script qui l'utilisera)."})
    longueur_max = JetonAPI._meta.get_field("nom").max_length
    if len(nom) > longueur_max:
        raise ValidationError({"nom": f"Le nom du jeton ne peut dépasser {longueur_max} caractères."})
    with transaction.atomic():
        # Serialises concurrent creations by the same person, so the limit holds.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if jetons_actifs(user).count() >= MAX_JETONS_ACTIFS:
            raise ValidationError(
                f"Vous avez déjà {MAX_JETONS_ACTIFS} jetons actifs : "
                "révoquez-en un avant d'en créer un autre."
            )
        cle = generer_cle()
        jeton = JetonAPI.objects.create(
            user=user, nom=nom, prefixe=cle[: _longueur_prefixe()], empreinte=empreinte(cle)
        )
    return jeton, cle


def revoquer_jeton(user: User, uuid) -> JetonAPI:
    """Revoke one of the person's own tokens (404 for anybody else's); a revoked token never works again."""
    jeton = get_jeton_for_user(user, uuid)
    jeton.revoque_le = timezone.now()
    jeton.save(update_fields=["revoque_le"])
    return jeton


def revoquer_jetons_de(user: User) -> int:
    """Revoke all of a person's active tokens (password changed or reset, account deactivated)."""
    return jetons_actifs(user).update(revoque_le=timezone.now())


def authentifier(cle: str) -> JetonAPI | None:
    """The active token of an active person matching this clear key, with its user; None otherwise."""
    if not cle:
        return None
    jeton = (
        JetonAPI.objects.select_related("user")
        .filter(empreinte=empreinte(cle), revoque_le__isnull=True, user__is_active=True)
        .first()
    )
    if jeton is not None:
        _noter_usage(jeton)
    return jeton


def _noter_usage(jeton: JetonAPI) -> None:
    maintenant = timezone.now()
    if jeton.dernier_usage_le and maintenant - jeton.dernier_usage_le < PRECISION_DERNIER_USAGE:
        return
    JetonAPI.objects.filter(pk=jeton.pk).update(dernier_usage_le=maintenant)
    jeton.dernier_usage_le = maintenant


def jeton_demo(user: User) -> str:
    """The demo key of a demo account: derived from SECRET_KEY and the e-mail, so seeding twice is a no-op."""
    signature = hmac.new(
        settings.SECRET_KEY.encode(), f"api-token:{user.email}".encode(), hashlib.sha256
    ).digest()
    # The same alphabet as secrets.token_urlsafe.
    cle = PREFIXE_CLE + base64.urlsafe_b64encode(signature).rstrip(b"=").decode("ascii")
    JetonAPI.objects.get_or_create(
        empreinte=empreinte(cle),
        defaults={"user": user, "nom": NOM_JETON_DEMO, "prefixe": cle[: _longueur_prefixe()]},
    )
    return cle


def _longueur_prefixe() -> int:
    return JetonAPI._meta.get_field("prefixe").max_length
