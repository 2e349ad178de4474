"""An operator change mid-year: the confirmation lists the planned séances of the counsellors who lose
access, and confirming gives them to a counsellor of the new operator or cancels them (the pilot's
choice); no planned séance is left with someone who lost access."""

import pytest
from django.test import Client
from django.urls import reverse

from ateliers.enums import StatutSeance
from ateliers.models import Seance
from avenirpro.enums import Role
from lycees.affectations import services, suites
from lycees.models import Affectation
from tests import factories as f
from tests.affectations.test_pages import connecte, etat, page, url_lycee
from tests.ateliers.factories import SeanceFactory
from tests.services import require_postgres

RAISON = "vérification d'un test"
GROUPE = reverse("lycees:affecter_lycees")


@pytest.fixture
def conseiller_ml(ml_a):
    return f.MembershipFactory(role=Role.CONSEILLER, organisation=ml_a).user


@pytest.fixture
def seances(monde, annee):
    """Lycée A's séances of the year animated by its FT counsellor: two planned, one held, one cancelled."""
    division = monde.eleves_a[0].division
    commun = {
        "lycee": monde.lycee_a,
        "annee": annee,
        "divisions": [division],
        "conseillers": [monde.conseiller_a],
    }
    return {
        "prevues": [SeanceFactory(**commun), SeanceFactory(**commun)],
        "realisee": SeanceFactory(**commun, realisee=True),
        "annulee": SeanceFactory(**commun, statut=StatutSeance.ANNULEE),
    }


def _seance(s):
    s = Seance.objects.unscoped(RAISON).get(pk=s.pk)
    return s.statut, sorted(s.conseillers.values_list("pk", flat=True))


def _donnees(annee, operateur, **autres):
    return {"annee": annee.annee_debut, "operateur": operateur.uuid, **autres}


def test_la_confirmation_liste_les_seances_prevues(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_a)
    reponse = client.post(url_lycee(monde.lycee_a), _donnees(annee, ml_a))
    assert reponse.status_code == 200
    html = page(reponse)
    assert "2 séances prévues avec des conseillers qui perdront l'accès" in html
    assert html.count(f"({monde.conseiller_a})") == 2
    assert f'<option value="{conseiller_ml.uuid}">{conseiller_ml}</option>' in html
    assert 'name="seances" value="reaffecter"' in html and 'name="seances" value="annuler"' in html


def test_confirmer_sans_choisir_ne_change_rien(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_a)
    reponse = client.post(url_lycee(monde.lycee_a), _donnees(annee, ml_a, confirmer="1"))
    assert reponse.status_code == 400
    assert "choisissez de les confier à un conseiller de « Mission locale A » ou de les annuler" in page(
        reponse
    )
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    assert _seance(seances["prevues"][0]) == (StatutSeance.PREVUE, [monde.conseiller_a.pk])


def test_confirmer_en_confiant_les_seances(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_a)
    donnees = _donnees(annee, ml_a, confirmer="1", seances="reaffecter", conseiller=conseiller_ml.uuid)
    reponse = client.post(url_lycee(monde.lycee_a), donnees)
    assert reponse.status_code == 302
    # The counsellor who takes the séances over is named on the lycée: they reach its classes.
    assert etat(monde.lycee_a, annee) == (ml_a.pk, [conseiller_ml.pk])
    for s in seances["prevues"]:
        assert _seance(s) == (StatutSeance.PREVUE, [conseiller_ml.pk])
    # Held and cancelled séances are history: they keep who animated them.
    assert _seance(seances["realisee"]) == (StatutSeance.REALISEE, [monde.conseiller_a.pk])
    assert _seance(seances["annulee"]) == (StatutSeance.ANNULEE, [monde.conseiller_a.pk])
    assert "2 séances prévues confiées au conseiller choisi." in page(client.get(reponse["Location"]))


