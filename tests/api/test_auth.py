"""Who may call the API: a personal token or the browser session (with CSRF), nobody else."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from rest_framework.test import APIClient

from avenirpro.api import tokens
from avenirpro.models import JetonAPI
from tests import factories as f
from tests.api.conftest import client_jeton

MOI = "/api/v1/moi/"


def test_url_de_moi():
    assert reverse("api-moi") == MOI


def test_un_jeton_authentifie(db):
    user = f.UserFactory()
    client, _ = client_jeton(user)
    response = client.get(MOI)
    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_le_mot_token_est_insensible_a_la_casse(db):
    user = f.UserFactory()
    _, cle = tokens.creer_jeton(user, "Script")
    response = APIClient().get(MOI, HTTP_AUTHORIZATION=f"token {cle}")
    assert response.status_code == 200


def test_sans_authentification_401_en_francais(api, db):
    response = api.get(MOI)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "detail": "Authentification requise : connectez-vous, ou envoyez un jeton d'API dans l'en-tête "
        "« Authorization: Token <clé> »."
    }


def test_jeton_inconnu_401(api, db):
    response = api.get(MOI, HTTP_AUTHORIZATION="Token avp_inconnu")
    assert response.status_code == 401
    assert response.json() == {"detail": "Jeton d'API invalide ou révoqué, ou compte désactivé."}


def test_jeton_revoque_401(db):
    user = f.UserFactory()
    client, _ = client_jeton(user)
    jeton = JetonAPI.objects.get(user=user)
    tokens.revoquer_jeton(user, jeton.uuid)
    response = client.get(MOI)
    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton d'API invalide ou révoqué, ou compte désactivé."


def test_jeton_d_un_compte_desactive_401(db):
    user = f.UserFactory()
    client, _ = client_jeton(user)
    user.is_active = False
    user.save()
    response = client.get(MOI)
    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton d'API invalide ou révoqué, ou compte désactivé."


def test_jeton_d_un_compte_supprime_401(db):
    user = f.UserFactory()
    client, _ = client_jeton(user)
    user.delete()
    assert client.get(MOI).status_code == 401


def test_en_tete_sans_cle_401(api, db):
    response = api.get(MOI, HTTP_AUTHORIZATION="Token")
    assert response.status_code == 401
    assert response.json() == {"detail": "En-tête Authorization invalide : aucune clé après « Token »."}


def test_en_tete_avec_espaces_401(api, db):
    response = api.get(MOI, HTTP_AUTHORIZATION="Token avp_a avp_b")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "En-tête Authorization invalide : la clé ne doit pas contenir d'espace."
    }


def test_en_tete_non_ascii_401(api, db):
    # A header value is latin-1 on the wire: "é" reaches Django as such.
    response = api.get(MOI, HTTP_AUTHORIZATION="Token clé")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "En-tête Authorization invalide : la clé contient des caractères non autorisés."
    }


def test_autre_schema_d_authentification_ignore(api, db):
    response = api.get(MOI, HTTP_AUTHORIZATION="Bearer quelquechose")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")


def test_dernier_usage_ecrit_au_plus_une_fois_par_minute(db):
    user = f.UserFactory()
    client, _ = client_jeton(user)
    jeton = JetonAPI.objects.get(user=user)
    assert jeton.dernier_usage_le is None

    client.get(MOI)
    jeton.refresh_from_db()
    premier = jeton.dernier_usage_le
    assert premier is not None

    # Within the minute: the token and the memberships are read, nothing is written.
    with CaptureQueriesContext(connection) as contexte:
        client.get(MOI)
    requetes = [q["sql"].split()[0] for q in contexte.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert requetes == ["SELECT", "SELECT"]
    jeton.refresh_from_db()
    assert jeton.dernier_usage_le == premier

    il_y_a_deux_minutes = timezone.now() - datetime.timedelta(minutes=2)
    JetonAPI.objects.filter(pk=jeton.pk).update(dernier_usage_le=il_y_a_deux_minutes)
    client.get(MOI)
    jeton.refresh_from_db()
    assert jeton.dernier_usage_le > il_y_a_deux_minutes


def test_session_en_lecture(db):
    user = f.UserFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.get(MOI)
    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_session_sans_jeton_csrf_403_en_francais(db):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(f.UserFactory())
    response = client.post(MOI, {})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Vérification CSRF échouée : envoyez l'en-tête X-CSRFToken de votre page, "
        "ou authentifiez-vous par jeton d'API."
    }


def test_session_avec_jeton_csrf_passe_la_verification(db):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(f.UserFactory())
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    response = client.post(MOI, {}, HTTP_X_CSRFTOKEN=secret)
    # Past authentication and CSRF: /moi/ is read-only.
    assert response.status_code == 405
    assert response.json() == {"detail": "Méthode «\xa0POST\xa0» non autorisée."}


def test_le_jeton_n_est_pas_soumis_au_csrf(db):
    client, _ = client_jeton(f.UserFactory())
    client.handler.enforce_csrf_checks = True
    assert client.post(MOI, {}).status_code == 405


def test_session_d_un_compte_desactive_401(db):
    user = f.UserFactory()
    client = APIClient()
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(MOI).status_code == 401
