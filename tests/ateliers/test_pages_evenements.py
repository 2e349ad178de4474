"""Event pages: list, create, edit, detail with the attending students, participants."""

import pytest
from django.urls import reverse

from ateliers.models import Evenement
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import EvenementFactory


def url(nom, evenement=None):
    return reverse(f"ateliers:{nom}", kwargs={"uuid": evenement.uuid} if evenement else None)


def connecte(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def evenement_a(monde):
    return EvenementFactory(lycees=[monde.lycee_a], organisateur=monde.ft_a, eleves=monde.eleves_a[:2])


def formulaire(monde, **extra):
    annee = f.annee_courante()
    return {
        "type": "forum",
        "titre": "Forum des métiers du bâtiment",
        "date": f"{annee.annee_debut}-12-10",
        "lycees": [str(monde.lycee_a.uuid)],
        "partenaires": ["opco", "chambres_consulaires"],
        "nombre_employeurs": "8",
        **extra,
    }


def nb_evenements():
    return Evenement.objects.unscoped("test").count()


@pytest.mark.parametrize("qui", ["conseiller_a", "chef_a", "professeur_a"])
def test_liste_et_detail_pour_le_lycee(client, monde, evenement_a, qui):
    connecte(client, getattr(monde, qui))
    liste = client.get(url("evenements")).content.decode()
    assert url("evenement", evenement_a) in liste
    detail = client.get(url("evenement", evenement_a))
    assert detail.status_code == 200
    contenu = detail.content.decode()
    assert str(monde.eleves_a[0]) in contenu
    assert str(monde.eleves_a[2]) not in contenu
    assert "INVALID" not in contenu


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe"])
def test_un_etranger_ne_voit_pas_l_evenement(client, monde, evenement_a, qui):
    connecte(client, getattr(monde, qui))
    assert url("evenement", evenement_a) not in client.get(url("evenements")).content.decode()
    for nom in ["evenement", "evenement_modifier", "evenement_participants"]:
        assert client.get(url(nom, evenement_a)).status_code == 404
        assert client.post(url(nom, evenement_a), formulaire(monde)).status_code == 404
    evenement_a.refresh_from_db()
    assert evenement_a.titre.startswith("Forum des métiers n°")


def test_un_evenement_de_deux_lycees_ne_montre_que_ses_eleves(client, monde):
    evenement = EvenementFactory(
        lycees=[monde.lycee_a, monde.lycee_b],
        organisateur=monde.ft_a,
        eleves=[monde.eleves_a[0], monde.eleves_b[0]],
    )
    contenu = connecte(client, monde.chef_b).get(url("evenement", evenement)).content.decode()
    assert str(monde.eleves_b[0]) in contenu
    assert str(monde.eleves_a[0]) not in contenu
    assert "hors de votre périmètre" in contenu


def test_creer_un_evenement_depuis_la_page(client, monde):
    connecte(client, monde.conseiller_a)
    page = client.get(url("evenement_nouveau"))
    assert page.status_code == 200
    assert "INVALID" not in page.content.decode()
    reponse = client.post(
        url("evenement_nouveau"), formulaire(monde, divisions=[str(divisions_de(monde.lycee_a)[0].uuid)])
    )
    evenement = Evenement.objects.unscoped("test").get()
    assert reponse.status_code == 302
    assert evenement.organisateur == monde.ft_a
    assert evenement.partenaires == ["opco", "chambres_consulaires"]
    assert evenement.eleves.through.objects.filter(evenement=evenement).count() == 3


def test_un_evenement_dans_un_lycee_non_affecte_est_refuse(client, monde):
    reponse = connecte(client, monde.conseiller_a).post(
        url("evenement_nouveau"), formulaire(monde, lycees=[str(monde.lycee_b.uuid)])
    )
    assert reponse.status_code == 200
    assert (
        "fr-input-group--error" in reponse.content.decode()
        or "fr-fieldset--error" in reponse.content.decode()
    )
    assert nb_evenements() == 0


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a", "conseiller_a_non_designe"])
def test_le_personnel_et_les_non_designes_ne_creent_pas(client, monde, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(url("evenement_nouveau")).status_code == 403
    assert client.post(url("evenement_nouveau"), formulaire(monde)).status_code == 403
    assert nb_evenements() == 0


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a"])
def test_le_personnel_lit_mais_ne_modifie_pas(client, monde, evenement_a, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(url("evenement_modifier", evenement_a)).status_code == 403
    assert client.post(url("evenement_modifier", evenement_a), formulaire(monde)).status_code == 403
    assert client.post(url("evenement_participants", evenement_a), {"eleves": []}).status_code == 403
    assert evenement_a.eleves.through.objects.filter(evenement=evenement_a).count() == 2


def test_modifier_un_evenement(client, monde, evenement_a):
    connecte(client, monde.conseiller_a)
    page = client.get(url("evenement_modifier", evenement_a))
    assert page.status_code == 200
    assert "INVALID" not in page.content.decode()
    assert client.post(url("evenement_modifier", evenement_a), formulaire(monde)).status_code == 302
    evenement_a.refresh_from_db()
    assert evenement_a.titre == "Forum des métiers du bâtiment"
    assert evenement_a.eleves.through.objects.filter(evenement=evenement_a).count() == 2


def test_choisir_les_participants(client, monde, evenement_a):
    connecte(client, monde.conseiller_a)
    page = client.get(url("evenement_participants", evenement_a)).content.decode()
    assert page.count(" checked") == 2
    assert "INVALID" not in page
    reponse = client.post(
        url("evenement_participants", evenement_a), {"eleves": [str(monde.eleves_a[2].uuid)]}
    )
    assert reponse.status_code == 302
    assert list(evenement_a.eleves.unscoped("test")) == [monde.eleves_a[2]]


def test_un_participant_d_un_autre_lycee_est_refuse(client, monde, evenement_a):
    reponse = connecte(client, monde.conseiller_a).post(
        url("evenement_participants", evenement_a), {"eleves": [str(monde.eleves_b[0].uuid)]}
    )
    assert reponse.status_code == 400
    assert "ne sont pas des élèves des lycées de" in reponse.content.decode()
    assert set(evenement_a.eleves.unscoped("test")) == set(monde.eleves_a[:2])


def test_la_liste_a_un_nombre_de_requetes_borne(client, monde, django_assert_max_num_queries):
    connecte(client, monde.conseiller_a)
    EvenementFactory.create_batch(3, lycees=[monde.lycee_a], organisateur=monde.ft_a, eleves=monde.eleves_a)
    with django_assert_max_num_queries(20) as petit:
        client.get(url("evenements"))
    borne = len(petit.captured_queries)  # now: each request empties the query log
    EvenementFactory.create_batch(9, lycees=[monde.lycee_a], organisateur=monde.ft_a, eleves=monde.eleves_a)
    with django_assert_max_num_queries(borne):
        reponse = client.get(url("evenements"))
    assert reponse.content.decode().count('href="/ateliers/evenements/') >= 12


def test_les_participants_ont_un_nombre_de_requetes_borne(
    client, monde, evenement_a, django_assert_max_num_queries
):
    connecte(client, monde.conseiller_a)
    with django_assert_max_num_queries(25) as petit:
        client.get(url("evenement_participants", evenement_a))
    borne = len(petit.captured_queries)  # now: each request empties the query log
    f.EleveFactory.create_batch(20, division=divisions_de(monde.lycee_a)[0])
    with django_assert_max_num_queries(borne):
        client.get(url("evenement_participants", evenement_a))
    with django_assert_max_num_queries(borne):
        client.get(url("evenement", evenement_a))
