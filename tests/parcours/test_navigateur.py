"""The issue's check, in a real browser on a 390 px phone: the counsellor finds a student by typing her name
without its accents, records an interview with a restitution from the caseload, and the professeur
référent sees it arrive, unread, in « Restitutions » (the header's badge counts it); confidential notes
never reach the référent. Every page is checked with axe-core and for sideways scrolling."""

import pytest
from django.urls import reverse

from parcours.models import Entretien, NoteConfidentielle, Restitution
from parcours.services import entretiens
from tests import factories as f
from tests.browser.conftest import MOBILE
from tests.browser.pages import Coquille, axe_check, chemin, login, soumettre
from tests.conftest import fresh

pytestmark = pytest.mark.browser

DEBORDE = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
NOTE = "Situation familiale difficile, à ne pas répéter."


def verifier(page, contexte: str) -> None:
    assert not page.evaluate(DEBORDE), f"{contexte} défile de côté à 390 px"
    axe_check(page, contexte=contexte)


@pytest.mark.parametrize("browser_context_args", [{"viewport": MOBILE}])
def test_entretien_et_restitution_depuis_un_telephone(page, monde):
    division = monde.eleves_a[0].division
    helene = f.EleveFactory(division=division, nom="Lefèvre", prenom="Hélène")
    entretiens.nommer_referents(fresh(monde.chef_a), division, [monde.professeur_a])

    login(page, monde.conseiller_a.email, f.DEFAULT_PASSWORD)
    shell = Coquille(page)
    if not shell.navigation.is_visible():
        shell.ouvrir_menu_mobile()
    with page.expect_navigation():
        shell.navigation.get_by_role("link", name="Mes élèves", exact=True).click()
    verifier(page, "Mes élèves")

    recherche = page.get_by_role("search")
    recherche.get_by_label("Nom, prénom ou INE").fill("helene lefevre")
    soumettre(page, recherche)
    lignes = page.locator("tbody tr")
    assert lignes.count() == 1
    assert "Lefèvre Hélène" in lignes.first.inner_text()
    verifier(page, "recherche sans accents")

    with page.expect_navigation():
        page.get_by_role("link", name="Entretien avec Hélène Lefèvre").click()
    assert chemin(page) == reverse("parcours:eleve_entretien", args=[helene.uuid])
    verifier(page, "saisie d'un entretien")
    page.get_by_label("Notes confidentielles").fill(NOTE)
    page.get_by_label("Restitution au professeur référent : où en est l'élève ?").select_option(
        label="Candidatures envoyées"
    )
    page.get_by_label("Commentaire pour le professeur référent").fill("Trois candidatures en électricité.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer l'entretien").first.click()
    assert chemin(page) == reverse("parcours:eleve", args=[helene.uuid])
    verifier(page, "page de l'élève après l'entretien")

    entretien = Entretien.objects.unscoped("vérification du test").get(eleve=helene)
    restitution = Restitution.objects.unscoped("vérification du test").get(entretien=entretien)
    assert NoteConfidentielle.objects.unscoped("vérification du test").get(entretien=entretien).texte == NOTE
    assert (restitution.referent_id, restitution.lue_le) == (monde.professeur_a.pk, None)

    shell.se_deconnecter()
    login(page, monde.professeur_a.email, f.DEFAULT_PASSWORD)
    shell = Coquille(page)
    if not shell.navigation.is_visible():
        shell.ouvrir_menu_mobile()
    lien = shell.navigation.get_by_role("link", name="Restitutions")
    assert " ".join(lien.text_content().split()) == "Restitutions 1 non lues"
    with page.expect_navigation():
        lien.click()
    verifier(page, "Restitutions du professeur référent")
    main = page.locator("main")
    assert "1 restitution non lue" in main.inner_text()
    assert "Trois candidatures en électricité." in main.inner_text()
    assert NOTE not in page.content()
