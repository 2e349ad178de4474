"""What schemathesis (.ci/fuzz) found in the OpenAPI schema, one test per finding: the schema must describe
every answer the API gives, errors included, in the formats it really uses."""

import json

import jsonschema
import pytest
from rest_framework.test import APIClient

from avenirpro.api.schema import ERREUR
from avenirpro.enums import Role
from tests import factories as f
from tests.api.conftest import client_jeton

CODES_ERREUR = ["400", "401", "403", "404", "429"]


@pytest.fixture
def schema(client, db):
    return json.loads(client.get("/api/v1/schema/?format=json").content)


def _operations(schema):
    for chemin, operations in schema["paths"].items():
        for methode, operation in operations.items():
            yield f"{methode.upper()} {chemin}", operation


def test_chaque_operation_documente_ses_erreurs(schema):
    """ST103 « Undocumented status code »: only the success codes were documented."""
    manquantes = {
        nom: [code for code in CODES_ERREUR if code not in operation["responses"]]
        for nom, operation in _operations(schema)
    }
    assert {nom: codes for nom, codes in manquantes.items() if codes} == {}
    reponse = schema["paths"]["/api/v1/eleves/"]["get"]["responses"]["429"]
    assert reponse["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{ERREUR}"}
    assert "Retry-After" in reponse["headers"]


def _valider_erreur(schema, corps):
    composant = {**schema["components"]["schemas"][ERREUR], "components": schema["components"]}
    jsonschema.validate(corps, composant)


def test_les_erreurs_reelles_respectent_le_composant_erreur(schema, db):
    """A 401, a 404 and a 400 with field errors all fit the documented ``Erreur`` component."""
    conseil = f.MembershipFactory(role="conseiller")
    client, _ = client_jeton(conseil.user)
    reponses = [
        APIClient().get("/api/v1/eleves/"),
        client.get("/api/v1/eleves/00000000-0000-0000-0000-000000000000/"),
        client.post("/api/v1/seances/", {}, format="json"),
    ]
    assert [r.status_code for r in reponses] == [401, 404, 400]
    for reponse in reponses:
        _valider_erreur(schema, reponse.json())


def test_x_organisation_accepte_tout_texte(schema, db):
    """ST201: the header was `format: uuid` while any text is accepted (an unknown value falls back)."""
    parametre = next(
        p for p in schema["paths"]["/api/v1/moi/"]["get"]["parameters"] if p["name"] == "X-Organisation"
    )
    assert parametre["schema"] == {"type": "string"}
    conseil = f.MembershipFactory(role="conseiller")
    client, _ = client_jeton(conseil.user)
    reponse = client.get("/api/v1/moi/", HTTP_X_ORGANISATION="kh")
    assert reponse.status_code == 200
    assert reponse.json()["membership_courante"]["uuid"] == str(conseil.uuid)


@pytest.mark.parametrize(
    "url", ["/api/v1/affectations/%F1%BC%87%B4/", "/api/v1/seances/pas-un-uuid/", "/api/v1/inconnu/"]
)
def test_une_url_d_api_sans_route_repond_404_en_json(db, url):
    """ST101/content type: a uuid route given something else matched no route and got Django's HTML 404
    page (a 500 when the page could not render): the API answers its own JSON 404."""
    conseil = f.MembershipFactory(role="conseiller")
    client, _ = client_jeton(conseil.user)
    reponse = client.get(url)
    assert reponse.status_code == 404
    assert reponse["Content-Type"] == "application/json"
    assert reponse.json() == {"detail": "Ressource introuvable."}


def test_une_page_sans_route_garde_la_page_404_du_site(client, db):
    reponse = client.get("/lycees/pas-une-page/ici/")
    assert reponse.status_code == 404
    assert reponse["Content-Type"].startswith("text/html")


def test_un_parametre_donne_deux_fois_est_refuse(db):
    """ST201: ``?annee=%C2%A4&annee=`` was read as its last (empty) value and answered 200."""
    conseil = f.MembershipFactory(role="conseiller")
    client, _ = client_jeton(conseil.user)
    reponse = client.get("/api/v1/affectations/jauge/?annee=%C2%A4&annee=")
    assert reponse.status_code == 400
    assert reponse.json() == {
        "detail": "Le paramètre « annee » est donné plusieurs fois : une seule valeur est attendue.",
        "annee": ["Le paramètre « annee » est donné plusieurs fois : une seule valeur est attendue."],
    }


def test_un_corps_multipart_de_trop_de_champs_repond_400_en_json(db):
    """ST105: Django's TooManyFieldsSent, raised while DRF parses the body, rendered the HTML 400 page."""
    conseil = f.MembershipFactory(role="conseiller")
    client, _ = client_jeton(conseil.user)
    champs = {f"champ{i}": "x" for i in range(1001)}
    reponse = client.post("/api/v1/evenements/", champs, format="multipart")
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "application/json"
    assert reponse.json() == {"detail": "Requête refusée : elle contient trop de champs (1 000 au plus)."}


@pytest.fixture
def chef(db):
    return f.MembershipFactory(organisation=f.LyceeFactory().organisation, role=Role.CHEF_ETABLISSEMENT).user


