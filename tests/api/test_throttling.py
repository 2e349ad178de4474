"""API throttling: per account (all its tokens and its session) and per address, 429 in French with
Retry-After; the counters live in the cache and the API keeps answering when the cache is gone.

Rates are lowered in each test through REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from avenirpro.api import tokens

URL = "/api/v1/eleves/"
MESSAGE = "Requête ralentie. Disponible à nouveau dans"


@pytest.fixture(autouse=True)
def cache_vide():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def debits(settings):
    def regler(compte="1000/min", adresse="1000/min"):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"compte": compte, "adresse": adresse},
        }

    return regler


@pytest.fixture
def horloge():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as t:
        yield t


def _get(client, cle, adresse="10.0.0.1", **extra):
    return client.get(URL, HTTP_AUTHORIZATION=f"Token {cle}", REMOTE_ADDR=adresse, **extra)


def test_par_compte_tous_ses_jetons_ensemble(client, monde, debits, horloge):
    debits(compte="3/min")
    _, cle1 = tokens.creer_jeton(monde.chef_a, "script 1")
    _, cle2 = tokens.creer_jeton(monde.chef_a, "script 2")
    _, cle_autre = tokens.creer_jeton(monde.chef_b, "script")
    assert [_get(client, c).status_code for c in (cle1, cle2, cle1)] == [200, 200, 200]
    refus = _get(client, cle2)
    assert refus.status_code == 429
    assert refus.json()["detail"] == f"{MESSAGE} 60 secondes."
    assert refus["Retry-After"] == "60"
    assert _get(client, cle_autre).status_code == 200  # another person, same address
    horloge.shift(datetime.timedelta(seconds=20))
    assert _get(client, cle1)["Retry-After"] == "40"
    horloge.shift(datetime.timedelta(seconds=41))
    assert _get(client, cle1).status_code == 200


def test_la_session_partage_le_budget_du_compte(client, monde, debits):
    debits(compte="2/min")
    _, cle = tokens.creer_jeton(monde.chef_a, "script")
    assert _get(client, cle).status_code == 200
    client.force_login(monde.chef_a)
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 429


def test_par_adresse(client, monde, debits, horloge):
    # The clock stands still: Retry-After is the whole minute however slow the three requests are.
    debits(adresse="3/min")
    cles = [tokens.creer_jeton(u, "script")[1] for u in (monde.chef_a, monde.chef_b, monde.conseiller_a)]
    assert [_get(client, c).status_code for c in cles] == [200, 200, 200]
    refus = _get(client, cles[0])
    assert refus.status_code == 429
    assert refus.json()["detail"].startswith(MESSAGE)
    assert int(refus["Retry-After"]) == 60
    assert _get(client, cles[0], adresse="10.0.0.2").status_code == 200


def test_derriere_le_proxy_l_adresse_vient_de_son_en_tete(client, monde, debits, settings):
    """The same helper as the login lockout: behind the proxy, the address the proxy appended."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    debits(adresse="1/min")
    _, cle = tokens.creer_jeton(monde.chef_a, "script")
    proxy = "172.16.0.1"
    assert _get(client, cle, proxy, HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 200
    assert _get(client, cle, proxy, HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 429
    # Another client behind the same proxy has its own budget, whatever it claims first in the header.
    assert _get(client, cle, proxy, HTTP_X_FORWARDED_FOR="192.0.2.10, 192.0.2.11").status_code == 200


def test_sans_cache_l_api_repond(client, monde, debits, settings):
    settings.CACHES = {
        "default": {"BACKEND": "avenirpro.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:6399/0"}
    }
    debits(compte="1/min", adresse="1/min")
    _, cle = tokens.creer_jeton(monde.chef_a, "script")
    assert [_get(client, cle).status_code for _ in range(3)] == [200, 200, 200]
