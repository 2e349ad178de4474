"""The partner mission locale (issue 11, item 4): the regional pilot chooses it among the missions locales
of the région académique (default: the phase 1 operator when it is a mission locale), its administrator
names the counsellors available; the direction pairs référents only with those."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from avenirplus import services
from avenirplus.models import Inscription, PartenaireMissionLocale
from avenirpro.enums import Role
from tests import factories as f
from tests.avenirplus.conftest import membre_de
from tests.conftest import membre
from tests.outils import connecte, requetes_a_n_et_3n

D = datetime.date
PARTENAIRES = "avenirplus:partenaires"
CONSEILLERS = "avenirplus:conseillers_partenaires"
ERREUR_ML = "Choisissez une mission locale de la région académique du lycée."
ERREUR_CONSEILLER = "Choisissez parmi les conseillers de la mission locale."


def _partenaire(lycee, annee):
    return PartenaireMissionLocale.objects.filter(lycee=lycee, annee=annee).first()


@pytest.fixture
def ml_phase1(monde, phase2):
    """A lycée of région A whose phase 1 operator was a mission locale: its default partner."""
    ml = f.OrganisationFactory(
        nom="Mission locale de la phase 1", mission_locale=True, academie=f.academie("01")
    )
    lycee = f.LyceeFactory(nom="Lycée C", academie=f.academie("01"))
    f.AffectationFactory(lycee=lycee, annee=phase2.annee, operateur=ml)
    return ml, lycee, membre(Role.ADMINISTRATEUR, ml), membre(Role.CONSEILLER, ml)


# --- The regional pilot's page: a table, a « Choisir » / « Modifier » link per row ------------------------


def _choisir(lycee):
    return reverse("avenirplus:partenaire_choisir", args=[lycee.uuid])


def _lycees_de_plus(n):
    """``n`` more lycées in région A (after « Lycée A… » in the list's order): the list has two pages."""
    for i in range(n):
        f.LyceeFactory(nom=f"Lycée Z{i:02d}", academie=f.academie("01"))


def test_le_pilote_regional_voit_les_lycees_de_sa_region_et_leur_partenaire(client, monde, phase2, ml_phase1):
    connecte(client, monde.pilote_a)
    html = client.get(reverse(PARTENAIRES), {"annee": "2025"}).content.decode()
    assert "Lycée A sans opérateur" in html and "Mission locale de la phase 1" in html
    assert "Par défaut (phase 1)" in html and "À choisir" in html
    assert "Lycée B" not in html  # another région académique


def test_la_liste_est_un_tableau_sans_formulaire_par_ligne(client, monde, phase2):
    connecte(client, monde.pilote_a)
    html = client.get(reverse(PARTENAIRES), {"annee": "2025"}).content.decode()
    assert "<caption>Lycées et leur mission locale partenaire, cohorte" in html
    assert 'name="mission_locale"' not in html and "csrfmiddlewaretoken" not in html.split("<table>", 1)[1]


def test_chaque_ligne_mene_au_choix_de_sa_mission_locale(client, monde, phase2):
    connecte(client, monde.pilote_a)
    html = client.get(reverse(PARTENAIRES), {"annee": "2025"}).content.decode()
    assert f'href="{_choisir(monde.lycee_a_non_affecte)}?annee=2025&amp;retour_page=1">Choisir<' in html
    assert f'href="{_choisir(monde.lycee_a)}?annee=2025&amp;retour_page=1">Modifier<' in html
    assert '<span class="fr-sr-only"> la mission locale partenaire de Lycée A</span>' in html


def test_le_lien_de_la_deuxieme_page_y_ramene(client, monde, phase2):
    _lycees_de_plus(50)
    connecte(client, monde.pilote_a)
    html = client.get(reverse(PARTENAIRES), {"annee": "2025", "page": "2"}).content.decode()
    assert "?annee=2025&amp;retour_page=2" in html


def test_la_page_du_choix_propose_les_missions_locales_de_la_region(client, monde, phase2, ml_phase1):
    connecte(client, monde.pilote_a)
    r = client.get(_choisir(monde.lycee_a), {"annee": "2025", "retour_page": "2"})
    assert r.status_code == 200
    html = r.content.decode()
    assert f'value="{phase2.ml_a.uuid}" selected' in html and str(ml_phase1[0].uuid) in html
    assert str(monde.ml_b.uuid) not in html  # another région académique
    assert f'href="{reverse(PARTENAIRES)}?annee=2025&amp;page=2">Retour à la liste<' in html


def test_choisir_enregistre_et_ramene_a_la_page_de_la_liste(client, monde, phase2):
    connecte(client, monde.pilote_a)
    r = client.post(
        _choisir(monde.lycee_a_non_affecte),
        {"annee": "2025", "retour_page": "2", "mission_locale": str(phase2.ml_a.uuid)},
    )
    assert r.status_code == 302 and r.url == f"{reverse(PARTENAIRES)}?annee=2025&page=2"
    assert _partenaire(monde.lycee_a_non_affecte, phase2.annee).mission_locale == phase2.ml_a


def test_le_choix_enregistre_est_annonce_sur_la_liste(client, monde, phase2):
    connecte(client, monde.pilote_a)
    r = client.post(
        _choisir(monde.lycee_a_non_affecte),
        {"annee": "2025", "mission_locale": str(phase2.ml_a.uuid)},
        follow=True,
    )
    assert (
        "« Mission locale A » est la mission locale partenaire de « Lycée A sans opérateur » pour la cohorte"
        in r.content.decode()
    )


@pytest.mark.parametrize("retour_page", ["0", "-3", "deux", "", "2.5"])
def test_une_page_de_retour_invalide_ramene_a_la_premiere(client, monde, phase2, retour_page):
    connecte(client, monde.pilote_a)
    r = client.post(
        _choisir(monde.lycee_a),
        {"annee": "2025", "retour_page": retour_page, "mission_locale": str(phase2.ml_a.uuid)},
    )
    assert r.url == f"{reverse(PARTENAIRES)}?annee=2025&page=1"


def test_changer_de_partenaire_oublie_les_conseillers_de_l_ancien(monde, phase2, ml_phase1):
    ml, *_ = ml_phase1
    partenaire = services.choisir_partenaire(monde.pilote_a, monde.lycee_a, phase2.annee, ml)
    assert partenaire.mission_locale == ml
    assert list(partenaire.conseillers.all()) == []


def test_une_mission_locale_d_une_autre_region_est_refusee(client, monde, phase2):
    connecte(client, monde.pilote_a)
    r = client.post(_choisir(monde.lycee_a), {"annee": "2025", "mission_locale": str(monde.ml_b.uuid)})
    assert r.status_code == 400
    assert ERREUR_ML in r.content.decode()
    assert _partenaire(monde.lycee_a, phase2.annee).mission_locale == phase2.ml_a


def test_sans_mission_locale_choisie_la_page_redit_l_erreur(client, monde, phase2):
    connecte(client, monde.pilote_a)
    r = client.post(_choisir(monde.lycee_a_non_affecte), {"annee": "2025", "mission_locale": ""})
    assert r.status_code == 400
    assert ERREUR_ML in r.content.decode() and "Enregistrer" in r.content.decode()
    assert _partenaire(monde.lycee_a_non_affecte, phase2.annee) is None


def test_le_service_refuse_une_mission_locale_d_une_autre_region(monde, phase2):
    with pytest.raises(ValidationError) as e:
        services.choisir_partenaire(monde.pilote_a, monde.lycee_a, phase2.annee, monde.ml_b)
    assert e.value.message_dict == {"mission_locale": [ERREUR_ML]}
    assert _partenaire(monde.lycee_a, phase2.annee).mission_locale == phase2.ml_a


def test_le_pilote_d_une_autre_region_ne_voit_pas_le_lycee(client, monde, phase2):
    connecte(client, monde.pilote_b)
    page = client.get(reverse(PARTENAIRES), {"annee": "2025"})
    assert "Lycée A" not in page.content.decode()


def test_le_pilote_d_une_autre_region_404(client, monde, phase2):
    connecte(client, monde.pilote_b)
    r = client.post(_choisir(monde.lycee_a), {"annee": "2025", "mission_locale": str(monde.ml_b.uuid)})
    assert r.status_code == 404
    assert _partenaire(monde.lycee_a, phase2.annee).mission_locale == phase2.ml_a


@pytest.mark.parametrize("qui", ["pilote_b", "chef_b", "conseiller_b"])
def test_les_autres_organisations_404_sur_la_page_du_choix(client, monde, phase2, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(_choisir(monde.lycee_a), {"annee": "2025"}).status_code == 404


@pytest.mark.parametrize("qui", ["chef_b", "conseiller_b"])
def test_les_autres_organisations_404_sur_le_lycee(client, monde, phase2, qui):
    connecte(client, getattr(monde, qui))
    r = client.post(_choisir(monde.lycee_a), {"annee": "2025", "mission_locale": str(phase2.ml_a.uuid)})
    assert r.status_code == 404


def test_la_page_des_partenaires_n_est_pas_celle_d_un_lycee(client, monde, phase2):
    connecte(client, monde.chef_a)
    assert client.get(reverse(PARTENAIRES)).status_code == 403


def test_le_pilote_national_lit_sans_choisir(client, monde, phase2, ml_phase1):
    connecte(client, monde.pilote_national)
    page = client.get(reverse(PARTENAIRES), {"annee": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mission locale A" in html
    assert str(monde.lycee_a.uuid) not in html and ">Modifier<" not in html and ">Choisir<" not in html


@pytest.mark.parametrize("qui", ["pilote_national", "chef_a"])
def test_qui_ne_choisit_pas_n_a_pas_la_page_du_choix(client, monde, phase2, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(_choisir(monde.lycee_a), {"annee": "2025"}).status_code == 403


def test_le_pilote_national_ne_choisit_pas(client, monde, phase2, ml_phase1):
    connecte(client, monde.pilote_national)
    r = client.post(_choisir(monde.lycee_a), {"annee": "2025", "mission_locale": str(ml_phase1[0].uuid)})
    assert r.status_code == 403
    assert _partenaire(monde.lycee_a, phase2.annee).mission_locale == phase2.ml_a


def _ajouter_lycees_avec_partenaire(annee):
    paris = f.academie("01")

    def ajouter(n):
        for _ in range(n):
            ml = f.OrganisationFactory(mission_locale=True, academie=paris)
            lycee = f.LyceeFactory(academie=paris)
            f.AffectationFactory(lycee=lycee, annee=annee, operateur=ml)
            p = PartenaireMissionLocale.objects.create(lycee=lycee, annee=annee, mission_locale=ml)
            p.conseillers.set([membre(Role.CONSEILLER, ml)])

    return ajouter


@pytest.mark.parametrize("qui", ["pilote_a", "pilote_national"])
def test_page_des_partenaires_requetes_bornees(client, monde, phase2, qui):
    connecte(client, getattr(monde, qui))
    a_n, a_3n = requetes_a_n_et_3n(
        lambda: client.get(reverse(PARTENAIRES), {"annee": "2025"}),
        _ajouter_lycees_avec_partenaire(phase2.annee),
    )
    assert a_n == a_3n


def test_page_du_choix_requetes_bornees(client, monde, phase2):
    """More missions locales in the région: as many queries (the choices are read once)."""
    connecte(client, monde.pilote_a)
    a_n, a_3n = requetes_a_n_et_3n(
        lambda: client.get(_choisir(monde.lycee_a), {"annee": "2025"}),
        _ajouter_lycees_avec_partenaire(phase2.annee),
    )
    assert a_n == a_3n


# --- The mission locale administrator's page ---------------------------------------------------------------


def test_l_administrateur_nomme_les_conseillers_disponibles(client, monde, phase2):
    connecte(client, phase2.admin_ml_a)
    page = client.get(reverse(CONSEILLERS), {"annee": "2025"})
    assert page.status_code == 200 and "Lycée A" in page.content.decode()
    r = client.post(
        reverse("avenirplus:conseillers_nommer", args=[monde.lycee_a.uuid]),
        {
            "annee": "2025",
            f"l{monde.lycee_a.pk}-conseillers": [
                str(phase2.conseiller_ml_a.uuid),
                str(phase2.autre_conseiller_ml_a.uuid),
            ],
        },
    )
    assert r.status_code == 302
    assert set(_partenaire(monde.lycee_a, phase2.annee).conseillers.all()) == {
        phase2.conseiller_ml_a,
        phase2.autre_conseiller_ml_a,
    }


def test_partenaire_par_defaut_de_la_phase_1(client, monde, phase2, ml_phase1):
    ml, lycee_c, admin, conseiller = ml_phase1
    assert services.mission_locale_partenaire(lycee_c, phase2.annee) == ml
    assert list(services.conseillers_partenaires(lycee_c, phase2.annee)) == []  # none named yet
    connecte(client, admin)
    page = client.get(reverse(CONSEILLERS), {"annee": "2025"})
    assert "Lycée C" in page.content.decode() and "Partenaire par défaut" in page.content.decode()
    r = client.post(
        reverse("avenirplus:conseillers_nommer", args=[lycee_c.uuid]),
        {"annee": "2025", f"l{lycee_c.pk}-conseillers": [str(conseiller.uuid)]},
    )
    assert r.status_code == 302
    assert list(services.conseillers_partenaires(lycee_c, phase2.annee)) == [conseiller]


def test_un_conseiller_d_une_autre_mission_locale_est_refuse(client, monde, phase2):
    connecte(client, phase2.admin_ml_a)
    r = client.post(
        reverse("avenirplus:conseillers_nommer", args=[monde.lycee_a.uuid]),
        {"annee": "2025", f"l{monde.lycee_a.pk}-conseillers": [str(monde.conseiller_b.uuid)]},
    )
    assert r.status_code == 400
    assert ERREUR_CONSEILLER in r.content.decode()
    assert list(_partenaire(monde.lycee_a, phase2.annee).conseillers.all()) == [phase2.conseiller_ml_a]
    with pytest.raises(ValidationError) as e:
        services.nommer_conseillers_partenaires(
            phase2.admin_ml_a, monde.lycee_a, phase2.annee, [monde.conseiller_b]
        )
    assert e.value.message_dict == {"conseillers": [ERREUR_CONSEILLER]}
    assert list(_partenaire(monde.lycee_a, phase2.annee).conseillers.all()) == [phase2.conseiller_ml_a]


def test_l_administrateur_d_une_autre_mission_locale_404(client, monde, phase2):
    admin_b = membre(Role.ADMINISTRATEUR, monde.ml_b)
    connecte(client, admin_b)
    page = client.get(reverse(CONSEILLERS), {"annee": "2025"})
    assert page.status_code == 200 and "Lycée A" not in page.content.decode()
    r = client.post(
        reverse("avenirplus:conseillers_nommer", args=[monde.lycee_a.uuid]),
        {"annee": "2025", f"l{monde.lycee_a.pk}-conseillers": [str(monde.conseiller_b.uuid)]},
    )
    assert r.status_code == 404
    with pytest.raises(PermissionDenied):
        services.nommer_conseillers_partenaires(admin_b, monde.lycee_a, phase2.annee, [monde.conseiller_b])
    assert list(_partenaire(monde.lycee_a, phase2.annee).conseillers.all()) == [phase2.conseiller_ml_a]


@pytest.mark.parametrize("qui", ["chef_a", "admin_ft_a", "pilote_a"])
def test_hors_de_la_mission_locale_404_sur_le_lycee(client, monde, phase2, qui):
    connecte(client, getattr(monde, qui))
    r = client.post(
        reverse("avenirplus:conseillers_nommer", args=[monde.lycee_a.uuid]),
        {"annee": "2025", f"l{monde.lycee_a.pk}-conseillers": [str(phase2.conseiller_ml_a.uuid)]},
    )
    assert r.status_code == 404


def test_un_conseiller_de_la_mission_locale_lit_sans_nommer(client, monde, phase2):
    connecte(client, phase2.autre_conseiller_ml_a)
    page = client.get(reverse(CONSEILLERS), {"annee": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lycée A" in html and "Enregistrer pour" not in html
    r = client.post(
        reverse("avenirplus:conseillers_nommer", args=[monde.lycee_a.uuid]),
        {"annee": "2025", f"l{monde.lycee_a.pk}-conseillers": [str(phase2.autre_conseiller_ml_a.uuid)]},
    )
    assert r.status_code == 403
    assert list(_partenaire(monde.lycee_a, phase2.annee).conseillers.all()) == [phase2.conseiller_ml_a]


def test_page_de_la_mission_locale_requetes_bornees(client, monde, phase2):
    connecte(client, phase2.admin_ml_a)
    paris = f.academie("01")

    def ajouter(n):
        for i in range(n):
            lycee = f.LyceeFactory(academie=paris)
            if i % 2:  # chosen by the pilot
                p = PartenaireMissionLocale.objects.create(
                    lycee=lycee, annee=phase2.annee, mission_locale=phase2.ml_a
                )
                p.conseillers.set([membre(Role.CONSEILLER, phase2.ml_a)])
            else:  # the phase 1 operator's default
                f.AffectationFactory(lycee=lycee, annee=phase2.annee, operateur=phase2.ml_a)

    a_n, a_3n = requetes_a_n_et_3n(lambda: client.get(reverse(CONSEILLERS), {"annee": "2025"}), ajouter)
    assert a_n == a_3n


# --- The direction pairs référents only with the counsellors named -----------------------------------------


def test_la_designation_ne_propose_que_les_conseillers_nommes(client, monde, phase2, cohorte_a):
    inscription = services.inscrire(monde.chef_a, membre_de(phase2.ajourne), debut=D(2026, 9, 15))
    connecte(client, monde.chef_a)
    html = client.get(reverse("avenirplus:inscription", args=[inscription.uuid])).content.decode()
    assert str(phase2.conseiller_ml_a.uuid) in html
    assert str(phase2.autre_conseiller_ml_a.uuid) not in html
    r = client.post(
        reverse("avenirplus:inscription_designer", args=[inscription.uuid]),
        {
            "desig-referent": str(phase2.volontaire_a.uuid),
            "desig-conseiller": str(phase2.autre_conseiller_ml_a.uuid),
        },
    )
    assert r.status_code == 400
    assert "Choisissez un conseiller de la mission locale partenaire" in r.content.decode()
    inscription.refresh_from_db()
    assert inscription.conseiller_id is None
    # Once the administrator names them too, they are offered.
    services.nommer_conseillers_partenaires(
        phase2.admin_ml_a, monde.lycee_a, phase2.annee, [phase2.conseiller_ml_a, phase2.autre_conseiller_ml_a]
    )
    html = client.get(reverse("avenirplus:inscription", args=[inscription.uuid])).content.decode()
    assert str(phase2.autre_conseiller_ml_a.uuid) in html


def test_sans_conseiller_nomme_pas_de_designation(monde, phase2, cohorte_a):
    services.nommer_conseillers_partenaires(phase2.admin_ml_a, monde.lycee_a, phase2.annee, [])
    inscription = services.inscrire(monde.chef_a, membre_de(phase2.ajourne), debut=D(2026, 9, 15))
    with pytest.raises(ValidationError) as e:
        services.designer_referents(
            monde.chef_a, inscription, referent=phase2.volontaire_a, conseiller=phase2.conseiller_ml_a
        )
    assert "n'a pas encore nommé" in e.value.message_dict["conseiller"][0]
    assert Inscription.objects.unscoped("test").get().conseiller_id is None


def test_la_page_des_referents_coche_les_volontaires(client, monde, phase2):
    """The checkboxes render with the project's field templates (django-dsfr's need widget_tweaks)."""
    connecte(client, monde.chef_a)
    page = client.get(reverse("avenirplus:referents"), {"annee": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{phase2.volontaire_a.uuid}"' in html and "Mission locale A" in html
