"""Fixtures of the ateliers tests, on top of ``monde`` (tests/conftest.py)."""

import pytest

from lycees.models import Division
from tests.ateliers.factories import SeanceFactory

# The browser tests' fixtures (test_navigateur.py): a Chromium per module, a context and a page per test.
from tests.browser.conftest import browser, context, page  # noqa: F401


def divisions_de(lycee):
    return list(Division.objects.unscoped("fixture de test").filter(lycee=lycee))


@pytest.fixture
def seance_a(monde):
    """A planned séance of lycée A, theme 1, for its class, run by its named counsellor."""
    return SeanceFactory(
        lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), conseillers=[monde.conseiller_a]
    )


@pytest.fixture
def seance_b(monde):
    return SeanceFactory(
        lycee=monde.lycee_b, divisions=divisions_de(monde.lycee_b), conseillers=[monde.conseiller_b]
    )
