"""/api/v1/affectations/: the same rules as the pages, through the same services."""

import pytest
from rest_framework.test import APIClient

from lycees.models import Affectation
from tests.affectations import factories as af
from tests.affectations.conftest import compter_requetes

LISTE = "/api/v1/affectations/"
JAUGE = "/api/v1/affectations/jauge/"


def detail(affectation) -> str:
    return f"{LISTE}{affectation.uuid}/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(af.avec_totp(user))
    return client


def etat(lycee, annee):
    a = Affectation.objects.filter(lycee=lycee, annee=annee).first()
    return None if a is None else (a.operateur_id, sorted(a.conseillers.values_list("pk", flat=True)))


@pytest.fixture
def affectation_a(monde, annee):
    return Affectation.objects.get(lycee=monde.lycee_a, annee=annee)


@pytest.fixture
def affectation_b(monde, annee):
    return Affectation.objects.get(lycee=monde.lycee_b, annee=annee)


# --- Reading ----------------------------------------------------------------------------------------


def test_liste_et_detail(monde, annee, affectation_a):
    reponse = api(monde.pilote_a).get(LISTE)
    assert reponse.status_code == 200
    assert [a["lycee"]["nom"] for a in reponse.json()["results"]] == ["Lycée A"]
    assert reponse.json()["results"][0] == {
        "uuid": str(affectation_a.uuid),
        "lycee": {"uuid": str(monde.lycee_a.uuid), "uai": monde.lycee_a.uai, "nom": "Lycée A"},
        "annee": str(annee),
        "operateur": {"uuid": str(monde.ft_a.uuid), "nom": "Agence France Travail A", "type": "agence_ft"},
        "reseau": "france_travail",
        "conseillers": [{"uuid": str(monde.conseiller_a.uuid), "nom": str(monde.conseiller_a)}],
        "modifiee_le": reponse.json()["results"][0]["modifiee_le"],
    }
    assert api(monde.pilote_a).get(detail(affectation_a)).json()["lycee"]["uai"] == monde.lycee_a.uai
    assert len(api(monde.pilote_national).get(LISTE).json()["results"]) == 2
    assert api(monde.pilote_national).get(LISTE, {"reseau": "missions_locales"}).json()["count"] == 1
    assert api(monde.pilote_national).get(LISTE, {"annee": annee.annee_debut + 1}).json()["count"] == 0


def test_la_liste_montre_l_annee_en_cours_sauf_si_une_autre_est_demandee(monde, annee, affectation_a):
    from avenirpro.models import AnneeScolaire

    precedente, _ = AnneeScolaire.objects.get_or_create(annee_debut=annee.annee_debut - 1)
    ancienne = Affectation.objects.create(lycee=monde.lycee_a, annee=precedente, operateur=monde.ft_a)
    client = api(monde.pilote_national)
    assert [a["uuid"] for a in client.get(LISTE).json()["results"]] == [
        str(affectation_a.uuid),
        str(Affectation.objects.get(lycee=monde.lycee_b, annee=annee).uuid),
    ]
    reponse = client.get(LISTE, {"annee": precedente.annee_debut}).json()
    assert [a["uuid"] for a in reponse["results"]] == [str(ancienne.uuid)]
    assert reponse["results"][0]["annee"] == str(precedente)


@pytest.mark.parametrize("qui", ["pilote_b", "conseiller_b", "chef_b"])
def test_un_tiers_recoit_404(monde, affectation_a, qui):
    client = api(getattr(monde, qui))
    assert client.get(detail(affectation_a)).status_code == 404
    assert str(affectation_a.uuid) not in client.get(LISTE).content.decode()


def test_parametres_invalides(monde):
    client = api(monde.pilote_a)
    assert client.get(LISTE, {"annee": "abc"}).status_code == 400
    reponse = client.get(LISTE, {"reseau": "autre"})
    assert reponse.status_code == 400 and "Réseau inconnu" in reponse.json()["reseau"][0]
    assert client.get(f"{LISTE}pas-un-uuid/").status_code == 404


# --- Assigning --------------------------------------------------------------------------------------


