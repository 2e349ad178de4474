"""Fixtures of the browser tests: one Chromium per test module, a new context (cookies, storage) per
test, against pytest-django's ``live_server`` (transactional database). Another test directory uses them
by importing them into its conftest:
``from tests.browser.conftest import browser, context, page``.

Why per module and not per session: Playwright's sync API runs an asyncio loop in the main thread while a
browser is open, and a second ``sync_playwright()`` (another module's own browser) refuses to start
beside it. Launching Chromium takes about a second.

Chromium is the system one (/usr/bin/chromium, ``apt-get install chromium``); Playwright never downloads
a browser here. Without Chromium the tests skip on a laptop and fail in CI (``require_chromium``).
A failed test leaves a screenshot of each of its pages under var/screenshots/.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from tests.browser.pages import AXE_JS, surveiller
from tests.conftest import charger_donnees_de_reference
from tests.services import _absent, require_chromium

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--headless",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    executable = require_chromium()
    if not AXE_JS.exists():
        _absent("axe-core absent : lancez « npm ci » à la racine du dépôt pour les tests dans le navigateur")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread; Django would take the test code's ORM
    # calls for calls from async code. They are not: allow them while the browser lives.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            navigateur = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield navigateur
            finally:
                navigateur.close()
                # Django keeps its connections in context variables and Playwright runs the test code in
                # a context of its own, where Django opened new connections: close them, or PostgreSQL
                # could not drop the test database at the end of the session.
                connections.close_all()


@pytest.fixture
def browser_context_args():
    """Override in a test module (or with @pytest.mark.parametrize) to change the viewport, locale…"""
    return {"viewport": DESKTOP}


@pytest.fixture
def context(browser, live_server, transactional_db, browser_context_args, request):
    # The reference data again (idempotent). Rate limits (login attempts) live in the cache: each test
    # starts afresh.
    charger_donnees_de_reference()
    cache.clear()
    contexte = browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris", **browser_context_args
    )
    contexte.set_default_timeout(15_000)
    # The test's failure is counted before its fixtures are torn down (this works from any conftest that
    # imports the fixture, where a hook of this conftest would not run).
    echecs = request.session.testsfailed
    yield contexte
    if request.session.testsfailed > echecs:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        nom = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        for numero, page in enumerate(contexte.pages):
            page.screenshot(path=SCREENSHOTS / f"{nom}-{numero}.png", full_page=True)
    contexte.close()


@pytest.fixture
def page(context):
    return surveiller(context.new_page())
