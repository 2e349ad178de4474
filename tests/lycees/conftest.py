import pytest

from tests.lycees import factories as lf


@pytest.fixture
def annee_2026(db):
    """The school year of the roster fixtures (birth dates 2007-2009, SIECLE export of 2026)."""
    return lf.annee(2026)


@pytest.fixture
def lycee_siecle(monde):
    """Lycée A carries the UAI written in the SIECLE fixtures."""
    monde.lycee_a.uai = lf.UAI_SIECLE
    monde.lycee_a.save()
    return monde.lycee_a