def test_le_pilote_affecte_puis_change_d_operateur_et_la_jauge_suit(monde, annee, ml_a, affectation_a):
    client = api(monde.pilote_a)
    region = monde.lycee_a.organisation.region.code

    def chiffres():
        r = next(r for r in client.get(JAUGE).json()["regions"] if r["code"] == region)
        return r["france_travail"], r["missions_locales"], r["non_affectes"]

    assert chiffres() == (1, 0, 1)
    reponse = client.post(LISTE, {"lycee": monde.lycee_a_non_affecte.uuid, "operateur": monde.ft_a.uuid})
    assert reponse.status_code == 201 and reponse.json()["reseau"] == "france_travail"
    assert chiffres() == (2, 0, 0)
    # Asking again changes nothing.
    reponse = client.post(LISTE, {"lycee": monde.lycee_a_non_affecte.uuid, "operateur": monde.ft_a.uuid})
    assert reponse.status_code == 200

    reponse = client.patch(detail(affectation_a), {"operateur": ml_a.uuid})
    assert reponse.status_code == 200
    assert reponse.json()["operateur"]["type"] == "mission_locale" and reponse.json()["conseillers"] == []
    assert etat(monde.lycee_a, annee) == (ml_a.pk, [])
    assert chiffres() == (1, 1, 0)

    assert client.delete(detail(affectation_a)).status_code == 204
    assert etat(monde.lycee_a, annee) is None
    assert chiffres() == (1, 0, 1)


def test_affecter_pour_l_annee_suivante(monde, annee, ml_a):
    reponse = api(monde.pilote_a).post(
        LISTE, {"lycee": monde.lycee_a.uuid, "operateur": ml_a.uuid, "annee": annee.annee_debut + 1}
    )
    assert reponse.status_code == 201
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


def test_un_operateur_d_une_autre_region_est_refuse(monde, annee, affectation_a):
    client = api(monde.pilote_a)
    reponse = client.patch(detail(affectation_a), {"operateur": monde.ml_b.uuid})
    assert reponse.status_code == 400
    assert "n'est pas dans la région académique du lycée" in reponse.json()["detail"]
    reponse = client.post(LISTE, {"lycee": monde.lycee_a_non_affecte.uuid, "operateur": monde.ml_b.uuid})
    assert reponse.status_code == 400
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    assert etat(monde.lycee_a_non_affecte, annee) is None


@pytest.mark.parametrize(
    "donnees,champ",
    [
        ({"operateur": "pas-un-uuid"}, "operateur"),
        ({}, "lycee"),
        ({"annee": 1990}, "annee"),
        ({"operateur": "00000000-0000-0000-0000-000000000000"}, "operateur"),
    ],
)
def test_saisies_invalides(monde, annee, donnees, champ):
    entree = {"lycee": str(monde.lycee_a_non_affecte.uuid), "operateur": str(monde.ft_a.uuid), **donnees}
    if champ == "lycee":
        del entree["lycee"]
    reponse = api(monde.pilote_a).post(LISTE, entree)
    assert reponse.status_code == 400 and champ in reponse.json()
    assert etat(monde.lycee_a_non_affecte, annee) is None


def test_le_pilote_d_une_autre_region_ne_peut_pas_affecter(monde, annee, affectation_a):
    client = api(monde.pilote_b)
    reponse = client.post(LISTE, {"lycee": monde.lycee_a.uuid, "operateur": monde.ml_b.uuid})
    assert reponse.status_code == 404
    assert client.patch(detail(affectation_a), {"operateur": monde.ml_b.uuid}).status_code == 404
    assert client.delete(detail(affectation_a)).status_code == 404
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


@pytest.mark.parametrize("qui", ["conseiller_a", "admin_ft_a", "professeur_a", "chef_a", "pilote_national"])
def test_les_roles_en_lecture_ne_peuvent_pas_affecter(monde, annee, ml_a, affectation_a, qui):
    client = api(getattr(monde, qui))
    assert client.get(detail(affectation_a)).status_code == 200  # they may read it
    assert client.patch(detail(affectation_a), {"operateur": ml_a.uuid}).status_code == 403
    assert client.put(detail(affectation_a), {"operateur": ml_a.uuid}).status_code == 403
    assert client.delete(detail(affectation_a)).status_code == 403
    reponse = client.post(LISTE, {"lycee": monde.lycee_a.uuid, "operateur": ml_a.uuid})
    assert reponse.status_code == 403 and "pilotes régionaux" in reponse.json()["detail"]
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


