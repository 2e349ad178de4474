"""Personal data is never kept by a browser or a proxy: Cache-Control: no-store on every response to a
signed-in person (pages, PDF, ICS, API, by session or by token); downloads named with Django's
content_disposition_header.

Run: .venv/bin/python -m pytest tests/test_entetes.py -q
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from avenirpro.api import tokens
from avenirpro.entetes import PasDeCacheMiddleware
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import SeanceFactory


def _sans_stockage(response):
    assert response["Cache-Control"] == "no-store", response.get("Cache-Control")
    assert response["Pragma"] == "no-cache"


def test_les_pages_du_chef_d_etablissement(client, monde):
    client.force_login(monde.chef_a)
    eleve = monde.eleves_a[0]
    for chemin in [
        "/",
        reverse("lycees:eleves"),
        reverse("lycees:eleve", args=[eleve.uuid]),
        reverse("lycees:divisions"),
        reverse("lycees:division", args=[eleve.division.uuid]),
        reverse("lycees:notice"),
        reverse("lycees:division_notice", args=[eleve.division.uuid]),
        "/profil/",
        "/lycees/eleves/?q=inconnu",
    ]:
        response = client.get(chemin)
        assert response.status_code == 200, chemin
        _sans_stockage(response)
    introuvable = client.get(reverse("lycees:eleve", args=[monde.eleves_b[0].uuid]))
    assert introuvable.status_code == 404
    _sans_stockage(introuvable)


def test_le_pdf_d_emargement_et_le_calendrier_du_conseiller(client, monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), conseillers=[monde.conseiller_a]
    )
    client.force_login(monde.conseiller_a)
    pdf = client.get(reverse("ateliers:seance_emargement", args=[seance.uuid]))
    assert pdf["Content-Type"] == "application/pdf"
    _sans_stockage(pdf)
    ics = client.get(reverse("ateliers:seances_ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    assert ics["Content-Disposition"] == 'attachment; filename="ateliers-avenirpro.ics"'
    _sans_stockage(ics)


def test_l_api_par_session_et_par_jeton(client, monde):
    client.force_login(monde.chef_a)
    response = client.get("/api/v1/eleves/")
    assert response.status_code == 200
    _sans_stockage(response)
    client.logout()
    _, cle = tokens.creer_jeton(monde.chef_a, "script")
    response = client.get("/api/v1/eleves/", HTTP_AUTHORIZATION=f"Token {cle}")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    _sans_stockage(response)


@pytest.mark.django_db
def test_les_fichiers_statiques_restent_en_cache():
    request = RequestFactory().get("/static/dsfr/dist/dsfr.min.css")
    request.user = f.UserFactory()
    response = PasDeCacheMiddleware(lambda r: HttpResponse("css"))(request)
    assert "Cache-Control" not in response


def test_un_nom_de_classe_avec_oe_et_guillemet_donne_un_en_tete_valide(client, monde):
    division = f.DivisionFactory(lycee=monde.lycee_a, nom='Œuvre "A"')
    client.force_login(monde.chef_a)
    response = client.get(reverse("lycees:division_notice", args=[division.uuid]))
    assert response.status_code == 200
    entete = response["Content-Disposition"]
    assert entete.isascii()
    assert "=?utf-8?" not in entete  # not MIME-encoded whole
    assert entete.startswith("inline; filename*=utf-8''")
    assert "%C5%92uvre-%22A%22" in entete
