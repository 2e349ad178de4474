"""Brute force: 10 failures for an e-mail or 30 from an address within 15 minutes lock for 15 minutes."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from avenirpro.comptes import services
from avenirpro.comptes.tasks import purger_echecs_connexion
from avenirpro.models import EchecConnexion
from tests import factories as f
from tests.comptes.outils import MOT_DE_PASSE, connexion

MESSAGE = "Trop de tentatives de connexion"


@pytest.fixture
def user(db):
    return f.UserFactory(email="cible@exemple.fr")


def _echouer(client, email, fois, **extra):
    for _ in range(fois):
        response = connexion(client, email, "mauvais-mot-de-passe", **extra)
        assert response.status_code == 200


def test_dix_echecs_verrouillent_le_compte_meme_avec_le_bon_mot_de_passe(client, user):
    _echouer(client, user.email, 9)
    assert connexion(client, user.email).status_code == 302  # 9 failures: not locked yet
    client.post(reverse("account_logout"))
    _echouer(client, user.email, 10)
    response = connexion(client, user.email)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert SESSION_KEY not in client.session


def test_le_verrou_tient_sans_le_cache(client, user):
    _echouer(client, "CIBLE@exemple.fr ", 10)
    cache.clear()
    assert EchecConnexion.objects.filter(email="cible@exemple.fr").count() == 10
    response = connexion(client, user.email)
    assert MESSAGE in response.content.decode()


def test_les_tentatives_pendant_le_verrou_ne_sont_pas_comptees(client, user):
    _echouer(client, user.email, 10)
    _echouer(client, user.email, 3)
    assert EchecConnexion.objects.count() == 10


def test_le_verrou_dure_15_minutes(client, user, monkeypatch):
    _echouer(client, user.email, 10)
    dans = timezone.now() + datetime.timedelta(minutes=14)
    monkeypatch.setattr(timezone, "now", lambda: dans)
    assert MESSAGE in connexion(client, user.email).content.decode()
    apres = dans + datetime.timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: apres)
    assert connexion(client, user.email).status_code == 302


def test_des_echecs_etales_ne_verrouillent_pas(user):
    il_y_a_20_min = timezone.now() - datetime.timedelta(minutes=20)
    for _ in range(5):
        echec = services.enregistrer_echec(user.email, "10.0.0.1")
        EchecConnexion.objects.filter(pk=echec.pk).update(horodatage=il_y_a_20_min)
    for _ in range(5):
        services.enregistrer_echec(user.email, "10.0.0.1")
    assert not services.est_verrouille(user.email, "10.0.0.1")


def test_une_connexion_reussie_efface_les_echecs_de_l_adresse_email(client, user):
    _echouer(client, user.email, 4)
    services.enregistrer_echec("autre@exemple.fr", "10.0.0.9")
    assert connexion(client, user.email).status_code == 302
    assert not EchecConnexion.objects.filter(email=user.email).exists()
    assert EchecConnexion.objects.filter(email="autre@exemple.fr").exists()


def test_trente_echecs_d_une_adresse_ip_la_verrouillent(client, user):
    for n in range(29):
        services.enregistrer_echec(f"essai{n}@exemple.fr", "127.0.0.1")
    _echouer(client, "encore@exemple.fr", 1)
    response = connexion(client, user.email)
    assert MESSAGE in response.content.decode()
    # The same account from another address is not locked.
    assert connexion(client, user.email, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_purge_des_vieux_echecs(user):
    vieux = services.enregistrer_echec(user.email, "10.0.0.1")
    EchecConnexion.objects.filter(pk=vieux.pk).update(horodatage=timezone.now() - datetime.timedelta(days=2))
    recent = services.enregistrer_echec(user.email, "10.0.0.1")
    assert purger_echecs_connexion.delay().get() == 1
    assert list(EchecConnexion.objects.all()) == [recent]
    assert purger_echecs_connexion.delay().get() == 0


def test_la_connexion_a_l_administration_passe_par_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/avenirpro/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Favenirpro%2F"
    # Its own form cannot be posted to either.
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": admin.email, "password": MOT_DE_PASSE})
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_l_administration_refuse_un_compte_sans_droit(client, db):
    client.force_login(f.UserFactory())
    assert client.get("/admin/login/").status_code == 403
