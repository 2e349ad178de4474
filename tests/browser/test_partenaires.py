"""The regional pilot chooses a lycée's partner mission locale from a 390 px phone: the table of the
lycées scrolls inside itself, « Choisir » opens the lycée's page, « Enregistrer » goes back to the table."""

import pytest
from django.urls import reverse

from avenirplus.models import PartenaireMissionLocale
from tests import factories as f
from tests.browser.conftest import MOBILE, SCREENSHOTS
from tests.browser.pages import axe_check, chemin, login, soumettre, texte_alertes

pytestmark = pytest.mark.browser

DEBORDE = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.mark.parametrize("browser_context_args", [{"viewport": MOBILE}])
def test_le_pilote_regional_choisit_la_mission_locale_d_un_lycee_depuis_son_telephone(page, monde):
    annee = f.AnneeScolaireFactory(annee_debut=2025)
    f.OrganisationFactory(nom="Mission locale A", mission_locale=True, academie=f.academie("01"))
    login(page, monde.pilote_a.email, f.DEFAULT_PASSWORD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{reverse('avenirplus:partenaires')}?annee=2025")
    page.screenshot(path=SCREENSHOTS / "avenirplus-partenaires-390.png", full_page=True)
    assert not page.evaluate(DEBORDE), "la liste des missions locales partenaires défile de côté à 390 px"
    axe_check(page, contexte="missions locales partenaires à 390 px")

    with page.expect_navigation():
        page.get_by_role(
            "link", name="Choisir la mission locale partenaire de Lycée A sans opérateur"
        ).click()
    page.screenshot(path=SCREENSHOTS / "avenirplus-partenaire-choisir-390.png", full_page=True)
    assert not page.evaluate(DEBORDE), "le choix de la mission locale défile de côté à 390 px"
    axe_check(page, contexte="choix de la mission locale partenaire à 390 px")

    formulaire = page.locator("main form")
    formulaire.get_by_label("Mission locale partenaire").select_option(label="Mission locale A")
    soumettre(page, formulaire)
    assert chemin(page) == reverse("avenirplus:partenaires")
    assert "« Mission locale A » est la mission locale partenaire de « Lycée A sans opérateur »" in (
        texte_alertes(page)
    )
    assert PartenaireMissionLocale.objects.filter(lycee=monde.lycee_a_non_affecte, annee=annee).exists()
