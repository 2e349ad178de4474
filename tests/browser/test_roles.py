"""Every role logs in through the real form, lands on « Mon espace », and every page of its navigation
opens without an accessibility violation (axe-core, WCAG 2.1 A/AA) nor a CSP violation."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from avenirpro.enums import Role
from avenirpro.navigation import url_ou_none
from avenirpro.roles import DESCRIPTIONS
from tests import factories as f
from tests.browser.conftest import MOBILE, SCREENSHOTS
from tests.browser.pages import Coquille, axe_check, chemin, login
from tests.browser.roles import ROLES, utilisateur

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ROLES)
def test_chaque_role_se_connecte_et_parcourt_sa_navigation(page, monde, role):
    user = utilisateur(monde, role)
    _, profil, mfa_obligatoire = ROLES[role]
    secret = login(page, user.email, f.DEFAULT_PASSWORD)
    if mfa_obligatoire:
        assert secret, "la mise en place de la double authentification aurait dû être demandée"
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    else:
        assert secret is None
    # After setting up their second factor, pilots and administrators are shown their recovery codes.
    if chemin(page) != reverse("accueil"):
        page.goto(reverse("accueil"))
    coquille = Coquille(page)
    assert coquille.titre() == "Mon espace"
    assert user.memberships.get().get_role_display() in coquille.role_courant()
    premiere = DESCRIPTIONS[profil].missions_ouvertes(url_ou_none)[0]
    assert premiere.texte in page.locator("main").inner_text()
    axe_check(page, contexte=f"accueil ({role})")

    liens = coquille.liens_navigation()
    assert liens[0].label == "Mon espace"
    assert liens[0].courant == "page"
    for lien in liens[1:]:
        reponse = page.goto(lien.url)
        assert reponse.status == 200, f"{lien.label} ({lien.url}) : {reponse.status}"
        courants = [autre.label for autre in Coquille(page).liens_navigation() if autre.courant]
        assert courants == [lien.label], f"{lien.url} : entrée courante {courants}"
        axe_check(page, contexte=f"{lien.label} ({role})")


def test_sans_role_une_page_claire(page, db):
    user = f.UserFactory()
    login(page, user.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("accueil"))
    assert page.get_by_role("heading", name="Aucun rôle ne vous est attribué").is_visible()
    assert [lien.label for lien in Coquille(page).liens_navigation()] == ["Mon espace"]
    axe_check(page, contexte="accueil sans rôle")


def test_changer_d_organisation_depuis_l_en_tete(page, monde):
    user = monde.professeur_a
    f.MembershipFactory(user=user, organisation=monde.ft_a, role=Role.ADMINISTRATEUR)
    login(page, user.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("accueil"))
    coquille = Coquille(page)
    assert "Professeur" in coquille.role_courant()
    axe_check(page, contexte="accueil avec deux rôles")
    coquille.changer_organisation("Administrateur — Agence France Travail A")
    # An administrator of an operator may have to set up a second factor first.
    if chemin(page) != reverse("accueil"):
        page.goto(reverse("accueil"))
    assert "Administrateur" in Coquille(page).role_courant()


def test_deconnexion(page, monde):
    login(page, monde.conseiller_a.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("accueil"))
    Coquille(page).se_deconnecter()
    page.goto(reverse("accueil"))
    assert chemin(page) == reverse("account_login")


@pytest.mark.parametrize("browser_context_args", [{"viewport": MOBILE}])
def test_sur_telephone_le_menu_s_ouvre(page, monde):
    login(page, monde.chef_a.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("accueil"))
    coquille = Coquille(page)
    assert not coquille.navigation.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "accueil-390.png", full_page=True)
    coquille.ouvrir_menu_mobile()
    assert coquille.navigation.get_by_role("link", name="Mon espace").is_visible()
    axe_check(page, contexte="menu ouvert sur téléphone")
    coquille.se_deconnecter()
    assert chemin(page) == reverse("account_login")


def test_sur_ordinateur_la_navigation_est_visible(page, monde):
    login(page, monde.chef_a.email, f.DEFAULT_PASSWORD)
    page.goto(reverse("accueil"))
    assert Coquille(page).navigation.is_visible()
    assert not page.locator("#bouton-menu-mobile").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "accueil-1280.png", full_page=True)
