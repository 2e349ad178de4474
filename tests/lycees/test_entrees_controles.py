"""A NUL byte or another control character in a request answers a French 400, never a 500."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from avenirpro.entrees import MESSAGE, contient_des_controles
from lycees.enums import Diplome
from lycees.models import Division
from tests.conftest import fresh
from tests.lycees.test_import_fichiers import RAISON

PAGES = ["lycees:eleves", "lycees:divisions", "lycees:import"]
API = ["/api/v1/eleves/", "/api/v1/divisions/", "/api/v1/lycees/", "/api/v1/seances/"]
HOSTILES = ["%00", "Dupont%00", "a%01b", "%1B%5B31m", "%7F%00", "x%0Bz"]


@pytest.fixture
def api(monde):
    client = APIClient()
    client.force_authenticate(user=fresh(monde.chef_a))
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("valeur", HOSTILES)
def test_une_page_refuse_un_caractere_de_controle_dans_l_adresse(client, monde, page, valeur):
    client.force_login(monde.chef_a)
    reponse = client.get(f"{reverse(page)}?q={valeur}")
    assert reponse.status_code == 400
    assert reponse["Content-Type"].startswith("text/html")
    contenu = reponse.content.decode()
    assert "Erreur 400" in contenu and MESSAGE in contenu
    assert "INVALID" not in contenu, "the page shell renders as on any page"


@pytest.mark.parametrize("url", API)
@pytest.mark.parametrize("valeur", HOSTILES)
def test_l_api_refuse_un_caractere_de_controle_dans_l_adresse(api, url, valeur):
    reponse = api.get(f"{url}?q={valeur}&page=1")
    assert reponse.status_code == 400
    assert reponse.json() == {"detail": MESSAGE}


def test_le_nom_d_un_parametre_aussi(api):
    assert api.get("/api/v1/eleves/?q%00=x").status_code == 400


def test_une_recherche_ordinaire_passe(client, api, monde):
    client.force_login(monde.chef_a)
    # Tab, « %00 » written as text (%2500), accents, « + » for a space: people's searches.
    for q in ["Dupont%09Jean", "%2500", "L%C3%A9a", "N%27Diaye+Awa", "%0D%0A"]:
        assert client.get(f"{reverse('lycees:eleves')}?q={q}").status_code == 200, q
        assert api.get(f"/api/v1/eleves/?q={q}").status_code == 200, q


def test_un_formulaire_avec_un_caractere_nul_est_refuse_et_rien_n_est_cree(client, monde):
    client.force_login(monde.chef_a)
    avant = Division.objects.unscoped(RAISON).count()
    reponse = client.post(
        reverse("lycees:division_creer"),
        urlencode({"nom": "TBP\x00MELEC", "diplome": Diplome.BAC_PRO}),
        content_type="application/x-www-form-urlencoded",
    )
    assert reponse.status_code == 400
    assert MESSAGE in reponse.content.decode()
    assert Division.objects.unscoped(RAISON).count() == avant


def test_un_formulaire_multipart_avec_un_caractere_nul_est_refuse_par_le_formulaire(client, monde):
    # Multipart bodies are not read by the middleware (uploads): Django's CharField refuses NUL.
    client.force_login(monde.chef_a)
    avant = Division.objects.unscoped(RAISON).count()
    reponse = client.post(reverse("lycees:division_creer"), {"nom": "TBP\x00X", "diplome": Diplome.BAC_PRO})
    assert reponse.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in reponse.content.decode()
    assert Division.objects.unscoped(RAISON).count() == avant


def test_un_corps_json_avec_un_caractere_nul_est_refuse_en_francais(api):
    avant = Division.objects.unscoped(RAISON).count()
    reponse = api.post("/api/v1/divisions/", {"nom": "TBP\x00X", "diplome": Diplome.BAC_PRO}, format="json")
    assert reponse.status_code == 400
    assert reponse.json()["nom"] == ["Le caractère nul n’est pas autorisé."]
    assert Division.objects.unscoped(RAISON).count() == avant


def test_un_corps_de_formulaire_vers_l_api_avec_un_caractere_de_controle(api):
    reponse = api.post(
        "/api/v1/divisions/", "nom=TBP%01X&diplome=bac_pro", content_type="application/x-www-form-urlencoded"
    )
    assert reponse.status_code == 400
    assert reponse.json() == {"detail": MESSAGE}


def test_un_chemin_avec_un_caractere_nul(client, monde):
    client.force_login(monde.chef_a)
    assert client.get("/lycees/eleves/%00/").status_code in (400, 404)


@pytest.mark.parametrize(
    ("brut", "refuse"),
    [
        ("q=abc", False),
        ("q=%09%0A%0D", False),
        ("q=a+b", False),
        ("q=%2500", False),
        ("q=%00", True),
        ("q=%1f", True),
        ("q=\x00", True),
        (b"nom=%C3%A9%00", True),
        ("q=%E9", False),  # a Latin-1 byte is not a control: the view decides what it means
    ],
)
def test_contient_des_controles(brut, refuse):
    assert contient_des_controles(brut) is refuse


@pytest.mark.parametrize(("url", "attendu"), [("/lycees/eleves/", 302), ("/api/v1/eleves/", 401), ("/", 302)])
def test_un_cookie_de_session_avec_un_caractere_nul_est_oublie(db, client, url, attendu):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    reponse = client.get(url)
    assert reponse.status_code == attendu, "anonymous: to the login page, or 401 from the API"
    assert reponse.cookies["sessionid"].value == "", "the bad cookie is deleted"


def test_un_jeton_avec_un_caractere_nul(db):
    reponse = APIClient().get("/api/v1/eleves/", HTTP_AUTHORIZATION="Token abc\x00def")
    assert reponse.status_code == 401
    assert reponse.json()["detail"].startswith("Jeton d'API invalide")
