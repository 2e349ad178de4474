"""API /api/v1/indicateurs/ and /api/v1/indicateurs/remontees/: one's scope only (404 for another),
French 400s on bad dates, the workflow through valider/transmettre, no student name in any answer."""

import datetime
import json

import pytest
from rest_framework.test import APIClient

from avenirpro.access import perimetre_de
from avenirpro.enums import Role, TypeOrganisation
from indicateurs.definitions import Niveau, Portee
from indicateurs.models import StatutRemontee
from indicateurs.services import compiler_remontee, valider_remontee
from tests import factories as f
from tests.conftest import membre

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def compiler(jeu, portee):
    jour = datetime.date(jeu.annee.annee_debut + 1, 1, 1)
    return compiler_remontee(portee, jour, aujourd_hui=jour)[0]


def sans_nom(reponse, monde):
    texte = json.dumps(reponse.json(), ensure_ascii=False)
    return not any(e.nom in texte or e.prenom in texte for e in monde.eleves_a + monde.eleves_b)


def test_les_chiffres_d_une_periode(monde, jeu):
    reponse = api(monde.pilote_national).get(
        "/api/v1/indicateurs/", {"du": jeu.fenetre.du.isoformat(), "au": jeu.fenetre.au.isoformat()}
    )
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["indicateurs"]["lyceens_beneficiaires"]["total"] == 5
    assert corps["indicateurs"]["avenirplus_eleves"]["total"] == 3
    assert corps["portee"] == "national" and corps["definitions"]
    assert sans_nom(reponse, monde)


def test_un_pilote_regional_n_obtient_pas_les_chiffres_d_une_autre_region(monde, jeu):
    client = api(monde.pilote_a)
    for perimetre in ("region:hauts-de-france", "academie:09", f"lycee:{monde.lycee_b.uuid}", "national"):
        assert client.get("/api/v1/indicateurs/", {"perimetre": perimetre}).status_code == 404, perimetre
    propre = client.get(
        "/api/v1/indicateurs/", {"du": jeu.fenetre.du.isoformat(), "au": jeu.fenetre.au.isoformat()}
    )
    assert propre.json()["portee"] == "region:ile-de-france"
    assert set(propre.json()["indicateurs"]["lyceens_beneficiaires"]["par_academie"]) == {"01"}


def test_un_lycee_voit_ses_propres_chiffres_seulement(monde, jeu):
    client = api(monde.chef_a)
    assert client.get("/api/v1/indicateurs/", {"perimetre": f"lycee:{monde.lycee_b.uuid}"}).status_code == 404
    propre = client.get(
        "/api/v1/indicateurs/", {"du": jeu.fenetre.du.isoformat(), "au": jeu.fenetre.au.isoformat()}
    )
    assert propre.status_code == 200
    assert propre.json()["indicateurs"]["interventions_collectives"]["total"] == 2


@pytest.mark.parametrize(
    ("parametres", "champ"),
    [
        ({"du": "2027-03-01", "au": "2027-02-01"}, "au"),
        ({"du": "hier"}, "du"),
        ({"perimetre": "monde"}, "perimetre"),
        ({"du": "2020-01-01", "au": "2027-01-01"}, "du"),
    ],
)
def test_mauvaise_saisie_400_en_francais(monde, parametres, champ):
    reponse = api(monde.pilote_national).get("/api/v1/indicateurs/", parametres)
    assert reponse.status_code == 400
    assert champ in reponse.json()


def test_remontees_listees_par_perimetre_et_fichiers(monde, jeu):
    idf = compiler(jeu, Portee(Niveau.REGION, "ile-de-france"))
    hdf = compiler(jeu, Portee(Niveau.REGION, "hauts-de-france"))
    client = api(monde.pilote_a)
    liste = client.get("/api/v1/indicateurs/remontees/")
    assert [r["uuid"] for r in liste.json()["results"]] == [str(idf.uuid)]
    assert liste.json()["results"][0]["fichiers"]["pdf"].endswith(
        f"/indicateurs/remontees/{idf.uuid}/remontee.pdf"
    )
    assert client.get(f"/api/v1/indicateurs/remontees/{hdf.uuid}/").status_code == 404
    assert client.post(f"/api/v1/indicateurs/remontees/{hdf.uuid}/valider/").status_code == 404
    assert sans_nom(liste, monde)


