"""Redis is optional at run time: with the cache pointed at a port where nothing listens, every use of
the cache degrades (avenirpro/cache.py) and logins, pages and the public questionnaire answer normally.

Run: .venv/bin/python -m pytest tests/test_cache_indisponible.py -q
"""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from avenirpro import cache as cache_sur
from avenirpro.models import EchecConnexion
from lycees.enums import StatutImport
from lycees.models import ImportEffectifs
from lycees.services import imports
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import QuestionnaireSeanceFactory, SeanceFactory
from tests.comptes.outils import avec_totp, code_totp, connexion
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import importer

PORT_FERME = 6399
REDIS_TESTS = "redis://127.0.0.1:6379/1"


def _config(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "avenirpro.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def _port_libre(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def redis_arrete(settings):
    assert _port_libre(PORT_FERME), f"something listens on {PORT_FERME}: the test needs a closed port"
    settings.CACHES = _config(f"redis://127.0.0.1:{PORT_FERME}/0")
    yield


# --- The backend itself ----------------------------------------------------------------------------


def test_chaque_operation_repond_sans_exception(redis_arrete):
    assert cache.get("cle") is None
    assert cache.get("cle", "defaut") == "defaut"
    assert cache.add("cle", 1, 10) is True  # as if the key were free: locks and first-use markers pass
    cache.set("cle", 1, 10)
    assert cache.touch("cle") is False
    assert cache.delete("cle") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("cle") is False
    assert "cle" not in cache
    with pytest.raises(ValueError):
        cache.incr("cle")
    with pytest.raises(ValueError):
        cache.decr("cle")
    assert sorted(cache.set_many({"a": 1, "b": 2})) == ["a", "b"]
    cache.delete_many(["a", "b"])
    cache.clear()
    assert cache.get_or_set("cle", 42) == 42


def test_un_seul_avertissement_puis_redis_n_est_plus_essaye(redis_arrete, caplog, monkeypatch):
    with caplog.at_level(logging.WARNING, logger="avenirpro.cache"):
        for _ in range(20):
            cache.get("cle")
    assert len([r for r in caplog.records if r.name == "avenirpro.cache"]) == 1
    assert not cache.disponible
    # After RETRY_AFTER seconds Redis is tried again (and is still down: one more warning).
    monkeypatch.setattr(cache_sur, "RETRY_AFTER", 0.0)
    cache._indisponible_jusqua = 0.0
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="avenirpro.cache"):
        cache.get("cle")
    assert len(caplog.records) == 1


def test_un_redis_qui_ne_repond_plus_coute_une_fois_le_delai(settings):
    """A server that accepts connections but never answers (a hung Redis): one read timeout, then no wait."""
    with socket.socket() as muet:
        muet.bind(("127.0.0.1", 0))
        muet.listen(16)
        settings.CACHES = _config(f"redis://127.0.0.1:{muet.getsockname()[1]}/0")
        debut = time.monotonic()
        for _ in range(10):
            assert cache.get("cle", "defaut") == "defaut"
        duree = time.monotonic() - debut
    assert 0.4 < duree < 3.0  # ten calls, one timeout (not ten: 5 s)


def test_les_aides_tiennent_avec_le_redis_de_django(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{PORT_FERME}/0",
        }
    }
    assert cache_sur.lire("cle", 3) == 3
    assert cache_sur.ecrire("cle", 1, 10) is False
    cache_sur.effacer("cle")


def test_avec_redis_c_est_un_cache_ordinaire(settings):
    if _port_libre(6379):
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = _config(REDIS_TESTS)  # db 1: never the shared db 0
    cache.delete("avenirpro-test-cle")
    assert cache.add("avenirpro-test-cle", 1, 10) is True
    assert cache.add("avenirpro-test-cle", 2, 10) is False
    assert cache.incr("avenirpro-test-cle") == 2
    assert cache_sur.lire("avenirpro-test-cle") == 2
    cache.delete("avenirpro-test-cle")
    assert cache.disponible


# --- The application with Redis stopped ------------------------------------------------------------


def test_connexion_avec_verrouillage_sans_redis(client, db, redis_arrete):
    user = f.UserFactory(email="sans-redis@exemple.fr")
    for _ in range(10):
        response = connexion(client, user.email, "mauvais-mot-de-passe")
        assert response.status_code == 200
    assert EchecConnexion.objects.filter(email=user.email).count() == 10
    response = connexion(client, user.email)
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    EchecConnexion.objects.all().delete()
    response = connexion(client, user.email)
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == user.pk


