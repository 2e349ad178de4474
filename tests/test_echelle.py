"""Issue 13, national scale: every list page and API list runs the same number of queries for N and 3N
rows (nothing per row), and the counsellor's access rule is SQL of one size whatever the number of lycées
he is named for. Not timed: speed is measured by ``make bench`` (bench/run.py)."""

import pytest
from django.urls import reverse

from ateliers.models import Evenement, Presence, Seance
from avenirpro.access import perimetre_de
from avenirpro.enums import Role
from lycees.models import Division, Eleve
from tests import factories as f
from tests.api.conftest import client_jeton
from tests.ateliers.factories import EvenementFactory, PresenceFactory, SeanceFactory
from tests.conftest import membre
from tests.outils import connecte, requetes_a_n_et_3n


def _eleves(monde, lot):
    division = monde.eleves_a[0].division
    f.EleveFactory.create_batch(lot, division=division)


def _divisions(monde, lot):
    for division in f.DivisionFactory.create_batch(lot, lycee=monde.lycee_a):
        f.EleveFactory(division=division)


def _seances(monde, lot):
    division = monde.eleves_a[0].division
    for _ in range(lot):
        seance = SeanceFactory(
            lycee=monde.lycee_a, divisions=[division], conseillers=[monde.conseiller_a], realisee=True
        )
        PresenceFactory(seance=seance, eleve=monde.eleves_a[0])
        PresenceFactory(seance=seance, eleve=monde.eleves_a[1], present=False)


def _evenements(monde, lot):
    for _ in range(lot):
        EvenementFactory(
            lycees=[monde.lycee_a, monde.lycee_b], eleves=monde.eleves_a[:2], organisateur=monde.ft_a
        )


def _affectations(monde, lot):
    for _ in range(lot):
        lycee = f.LyceeFactory(academie=monde.lycee_a.organisation.academie)
        f.AffectationFactory(lycee=lycee, operateur=monde.ft_a, conseillers=[monde.conseiller_a])


PAGES = [
    ("conseiller_a", "lycees:eleves", {}, _eleves),
    ("chef_a", "lycees:eleves", {}, _eleves),
    ("chef_a", "lycees:divisions", {}, _divisions),
    ("conseiller_a", "ateliers:seances", {"periode": "toutes"}, _seances),
    ("chef_a", "ateliers:seances", {"periode": "toutes"}, _seances),
    ("conseiller_a", "ateliers:evenements", {}, _evenements),
    ("chef_a", "ateliers:evenements", {}, _evenements),
    ("pilote_a", "lycees:affectations", {}, _affectations),
]


@pytest.mark.parametrize(("qui", "page", "parametres", "ajouter"), PAGES)
def test_une_liste_a_le_meme_nombre_de_requetes_pour_n_et_3n_lignes(
    monde, client, qui, page, parametres, ajouter
):
    connecte(client, getattr(monde, qui))
    url = reverse(page)

    def obtenir():
        reponse = client.get(url, parametres)
        assert reponse.status_code == 200

    n, trois_n = requetes_a_n_et_3n(obtenir, lambda lot: ajouter(monde, lot))
    assert n == trois_n


API = [
    ("conseiller_a", "/api/v1/eleves/", _eleves),
    ("chef_a", "/api/v1/eleves/", _eleves),
    ("chef_a", "/api/v1/divisions/", _divisions),
    ("conseiller_a", "/api/v1/seances/", _seances),
    ("chef_a", "/api/v1/seances/", _seances),
    ("conseiller_a", "/api/v1/evenements/", _evenements),
    ("chef_a", "/api/v1/evenements/", _evenements),
    ("conseiller_a", "/api/v1/affectations/", _affectations),
    ("conseiller_a", "/api/v1/lycees/", _affectations),
]


@pytest.mark.parametrize(("qui", "url", "ajouter"), API)
def test_une_liste_de_l_api_a_le_meme_nombre_de_requetes_pour_n_et_3n_lignes(monde, qui, url, ajouter):
    api, _ = client_jeton(getattr(monde, qui))
    comptes = []

    def obtenir():
        reponse = api.get(url)
        assert reponse.status_code == 200
        comptes.append(reponse.json()["count"])

    n, trois_n = requetes_a_n_et_3n(obtenir, lambda lot: ajouter(monde, lot))
    assert n == trois_n
    assert comptes[-1] >= comptes[-2] + 10  # the 10 rows added between the two reads are listed


def test_le_sql_du_conseiller_a_la_meme_taille_pour_1_et_50_lycees(monde):
    """The access rule is one correlated EXISTS, not one term per (lycée, year) pair."""
    un = membre(Role.CONSEILLER, monde.ft_a)
    cinquante = membre(Role.CONSEILLER, monde.ft_a)
    f.AffectationFactory(lycee=f.LyceeFactory(), operateur=monde.ft_a, conseillers=[un])
    for _ in range(50):
        f.AffectationFactory(lycee=f.LyceeFactory(), operateur=monde.ft_a, conseillers=[cinquante])
    for modele in (Eleve, Division, Seance, Presence, Evenement):
        sql_un, params_un = modele.objects.visible_to(perimetre_de(un)).query.sql_with_params()
        sql_50, params_50 = modele.objects.visible_to(perimetre_de(cinquante)).query.sql_with_params()
        assert len(sql_un) == len(sql_50), modele.__name__
        assert len(params_un) == len(params_50), modele.__name__
