"""Demo accounts that must use a second factor get one, with a secret derived from SECRET_KEY."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from avenirpro.comptes.demo import secret_totp_demo
from avenirpro.demo import DEMO_PASSWORD, Demo
from avenirpro.enums import Role
from avenirpro.models import AnneeScolaire
from tests import factories as f
from tests.comptes.outils import code_totp, connexion


@pytest.fixture
def demo(db):
    return Demo(annee=AnneeScolaire.objects.courante())


def test_un_pilote_de_demo_a_un_totp_deterministe(demo):
    region = f.OrganisationFactory(regionale=True)
    user = demo.compte("pilote.test", "Paul", "Test", Role.PILOTE_REGIONAL, region)
    demo.compte("pilote.test", "Paul", "Test", Role.PILOTE_REGIONAL, region)  # a second seed
    premier, second = demo.comptes
    assert premier["totp_secret"] == second["totp_secret"] == secret_totp_demo(user.email)
    assert len(premier["totp_secret"]) == 32  # 20 bytes in base32
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1


def test_un_conseiller_de_demo_n_a_pas_de_totp(demo):
    user = demo.compte("conseiller.test", "Fatou", "Test", Role.CONSEILLER, f.OrganisationFactory())
    assert "totp_secret" not in demo.comptes[0]
    assert not Authenticator.objects.filter(user=user).exists()


def test_le_secret_suit_la_cle_du_site(demo, settings):
    region = f.OrganisationFactory(regionale=True)
    demo.compte("pilote.test", "Paul", "Test", Role.PILOTE_REGIONAL, region)
    settings.SECRET_KEY = "une-autre-cle-secrete-pour-ce-test-seulement"
    demo.compte("pilote.test", "Paul", "Test", Role.PILOTE_REGIONAL, region)
    assert demo.comptes[0]["totp_secret"] != demo.comptes[1]["totp_secret"]
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 1


def test_se_connecter_avec_le_compte_de_demo(client, demo):
    demo.compte("admin.test", "Alex", "Test", Role.ADMINISTRATEUR, f.OrganisationFactory(), is_staff=True)
    compte = demo.comptes[0]
    assert connexion(client, compte["email"], DEMO_PASSWORD)["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code_totp(compte["totp_secret"])})
    assert response["Location"] == reverse("accueil")
    assert client.get("/admin/").status_code == 200
