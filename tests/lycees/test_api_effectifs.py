"""/api/v1/lycees/, /api/v1/divisions/, /api/v1/eleves/: same rules as the pages."""

import pytest
from rest_framework.test import APIClient

from lycees.enums import Diplome, Sexe
from lycees.models import Division, Eleve
from tests import factories as f
from tests.comptes.outils import avec_totp
from tests.conftest import fresh
from tests.lycees.test_pages_effectifs import instantane


@pytest.fixture
def api():
    return APIClient()


def connecte(api, user):
    api.force_authenticate(user=fresh(user))
    return api


def test_lycees_visibles(api, monde):
    reponse = connecte(api, monde.chef_a).get("/api/v1/lycees/")
    assert reponse.status_code == 200
    assert reponse.json()["results"] == [
        {
            "uuid": str(monde.lycee_a.uuid),
            "uai": monde.lycee_a.uai,
            "nom": "Lycée A",
            "commune": "Paris",
            "secteur": "public",
            "academie": "Paris",
            "region": "Île-de-France",
        }
    ]
    noms = {
        lycee["nom"] for lycee in connecte(api, monde.conseiller_a).get("/api/v1/lycees/").json()["results"]
    }
    assert noms == {"Lycée A"}
    assert connecte(api, monde.chef_b).get(f"/api/v1/lycees/{monde.lycee_a.uuid}/").status_code == 404
    assert connecte(api, monde.chef_a).post("/api/v1/lycees/", {}).status_code == 405


@pytest.mark.parametrize("qui", ["chef_b", "conseiller_b", "conseiller_a_non_designe", "pilote_a"])
def test_objets_d_un_autre_lycee_404(api, monde, qui):
    user = getattr(monde, qui)
    if qui == "pilote_a":
        avec_totp(user)
    connecte(api, user)
    eleve = monde.eleves_a[0]
    avant = instantane()
    for url in [f"/api/v1/eleves/{eleve.uuid}/", f"/api/v1/divisions/{eleve.division.uuid}/"]:
        assert api.get(url).status_code == 404
        assert api.patch(url, {"nom": "Pirate"}).status_code == 404
        assert api.put(url, {"nom": "Pirate"}).status_code == 404
        assert api.delete(url).status_code == 404
    assert str(eleve.uuid) not in api.get("/api/v1/eleves/").content.decode()
    assert str(eleve.division.uuid) not in api.get("/api/v1/divisions/").content.decode()
    assert instantane() == avant


@pytest.mark.parametrize("qui", ["professeur_a", "conseiller_a"])
def test_lecture_seule(api, monde, qui):
    connecte(api, getattr(monde, qui))
    eleve = monde.eleves_a[0]
    avant = instantane()
    assert api.get(f"/api/v1/eleves/{eleve.uuid}/").json()["nom"] == eleve.nom
    assert api.get("/api/v1/eleves/").json()["count"] == 3
    assert api.get("/api/v1/divisions/").json()["count"] == 1
    for url in [f"/api/v1/eleves/{eleve.uuid}/", f"/api/v1/divisions/{eleve.division.uuid}/"]:
        assert api.patch(url, {"nom": "Autre"}).status_code == 403
        assert api.delete(url).status_code == 403
    reponse = api.post("/api/v1/divisions/", {"nom": "TBP X", "diplome": Diplome.BAC_PRO})
    assert reponse.status_code == 403
    assert "Seule la direction du lycée" in reponse.json()["detail"]
    assert api.post("/api/v1/eleves/", {"nom": "X"}).status_code == 403
    assert instantane() == avant


