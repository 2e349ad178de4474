"""Helpers for account tests: TOTP codes computed here (RFC 6238), users with an authenticator app.

Other test suites may use ``avec_totp(user)`` for pilots, administrators and staff: without a second
factor, every page of theirs redirects to its set-up.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

MOT_DE_PASSE = DEFAULT_PASSWORD


def code_totp(secret: str, instant: float | None = None) -> str:
    """RFC 6238 with the usual parameters (HMAC-SHA1, 30 seconds, 6 digits)."""
    compteur = int((time.time() if instant is None else instant) // 30)
    cle = base64.b32decode(secret, casefold=True)
    condensat = hmac.new(cle, struct.pack(">Q", compteur), hashlib.sha1).digest()
    decalage = condensat[-1] & 0x0F
    valeur = struct.unpack(">I", condensat[decalage : decalage + 4])[0] & 0x7FFFFFFF
    return f"{valeur % 10**6:06d}"


def avec_totp(user, secret: str | None = None) -> str:
    """Give ``user`` an authenticator app; returns its secret (base32)."""
    secret = secret or base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    return secret


def connexion(client, email: str, password: str = MOT_DE_PASSE, **extra):
    """Log in through the real allauth form; returns the response."""
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)
