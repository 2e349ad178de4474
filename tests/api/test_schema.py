"""The OpenAPI 3 schema (/api/v1/schema/) and the Swagger UI page (/api/v1/docs/)."""

import json
import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema


def test_schema_json_openapi_3_valide(client, db):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert "/api/v1/moi/" in schema["paths"]
    assert set(schema["components"]["securitySchemes"]) == {"jetonAPI", "session"}
    parametres = schema["paths"]["/api/v1/moi/"]["get"]["parameters"]
    assert [p["name"] for p in parametres if p["in"] == "header"] == ["X-Organisation"]


def test_schema_yaml_par_defaut(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_schema_sans_avertissement(db, tmp_path):
    """Every endpoint of every app must be described without guesswork (no drf-spectacular warning)."""
    GENERATOR_STATS.reset()
    try:
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    finally:
        GENERATOR_STATS.reset()
    assert yaml.safe_load((tmp_path / "schema.yml").read_text())["info"]["title"] == "API AvenirPro"


def test_page_de_documentation_sans_cdn_et_avec_nonce(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    politique = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", politique).group(1)
    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the page has inline script and style tags"
    for _, attributs in inline:
        assert f'nonce="{nonce}"' in attributs


@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/v1/docs/"])
def test_documentation_publique(client, db, url):
    """The API's description holds no personal data: readable before logging in, like api.gouv.fr's."""
    assert client.get(url).status_code == 200
