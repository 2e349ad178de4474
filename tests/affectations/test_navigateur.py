"""The FT/ML split in a real browser (Chromium): a regional pilot assigns a lycée, moves another from France
Travail to a mission locale after the confirmation, and reads the gauge; the operator's administrator
names a counsellor. Every page is checked with axe-core (WCAG 2.1 A/AA) and under the real CSP, on a
desktop and on a 390 px wide phone."""

import pytest
from django.urls import reverse

from lycees.models import Affectation
from tests import factories as f
from tests.affectations import factories as af
from tests.browser.conftest import DESKTOP, MOBILE
from tests.browser.pages import axe_check, login, soumettre

pytestmark = pytest.mark.browser


@pytest.fixture(params=[DESKTOP, MOBILE], ids=["ordinateur", "telephone"])
def browser_context_args(request):
    return {"viewport": request.param}


def sans_defilement_horizontal(page) -> None:
    """At 390 px the page itself never scrolls sideways (wide tables scroll inside their own box)."""
    largeur = page.evaluate("document.documentElement.scrollWidth")
    fautifs = page.evaluate(
        """(limite) => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > limite + 1)
            .slice(0, 5).map(e => e.tagName + "." + e.className)""",
        page.viewport_size["width"],
    )
    assert largeur <= page.viewport_size["width"], f"la page déborde : {largeur} px ({fautifs})"


def verifier(page, contexte: str) -> None:
    axe_check(page, contexte=contexte)
    sans_defilement_horizontal(page)


def test_le_pilote_repartit_et_lit_la_jauge(page, monde):
    ml_a = af.mission_locale("01", nom="Mission locale A")
    annee = f.annee_courante()
    login(page, monde.pilote_a.email, f.DEFAULT_PASSWORD, verifier_accessibilite=False)

    page.goto(reverse("lycees:affectations"))
    verifier(page, "liste des lycées (pilote)")
    page.get_by_role("link", name="Affecter Lycée A sans opérateur").click()
    page.wait_for_url("**/affectations/lycee/**")
    verifier(page, "affecter un lycée")
    formulaire = page.locator("main form")
    formulaire.get_by_label("Opérateur qui accompagne le lycée").select_option(
        label="Agence France Travail A"
    )
    soumettre(page, formulaire)
    assert "est affecté à « Agence France Travail A »" in page.locator(".fr-alert").first.inner_text()
    assert Affectation.objects.get(lycee=monde.lycee_a_non_affecte, annee=annee).operateur == monde.ft_a

    # Lycée A moves from France Travail to the mission locale: a confirmation names the counsellor who leaves.
    page.get_by_role("link", name="Modifier l'affectation de Lycée A", exact=True).click()
    formulaire = page.locator("main form")
    formulaire.get_by_label("Opérateur qui accompagne le lycée").select_option(label="Mission locale A")
    soumettre(page, formulaire)
    assert page.get_by_role("heading", name="Confirmer le changement d'opérateur").is_visible()
    assert str(monde.conseiller_a) in page.locator("main").inner_text()
    verifier(page, "confirmation du changement d'opérateur")
    soumettre(page, page.locator("main form"))
    assert (
        "passe de « Agence France Travail A » à « Mission locale A »"
        in page.locator(".fr-alert").first.inner_text()
    )
    assert Affectation.objects.get(lycee=monde.lycee_a, annee=annee).operateur == ml_a

    page.goto(reverse("lycees:jauge"))
    verifier(page, "jauge (pilote régional)")
    texte = page.locator("main").inner_text()
    assert "France Travail : 1 lycée" in texte and "Missions locales : 1 lycée" in texte
    assert page.get_by_role("img", name="France Travail 50 %, missions locales 50 %").first.is_visible()


def test_affectation_groupee_au_clavier(page, monde):
    af.mission_locale("01", nom="Mission locale A")
    login(page, monde.pilote_a.email, f.DEFAULT_PASSWORD, verifier_accessibilite=False)
    page.goto(reverse("lycees:affectations"))
    case = page.locator(f"#choix-{monde.lycee_a_non_affecte.uuid}")
    case.focus()
    page.keyboard.press("Space")
    assert case.is_checked()
    page.get_by_label("Opérateur", exact=False).last.select_option(label="Mission locale A")
    page.get_by_role("button", name="Affecter la sélection").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "est affecté à « Mission locale A »" in page.locator(".fr-alert").first.inner_text()


def test_l_administrateur_designe_un_conseiller_et_le_pilote_national_lit_la_jauge(page, monde):
    login(page, monde.admin_ft_a.email, f.DEFAULT_PASSWORD, verifier_accessibilite=False)
    page.goto(reverse("lycees:affectations"))
    verifier(page, "lycées accompagnés (administrateur)")
    page.get_by_role("link", name="Désigner les conseillers de Lycée A").click()
    page.wait_for_url("**/conseillers/")
    verifier(page, "désigner les conseillers")
    # The DSFR draws the box on the label, which takes the click.
    page.locator(f"label[for='conseiller-{monde.conseiller_a_non_designe.uuid}']").click()
    assert page.get_by_label(str(monde.conseiller_a_non_designe)).is_checked()
    soumettre(page, page.locator("main form"))
    assert "Conseillers désignés pour « Lycée A »" in page.locator(".fr-alert").first.inner_text()
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=f.annee_courante())
    assert set(affectation.conseillers.all()) == {monde.conseiller_a, monde.conseiller_a_non_designe}

    page.context.clear_cookies()
    login(page, monde.pilote_national.email, f.DEFAULT_PASSWORD, verifier_accessibilite=False)
    page.goto(reverse("lycees:jauge"))
    verifier(page, "jauge (pilote national)")
    assert page.get_by_role("heading", name="France entière").is_visible()
    page.goto(reverse("lycees:affectations"))
    verifier(page, "liste des lycées (pilote national)")
