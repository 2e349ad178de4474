"""allauth's rate limits answer with a French page (templates/429.html), not allauth's English one."""

from django.urls import reverse

from tests.comptes.outils import connexion


def test_la_page_429_d_allauth_est_en_francais(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    assert connexion(client, "personne@exemple.fr", "mauvais").status_code == 200
    response = connexion(client, "personne@exemple.fr", "mauvais")
    assert response.status_code == 429
    contenu = response.content.decode()
    assert "Trop de tentatives" in contenu
    assert "Too Many Requests" not in contenu
    assert "INVALID" not in contenu


def test_la_reinitialisation_trop_frequente_aussi(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    client.post(reverse("account_reset_password"), {"email": "a@exemple.fr"})
    response = client.post(reverse("account_reset_password"), {"email": "b@exemple.fr"})
    assert response.status_code == 429
    assert "patientez quelques minutes" in response.content.decode()
