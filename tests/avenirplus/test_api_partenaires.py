"""``/api/v1/avenirplus/partenaires/``: the same rules as the partner pages (services); a lycée outside the
périmètre is a 404 in the path, a mission locale or a counsellor outside it a French 400 in the body."""

import pytest

from avenirplus.models import PartenaireMissionLocale
from avenirpro.enums import Role
from tests import factories as f
from tests.avenirplus.test_api import BASE, api
from tests.conftest import membre
from tests.outils import requetes_a_n_et_3n

URL = f"{BASE}/partenaires/"


def _partenaire(monde, phase2):
    return PartenaireMissionLocale.objects.get(lycee=monde.lycee_a, annee=phase2.annee)


def test_le_pilote_regional_liste_et_choisit(monde, phase2):
    client = api(monde.pilote_a)
    reponse = client.get(URL, {"annee": "2025"})
    assert reponse.status_code == 200
    lignes = {ligne["nom"]: ligne for ligne in reponse.json()["results"]}
    assert set(lignes) == {"Lycée A", "Lycée A sans opérateur"}
    assert lignes["Lycée A"]["mission_locale"]["nom"] == "Mission locale A"
    assert [c["uuid"] for c in lignes["Lycée A"]["conseillers"]] == [str(phase2.conseiller_ml_a.uuid)]
    autre = f.OrganisationFactory(nom="Mission locale A bis", mission_locale=True, academie=f.academie("01"))
    reponse = client.post(
        f"{URL}{monde.lycee_a.uuid}/mission-locale/",
        {"annee": 2025, "mission_locale": str(autre.uuid)},
        format="json",
    )
    assert reponse.status_code == 200
    assert reponse.json()["mission_locale"]["nom"] == "Mission locale A bis"
    assert reponse.json()["conseillers"] == []  # the former one's counsellors are forgotten


def test_une_mission_locale_d_une_autre_region_400(monde, phase2):
    reponse = api(monde.pilote_a).post(
        f"{URL}{monde.lycee_a.uuid}/mission-locale/",
        {"annee": 2025, "mission_locale": str(monde.ml_b.uuid)},
        format="json",
    )
    assert reponse.status_code == 400
    assert reponse.json()["mission_locale"] == [
        "Choisissez une mission locale de la région académique du lycée."
    ]
    assert _partenaire(monde, phase2).mission_locale == phase2.ml_a


@pytest.mark.parametrize("qui", ["pilote_b", "chef_b", "conseiller_b"])
def test_un_lycee_d_ailleurs_404(monde, phase2, qui):
    reponse = api(getattr(monde, qui)).post(
        f"{URL}{monde.lycee_a.uuid}/mission-locale/",
        {"annee": 2025, "mission_locale": str(phase2.ml_a.uuid)},
        format="json",
    )
    assert reponse.status_code == 404


def test_le_pilote_national_lit_sans_choisir(monde, phase2):
    client = api(monde.pilote_national)
    assert client.get(URL, {"annee": "2025"}).status_code == 200
    reponse = client.post(
        f"{URL}{monde.lycee_a.uuid}/mission-locale/",
        {"annee": 2025, "mission_locale": str(phase2.ml_a.uuid)},
        format="json",
    )
    assert reponse.status_code == 403


def test_l_administrateur_de_la_mission_locale_nomme(monde, phase2):
    client = api(phase2.admin_ml_a)
    reponse = client.get(URL, {"annee": "2025"})
    assert [ligne["nom"] for ligne in reponse.json()["results"]] == ["Lycée A"]
    reponse = client.put(
        f"{URL}{monde.lycee_a.uuid}/conseillers/",
        {"annee": 2025, "conseillers": [str(phase2.autre_conseiller_ml_a.uuid)]},
        format="json",
    )
    assert reponse.status_code == 200
    assert list(_partenaire(monde, phase2).conseillers.all()) == [phase2.autre_conseiller_ml_a]


def test_un_conseiller_d_une_autre_mission_locale_400(monde, phase2):
    reponse = api(phase2.admin_ml_a).put(
        f"{URL}{monde.lycee_a.uuid}/conseillers/",
        {"annee": 2025, "conseillers": [str(monde.conseiller_b.uuid)]},
        format="json",
    )
    assert reponse.status_code == 400
    assert reponse.json()["conseillers"] == ["Choisissez parmi les conseillers de la mission locale."]
    assert list(_partenaire(monde, phase2).conseillers.all()) == [phase2.conseiller_ml_a]


def test_l_administrateur_d_une_autre_mission_locale_404(monde, phase2):
    reponse = api(membre(Role.ADMINISTRATEUR, monde.ml_b)).put(
        f"{URL}{monde.lycee_a.uuid}/conseillers/",
        {"annee": 2025, "conseillers": [str(monde.conseiller_b.uuid)]},
        format="json",
    )
    assert reponse.status_code == 404


def test_un_conseiller_de_la_mission_locale_lit_sans_nommer(monde, phase2):
    client = api(phase2.autre_conseiller_ml_a)
    assert [ligne["nom"] for ligne in client.get(URL, {"annee": "2025"}).json()["results"]] == ["Lycée A"]
    reponse = client.put(
        f"{URL}{monde.lycee_a.uuid}/conseillers/",
        {"annee": 2025, "conseillers": [str(phase2.autre_conseiller_ml_a.uuid)]},
        format="json",
    )
    assert reponse.status_code == 403
    assert list(_partenaire(monde, phase2).conseillers.all()) == [phase2.conseiller_ml_a]


def test_la_direction_n_a_pas_cette_liste(monde, phase2):
    assert api(monde.chef_a).get(URL).status_code == 403


def test_une_annee_inconnue_400(monde, phase2):
    reponse = api(monde.pilote_a).get(URL, {"annee": "2090"})
    assert reponse.status_code == 400
    assert reponse.json()["annee"] == ["Année scolaire inconnue."]


def test_liste_requetes_bornees(monde, phase2):
    client = api(monde.pilote_a)
    paris = f.academie("01")

    def ajouter(n):
        for _ in range(n):
            ml = f.OrganisationFactory(mission_locale=True, academie=paris)
            lycee = f.LyceeFactory(academie=paris)
            f.AffectationFactory(lycee=lycee, annee=phase2.annee, operateur=ml)
            PartenaireMissionLocale.objects.create(
                lycee=lycee, annee=phase2.annee, mission_locale=ml
            ).conseillers.set([membre(Role.CONSEILLER, ml)])

    a_n, a_3n = requetes_a_n_et_3n(lambda: client.get(URL, {"annee": "2025"}), ajouter)
    assert a_n == a_3n
