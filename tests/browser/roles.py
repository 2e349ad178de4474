"""The users of every role, built from ``monde`` (tests/conftest.py); shared by the browser journeys and
the server-side page tests (tests/test_shell_pages.py)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt

from avenirpro.enums import Role
from avenirpro.roles import Profil
from tests.conftest import Monde, membre

# role → (the user of that role in ``monde``, their profil, whether AvenirPro makes them set up a second
# factor at their first login: pilots and administrators, see avenirpro/comptes/middleware.py)
ROLES = {
    "chef_etablissement": (lambda m: m.chef_a, Profil.DIRECTION_LYCEE, False),
    "ddfpt": (lambda m: membre(Role.DDFPT, m.lycee_a.organisation), Profil.DIRECTION_LYCEE, False),
    "responsable_bde": (
        lambda m: membre(Role.RESPONSABLE_BDE, m.lycee_a.organisation),
        Profil.DIRECTION_LYCEE,
        False,
    ),
    "professeur": (lambda m: m.professeur_a, Profil.PROFESSEUR, False),
    "conseiller": (lambda m: m.conseiller_a, Profil.CONSEILLER, False),
    "administrateur": (lambda m: m.admin_ft_a, Profil.ADMINISTRATEUR_OPERATEUR, True),
    "pilote_regional": (lambda m: m.pilote_a, Profil.PILOTE_REGIONAL, True),
    "pilote_national": (lambda m: m.pilote_national, Profil.PILOTE_NATIONAL, True),
}


def utilisateur(monde: Monde, role: str):
    return ROLES[role][0](monde)


def avec_totp(user) -> str:
    """Give the user an authenticator app (as if set up), for tests that log in with force_login."""
    secret = generate_totp_secret()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)})
    return secret
