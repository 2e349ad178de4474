"""Second-factor secrets (TOTP keys, recovery-code seeds) encrypted at rest with Fernet (AES + HMAC).

allauth stores them through its MFA adapter's ``encrypt``/``decrypt`` (avenirpro/adapters.py). The key:
``MFA_ENCRYPTION_KEY`` from the environment (one Fernet key, or several separated by commas: the first
encrypts, all decrypt, for rotation); unset, a key derived from SECRET_KEY (and SECRET_KEY_FALLBACKS,
which then still decrypt). With the derived key a database dump alone no longer gives the secrets, but
changing SECRET_KEY without keeping the old one in SECRET_KEY_FALLBACKS would lock every second factor
out: production sets MFA_ENCRYPTION_KEY (``python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"``).

A value that is not a Fernet token (a secret written before encryption existed) is read as it is: base32
TOTP keys and hex seeds can never look like one. The data migration encrypts those.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Every Fernet token starts with its version byte 0x80, base64 "gA" (never base32 nor hex).
PREFIXE_FERNET = "gAAAAA"


def _cle_derivee(secret_key: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(f"avenirpro-mfa:{secret_key}".encode()).digest())


def _cles() -> list[bytes]:
    valeur = getattr(settings, "MFA_ENCRYPTION_KEY", "") or ""
    explicites = [c.strip() for c in valeur.split(",") if c.strip()]
    if explicites:
        return [c.encode() for c in explicites]
    return [_cle_derivee(k) for k in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]]


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(cle) for cle in _cles()])
    except ValueError as e:
        raise ImproperlyConfigured(f"MFA_ENCRYPTION_KEY is not a valid Fernet key: {e}") from None


def est_chiffre(texte: str) -> bool:
    return isinstance(texte, str) and texte.startswith(PREFIXE_FERNET)


def chiffrer(texte: str) -> str:
    if est_chiffre(texte):
        return texte
    return _fernet().encrypt(texte.encode()).decode("ascii")


def dechiffrer(texte: str) -> str:
    if not est_chiffre(texte):
        return texte
    try:
        return _fernet().decrypt(texte.encode("ascii")).decode()
    except InvalidToken:
        # A wrong key is a deployment error, not a wrong code: say so loudly rather than refuse everyone.
        raise ImproperlyConfigured(
            "The second-factor secrets cannot be decrypted: MFA_ENCRYPTION_KEY (or SECRET_KEY) changed "
            "without keeping the previous key."
        ) from None
