"""Swagger UI in a real browser: everything from our own origin, nothing blocked by the strict CSP."""

from urllib.parse import urlparse

import pytest

from tests.services import require_chromium

ARGS_CHROMIUM = [
    "--no-sandbox",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.mark.browser
def test_la_documentation_s_affiche_sans_cdn_ni_erreur_csp(live_server, transactional_db):
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    origine = urlparse(live_server.url).netloc
    requetes: list[str] = []
    erreurs: list[str] = []
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=chromium, args=ARGS_CHROMIUM)
        try:
            page = navigateur.new_page()
            page.on("request", lambda requete: requetes.append(requete.url))
            page.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda erreur: erreurs.append(str(erreur)))
            # Chromium also reports CSP violations as console errors; this catches any it would not.
            page.add_init_script(
                "document.addEventListener('securitypolicyviolation', e => "
                "console.error('CSP : ' + e.violatedDirective + ' ' + e.blockedURI));"
            )
            response = page.goto(f"{live_server.url}/api/v1/docs/")
            assert response.status == 200
            # Swagger UI has loaded the schema and drawn the operations.
            page.wait_for_selector("#operations-compte-moi", timeout=15_000)
            assert "API AvenirPro" in page.inner_text(".information-container")
            page.wait_for_load_state("networkidle")
        finally:
            navigateur.close()

    assert erreurs == []
    assert any(url.endswith("/api/v1/schema/") for url in requetes)
    ailleurs = [url for url in requetes if urlparse(url).scheme in {"http", "https"}]
    ailleurs = [url for url in ailleurs if urlparse(url).netloc != origine]
    assert ailleurs == []
