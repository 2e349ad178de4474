import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avenirpro.models import AnneeScolaire
from tests.affectations import factories as af
from tests.browser.conftest import browser, context, page  # noqa: F401 (the browser tests' fixtures)
from tests.factories import annee_courante


@pytest.fixture
def annee(db) -> AnneeScolaire:
    return annee_courante()


@pytest.fixture
def ml_a(monde):
    """A mission locale of région A (the fixture's région A has only an agence France Travail)."""
    return af.mission_locale("01", nom="Mission locale A")


def compter_requetes(fonction) -> int:
    with CaptureQueriesContext(connection) as requetes:
        fonction()
    return len(requetes)
