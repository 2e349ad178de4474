"""On a 390 px phone no page scrolls sideways (field defect: the members page and the profile did); the
platform's pages and the legal pages pass axe too."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.browser.conftest import MOBILE, SCREENSHOTS
from tests.browser.pages import axe_check, login

pytestmark = pytest.mark.browser

DEBORDE = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.mark.parametrize("browser_context_args", [{"viewport": MOBILE}])
def test_aucune_page_ne_defile_de_cote_a_390_px(page, monde):
    f.MembershipFactory(
        user=f.UserFactory(email="une.adresse.tres.longue.pour.un.telephone@academie-exemple.gouv.fr"),
        organisation=monde.lycee_a.organisation,
        role="professeur",
    )
    login(page, monde.chef_a.email, f.DEFAULT_PASSWORD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for nom in ("comptes:membres", "comptes:inviter", "profil:index", "plan_du_site", "accessibilite"):
        page.goto(reverse(nom))
        page.screenshot(path=SCREENSHOTS / f"{nom.replace(':', '-')}-390.png", full_page=True)
        assert not page.evaluate(DEBORDE), f"{nom} défile de côté à 390 px"
        axe_check(page, contexte=f"{nom} à 390 px")
    page.goto(reverse("comptes:membres"))
    assert page.get_by_role("link", name="Inviter").is_visible()


@pytest.mark.parametrize("browser_context_args", [{"viewport": MOBILE}])
def test_le_personnel_importe_des_lycees_depuis_son_telephone(
    page, monde, django_capture_on_commit_callbacks
):
    """The platform's pages: import preview with its refused rows, the job's result, an organisation."""
    from pathlib import Path

    staff = f.UserFactory(is_staff=True)
    login(page, staff.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("plateforme:accueil"))
    assert not page.evaluate(DEBORDE)
    axe_check(page, contexte="administration de la plateforme")
    page.get_by_role("link", name="Importer les lycées").click()
    axe_check(page, contexte="import des lycées")
    page.set_input_files(
        "input[name=fichier]", str(Path(__file__).parents[1] / "plateforme" / "annuaire-30-lycees.csv")
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Lignes refusées").is_visible()
    assert not page.evaluate(DEBORDE), "l'aperçu défile de côté à 390 px"
    axe_check(page, contexte="aperçu de l'import")
    page.screenshot(path=SCREENSHOTS / "plateforme-apercu-390.png", full_page=True)
    page.goto(reverse("plateforme:organisation", args=[monde.lycee_a.organisation.uuid]))
    assert not page.evaluate(DEBORDE)
    axe_check(page, contexte="organisation (plateforme)")
