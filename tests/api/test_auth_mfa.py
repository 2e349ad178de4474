"""A personal token is no way around the second factor that a pilot's or administrator's role requires."""

from avenirpro.enums import Role
from tests import factories as f
from tests.api.conftest import client_jeton
from tests.comptes.outils import avec_totp


def test_jeton_d_un_pilote_sans_double_authentification_refuse(db):
    pilote = f.MembershipFactory(
        role=Role.PILOTE_NATIONAL, organisation=f.OrganisationFactory(nationale=True)
    )
    client, _ = client_jeton(pilote.user)
    response = client.get("/api/v1/moi/")
    assert response.status_code == 403
    assert "Double authentification requise" in response.json()["detail"]


def test_jeton_d_un_pilote_avec_double_authentification_accepte(db):
    pilote = f.MembershipFactory(
        role=Role.PILOTE_NATIONAL, organisation=f.OrganisationFactory(nationale=True)
    )
    avec_totp(pilote.user)
    client, _ = client_jeton(pilote.user)
    assert client.get("/api/v1/moi/").status_code == 200


def test_jeton_d_un_conseiller_sans_double_authentification_accepte(db):
    conseiller = f.MembershipFactory(role=Role.CONSEILLER)
    client, _ = client_jeton(conseiller.user)
    assert client.get("/api/v1/moi/").status_code == 200
