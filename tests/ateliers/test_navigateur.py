"""In a real browser, on a 390 px phone: a counsellor plans a séance, records attendance by tapping the absent
students, shows the QR code; a student answers without an account. Every page passes axe-core (WCAG 2.1 A
and AA) under the real content security policy."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ateliers.enums import StatutSeance
from ateliers.models import Presence, ReponseSeance, Seance
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import SeanceFactory
from tests.browser.conftest import MOBILE
from tests.browser.pages import axe_check, chemin, login, soumettre, surveiller

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args():
    return {"viewport": MOBILE, "has_touch": True, "is_mobile": True}


def test_planifier_une_seance_sur_telephone(page, monde):
    login(page, monde.conseiller_a.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("ateliers:seance_nouvelle"))
    axe_check(page, contexte="planifier une séance")
    formulaire = page.locator("form.ateliers-formulaire")
    formulaire.get_by_label("Thème").select_option("2")
    formulaire.locator("input[name=divisions] + label").first.click()
    formulaire.get_by_label("Date").fill(timezone.localdate().isoformat())
    formulaire.get_by_label("Heure de début").fill("10:00")
    formulaire.get_by_label("Durée (minutes)").fill("45")
    soumettre(page, formulaire)
    # The educational team member is mandatory: the form says so, next to the field.
    assert "article 4" in page.locator("main").inner_text()
    axe_check(page, contexte="formulaire avec erreurs")
    formulaire = page.locator("form.ateliers-formulaire")
    formulaire.get_by_label("Membre de l'équipe éducative présent").fill("Mme Petit")
    formulaire.get_by_label("Sa fonction").fill("Professeure principale")
    soumettre(page, formulaire)
    seance = Seance.objects.unscoped("test").get()
    assert chemin(page) == reverse("ateliers:seance", kwargs={"uuid": seance.uuid})
    # Flagged, not refused: 45 minutes.
    assert "une à deux heures" in page.locator(".fr-alert--warning").first.inner_text()
    axe_check(page, contexte="fiche de la séance")


def test_saisir_les_presences_en_touchant_les_absents(page, monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        conseillers=[monde.conseiller_a],
        date=timezone.localdate(),
    )
    login(page, monde.conseiller_a.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("ateliers:seance_presences", kwargs={"uuid": seance.uuid}))
    axe_check(page, contexte="grille de présences")
    compteur = page.locator("[data-presents]")
    assert compteur.inner_text() == "3"
    absent = monde.eleves_a[1]
    page.locator(f"label[for='absent-{absent.uuid}']").tap()
    assert compteur.inner_text() == "2"
    assert page.locator(f"#absent-{absent.uuid}").is_checked()
    # The student's whole row is a large target: at least 44 px high.
    hauteur = page.locator(f"label[for='absent-{absent.uuid}']").bounding_box()["height"]
    assert hauteur >= 44
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").tap()
    assert "2 présents / 3" in page.locator("main").inner_text()
    assert list(Presence.objects.unscoped("test").filter(present=False).values_list("eleve", flat=True)) == [
        absent.pk
    ]
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.REALISEE
    axe_check(page, contexte="séance réalisée")

    page.goto(reverse("ateliers:seance_questionnaire", kwargs={"uuid": seance.uuid}))
    axe_check(page, contexte="QR code")
    lien = page.locator(".ateliers-lien").inner_text().strip()
    assert page.locator(".ateliers-qr img").bounding_box()["width"] > 200

    # A student scans the code: no account, no name.
    eleve = surveiller(page.context.browser.new_context(viewport=MOBILE, locale="fr-FR").new_page())
    try:
        eleve.goto(lien)
        assert chemin(eleve).startswith("/ateliers/q/")
        axe_check(eleve, contexte="questionnaire public")
        eleve.locator("label", has_text="Très satisfait").click()
        eleve.get_by_label("Un commentaire ?").fill("Très clair, merci")
        soumettre(eleve, eleve.locator("form.ateliers-formulaire"))
        assert "Merci" in eleve.locator("main").inner_text()
        axe_check(eleve, contexte="merci")
        eleve.goto(lien)
        assert "déjà répondu" in eleve.locator("main").inner_text()
    finally:
        eleve.context.close()
    assert ReponseSeance.objects.get().note == 4


def test_saisir_les_presences_au_clavier(page, monde):
    """Field defects: Enter on a toggle submitted the form; the sticky bar hid the focused row."""
    division = divisions_de(monde.lycee_a)[0]
    eleves = [*monde.eleves_a, *f.EleveFactory.create_batch(22, division=division)]
    seance = SeanceFactory(
        lycee=monde.lycee_a, divisions=[division], conseillers=[monde.conseiller_a], date=timezone.localdate()
    )
    login(page, monde.conseiller_a.email, f.DEFAULT_PASSWORD)
    url = reverse("ateliers:seance_presences", kwargs={"uuid": seance.uuid})
    page.goto(url)
    compteur = page.locator("[data-presents]")
    total = len(eleves)
    assert compteur.inner_text() == str(total)
    cases = page.locator('input[name="absents"]')
    cases.first.focus()
    page.keyboard.press("Enter")
    assert chemin(page) == url  # not submitted
    assert cases.first.is_checked()
    assert compteur.inner_text() == str(total - 1)
    pied = page.locator(".ateliers-presences__pied").bounding_box()
    for _ in range(total - 1):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            "document.activeElement.closest('.ateliers-presence').getBoundingClientRect().bottom"
        )
        assert focus <= pied["y"] + 1, "la ligne qui a le focus est cachée sous la barre"
    assert Presence.objects.unscoped("test").count() == 0
