"""Second factor brute force: 5 wrong codes in 15 minutes lock the account's second factor for 15 minutes.

The codes are counted in the database (EchecConnexion, nature « code »), per account and per address; a
correct password never clears them; allauth's own (cache) limiter on codes is switched on as well.
"""

import datetime

import pytest
import time_machine
from allauth.account import app_settings as account_settings
from allauth.core.internal.ratelimit import parse_rates
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from avenirpro.comptes import services
from avenirpro.models import EchecConnexion
from avenirpro.models.comptes import NatureEchec
from tests import factories as f
from tests.comptes.outils import avec_totp, code_totp, connexion

MESSAGE_CODE = "Trop de codes de double authentification erronés"
INSTANT = datetime.datetime(2026, 12, 1, 9, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def horloge():
    with time_machine.travel(INSTANT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def pilote(db):
    user = f.UserFactory(email="pilote@exemple.fr")
    return user, avec_totp(user)


def _faux_codes(secret: str, n: int) -> list[str]:
    """``n`` codes that are wrong now and in the neighbouring 30-second steps."""
    t = INSTANT.timestamp()
    valides = {code_totp(secret, t + d) for d in (-60, -30, 0, 30, 60)}
    return [c for c in (f"{i:06d}" for i in range(100000, 100100)) if c not in valides][:n]


def _mot_de_passe(client, user):
    response = connexion(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def _code(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_le_sixieme_code_meme_juste_est_refuse(client, pilote, horloge):
    user, secret = pilote
    _mot_de_passe(client, user)
    for faux in _faux_codes(secret, 5):
        response = _code(client, faux)
        assert response.status_code == 200
        assert "Code incorrect" in response.content.decode()
    response = _code(client, code_totp(secret))
    assert response.status_code == 200
    assert MESSAGE_CODE in response.content.decode()
    assert SESSION_KEY not in client.session
    assert EchecConnexion.objects.filter(user=user, nature=NatureEchec.CODE).count() == 5
    assert client.get("/").status_code == 302


def test_le_verrou_des_codes_tient_sans_le_cache(client, pilote, horloge):
    user, secret = pilote
    _mot_de_passe(client, user)
    for faux in _faux_codes(secret, 5):
        _code(client, faux)
    cache.clear()  # allauth's counter is gone (Redis restarted): the database still holds the count
    response = _code(client, code_totp(secret))
    assert MESSAGE_CODE in response.content.decode()
    assert SESSION_KEY not in client.session


def test_un_bon_mot_de_passe_n_efface_pas_les_echecs_de_code(client, pilote, horloge):
    user, secret = pilote
    faux = _faux_codes(secret, 5)
    _mot_de_passe(client, user)
    for code in faux[:3]:
        _code(client, code)
    # A new login with the right password: allauth's counter is per login attempt, ours is not.
    client.logout()
    cache.clear()
    _mot_de_passe(client, user)
    assert EchecConnexion.objects.filter(user=user, nature=NatureEchec.CODE).count() == 3
    for code in faux[3:]:
        _code(client, code)
    response = _code(client, code_totp(secret))
    assert MESSAGE_CODE in response.content.decode()
    assert SESSION_KEY not in client.session


def test_le_verrou_des_codes_dure_15_minutes(client, pilote, horloge):
    user, secret = pilote
    _mot_de_passe(client, user)
    for faux in _faux_codes(secret, 5):
        _code(client, faux)
    horloge.shift(datetime.timedelta(minutes=14))
    assert MESSAGE_CODE in _code(client, code_totp(secret, INSTANT.timestamp() + 14 * 60)).content.decode()
    horloge.shift(datetime.timedelta(minutes=2))
    cache.clear()
    client.logout()
    _mot_de_passe(client, user)
    response = _code(client, code_totp(secret, INSTANT.timestamp() + 16 * 60))
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == user.pk


def test_un_bon_code_efface_les_echecs_de_code_du_compte(client, pilote, horloge):
    user, secret = pilote
    _mot_de_passe(client, user)
    for faux in _faux_codes(secret, 4):
        _code(client, faux)
    assert _code(client, code_totp(secret)).status_code == 302
    assert not EchecConnexion.objects.filter(user=user, nature=NatureEchec.CODE).exists()


def test_les_codes_comptent_aussi_pour_l_adresse(client, db, horloge):
    """30 wrong codes from one address, over several accounts, lock that address (passwords too)."""
    for i in range(6):
        autre = f.UserFactory(email=f"autre{i}@exemple.fr")
        for _ in range(5):
            services.enregistrer_echec_code(autre, "127.0.0.1")
    victime = f.UserFactory(email="victime@exemple.fr")
    response = connexion(client, victime.email)
    assert response.status_code == 200
    assert services.MESSAGE_VERROUILLAGE.split(":")[0] in response.content.decode()
    assert services.code_verrouille_jusqua(victime, "127.0.0.1") is not None
    assert services.code_verrouille_jusqua(victime, "10.9.9.9") is None


def test_le_limiteur_mfa_d_allauth_est_actif(client, pilote, horloge, monkeypatch):
    """Without our database lock, allauth's own limiter (the cache) still stops the 6th code."""
    assert parse_rates(account_settings.RATE_LIMITS["login_failed"])
    monkeypatch.setattr(services, "code_verrouille_jusqua", lambda user, adresse: None)
    user, secret = pilote
    _mot_de_passe(client, user)
    for faux in _faux_codes(secret, 5):
        assert "Code incorrect" in _code(client, faux).content.decode()
    response = _code(client, code_totp(secret))
    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_la_reauthentification_par_code_compte_aussi(client, pilote, horloge):
    user, secret = pilote
    _mot_de_passe(client, user)
    assert _code(client, code_totp(secret)).status_code == 302
    for faux in _faux_codes(secret, 5):
        client.post(reverse("mfa_reauthenticate"), {"code": faux})
    assert EchecConnexion.objects.filter(user=user, nature=NatureEchec.CODE).count() == 5
    horloge.shift(datetime.timedelta(seconds=30))  # a fresh code: the login's one is spent
    juste = code_totp(secret, INSTANT.timestamp() + 30)
    response = client.post(reverse("mfa_reauthenticate"), {"code": juste})
    assert MESSAGE_CODE in response.content.decode()
