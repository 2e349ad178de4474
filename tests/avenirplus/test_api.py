"""The AvenirPro+ API: the same rules as the pages (services), uuids outside the périmètre are 404 in the
path and 400 « introuvable » in a body, reads are logged."""

import datetime

import pytest
from rest_framework.test import APIClient

from avenirplus import services
from avenirplus.enums import StatutAction, TypeAction
from avenirplus.models import Action, Contact, Inscription
from avenirpro.models import EntreeJournal
from tests.avenirplus.conftest import membre_de

D = datetime.date
BASE = "/api/v1/avenirplus"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_la_direction_inscrit_et_designe(monde, phase2, cohorte_a):
    client = api(monde.chef_a)
    reponse = client.get(f"{BASE}/cohorte/", {"annee": "2025"})
    assert reponse.status_code == 200 and reponse.json()["count"] == 2
    m = membre_de(phase2.ajourne)
    reponse = client.post(
        f"{BASE}/contacts/",
        {"membre": str(m.uuid), "date": "2026-07-10", "moyen": "sms", "reponse": "interesse"},
        format="json",
    )
    assert reponse.status_code == 201
    reponse = client.post(
        f"{BASE}/inscriptions/", {"membre": str(m.uuid), "debut": "2026-09-15"}, format="json"
    )
    assert reponse.status_code == 201 and reponse.json()["fin"] == "2027-01-15"
    uuid = reponse.json()["uuid"]
    reponse = client.post(
        f"{BASE}/inscriptions/{uuid}/referents/",
        {"referent": str(phase2.volontaire_a.uuid), "conseiller": str(phase2.conseiller_ml_a.uuid)},
        format="json",
    )
    assert reponse.status_code == 200 and reponse.json()["referent"]["uuid"] == str(phase2.volontaire_a.uuid)


def test_quatre_mois_au_plus_et_referent_non_volontaire(monde, phase2, inscription_a, cohorte_a):
    client = api(monde.chef_a)
    reponse = client.post(
        f"{BASE}/inscriptions/",
        {"membre": str(membre_de(phase2.sans_solution).uuid), "debut": "2026-09-15", "fin": "2027-01-16"},
        format="json",
    )
    assert reponse.status_code == 400 and "quatre mois au plus" in str(reponse.json())
    reponse = client.post(
        f"{BASE}/inscriptions/{inscription_a.uuid}/referents/",
        {"referent": str(phase2.non_volontaire_a.uuid), "conseiller": str(phase2.conseiller_ml_a.uuid)},
        format="json",
    )
    assert reponse.status_code == 400 and "professeur volontaire" in str(reponse.json())
    assert Inscription.objects.unscoped("test").count() == 1


def test_les_referents_ajoutent_entretien_et_actions(monde, phase2, inscription_a):
    client = api(phase2.conseiller_ml_a)
    reponse = client.post(
        f"{BASE}/inscriptions/{inscription_a.uuid}/entretien/",
        {"date": "2026-09-20", "besoins": "Mobilité"},
        format="json",
    )
    assert reponse.status_code == 200
    corps = {
        "inscription": str(inscription_a.uuid),
        "type": "pmsmp",
        "debut": "2026-10-05",
        "fin": "2026-10-16",
        "statut": "prevue",
    }
    assert client.post(f"{BASE}/actions/", corps, format="json").status_code == 201
    hors = dict(corps, fin="2027-02-01")
    assert client.post(f"{BASE}/actions/", hors, format="json").status_code == 400
    reponse = client.get(f"{BASE}/actions/")
    assert [a["type"] for a in reponse.json()["results"]] == ["pmsmp"]
    sortie = {"inscription": str(inscription_a.uuid), "date": "2026-09-01", "issue": "emploi"}
    assert client.post(f"{BASE}/sorties/", sortie, format="json").status_code == 400


@pytest.mark.parametrize("qui", ["chef_b", "conseiller_b", "ft_phase1", "autre_conseiller_ml_a"])
def test_les_autres_404_dans_le_chemin_400_dans_le_corps(monde, phase2, inscription_a, qui):
    user = getattr(monde, qui, None) or getattr(phase2, qui)
    action = services.ajouter_action(
        phase2.volontaire_a,
        inscription_a,
        type=TypeAction.TRE,
        debut=D(2026, 10, 1),
        fin=D(2026, 10, 1),
        statut=StatutAction.PREVUE,
    )
    client = api(user)
    for url in (
        f"{BASE}/inscriptions/{inscription_a.uuid}/",
        f"{BASE}/cohorte/{inscription_a.membre.uuid}/",
        f"{BASE}/actions/{action.uuid}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"{BASE}/inscriptions/{inscription_a.uuid}/entretien/",
            {"date": "2026-09-20", "besoins": "x"},
            format="json",
        ).status_code
        == 404
    )
    corps = {
        "inscription": str(inscription_a.uuid),
        "type": "tre",
        "debut": "2026-10-05",
        "fin": "2026-10-05",
        "statut": "prevue",
    }
    reponse = client.post(f"{BASE}/actions/", corps, format="json")
    assert reponse.status_code == 400 and "introuvable" in str(reponse.json()).lower()
    contact = {
        "membre": str(inscription_a.membre.uuid),
        "date": "2026-07-10",
        "moyen": "sms",
        "reponse": "interesse",
    }
    assert client.post(f"{BASE}/contacts/", contact, format="json").status_code == 400
    assert client.get(f"{BASE}/inscriptions/").json()["count"] == 0
    assert Action.objects.unscoped("test").count() == 1 and not Contact.objects.unscoped("test").exists()


def test_le_referent_ne_pilote_pas(monde, phase2, inscription_a, cohorte_a):
    reponse = api(phase2.volontaire_a).post(
        f"{BASE}/inscriptions/",
        {"membre": str(inscription_a.membre.uuid), "debut": "2027-01-20"},
        format="json",
    )
    assert reponse.status_code == 403


def test_les_lectures_de_l_api_sont_journalisees(monde, phase2, inscription_a):
    avant = EntreeJournal.objects.count()
    assert api(phase2.volontaire_a).get(f"{BASE}/inscriptions/").status_code == 200
    assert EntreeJournal.objects.count() == avant + 1
