"""Shapes used by the tests of the FT/ML split, built on the shared factories."""

from avenirpro.enums import Role
from avenirpro.models import Organisation
from lycees.models import Affectation, Lycee
from tests import factories as f
from tests.factories import donner_totp


def mission_locale(code_academie: str = "01", **kwargs) -> Organisation:
    """A mission locale of the académie's région (région A, Île-de-France, by default)."""
    return f.OrganisationFactory(mission_locale=True, academie=f.academie(code_academie), **kwargs)


def agence_ft(code_academie: str = "01", **kwargs) -> Organisation:
    return f.OrganisationFactory(academie=f.academie(code_academie), **kwargs)


def lycees(n: int, code_academie: str = "01") -> list[Lycee]:
    return [f.LyceeFactory(academie=f.academie(code_academie)) for _ in range(n)]


def affectations(
    n: int, operateur: Organisation, code_academie: str = "01", conseillers=2
) -> list[Affectation]:
    """``n`` lycées of the académie assigned this year to ``operateur``, each with its own counsellors."""
    return [
        f.AffectationFactory(
            lycee=lycee,
            operateur=operateur,
            conseillers=[
                f.MembershipFactory(role=Role.CONSEILLER, organisation=operateur).user
                for _ in range(conseillers)
            ],
        )
        for lycee in lycees(n, code_academie)
    ]


def avec_totp(user):
    """Pilots and administrators must have set up two-factor authentication before they reach any page."""
    return donner_totp(user)