def test_confirmer_en_annulant_les_seances(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_a)
    reponse = client.post(url_lycee(monde.lycee_a), _donnees(annee, ml_a, confirmer="1", seances="annuler"))
    assert reponse.status_code == 302
    assert etat(monde.lycee_a, annee) == (ml_a.pk, [])
    assert [_seance(s)[0] for s in seances["prevues"]] == [StatutSeance.ANNULEE] * 2
    assert _seance(seances["realisee"])[0] == StatutSeance.REALISEE


def test_confier_sans_choisir_le_conseiller_est_refuse(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_a)
    reponse = client.post(
        url_lycee(monde.lycee_a), _donnees(annee, ml_a, confirmer="1", seances="reaffecter")
    )
    assert reponse.status_code == 400
    assert "Choisissez le conseiller de « Mission locale A » (compte actif)" in page(reponse)
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


@pytest.mark.parametrize("qui", ["conseiller_a", "conseiller_b", "admin_ft_a"])
def test_un_conseiller_qui_n_est_pas_du_nouvel_operateur_repond_404(
    client, monde, annee, ml_a, conseiller_ml, seances, qui
):
    """A uuid in the body that is not one of the new operator's counsellors: 404, nothing changed."""
    connecte(client, monde.pilote_a)
    donnees = _donnees(annee, ml_a, confirmer="1", seances="reaffecter", conseiller=getattr(monde, qui).uuid)
    assert client.post(url_lycee(monde.lycee_a), donnees).status_code == 404
    donnees = {**donnees, "lycees": [monde.lycee_a.uuid]}
    assert client.post(GROUPE, donnees).status_code == 404
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    assert _seance(seances["prevues"][0]) == (StatutSeance.PREVUE, [monde.conseiller_a.pk])


def test_le_pilote_d_une_autre_region_recoit_404(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_b)
    donnees = _donnees(annee, ml_a, confirmer="1", seances="annuler")
    assert client.post(url_lycee(monde.lycee_a), donnees).status_code == 404
    assert _seance(seances["prevues"][0]) == (StatutSeance.PREVUE, [monde.conseiller_a.pk])


def test_le_pilote_national_lit_sans_changer(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_national)
    donnees = _donnees(annee, ml_a, confirmer="1", seances="annuler")
    assert client.post(url_lycee(monde.lycee_a), donnees).status_code == 403
    assert client.post(GROUPE, {**donnees, "lycees": [monde.lycee_a.uuid]}).status_code == 403
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    assert _seance(seances["prevues"][0]) == (StatutSeance.PREVUE, [monde.conseiller_a.pk])


def test_affectation_groupee_confie_les_seances(client, monde, annee, ml_a, conseiller_ml, seances):
    connecte(client, monde.pilote_a)
    lot = _donnees(annee, ml_a, lycees=[monde.lycee_a.uuid, monde.lycee_a_non_affecte.uuid])
    html = page(client.post(GROUPE, lot))
    assert "2 séances prévues avec des conseillers" in html
    reponse = client.post(GROUPE, {**lot, "confirmer": "1"})
    assert reponse.status_code == 400
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    reponse = client.post(
        GROUPE, {**lot, "confirmer": "1", "seances": "reaffecter", "conseiller": conseiller_ml.uuid}
    )
    assert reponse.status_code == 302
    assert etat(monde.lycee_a, annee) == (ml_a.pk, [conseiller_ml.pk])
    assert etat(monde.lycee_a_non_affecte, annee) == (ml_a.pk, [])
    assert _seance(seances["prevues"][1]) == (StatutSeance.PREVUE, [conseiller_ml.pk])


