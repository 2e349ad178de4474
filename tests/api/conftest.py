import pytest
from rest_framework.test import APIClient

from avenirpro.api import tokens
from avenirpro.enums import Role
from tests import factories as f


@pytest.fixture
def api():
    return APIClient()


def client_jeton(user) -> tuple[APIClient, str]:
    """An API client that sends a new token of ``user`` with every request."""
    _, cle = tokens.creer_jeton(user, "Tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {cle}")
    return client, cle


@pytest.fixture
def personne(db):
    """Someone with two roles: an agence France Travail counsellor, and a professeur in a lycée."""
    conseil = f.MembershipFactory(role=Role.CONSEILLER)
    f.MembershipFactory(user=conseil.user, organisation=f.LyceeFactory().organisation, role=Role.PROFESSEUR)
    return conseil.user
