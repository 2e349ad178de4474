"""The four themes per class: share of each class's students who attended a held séance of each theme."""

import pytest
from django.urls import reverse

from ateliers.enums import StatutSeance
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import PresenceFactory, SeanceFactory


def suivi(client, user, lycee=None):
    client.force_login(user)
    return client.get(reverse("ateliers:suivi"), {"lycee": str(lycee.uuid)} if lycee else {})


def test_part_des_eleves_par_theme(client, monde):
    division = divisions_de(monde.lycee_a)[0]
    tenue = SeanceFactory(lycee=monde.lycee_a, divisions=[division], theme=1, statut=StatutSeance.REALISEE)
    for eleve, present in zip(monde.eleves_a, [True, True, False], strict=True):
        PresenceFactory(seance=tenue, eleve=eleve, present=present)
    SeanceFactory(lycee=monde.lycee_a, divisions=[division], theme=2)
    reponse = suivi(client, monde.conseiller_a)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<strong>67 %</strong>" in contenu
    assert "(2/3)" in contenu
    assert "prévu le" in contenu
    assert contenu.count("à planifier") == 2
    assert "INVALID" not in contenu


@pytest.mark.parametrize("qui", ["chef_a", "professeur_a"])
def test_le_personnel_du_lycee_voit_le_suivi(client, monde, qui):
    contenu = suivi(client, getattr(monde, qui)).content.decode()
    assert f">{divisions_de(monde.lycee_a)[0].nom} <span" in contenu


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe"])
def test_un_etranger_ne_voit_pas_les_classes_du_lycee_a(client, monde, qui):
    contenu = suivi(client, getattr(monde, qui), monde.lycee_a).content.decode()
    assert f">{divisions_de(monde.lycee_a)[0].nom} <span" not in contenu
    assert monde.lycee_a.nom not in contenu


def test_le_suivi_a_un_nombre_de_requetes_borne(client, monde, django_assert_max_num_queries):
    def classes(n):
        for _ in range(n):
            division = f.DivisionFactory(lycee=monde.lycee_a)
            eleves = f.EleveFactory.create_batch(3, division=division)
            seance = SeanceFactory(lycee=monde.lycee_a, divisions=[division], statut=StatutSeance.REALISEE)
            for eleve in eleves:
                PresenceFactory(seance=seance, eleve=eleve)

    client.force_login(monde.conseiller_a)
    classes(2)
    with django_assert_max_num_queries(20) as petit:
        client.get(reverse("ateliers:suivi"))
    borne = len(petit.captured_queries)  # now: each request empties the query log
    classes(6)
    with django_assert_max_num_queries(borne):
        reponse = client.get(reverse("ateliers:suivi"))
    assert reponse.content.decode().count("<strong>100 %</strong>") == 8


def test_la_coche_verte_suit_la_presence(client, monde):
    """Field defect: a green tick at 52 %. Below 80 % of the class present the theme is « partial »."""
    division = divisions_de(monde.lycee_a)[0]
    partielle = SeanceFactory(
        lycee=monde.lycee_a, divisions=[division], theme=1, statut=StatutSeance.REALISEE
    )
    for eleve, present in zip(monde.eleves_a, [True, True, False], strict=True):
        PresenceFactory(seance=partielle, eleve=eleve, present=present)
    complete = SeanceFactory(lycee=monde.lycee_a, divisions=[division], theme=2, statut=StatutSeance.REALISEE)
    for eleve in monde.eleves_a:
        PresenceFactory(seance=complete, eleve=eleve, present=True)
    contenu = suivi(client, monde.conseiller_a).content.decode()
    assert contenu.count("ateliers-ok") == 1
    assert contenu.count("couverture partielle") == 1
    assert "<strong>67 %</strong>" in contenu and "<strong>100 %</strong>" in contenu