@pytest.mark.parametrize(
    ("url", "champ"),
    [
        ("/api/v1/divisions/?lycee=", "lycee"),
        ("/api/v1/eleves/?division=", "division"),
        ("/api/v1/seances/?lycee=", "lycee"),
        ("/api/v1/evenements/?type=", "type"),
    ],
)
def test_un_filtre_vide_en_parametre_est_un_400(chef, url, champ):
    """ST201: ``?lycee=`` (schema: uuid) was read as « no filter » and answered 200 with every class."""
    client, _ = client_jeton(chef)
    reponse = client.get(url)
    assert reponse.status_code == 400
    assert reponse.json()[champ] == ["Valeur vide : indiquez une valeur, ou retirez le paramètre."]


@pytest.mark.parametrize("annee", ["²", "abc", "", "20266"])
def test_une_annee_invalide_en_parametre_est_un_400(chef, annee):
    """``?annee=`` not four ASCII digits was silently ignored; « ² » passed ``isdigit`` and broke ``int``."""
    client, _ = client_jeton(chef)
    reponse = client.get("/api/v1/eleves/", {"annee": annee})
    assert reponse.status_code == 400
    assert reponse.json()["annee"] == ["Année scolaire invalide : indiquez sa première année (ex. 2026)."]


@pytest.mark.parametrize("parametre", ["annee", "reseau"])
def test_un_filtre_vide_des_affectations_est_un_400(db, parametre):
    """ST201: ``?annee=`` (schema: integer) gave the current year, ``?reseau=`` (an enum) no filter."""
    conseil = f.MembershipFactory(role=Role.CONSEILLER)
    client, _ = client_jeton(conseil.user)
    reponse = client.get("/api/v1/affectations/", {parametre: ""})
    assert reponse.status_code == 400
    assert parametre in reponse.json()


def test_les_corps_de_requete_sont_documentes_en_json(schema):
    """ST201: a multipart body with ``annee=""`` was accepted (for DRF an empty form field is an absent one,
    which no schema says): request bodies are documented as JSON, the API's contract."""
    types = {
        type_
        for _, operation in _operations(schema)
        for type_ in operation.get("requestBody", {}).get("content", {})
    }
    assert types == {"application/json"}


def test_une_requete_de_plus_de_1000_parametres_repond_400_en_json(db):
    """Django's TooManyFieldsSent on a query string (what a proxy would cut as « URI too long »): JSON."""
    conseil = f.MembershipFactory(role="conseiller")
    client, _ = client_jeton(conseil.user)
    reponse = client.get("/api/v1/seances/?" + "&".join(f"p{i}=1" for i in range(1001)))
    assert reponse.status_code == 400
    assert reponse.json() == {"detail": "Requête refusée : elle contient trop de champs (1 000 au plus)."}


@pytest.mark.parametrize("page", ["", "abc", "0", "-1", "²", "1.5"])
def test_un_numero_de_page_invalide_est_un_400(chef, page):
    """ST201: ``?page=`` (schema: integer) was read as page 1 by DRF (``or 1``) and answered 200."""
    client, _ = client_jeton(chef)
    reponse = client.get("/api/v1/evenements/", {"page": page})
    assert reponse.status_code == 400
    assert reponse.json()["page"] == ["Le numéro de page doit être un entier positif (1, 2, 3…)."]


def test_une_page_au_dela_de_la_derniere_reste_un_404(chef):
    client, _ = client_jeton(chef)
    assert client.get("/api/v1/evenements/", {"page": "1"}).status_code == 200
    assert client.get("/api/v1/evenements/", {"page": "7"}).status_code == 404


def test_un_numero_de_page_hors_de_portee_de_la_base_est_un_404(chef):
    """Found by the CI's stateful fuzz: ``?page=499099960214130458624`` was a 500 (the OFFSET overflowed)."""
    client, _ = client_jeton(chef)
    assert client.get("/api/v1/avenirplus/sorties/", {"page": "499099960214130458624"}).status_code == 404


@pytest.mark.parametrize("valeur", ["AAA", "2", "oui"])
def test_un_booleen_invalide_en_parametre_est_un_400(chef, valeur):
    """ST201: ``/api/v1/restitutions/?lue=AAA`` (schema: boolean) read as « no filter », answered 200."""
    client, _ = client_jeton(chef)
    reponse = client.get("/api/v1/restitutions/", {"lue": valeur})
    assert reponse.status_code == 400
    assert reponse.json()["lue"] == ["Valeur invalide : indiquez « true » ou « false »."]


@pytest.mark.parametrize("valeur", ["true", "false"])
def test_un_booleen_du_schema_est_accepte(chef, valeur):
    client, _ = client_jeton(chef)
    assert client.get("/api/v1/restitutions/", {"lue": valeur}).status_code == 200


@pytest.mark.parametrize("nom", [476, 4.5])
def test_un_nombre_pour_un_champ_texte_est_refuse(chef, nom):
    """ST201: ``{"nom": 476, "diplome": "bma"}`` created the class « 476 » (DRF turns a number into text)."""
    from lycees.models import Division

    client, _ = client_jeton(chef)
    reponse = client.post("/api/v1/divisions/", {"nom": nom, "diplome": "bma"}, format="json")
    assert reponse.status_code == 400
    assert reponse.json()["nom"] == ["Texte attendu (une chaîne entre guillemets), pas un nombre."]
    assert not Division.objects.unscoped("test").exists()
    reponse = client.post("/api/v1/divisions/", {"nom": "476", "diplome": "bma"}, format="json")
    assert reponse.status_code == 201
    assert reponse.json()["nom"] == "476"
