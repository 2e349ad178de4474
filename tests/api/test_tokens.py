"""avenirpro/api/tokens.py: the token functions used by the profile page, the API and the demo."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from rest_framework.test import APIClient

from avenirpro.api import tokens
from avenirpro.models import JetonAPI, User
from tests import factories as f


def test_creer_jeton(db):
    user = f.UserFactory()
    jeton, cle = tokens.creer_jeton(user, "Script")
    assert cle.startswith("avp_")
    assert len(cle) > 40
    assert jeton.empreinte == hashlib.sha256(cle.encode()).hexdigest()
    assert jeton.prefixe == cle[:8]
    assert tokens.creer_jeton(user, "Script")[1] != cle


def test_authentifier(db):
    user = f.UserFactory()
    jeton, cle = tokens.creer_jeton(user, "Script")
    assert tokens.authentifier(cle) == jeton
    assert tokens.authentifier(cle).user == user
    assert tokens.authentifier(cle + "x") is None
    assert tokens.authentifier("") is None


def test_authentifier_refuse_revoque_et_compte_desactive(db):
    user = f.UserFactory()
    jeton, cle = tokens.creer_jeton(user, "Script")
    _, cle_autre = tokens.creer_jeton(user, "Autre")
    tokens.revoquer_jeton(user, jeton.uuid)
    assert tokens.authentifier(cle) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert tokens.authentifier(cle_autre) is None


def test_creer_jeton_nom_invalide_ne_cree_rien(db):
    user = f.UserFactory()
    with pytest.raises(ValidationError) as erreur:
        tokens.creer_jeton(user, " ")
    assert erreur.value.message_dict == {
        "nom": ["Donnez un nom au jeton (par exemple, le script qui l'utilisera)."]
    }
    assert not JetonAPI.objects.exists()


def test_revoquer_le_jeton_d_un_autre(db):
    moi, autre = f.UserFactory(), f.UserFactory()
    sien, _ = tokens.creer_jeton(autre, "Script")
    with pytest.raises(Http404):
        tokens.revoquer_jeton(moi, sien.uuid)
    sien.refresh_from_db()
    assert sien.revoque_le is None


def test_jeton_demo_deterministe_et_idempotent(db, settings):
    user, autre = f.UserFactory(), f.UserFactory()
    cle = tokens.jeton_demo(user)
    assert tokens.jeton_demo(user) == cle
    assert JetonAPI.objects.filter(user=user).count() == 1
    assert tokens.jeton_demo(autre) != cle
    assert tokens.authentifier(cle).user == user
    # Derived from SECRET_KEY: another installation has other demo keys.
    settings.SECRET_KEY = "une-autre-cle-secrete-pour-ce-test"
    assert tokens.jeton_demo(user) != cle


def test_seed_demo_donne_un_jeton_a_chaque_compte(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    comptes = json.loads((tmp_path / "demo-accounts.json").read_text())
    nombre = JetonAPI.objects.count()
    call_command("seed_demo")
    assert json.loads((tmp_path / "demo-accounts.json").read_text()) == comptes
    assert JetonAPI.objects.count() == nombre == len({c["email"] for c in comptes})
    for compte in comptes:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {compte['api_token']}")
        assert client.get("/api/v1/moi/").json()["email"] == compte["email"]
