"""API tokens stop working when their owner's password changes (form, reset link, admin) and when the
account is deactivated; a hash upgraded at login keeps them."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from avenirpro.api import tokens
from avenirpro.models import JetonAPI, User
from tests import factories as f
from tests.comptes.outils import MOT_DE_PASSE

NOUVEAU = "Un-nouveau-mot-de-passe-solide"


@pytest.fixture
def chef(monde):
    return monde.chef_a


def _api(client, cle):
    return client.get("/api/v1/eleves/", HTTP_AUTHORIZATION=f"Token {cle}")


def _revoques(user) -> bool:
    return not tokens.jetons_actifs(user).exists() and JetonAPI.objects.filter(user=user).exists()


def test_changer_son_mot_de_passe_revoque_ses_jetons(client, chef):
    _, cle = tokens.creer_jeton(chef, "script")
    autre_user = f.UserFactory()
    _, cle_autre = tokens.creer_jeton(autre_user, "script")
    assert _api(client, cle).status_code == 200
    client.force_login(chef)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": MOT_DE_PASSE, "password1": NOUVEAU, "password2": NOUVEAU},
    )
    assert response.status_code == 302
    client.logout()
    assert _revoques(chef)
    assert _api(client, cle).status_code == 401
    assert tokens.jetons_actifs(autre_user).count() == 1, "only the owner's tokens"
    assert tokens.authentifier(cle_autre) is not None


def test_reinitialiser_son_mot_de_passe_revoque_ses_jetons(client, chef):
    _, cle = tokens.creer_jeton(chef, "script")
    client.post(reverse("account_reset_password"), {"email": chef.email})
    lien = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    formulaire = client.get(lien)["Location"]
    assert client.post(formulaire, {"password1": NOUVEAU, "password2": NOUVEAU}).status_code == 302
    assert _revoques(chef)
    assert _api(client, cle).status_code == 401


def test_desactiver_le_compte_revoque_ses_jetons(client, chef):
    _, cle = tokens.creer_jeton(chef, "script")
    chef.is_active = False
    chef.save()
    assert _revoques(chef)
    # Reactivated, the account does not get its old tokens back.
    chef.is_active = True
    chef.save(update_fields=["is_active"])
    assert _api(client, cle).status_code == 401


def test_set_password_ailleurs_revoque_aussi(chef):
    tokens.creer_jeton(chef, "script")
    user = User.objects.get(pk=chef.pk)
    user.set_password(NOUVEAU)
    user.save(update_fields=["password"])
    assert _revoques(chef)


def test_une_mise_a_niveau_du_hachage_a_la_connexion_garde_les_jetons(client, chef, settings):
    # An older hasher's hash: Django rehashes it at the next login (check_password's setter).
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    User.objects.filter(pk=chef.pk).update(password=make_password(MOT_DE_PASSE, hasher="md5"))
    _, cle = tokens.creer_jeton(chef, "script")
    response = client.post(reverse("account_login"), {"login": chef.email, "password": MOT_DE_PASSE})
    assert response.status_code == 302
    assert User.objects.get(pk=chef.pk).password.startswith("pbkdf2_sha256$")
    assert tokens.jetons_actifs(chef).count() == 1
    client.logout()
    assert _api(client, cle).status_code == 200


def test_une_sauvegarde_ordinaire_garde_les_jetons(chef):
    tokens.creer_jeton(chef, "script")
    user = User.objects.get(pk=chef.pk)
    user.prenom = "Autre"
    user.save()
    assert tokens.jetons_actifs(chef).count() == 1