def test_connexion_avec_double_authentification_sans_redis(client, db, redis_arrete):
    user = f.UserFactory(email="pilote-sans-redis@exemple.fr")
    secret = avec_totp(user)
    assert connexion(client, user.email)["Location"] == reverse("mfa_authenticate")
    assert "Code incorrect" in client.post(reverse("mfa_authenticate"), {"code": "000000"}).content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": code_totp(secret)})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == user.pk


@pytest.mark.parametrize("chemin", ["/", "/lycees/eleves/", "/profil/", "/api/v1/eleves/"])
def test_les_pages_sans_redis(client, monde, redis_arrete, chemin):
    client.force_login(monde.chef_a)
    assert client.get(chemin).status_code == 200


def test_le_questionnaire_public_sans_redis(client, monde, redis_arrete):
    seance = SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        conseillers=[monde.conseiller_a],
        realisee=True,
    )
    questionnaire = QuestionnaireSeanceFactory(seance=seance)
    url = reverse("ateliers:questionnaire", kwargs={"jeton": questionnaire.jeton})
    response = client.post(url, {"note": "4", "commentaire": ""})
    assert response.status_code == 302
    merci = reverse("ateliers:questionnaire_merci", kwargs={"jeton": questionnaire.jeton})
    assert response["Location"] == merci
    assert questionnaire.reponses.count() == 1


def test_un_petit_import_sans_redis(monde, redis_arrete, django_capture_on_commit_callbacks):
    annee = lf.annee(2026)
    fichier = lf.upload("e.csv", lf.csv_eleves(lf.lignes_eleves(20)))
    with django_capture_on_commit_callbacks(execute=True):
        imp = importer(monde.chef_a, fichier, annee)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE, imp.erreurs
    assert imp.resultat["crees"] == 20


def test_la_progression_se_lit_en_base_sans_redis(monde, redis_arrete):
    imp = imports.deposer_fichier(
        monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lf.lignes_eleves(5))), annee=lf.annee(2026)
    )
    ImportEffectifs.objects.unscoped("test").filter(pk=imp.pk).update(
        statut=StatutImport.EN_COURS, progression=40
    )
    imp.refresh_from_db()
    imports._signaler(imp, 55)  # the job's write is lost, without an exception
    assert imports.progression(imp) == 40


# --- A real Redis, stopped and restarted (our own server on its own port) ---------------------------

PORT_PROPRE = 6391


@pytest.fixture
def redis_propre(tmp_path):
    """A redis-server this test starts on its own port, and only this one is ever stopped."""
    binaire = shutil.which("redis-server")
    if binaire is None:
        pytest.skip("redis-server absent")
    if not _port_libre(PORT_PROPRE):
        pytest.skip(f"port {PORT_PROPRE} busy")

    class Serveur:
        processus = None

        def demarrer(self):
            self.processus = subprocess.Popen(  # noqa: S603
                [
                    binaire,
                    "--port",
                    str(PORT_PROPRE),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(100):
                if not _port_libre(PORT_PROPRE):
                    return
                time.sleep(0.05)
            raise RuntimeError("redis-server did not start")

        def arreter(self):
            if self.processus and self.processus.poll() is None:
                self.processus.terminate()
                self.processus.wait(timeout=10)

    serveur = Serveur()
    serveur.demarrer()
    yield serveur
    serveur.arreter()


def test_redis_arrete_puis_redemarre(client, db, settings, redis_propre, monkeypatch):
    monkeypatch.setattr(cache_sur, "RETRY_AFTER", 0.2)
    settings.CACHES = _config(f"redis://127.0.0.1:{PORT_PROPRE}/0")
    user = f.UserFactory(email="redemarrage@exemple.fr")
    cache.set("temoin", 1, 60)
    assert cache.get("temoin") == 1
    assert connexion(client, user.email).status_code == 302

    redis_propre.arreter()
    client.logout()
    assert cache.get("temoin", "absent") == "absent"
    assert connexion(client, user.email, "mauvais-mot-de-passe").status_code == 200
    assert connexion(client, user.email).status_code == 302
    assert int(client.session[SESSION_KEY]) == user.pk

    redis_propre.demarrer()
    time.sleep(0.3)  # past RETRY_AFTER: the next call tries Redis again
    cache.set("temoin", 2, 60)
    assert cache.get("temoin") == 2
    assert cache.disponible
