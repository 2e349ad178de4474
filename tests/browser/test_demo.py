"""The demo as a newcomer meets it: every demo account logs in through the real form (pilots and
administrators with their second factor), and every page of its navigation — with the demo's data in the
tables — plus the first record each list links to, has no accessibility (axe-core, WCAG 2.1 A/AA) nor
CSP violation."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.pages import Coquille, axe_check, chemin, soumettre, texte_alertes, totp_stable

pytestmark = pytest.mark.browser


@pytest.fixture
def comptes(transactional_db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    return json.loads((tmp_path / "demo-accounts.json").read_text(encoding="utf-8"))


def connexion_demo(page, compte: dict) -> None:
    page.goto(reverse("account_login"))
    formulaire = page.locator("form:has(input[name=password])")
    formulaire.locator("input[name=login]").fill(compte["email"])
    formulaire.locator("input[name=password]").fill(compte["password"])
    soumettre(page, formulaire)
    if "totp_secret" in compte:
        assert chemin(page) == reverse("mfa_authenticate"), f"{compte['email']} : code TOTP non demandé"
        axe_check(page, contexte="saisie du code de double authentification")
        formulaire = page.locator("form:has(input[name=code])")
        formulaire.locator("input[name=code]").fill(totp_stable(compte["totp_secret"]))
        soumettre(page, formulaire)
    assert chemin(page) == reverse("accueil"), f"{compte['email']} : {chemin(page)} {texte_alertes(page)}"


def premier_lien_de_tableau(page) -> str | None:
    lien = page.locator("main table tbody a[href^='/']").first
    return lien.get_attribute("href") if lien.count() else None


# The accounts in two halves, two tests: the parallel run (pytest -n 2) gives one to each worker. Each
# seeds the demo afresh (the transactional database is emptied after every test); one test per account
# would seed it a dozen times.
MOITIES = 2


@pytest.mark.parametrize("moitie", range(MOITIES))
def test_chaque_compte_de_demo_se_connecte_et_parcourt_ses_pages(page, comptes, moitie):
    visitees = 0
    assert len(comptes) >= 2 * MOITIES
    for compte in comptes[moitie::MOITIES]:
        connexion_demo(page, compte)
        axe_check(page, contexte=f"accueil de {compte['email']}")
        for lien in Coquille(page).liens_navigation()[1:]:
            reponse = page.goto(lien.url)
            assert reponse.status == 200, f"{compte['email']} {lien.url} : {reponse.status}"
            axe_check(page, contexte=f"{lien.label} ({compte['email']})")
            visitees += 1
            detail = premier_lien_de_tableau(page)
            if detail and not detail.endswith((".pdf", ".ics")):
                reponse = page.goto(detail)
                assert reponse.status == 200, f"{compte['email']} {detail} : {reponse.status}"
                axe_check(page, contexte=f"{detail} ({compte['email']})")
                visitees += 1
        page.context.clear_cookies()
    assert visitees > 20