def test_la_confirmation_groupee_requetes_bornees(
    client, monde, annee, ml_a, conseiller_ml, django_assert_max_num_queries
):
    """N lycées changing operator, each with a planned séance: the page's queries do not grow with N."""
    from tests.affectations import factories as af

    connecte(client, monde.pilote_a)
    for n in (3, 9):
        affectations = af.affectations(n, monde.ft_a)
        for a in affectations:
            SeanceFactory(lycee=a.lycee, annee=a.annee, conseillers=list(a.conseillers.all()))
        lot = _donnees(annee, ml_a, lycees=[a.lycee.uuid for a in affectations])
        with django_assert_max_num_queries(25):
            html = page(client.post(GROUPE, lot))
        assert f"{n} séances prévues avec des conseillers" in html


def test_le_service_refuse_un_choix_inconnu(monde, annee, ml_a, seances):
    with pytest.raises(services.ValidationError) as e:
        services.affecter_lycee(
            monde.pilote_a, monde.lycee_a, annee, ml_a, services.ChoixPrevus(action="supprimer")
        )
    assert e.value.message_dict == {
        "seances": ["Choisissez de confier les séances prévues à un conseiller ou de les annuler."]
    }
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deux_confirmations_simultanees_une_seule_decide(monde, annee, ml_a, conseiller_ml, seances):
    """A double submit (or two pilots) at once, one confiding the séances, the other cancelling them: the
    assignment row is locked, the second one finds the lycée already moved and changes nothing; the
    séances end either all confided or all cancelled, never with the old counsellor."""
    require_postgres()
    from tests.jobs.test_ecritures_concurrentes import en_meme_temps

    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        clients.append(connecte(client, monde.pilote_a))
    base = _donnees(annee, ml_a, confirmer="1")
    envois = [
        lambda: clients[0].post(
            url_lycee(monde.lycee_a), {**base, "seances": suites.REASSIGNER, "conseiller": conseiller_ml.uuid}
        ),
        lambda: clients[1].post(url_lycee(monde.lycee_a), {**base, "seances": suites.ANNULER}),
    ]
    reponses = en_meme_temps(*envois)
    assert [getattr(r, "status_code", r) for r in reponses] == [302, 302]
    assert Affectation.objects.get(lycee=monde.lycee_a, annee=annee).operateur_id == ml_a.pk
    etats = [_seance(s) for s in seances["prevues"]]
    assert etats in (
        [(StatutSeance.PREVUE, [conseiller_ml.pk])] * 2,
        [(StatutSeance.ANNULEE, [monde.conseiller_a.pk])] * 2,
    )
    assert (
        not Seance.objects.unscoped(RAISON)
        .filter(statut=StatutSeance.PREVUE, conseillers=monde.conseiller_a)
        .exists()
    )


# --- The API: the same rule, the same choice -------------------------------------------------------


def _api(user):
    from tests.affectations.test_api import api

    return api(user)


def test_l_api_exige_le_choix_puis_confie_les_seances(monde, annee, ml_a, conseiller_ml, seances):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    client = _api(monde.pilote_a)
    url = f"/api/v1/affectations/{affectation.uuid}/"
    reponse = client.patch(url, {"operateur": ml_a.uuid}, format="json")
    assert reponse.status_code == 400
    assert "choisissez de les confier" in str(reponse.json())
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    donnees = {"operateur": ml_a.uuid, "seances": "reaffecter", "conseiller": conseiller_ml.uuid}
    reponse = client.patch(url, donnees, format="json")
    assert reponse.status_code == 200
    assert etat(monde.lycee_a, annee) == (ml_a.pk, [conseiller_ml.pk])
    assert _seance(seances["prevues"][0]) == (StatutSeance.PREVUE, [conseiller_ml.pk])


def test_l_api_repond_404_pour_un_conseiller_d_un_autre_operateur(monde, annee, ml_a, conseiller_ml, seances):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    donnees = {"operateur": ml_a.uuid, "seances": "reaffecter", "conseiller": monde.conseiller_b.uuid}
    reponse = _api(monde.pilote_a).patch(f"/api/v1/affectations/{affectation.uuid}/", donnees, format="json")
    assert reponse.status_code == 404
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