def test_valider_et_transmettre_par_l_api(monde, jeu):
    remontee = compiler(jeu, Portee(Niveau.REGION, "ile-de-france"))
    client = api(monde.pilote_a)
    trop_tot = client.post(f"/api/v1/indicateurs/remontees/{remontee.uuid}/transmettre/")
    assert trop_tot.status_code == 400 and "validée" in trop_tot.json()["detail"]
    assert (
        client.post(f"/api/v1/indicateurs/remontees/{remontee.uuid}/valider/").json()["statut"] == "validee"
    )
    reponse = client.post(f"/api/v1/indicateurs/remontees/{remontee.uuid}/transmettre/")
    assert reponse.json()["statut"] == StatutRemontee.TRANSMISE
    encore = client.post(f"/api/v1/indicateurs/remontees/{remontee.uuid}/valider/")
    assert encore.status_code == 400 and "ne change plus" in encore.json()["detail"]


def test_seul_le_valideur_valide(monde, jeu):
    remontee = compiler(jeu, Portee(Niveau.RESEAU, "missions_locales"))
    ft = membre(
        Role.PILOTE_NATIONAL,
        f.OrganisationFactory(type=TypeOrganisation.FRANCE_TRAVAIL_NATIONAL, academie=None),
    )
    reponse = api(ft).post(f"/api/v1/indicateurs/remontees/{remontee.uuid}/valider/")
    assert reponse.status_code == 400 and "pas le valideur" in reponse.json()["detail"]
    remontee.refresh_from_db()
    assert remontee.statut == StatutRemontee.COMPILEE
    unml = membre(Role.PILOTE_NATIONAL, f.OrganisationFactory(type=TypeOrganisation.UNML, academie=None))
    valider_remontee(perimetre_de(unml), remontee)


@pytest.mark.parametrize("qui", ["conseiller_a", "chef_a", "admin_ft_a"])
def test_les_remontees_sont_celles_des_pilotes(monde, jeu, qui):
    remontee = compiler(jeu, Portee(Niveau.REGION, "ile-de-france"))
    client = api(getattr(monde, qui))
    assert client.get("/api/v1/indicateurs/remontees/").json()["results"] == []
    assert client.get(f"/api/v1/indicateurs/remontees/{remontee.uuid}/").status_code == 404


def test_sans_periode_l_api_lit_les_agregats_des_tableaux_de_bord(monde, jeu, django_assert_max_num_queries):
    """The school year to date of a kept scope comes from the dashboards' job, as on the page: one read,
    whatever the size of the national tables; a period asked for is counted."""
    import time_machine

    from indicateurs.services import actualiser_tableaux_de_bord

    jour = datetime.date(jeu.annee.annee_debut + 1, 4, 15)
    actualiser_tableaux_de_bord(jour)
    client = api(monde.pilote_national)
    with time_machine.travel(datetime.datetime.combine(jour, datetime.time(10), tzinfo=datetime.UTC)):
        with django_assert_max_num_queries(6):
            agregats = client.get("/api/v1/indicateurs/")
        compte = client.get("/api/v1/indicateurs/", {"du": f"{jeu.annee.annee_debut}-09-01", "au": str(jour)})
    assert agregats.status_code == 200 and compte.status_code == 200
    assert agregats.json()["indicateurs"] == compte.json()["indicateurs"]
    assert agregats.json()["fenetre"] == compte.json()["fenetre"]
    assert "tendance" not in agregats.json() and "qualite" not in agregats.json()
    assert sans_nom(agregats, monde)
