"""Demo accounts whose role requires a second factor get an authenticator app with a known secret.

The secret is derived from SECRET_KEY and the e-mail (HMAC-SHA256, base32), so a second ``seed_demo``
changes nothing; it is written to var/demo-accounts.json (``totp_secret``) for people and browser tests
to compute the codes (any TOTP app, or ``oathtool --totp -b <secret>``).
"""

import base64
import hashlib
import hmac

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from avenirpro.comptes.services import ROLES_MFA_OBLIGATOIRE
from avenirpro.models import Membership, User


def secret_totp_demo(email: str) -> str:
    empreinte = hmac.new(
        settings.SECRET_KEY.encode(), f"avenirpro-demo-totp:{email}".encode(), hashlib.sha256
    )
    return base64.b32encode(empreinte.digest()[:20]).decode("ascii")


def configurer_mfa_demo(user: User, compte: dict) -> None:
    """Set up TOTP for a demo account that must use it, and note its secret in the account's entry."""
    if not (user.is_staff or Membership.objects.filter(user=user, role__in=ROLES_MFA_OBLIGATOIRE).exists()):
        return
    secret = secret_totp_demo(user.email)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        TOTP.activate(user, secret)
    elif _secret_actuel(totp) != secret:
        totp.data = {**totp.data, "secret": encrypt(secret)}
        totp.save(update_fields=["data"])
    compte["totp_secret"] = secret


def _secret_actuel(totp: Authenticator) -> str | None:
    # Secrets are encrypted with a key derived from SECRET_KEY unless MFA_ENCRYPTION_KEY is set: after a
    # new SECRET_KEY the old demo secret no longer decrypts, and the demo simply writes its new one.
    try:
        return decrypt(totp.data["secret"])
    except ImproperlyConfigured:
        return None
