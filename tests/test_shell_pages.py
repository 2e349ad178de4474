"""The page shell (templates/base.html): every role's navigation pages answer 200 with no undefined
template variable, the strict CSP holds (no inline handler or style, every script carries the nonce),
« Mon espace » per role, the organisation switcher, messages and the DSFR error pages."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template import Context, Template
from django.test import Client
from django.urls import include, path, reverse
from django.utils.html import escape

from avenirpro import access, legal, navigation, views
from avenirpro.enums import Role
from avenirpro.roles import DESCRIPTIONS
from tests import factories as f
from tests.browser.roles import ROLES, avec_totp, utilisateur
from tests.conftest import fresh, membre

# --- a URLconf with every planned page, for the navigation rules, and views that fail on purpose ----------


def page_vide(request):
    return render(request, "avenirpro/erreur.html")


def interdit(request):
    raise PermissionDenied("test")


def plante(request):
    raise RuntimeError("erreur volontaire du test")


def avec_messages(request):
    messages.success(request, "Enregistré.")
    messages.error(request, "Refusé.")
    messages.debug(request, "Détail.")
    return render(request, "avenirpro/accueil.html")


PAGES_PREVUES = {
    "lycees": {
        "eleves": "eleves/",
        "divisions": "divisions/",
        "import": "import/",
        "affectations": "affectations/",
        "jauge": "affectations/repartition/",
    },
    "ateliers": {"seances": "seances/", "aujourdhui": "aujourdhui/", "evenements": "evenements/"},
    "comptes": {"membres": "membres/"},
    "parcours": {
        "mes_eleves": "suivi/",
        "restitutions": "restitutions/",
        "alertes": "alertes/",
        "permanences": "permanences/",
    },
    "avenirplus": {
        "tableau": "",
        "mes_eleves": "mes-eleves/",
        "partenaires": "missions-locales/",
        "conseillers_partenaires": "conseillers/",
    },
    "indicateurs": {"indicateurs": "indicateurs/", "remontees": "remontees/"},
}
# The kernel's pages only (no "profil:index": the header skips the link), then every planned page.
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("mentions-legales/", legal.mentions_legales, name="mentions_legales"),
    path("accessibilite/", legal.accessibilite, name="accessibilite"),
    path("plan-du-site/", legal.plan_du_site, name="plan_du_site"),
    path("organisation/changer/", views.changer_organisation, name="changer_organisation"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("test/interdit/", interdit),
    path("test/plante/", plante),
    path("test/messages/", avec_messages),
    path("test/donnees/registre/", page_vide, name="registre_donnees"),
    *[
        path(
            f"test/{app}/", include(([path(route, page_vide, name=nom) for nom, route in pages.items()], app))
        )
        for app, pages in PAGES_PREVUES.items()
    ],
]
TOUTES_LES_PAGES = "tests.test_shell_pages"


# --- HTML checks -------------------------------------------------------------------------------------------


class _Balises(HTMLParser):
    def __init__(self):
        super().__init__()
        self.balises: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.balises.append((tag, dict(attrs)))


def balises(html: str) -> list[tuple[str, dict]]:
    parseur = _Balises()
    parseur.feed(html)
    return parseur.balises


def verifier_page(response) -> str:
    """200, no «INVALID» marker, and the strict CSP: no inline handler or style, the nonce on every script."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "INVALID" not in html, re.findall(r"«INVALID[^»]*»", html)
    verifier_csp(response)
    return html


def verifier_csp(response) -> None:
    html = response.content.decode()
    politique = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", politique)
    scripts = [attrs for tag, attrs in balises(html) if tag == "script"]
    if scripts:
        assert nonce, "des scripts sans nonce dans la politique CSP"
    for attrs in scripts:
        assert attrs.get("nonce") == nonce.group(1), f"script sans le nonce de la requête : {attrs}"
    for tag, attrs in balises(html):
        interdits = [nom for nom in attrs if nom == "style" or nom.startswith("on")]
        assert not interdits, f"<{tag}> avec {interdits} : interdit par la CSP"
    assert "<style" not in html or all(attrs.get("nonce") for tag, attrs in balises(html) if tag == "style")