# --- Naming counsellors -----------------------------------------------------------------------------


def test_l_administrateur_designe_les_conseillers(monde, annee, affectation_a):
    client = api(monde.admin_ft_a)
    url = f"{detail(affectation_a)}conseillers/"
    reponse = client.post(
        url, {"conseillers": [monde.conseiller_a.uuid, monde.conseiller_a_non_designe.uuid]}
    )
    assert reponse.status_code == 200
    assert {c["uuid"] for c in reponse.json()["conseillers"]} == {
        str(monde.conseiller_a.uuid),
        str(monde.conseiller_a_non_designe.uuid),
    }
    assert client.post(url, {"conseillers": []}).json()["conseillers"] == []


def test_un_conseiller_etranger_est_refuse(monde, annee, affectation_a):
    url = f"{detail(affectation_a)}conseillers/"
    client = api(monde.admin_ft_a)
    for intrus in (str(monde.conseiller_b.uuid), "00000000-0000-0000-0000-000000000000"):
        reponse = client.post(url, {"conseillers": [str(monde.conseiller_a_non_designe.uuid), intrus]})
        assert reponse.status_code == 400
        assert "Seuls les conseillers de « Agence France Travail A »" in str(reponse.json())
        assert monde.conseiller_b.nom not in str(reponse.json())
    assert client.post(url, {"conseillers": ["pas-un-uuid"]}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


def test_l_administrateur_ne_touche_pas_l_affectation_d_un_autre_operateur(monde, annee, affectation_b):
    reponse = api(monde.admin_ft_a).post(f"{detail(affectation_b)}conseillers/", {"conseillers": []})
    assert reponse.status_code == 404
    assert etat(monde.lycee_b, annee) == (monde.ml_b.pk, [monde.conseiller_b.pk])


@pytest.mark.parametrize("qui", ["pilote_a", "conseiller_a", "professeur_a"])
def test_seul_l_administrateur_designe(monde, annee, affectation_a, qui):
    url = f"{detail(affectation_a)}conseillers/"
    reponse = api(getattr(monde, qui)).post(url, {"conseillers": [monde.conseiller_a_non_designe.uuid]})
    assert reponse.status_code == 403
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


# --- The gauge --------------------------------------------------------------------------------------


def test_jauge_regionale(monde, annee):
    donnees = api(monde.pilote_a).get(JAUGE).json()
    assert donnees["annee"] == str(annee) and donnees["objectif_part_france_travail"] == 50
    assert [r["nom"] for r in donnees["regions"]] == ["Île-de-France"]
    paris = next(a for a in donnees["regions"][0]["academies"] if a["code"] == "01")
    assert paris | {"academies": None} == paris | {
        "france_travail": 1,
        "missions_locales": 0,
        "non_affectes": 1,
        "affectes": 1,
        "total": 2,
        "part_france_travail": 100.0,
        "part_missions_locales": 0.0,
        "ecart": 50.0,
        "equilibree": False,
        "academies": None,
    }


def test_jauge_nationale(monde):
    donnees = api(monde.pilote_national).get(JAUGE).json()
    assert len(donnees["regions"]) == 18
    assert (donnees["total"]["france_travail"], donnees["total"]["missions_locales"]) == (1, 1)
    assert donnees["total"]["part_france_travail"] == 50.0


@pytest.mark.parametrize("qui", ["conseiller_a", "admin_ft_a", "professeur_a"])
def test_jauge_reservee_aux_pilotes(monde, qui):
    assert api(getattr(monde, qui)).get(JAUGE).status_code == 403


def test_sans_authentification(monde, affectation_a):
    assert APIClient().get(LISTE).status_code == 401
    assert APIClient().get(JAUGE).status_code == 401


# --- Bounded queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LISTE, JAUGE])
def test_requetes_bornees(monde, ml_a, url):
    client = api(monde.pilote_national)
    client.get(url)
    mesures = []
    for n in (3, 6):  # 3 then 9 more lycées in each region
        af.affectations(n, ml_a)
        af.affectations(n, monde.ml_b, "09")
        af.lycees(n, "20")
        mesures.append(compter_requetes(lambda: client.get(url)))
    # The bound counts the API's own queries too (session, user, memberships, second factor).
    assert mesures[0] == mesures[1] <= 12
