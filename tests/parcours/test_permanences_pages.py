"""The office-hours page (/permanences/): a counsellor named on a lycée this school year publishes from it;
anyone else reads the list without the form, and a POST from them changes nothing."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from parcours.models import Permanence
from tests.outils import connecte


@pytest.fixture
def jour(monde):
    """A school day of the world's school year (the page publishes from today on)."""
    annee = monde.eleves_a[0].annee
    jour = datetime.date(annee.annee_debut, 11, 16)
    with time_machine.travel(datetime.datetime(jour.year, 11, 16, 8, tzinfo=datetime.UTC), tick=False):
        yield jour


def _donnees(lycee, jour):
    return {
        "lycee": str(lycee.uuid),
        "date": (jour + datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        "debut": "09:00",
        "fin": "10:00",
        "duree_creneau": "30",
        "salle": "CDI",
    }


def test_le_conseiller_designe_publie_une_permanence_depuis_la_page(client, monde, jour):
    connecte(client, monde.conseiller_a)
    page = client.get(reverse("parcours:permanences")).content.decode()
    assert "Publier une permanence" in page and monde.lycee_a.nom in page

    reponse = client.post(reverse("parcours:permanences"), _donnees(monde.lycee_a, jour))

    permanence = Permanence.objects.get(lycee=monde.lycee_a)
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("parcours:permanence", args=[permanence.uuid])
    assert (permanence.conseiller_id, permanence.salle) == (monde.conseiller_a.pk, "CDI")


def test_le_chef_lit_la_page_sans_le_formulaire_et_ne_publie_pas(client, monde, jour):
    connecte(client, monde.chef_a)
    page = client.get(reverse("parcours:permanences"))
    assert page.status_code == 200 and "Publier une permanence" not in page.content.decode()

    reponse = client.post(reverse("parcours:permanences"), _donnees(monde.lycee_a, jour))

    assert reponse.status_code == 403
    assert not Permanence.objects.exists()


def test_le_conseiller_non_designe_ne_publie_pas(client, monde, jour):
    connecte(client, monde.conseiller_a_non_designe)
    assert "Publier une permanence" not in client.get(reverse("parcours:permanences")).content.decode()

    reponse = client.post(reverse("parcours:permanences"), _donnees(monde.lycee_a, jour))

    assert reponse.status_code == 403
    assert not Permanence.objects.exists()


def test_le_lycee_d_une_autre_organisation_n_est_pas_un_choix(client, monde, jour):
    connecte(client, monde.conseiller_b)

    reponse = client.post(reverse("parcours:permanences"), _donnees(monde.lycee_a, jour))

    assert reponse.status_code == 400
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    assert not Permanence.objects.exists()
