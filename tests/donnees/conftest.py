"""Fixtures of the personal-data tests, on top of ``monde`` (tests/conftest.py)."""

import pytest

from lycees.models import Eleve


@pytest.fixture
def eleve_a(monde) -> Eleve:
    return Eleve.objects.unscoped("test").select_related("lycee", "annee").get(pk=monde.eleves_a[0].pk)


def recharger(eleve) -> Eleve:
    return Eleve.objects.unscoped("test").get(pk=eleve.pk)