def test_la_direction_gere_les_classes(api, monde):
    connecte(api, monde.chef_a)
    reponse = api.post(
        "/api/v1/divisions/", {"nom": "tcap epc", "diplome": Diplome.CAP, "specialite": "Commerce"}
    )
    assert reponse.status_code == 201, reponse.json()
    cree = reponse.json()
    annee = monde.eleves_a[0].annee.annee_debut
    assert cree | {"uuid": None} == {
        "uuid": None,
        "lycee": str(monde.lycee_a.uuid),
        "annee": annee,
        "nom": "TCAP EPC",
        "diplome": "cap",
        "specialite": "Commerce",
        "nb_eleves": 0,
    }
    doublon = api.post("/api/v1/divisions/", {"nom": "TCAP EPC", "diplome": Diplome.CAP})
    assert doublon.status_code == 400
    assert doublon.json()["nom"] == [
        f"Une classe « TCAP EPC » existe déjà dans ce lycée en {annee}-{annee + 1}."
    ]
    assert api.post("/api/v1/divisions/", {"nom": "T", "diplome": "licence"}).status_code == 400

    filtre = api.get("/api/v1/divisions/", {"annee": annee, "lycee": str(monde.lycee_a.uuid)}).json()
    assert sorted(d["nom"] for d in filtre["results"]) == sorted([monde.eleves_a[0].division.nom, "TCAP EPC"])
    assert api.get("/api/v1/divisions/", {"annee": annee - 1}).json()["count"] == 0
    # Not a uuid: a French 400 on the parameter; a lycée the caller cannot read: 404, never another list.
    mal_forme = api.get("/api/v1/divisions/", {"lycee": "pas-un-uuid"})
    assert mal_forme.status_code == 400
    assert "lycee" in mal_forme.json()
    assert api.get("/api/v1/divisions/", {"lycee": str(monde.lycee_b.uuid)}).status_code == 404

    modifiee = api.patch(
        f"/api/v1/divisions/{cree['uuid']}/", {"specialite": "Équipier polyvalent du commerce"}
    )
    assert modifiee.status_code == 200 and modifiee.json()["diplome"] == "cap"

    pleine = monde.eleves_a[0].division
    refus = api.delete(f"/api/v1/divisions/{pleine.uuid}/")
    assert refus.status_code == 400
    assert "compte 3 élèves" in refus.json()["detail"]
    assert api.delete(f"/api/v1/divisions/{cree['uuid']}/").status_code == 204
    assert not Division.objects.visible_to(fresh(monde.chef_a)).filter(uuid=cree["uuid"]).exists()


def test_la_direction_gere_les_eleves(api, monde):
    connecte(api, monde.chef_a)
    division = monde.eleves_a[0].division
    annee = division.annee.annee_debut
    donnees = {
        "division": str(division.uuid),
        "nom": "Nouvel",
        "prenom": "Élève",
        "date_naissance": f"{annee - 18}-05-06",
        "sexe": Sexe.FEMININ,
        "ine": "1234567890a",
    }
    reponse = api.post("/api/v1/eleves/", donnees)
    assert reponse.status_code == 201, reponse.json()
    cree = reponse.json()
    assert (cree["ine"], cree["diplome"], cree["specialite"], cree["annee"]) == (
        "1234567890A",
        division.diplome,
        division.specialite,
        annee,
    )
    doublon = api.post("/api/v1/eleves/", {**donnees, "prenom": "Autre"})
    assert doublon.status_code == 400
    assert doublon.json()["ine"] == ["Un autre élève de ce lycée a déjà l'INE 1234567890A cette année."]
    etrangere = api.post(
        "/api/v1/eleves/", {**donnees, "ine": "", "division": str(monde.eleves_b[0].division.uuid)}
    )
    assert etrangere.status_code == 400 and "division" in etrangere.json()
    futur = api.post(
        "/api/v1/eleves/",
        {
            **donnees,
            "ine": "",
            "prenom": "B",
            "famille_informee_le": "2099-01-01",
            "famille_informee_par": "ent",
        },
    )
    assert futur.status_code == 400
    assert futur.json()["famille_informee_le"] == [
        "La date d'information de la famille ne peut pas être dans le futur."
    ]

    modifie = api.patch(
        f"/api/v1/eleves/{cree['uuid']}/", {"parcours": "poursuite", "solution": "poursuite_etudes"}
    )
    assert modifie.status_code == 200
    assert (modifie.json()["parcours"], modifie.json()["nom"]) == ("poursuite", "Nouvel")
    assert api.get("/api/v1/eleves/", {"q": "nouv"}).json()["count"] == 1
    assert api.get("/api/v1/eleves/", {"division": str(division.uuid)}).json()["count"] == 4
    assert api.delete(f"/api/v1/eleves/{cree['uuid']}/").status_code == 204
    assert not Eleve.objects.visible_to(fresh(monde.chef_a)).filter(uuid=cree["uuid"]).exists()


@pytest.mark.parametrize("qui", ["chef_a", "professeur_a", "conseiller_a"])
@pytest.mark.parametrize("url", ["/api/v1/eleves/", "/api/v1/divisions/", "/api/v1/lycees/"])
def test_nombre_de_requetes_borne(api, monde, django_assert_max_num_queries, qui, url):
    connecte(api, getattr(monde, qui))
    for n in (10, 30):
        f.EleveFactory.create_batch(n, division=f.DivisionFactory(lycee=monde.lycee_a))
        f.LyceeFactory.create_batch(n // 10)
        # 9: the page's ids, then its rows with their joins (avenirpro.pagination.PaginatorParIds).
        with django_assert_max_num_queries(9):
            assert api.get(url).status_code == 200
