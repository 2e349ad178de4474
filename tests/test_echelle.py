"""Issue 13, national scale: every list page and API list runs the same number of queries for N and 3N
rows (nothing per row), and the counsellor's access rule is SQL of one size whatever the number of lycées
he is named for. Not timed: speed is measured by ``make bench`` (bench/run.py)."""

import pytest
from django.urls import reverse

from ateliers.models import Evenement, Presence, Seance
from avenirpro.access import perimetre_de
from avenirpro.enums import Role
from avenirpro.models import AnneeScolaire
from lycees.models import Division, Eleve
from parcours.enums import StatutRecherche
from parcours.models import AlerteDecrochage, Entretien, Restitution
from parcours.services import entretiens
from tests import factories as f
from tests.api.conftest import client_jeton
from tests.ateliers.factories import EvenementFactory, PresenceFactory, SeanceFactory
from tests.conftest import fresh, membre
from tests.outils import connecte, requetes_a_n_et_3n
from tests.parcours.conftest import entretien_de


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


def _entretiens(monde, lot):
    for eleve in f.EleveFactory.create_batch(lot, division=monde.eleves_a[0].division):
        entretien_de(
            monde.conseiller_a,
            eleve,
            restitution_statut=StatutRecherche.CANDIDATURES,
            restitution_commentaire="Une candidature envoyée.",
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


SUIVI = [
    ("conseiller_a", "parcours:restitutions"),
    ("chef_a", "parcours:restitutions"),
    ("conseiller_a", "/api/v1/entretiens/"),
    ("chef_a", "/api/v1/entretiens/"),
    ("conseiller_a", "/api/v1/restitutions/"),
]


@pytest.mark.parametrize(("qui", "cible"), SUIVI)
def test_les_listes_du_suivi_ont_le_meme_nombre_de_requetes_pour_n_et_3n_lignes(client, monde, qui, cible):
    """Interviews and restitutions: the class has its référent, and one row exists before the first read
    (what a process looks up once, for the access log of a first row, is not a per-row query)."""
    entretiens.nommer_referents(fresh(monde.chef_a), monde.eleves_a[0].division, [monde.professeur_a])
    _entretiens(monde, 1)
    user = getattr(monde, qui)
    if cible.startswith("/api/"):
        api, _ = client_jeton(user)

        def obtenir():
            assert api.get(cible).status_code == 200

    else:
        connecte(client, user)

        def obtenir():
            assert client.get(reverse(cible)).status_code == 200

    n, trois_n = requetes_a_n_et_3n(obtenir, lambda lot: _entretiens(monde, lot))
    assert n == trois_n


def test_le_sql_du_conseiller_a_la_meme_taille_pour_1_et_50_lycees(monde):
    """The access rule is one subquery of the lycées named on and one correlated EXISTS on the (lycée, year)
    pair, not one term per pair."""
    un = membre(Role.CONSEILLER, monde.ft_a)
    cinquante = membre(Role.CONSEILLER, monde.ft_a)
    f.AffectationFactory(lycee=f.LyceeFactory(), operateur=monde.ft_a, conseillers=[un])
    for _ in range(50):
        f.AffectationFactory(lycee=f.LyceeFactory(), operateur=monde.ft_a, conseillers=[cinquante])
    for modele in (Eleve, Division, Seance, Presence, Evenement, Entretien, Restitution, AlerteDecrochage):
        sql_un, params_un = modele.objects.visible_to(perimetre_de(un)).query.sql_with_params()
        sql_50, params_50 = modele.objects.visible_to(perimetre_de(cinquante)).query.sql_with_params()
        assert len(sql_un) == len(sql_50), modele.__name__
        assert len(params_un) == len(params_50), modele.__name__


# --- lists default to the current school year (three years are kept) -----------------------------


def _annee_passee() -> AnneeScolaire:
    courante = AnneeScolaire.objects.courante()
    return AnneeScolaire.objects.get_or_create(annee_debut=courante.annee_debut - 1)[0]


def _d_une_annee_passee(monde) -> dict[str, str]:
    """One student, séance, event and interview of last year in lycée A (its counsellor named there last
    year too): their uuids by API list."""
    passee = _annee_passee()
    f.AffectationFactory(
        lycee=monde.lycee_a, annee=passee, operateur=monde.ft_a, conseillers=[monde.conseiller_a]
    )
    division = f.DivisionFactory(lycee=monde.lycee_a, annee=passee)
    eleve = f.EleveFactory(division=division)
    seance = SeanceFactory(
        lycee=monde.lycee_a, annee=passee, divisions=[division], conseillers=[monde.conseiller_a]
    )
    evenement = EvenementFactory(
        annee=passee, lycees=[monde.lycee_a], eleves=[eleve], organisateur=monde.ft_a
    )
    entretien = entretien_de(monde.conseiller_a, monde.eleves_a[0])
    Entretien.objects.unscoped("test : un entretien de l'an passé").filter(pk=entretien.pk).update(
        annee=passee
    )
    return {
        "/api/v1/eleves/": str(eleve.uuid),
        "/api/v1/seances/": str(seance.uuid),
        "/api/v1/evenements/": str(evenement.uuid),
        "/api/v1/entretiens/": str(entretien.uuid),
    }


@pytest.mark.parametrize(
    "url", ["/api/v1/eleves/", "/api/v1/seances/", "/api/v1/evenements/", "/api/v1/entretiens/"]
)
def test_une_liste_de_l_api_montre_l_annee_en_cours_sauf_annee_demandee(monde, url):
    uuid = _d_une_annee_passee(monde)[url]
    api, _ = client_jeton(monde.conseiller_a)
    par_defaut = [r["uuid"] for r in api.get(url).json()["results"]]
    assert uuid not in par_defaut
    demandee = [r["uuid"] for r in api.get(url, {"annee": _annee_passee().annee_debut}).json()["results"]]
    assert uuid in demandee
    # One object by its uuid is found whatever its year.
    assert api.get(f"{url}{uuid}/").status_code == 200


@pytest.mark.parametrize(
    ("page", "parametres"), [("ateliers:seances", {"periode": "toutes"}), ("ateliers:evenements", {})]
)
def test_une_page_de_liste_montre_l_annee_en_cours_sauf_annee_demandee(client, monde, page, parametres):
    uuids = _d_une_annee_passee(monde)
    uuid = uuids["/api/v1/seances/" if page == "ateliers:seances" else "/api/v1/evenements/"]
    connecte(client, monde.conseiller_a)
    assert uuid not in client.get(reverse(page), parametres).content.decode()
    demandee = client.get(reverse(page), {**parametres, "annee": _annee_passee().annee_debut})
    assert uuid in demandee.content.decode()