def liens_navigation(html: str) -> list[tuple[str, str | None]]:
    nav = html[html.index('id="navigation-principale"') :]
    nav = nav[: nav.index("</nav>")]
    return [
        (attrs["href"], attrs.get("aria-current"))
        for tag, attrs in balises(nav)
        if tag == "a" and "fr-nav__link" in attrs.get("class", "")
    ]


# --- every role, every page of its navigation --------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_chaque_page_de_la_navigation_de_chaque_role(client, monde, role):
    user = utilisateur(monde, role)
    avec_totp(user)
    client.force_login(user)
    html = verifier_page(client.get(reverse("accueil")))
    liens = liens_navigation(html)
    assert liens[0] == (reverse("accueil"), "page")
    for url, _courant in liens[1:]:
        page = verifier_page(client.get(url))
        assert (url, "page") in liens_navigation(page)


@pytest.mark.urls(TOUTES_LES_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_avec_toutes_les_pages_prevues_chaque_role_a_sa_navigation(client, monde, role):
    user = utilisateur(monde, role)
    avec_totp(user)
    client.force_login(user)
    html = verifier_page(client.get(reverse("accueil")))
    attendu = [reverse(e.url_name) for e in navigation.entrees_pour(access.perimetre_de(user))]
    assert [url for url, _ in liens_navigation(html)] == attendu
    for url in attendu[1:]:
        page = verifier_page(client.get(url))
        assert [url for url, courant in liens_navigation(page) if courant] == [url]


LYCEE_GESTION = [
    "Mon espace",
    "Élèves",
    "Classes",
    "Import des effectifs",
    "Suivi des élèves",
    "Séances",
    "Évènements",
    "Restitutions",
    "Indicateurs",
    "Alertes décrochage",
    "Permanences",
    "AvenirPro+",
]
NAVIGATION_ATTENDUE = {
    "chef_etablissement": [
        "Mon espace",
        "Élèves",
        "Classes",
        "Import des effectifs",
        "Suivi des élèves",
        "Séances",
        "Évènements",
        "Restitutions",
        "Indicateurs",
        "Alertes décrochage",
        "Permanences",
        "AvenirPro+",
        "Membres",
    ],
    # The DDFPT and the BDE manage the roster, not the lycée's members (the chef d'établissement does).
    "ddfpt": LYCEE_GESTION,
    "responsable_bde": LYCEE_GESTION,
    "professeur": [
        "Mon espace",
        "Élèves",
        "Classes",
        "Suivi des élèves",
        "Séances",
        "Évènements",
        "Restitutions",
        "Alertes décrochage",
        "Permanences",
        "Mes élèves AvenirPro+",
    ],
    "conseiller": [
        "Mon espace",
        "Élèves",
        "Mes élèves",
        "Aujourd'hui",
        "Séances",
        "Évènements",
        "Restitutions",
        "Indicateurs",
        "Alertes décrochage",
        "Permanences",
    ],
    "administrateur": ["Mon espace", "Affectations", "Membres", "Registre des données"],
    "pilote_regional": [
        "Mon espace",
        "Affectations",
        "Répartition FT / ML",
        "Indicateurs",
        "Remontées",
        "Missions locales AvenirPro+",
    ],
    "pilote_national": [
        "Mon espace",
        "Répartition FT / ML",
        "Indicateurs",
        "Remontées",
        "Missions locales AvenirPro+",
    ],
}


@pytest.mark.parametrize("role", ROLES)
def test_navigation_de_chaque_role(monde, role):
    perimetre = access.perimetre_de(fresh(utilisateur(monde, role)))
    assert [e.label for e in navigation.entrees_pour(perimetre)] == NAVIGATION_ATTENDUE[role]


def test_le_conseiller_de_mission_locale_a_ses_eleves_avenirplus_et_pas_celui_de_france_travail(monde):
    """Phase 2 pairs a référent with a mission locale counsellor: France Travail's counsellor (lycée A's,
    ``conseiller``) has no AvenirPro+ entry; mission locale B's has both of its own."""
    labels = [e.label for e in navigation.entrees_pour(access.perimetre_de(fresh(monde.conseiller_b)))]
    assert "Mes élèves AvenirPro+" in labels
    assert "Lycées partenaires AvenirPro+" in labels
    assert "Mes élèves AvenirPro+" not in NAVIGATION_ATTENDUE["conseiller"]


def test_navigation_d_un_administrateur_de_lycee_et_sans_role(monde, db):
    admin_lycee = fresh(membre(Role.ADMINISTRATEUR, monde.lycee_a.organisation))
    assert [e.label for e in navigation.entrees_pour(access.perimetre_de(admin_lycee))] == [
        "Mon espace",
        "Membres",
        "Registre des données",
    ]
    sans_role = access.perimetre_de(f.UserFactory())
    assert [e.label for e in navigation.entrees_pour(sans_role)] == ["Mon espace"]


def test_une_page_pas_encore_construite_n_apparait_pas(monde, settings):
    settings.ROOT_URLCONF = "avenirpro.urls"
    assert navigation.url_ou_none("lycees:cette-page-n-existe-pas") is None
    liens = navigation.liens(access.perimetre_de(monde.pilote_national), "/")
    assert liens[0] == navigation.Lien("Mon espace", "/", "", "page")
    assert all(lien.url for lien in liens)


@pytest.mark.urls(TOUTES_LES_PAGES)
def test_la_section_courante_est_marquee(monde):
    perimetre = access.perimetre_de(monde.conseiller_a)
    liens = {lien.label: lien.courant for lien in navigation.liens(perimetre, "/test/lycees/eleves/")}
    assert liens == {
        "Mon espace": None,
        "Élèves": "page",
        "Mes élèves": None,
        "Aujourd'hui": None,
        "Séances": None,
        "Évènements": None,
        "Restitutions": None,
        "Indicateurs": None,
        "Alertes décrochage": None,
        "Permanences": None,
    }
    liens = {lien.label: lien.courant for lien in navigation.liens(perimetre, "/test/ateliers/seances/x/")}
    assert liens["Séances"] == "true"


@pytest.mark.urls(TOUTES_LES_PAGES)
def test_dans_des_sections_imbriquees_seule_la_plus_profonde_est_courante(monde):
    perimetre = access.perimetre_de(monde.pilote_a)
    courants = {
        lien.label: lien.courant
        for lien in navigation.liens(perimetre, "/test/lycees/affectations/repartition/")
    }
    hors_section = {"Indicateurs": None, "Remontées": None, "Missions locales AvenirPro+": None}
    assert courants == {
        "Mon espace": None,
        "Affectations": None,
        "Répartition FT / ML": "page",
        **hors_section,
    }
    courants = {
        lien.label: lien.courant for lien in navigation.liens(perimetre, "/test/lycees/affectations/123/")
    }
    assert courants == {
        "Mon espace": None,
        "Affectations": "true",
        "Répartition FT / ML": None,
        **hors_section,
    }


# --- « Mon espace » --------------------------------------------------------------------------------------


@pytest.mark.urls(TOUTES_LES_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_mon_espace_dit_ce_que_fait_le_role(client, monde, role):
    user = utilisateur(monde, role)
    avec_totp(user)
    client.force_login(user)
    html = verifier_page(client.get(reverse("accueil")))
    description = DESCRIPTIONS[ROLES[role][1]]
    assert "<h1>Mon espace</h1>" in html
    assert escape(user.memberships.get().get_role_display()) in html
    for mission in description.missions:
        ouverte = mission.url_name is None or navigation.url_ou_none(mission.url_name) is not None
        assert (escape(mission.texte) in html) == ouverte, mission
    raccourcis = html[html.index("Accès rapides") :]
    for entree in navigation.entrees_pour(access.perimetre_de(user))[1:]:
        assert f'href="{reverse(entree.url_name)}"' in raccourcis


def test_mon_espace_sans_role(client, db):
    user = f.UserFactory()
    client.force_login(user)
    html = verifier_page(client.get(reverse("accueil")))
    assert "Aucun rôle ne vous est attribué" in html
    assert "Demandez à l'administrateur de votre organisation" in html
    assert [url for url, _ in liens_navigation(html)] == [reverse("accueil")]


def test_mon_espace_en_nombre_de_requetes_borne(client, monde, django_assert_max_num_queries):
    client.force_login(monde.conseiller_a)
    # 9: the menu's badges (parcours: open alerts) count once per request.
    with django_assert_max_num_queries(9):
        verifier_page(client.get(reverse("accueil")))
    f.EleveFactory.create_batch(30, division=monde.eleves_a[0].division)
    # 9: the menu's badges (parcours: open alerts) count once per request.
    with django_assert_max_num_queries(9):
        verifier_page(client.get(reverse("accueil")))


# --- header: identity, organisation switcher, logout -------------------------------------------------------


def test_en_tete_nom_role_organisation_et_deconnexion(client, monde):
    client.force_login(monde.conseiller_a)
    html = verifier_page(client.get(reverse("accueil")))
    assert str(monde.conseiller_a) in html
    assert "<strong>Conseiller</strong> — Agence France Travail A" in html
    assert f'action="{reverse("account_logout")}"' in html
    assert 'id="changer-organisation"' not in html  # one membership: nothing to switch


def test_le_menu_du_telephone_porte_deja_la_copie_des_outils_de_l_en_tete(client, monde):
    """The DSFR copies .fr-header__tools-links into .fr-header__menu-links by innerHTML when they differ
    (a script writing HTML, which the CSP may then refuse): both are rendered identical, so it does not."""
    client.force_login(monde.conseiller_a)
    html = verifier_page(client.get(reverse("accueil")))
    outils = re.search(r'<div class="fr-header__tools-links">(.*?)</div>', html, re.S).group(1)
    menu = re.search(r'<div class="fr-header__menu-links">(.*?)</div>', html, re.S).group(1)
    assert "Se déconnecter" in outils
    assert menu == outils
    assert " id=" not in outils  # the DSFR would expect ids suffixed with -mobile in the copy


def test_le_selecteur_d_organisation_change_de_role(client, monde):
    user = monde.professeur_a
    autre = f.MembershipFactory(user=user, organisation=monde.ft_a, role=Role.CONSEILLER)
    client.force_login(user)
    html = verifier_page(client.get(reverse("accueil")))
    assert 'id="changer-organisation"' in html
    assert f'<option value="{autre.uuid}">Conseiller — Agence France Travail A</option>' in html
    assert f'action="{reverse("changer_organisation")}"' in html
    response = client.post(reverse("changer_organisation"), {"membership": str(autre.uuid), "next": "/"})
    assert response["Location"] == "/"
    html = verifier_page(client.get(reverse("accueil")))
    assert "<strong>Conseiller</strong> — Agence France Travail A" in html
    assert f'<option value="{autre.uuid}" selected>' in html


def test_page_de_connexion_sans_navigation(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert 'id="navigation-principale"' not in html
    assert "Se déconnecter" not in html


@pytest.mark.urls(TOUTES_LES_PAGES)
def test_les_messages_sont_des_alertes_dsfr(client, monde):
    client.force_login(monde.conseiller_a)
    html = verifier_page(client.get("/test/messages/"))
    assert '<div class="fr-alert fr-alert--sm fr-alert--success fr-mb-1w">' in html
    assert '<div class="fr-alert fr-alert--sm fr-alert--error fr-mb-1w">' in html
    assert "Enregistré." in html
    assert "Refusé." in html


# --- CSP -------------------------------------------------------------------------------------------------


def test_le_nonce_est_celui_de_l_en_tete_csp(client, monde):
    client.force_login(monde.chef_a)
    response = client.get(reverse("accueil"))
    verifier_csp(response)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert response.content.decode().count(f'nonce="{nonce}"') == 3  # avenirpro.js and DSFR's two scripts
    assert "script-src 'self' 'nonce-" in response.headers["Content-Security-Policy"]


def test_la_page_de_connexion_respecte_la_csp(client, db):
    verifier_csp(client.get(reverse("account_login")))


def test_les_gabarits_dsfr_n_ont_plus_de_gestionnaire_en_ligne():
    html = Template(
        "{% load dsfr_tags %}"
        '{% dsfr_button label="Valider" onclick="alert(1)" %}'
        '{% dsfr_notice title="Maintenance" is_collapsible=True %}'
        '{% dsfr_tag label="Filtre" is_dismissable=True %}'
        '{% dsfr_tag label="Lien" link="/x/" %}'
    ).render(Context())
    assert "onclick" not in html
    assert "alert(1)" not in html
    assert 'data-avenirpro-fermer=".fr-notice"' in html
    assert 'data-avenirpro-fermer="self"' in html
    assert '<a href="/x/" class="fr-tag">Lien</a>' in html


def test_chaque_conteneur_de_tableau_se_fait_defiler_au_clavier():
    """axe « scrollable-region-focusable »: a table wider than the screen (a phone, a long cell) scrolls in
    its .fr-table__container, which the keyboard must reach when the table holds no link (a student's
    record). Every template's container takes the focus."""
    from pathlib import Path

    from django.conf import settings

    sans_focus = [
        f"{gabarit.relative_to(settings.BASE_DIR)}:{numero}"
        for gabarit in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
        for numero, ligne in enumerate(gabarit.read_text(encoding="utf-8").splitlines(), 1)
        for conteneur in re.findall(r'<div class="fr-table__container"[^>]*>', ligne)
        if 'tabindex="0"' not in conteneur
    ]
    assert sans_focus == []


# --- error pages -----------------------------------------------------------------------------------------


def test_page_404_dsfr(client, monde):
    client.force_login(monde.conseiller_a)
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page non trouvée — AvenirPro</title>" in html
    assert "Erreur 404" in html
    assert 'id="navigation-principale"' in html
    assert "INVALID" not in html
    verifier_csp(response)


def test_page_404_sans_connexion(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()
    assert "INVALID" not in response.content.decode()


@pytest.mark.urls(TOUTES_LES_PAGES)
def test_page_403_dsfr(client, monde):
    client.force_login(monde.conseiller_a)
    response = client.get("/test/interdit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Accès refusé — AvenirPro</title>" in html
    assert "Erreur 403" in html
    assert "INVALID" not in html
    verifier_csp(response)


@pytest.mark.urls(TOUTES_LES_PAGES)
def test_page_500_sans_contexte(monde):
    client = Client(raise_request_exception=False)
    client.force_login(monde.conseiller_a)
    response = client.get("/test/plante/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Erreur inattendue — AvenirPro</title>" in html
    assert "Erreur 500" in html
    assert '<html lang="fr"' in html
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in html
    assert "INVALID" not in html
    assert "<script" not in html
    verifier_csp(response)


def test_page_echec_csrf(monde):
    client = Client(enforce_csrf_checks=True)
    client.force_login(monde.conseiller_a)
    response = client.post(reverse("changer_organisation"), {"next": "/"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Formulaire expiré — AvenirPro</title>" in html
    assert "rien n'a été enregistré" in html
    assert "INVALID" not in html
    verifier_csp(response)
