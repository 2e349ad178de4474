"""/api/v1/seances/ (with presences, realiser, annuler) and /api/v1/evenements/."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ateliers.enums import StatutSeance
from ateliers.models import Evenement, Presence, Seance
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import EvenementFactory, PresenceFactory, SeanceFactory

SEANCES = "/api/v1/seances/"
EVENEMENTS = "/api/v1/evenements/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def corps_seance(monde, **extra):
    annee = f.annee_courante()
    return {
        "lycee": str(monde.lycee_a.uuid),
        "theme": 3,
        "divisions": [str(d.uuid) for d in divisions_de(monde.lycee_a)],
        "date": f"{annee.annee_debut}-12-08",
        "heure_debut": "14:00",
        "duree_minutes": 120,
        "membre_equipe_nom": "M. Roux",
        "membre_equipe_fonction": "CPE",
        "services_numeriques": ["emploi_store", "metierscope"],
        **extra,
    }


def nb_seances():
    return Seance.objects.unscoped("test").count()


# --- séances : lecture --------------------------------------------------------------------------------


@pytest.mark.parametrize("qui", ["conseiller_a", "chef_a", "professeur_a"])
def test_lire_les_seances_du_lycee(monde, seance_a, seance_b, qui):
    reponse = api(getattr(monde, qui)).get(SEANCES)
    assert reponse.status_code == 200
    assert [s["uuid"] for s in reponse.json()["results"]] == [str(seance_a.uuid)]
    detail = api(getattr(monde, qui)).get(f"{SEANCES}{seance_a.uuid}/").json()
    assert detail["theme"] == 1
    # It presents the espace candidat and no family of its class is informed yet (convention, art. 5).
    assert [a["code"] for a in detail["alertes"]] == ["familles_non_informees"]
    assert [d["nom"] for d in detail["divisions"]] == [d.nom for d in divisions_de(monde.lycee_a)]


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe"])
def test_un_etranger_ne_voit_rien_et_recoit_404(monde, seance_a, qui):
    client = api(getattr(monde, qui))
    assert str(seance_a.uuid) not in str(client.get(SEANCES).json())
    base = f"{SEANCES}{seance_a.uuid}/"
    assert client.get(base).status_code == 404
    assert client.patch(base, {"duree_minutes": 30}).status_code == 404
    assert client.put(base, corps_seance(monde)).status_code == 404
    assert client.delete(base).status_code == 404
    assert client.post(f"{base}realiser/").status_code == 404
    assert client.post(f"{base}annuler/").status_code == 404
    assert client.get(f"{base}presences/").status_code == 404
    assert client.put(f"{base}presences/", [], format="json").status_code == 404
    seance_a.refresh_from_db()
    assert (seance_a.duree_minutes, seance_a.statut) == (90, StatutSeance.PREVUE)


def test_filtres_de_la_liste(monde, seance_a):
    client = api(monde.conseiller_a)
    assert client.get(SEANCES, {"statut": "realisee"}).json()["count"] == 0
    assert client.get(SEANCES, {"statut": "prevue", "theme": 1}).json()["count"] == 1
    reponse = client.get(SEANCES, {"statut": "inconnu"})
    assert reponse.status_code == 400
    assert "statut" in reponse.json()


def test_la_liste_a_un_nombre_de_requetes_borne(monde, django_assert_max_num_queries):
    client = api(monde.conseiller_a)
    divisions = divisions_de(monde.lycee_a)

    def seances(n):
        for _ in range(n):
            s = SeanceFactory(lycee=monde.lycee_a, divisions=divisions, conseillers=[monde.conseiller_a])
            PresenceFactory(seance=s, eleve=monde.eleves_a[0])

    seances(3)
    with django_assert_max_num_queries(15) as petit:
        client.get(SEANCES)
    borne = len(petit.captured_queries)  # now: each request empties the query log
    seances(9)
    with django_assert_max_num_queries(borne):
        assert client.get(SEANCES).json()["count"] == 12


# --- séances : écriture -------------------------------------------------------------------------------


def test_planifier_modifier_supprimer(monde):
    client = api(monde.conseiller_a)
    reponse = client.post(SEANCES, corps_seance(monde), format="json")
    assert reponse.status_code == 201, reponse.json()
    donnees = reponse.json()
    assert donnees["statut"] == "prevue"
    assert donnees["services_numeriques"] == ["emploi_store", "metierscope"]
    assert [c["uuid"] for c in donnees["conseillers"]] == [str(monde.conseiller_a.uuid)]
    base = f"{SEANCES}{donnees['uuid']}/"
    modif = client.patch(base, {"duree_minutes": 50}, format="json")
    assert modif.status_code == 200
    # Emploi Store presented while no family is informed: flagged too (convention, art. 5).
    assert [a["code"] for a in modif.json()["alertes"]] == ["duree_courte", "familles_non_informees"]
    assert client.delete(base).status_code == 204
    assert nb_seances() == 0


def test_planifier_dans_un_lycee_non_affecte_est_interdit(monde):
    division = f.DivisionFactory(lycee=monde.lycee_a_non_affecte)
    reponse = api(monde.conseiller_a).post(
        SEANCES,
        corps_seance(monde, lycee=str(monde.lycee_a_non_affecte.uuid), divisions=[str(division.uuid)]),
        format="json",
    )
    # A lycée the counsellor does not serve is not found, like a missing one (never a 403 on a body uuid).
    assert reponse.status_code == 400
    assert reponse.json()["lycee"] == ["Lycée introuvable."]
    reponse = api(monde.conseiller_a).post(
        SEANCES, corps_seance(monde, lycee=str(monde.lycee_b.uuid)), format="json"
    )
    # A lycée the counsellor does not serve is not found, like a missing one (never a 403 on a body uuid).
    assert reponse.status_code == 400
    assert reponse.json()["lycee"] == ["Lycée introuvable."]
    assert nb_seances() == 0


def test_une_classe_d_un_autre_lycee_est_refusee(monde):
    # Lycée A's class is unknown to lycée B's counsellor.
    reponse = api(monde.conseiller_b).post(
        SEANCES, corps_seance(monde, lycee=str(monde.lycee_b.uuid)), format="json"
    )
    assert reponse.status_code == 400
    assert "Classe introuvable" in reponse.json()["divisions"][0]
    # A class the counsellor sees, but of another of their lycées: refused by the service.
    f.AffectationFactory(
        lycee=monde.lycee_a_non_affecte, operateur=monde.ft_a, conseillers=[monde.conseiller_a]
    )
    autre = f.DivisionFactory(lycee=monde.lycee_a_non_affecte)
    reponse = api(monde.conseiller_a).post(
        SEANCES, corps_seance(monde, divisions=[str(autre.uuid)]), format="json"
    )
    assert reponse.status_code == 400
    assert "pas une classe du lycée" in reponse.json()["divisions"][0]
    assert nb_seances() == 0


def test_le_membre_de_l_equipe_est_obligatoire(monde):
    reponse = api(monde.conseiller_a).post(SEANCES, corps_seance(monde, membre_equipe_nom=""), format="json")
    assert reponse.status_code == 400
    assert "article 4" in reponse.json()["membre_equipe_nom"][0]
    assert nb_seances() == 0


@pytest.mark.parametrize("duree", [0, -5, 481])
def test_une_duree_invalide_est_refusee(monde, duree):
    reponse = api(monde.conseiller_a).post(SEANCES, corps_seance(monde, duree_minutes=duree), format="json")
    assert reponse.status_code == 400
    assert "duree_minutes" in reponse.json()
    assert nb_seances() == 0


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a", "conseiller_a_non_designe"])
def test_les_roles_en_lecture_seule_ne_planifient_pas(monde, qui):
    assert api(getattr(monde, qui)).post(SEANCES, corps_seance(monde), format="json").status_code == 403
    assert nb_seances() == 0


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a"])
def test_le_personnel_ne_modifie_pas(monde, seance_a, qui):
    client = api(getattr(monde, qui))
    base = f"{SEANCES}{seance_a.uuid}/"
    assert client.patch(base, {"duree_minutes": 30}, format="json").status_code == 403
    assert client.delete(base).status_code == 403
    assert client.post(f"{base}annuler/").status_code == 403
    assert client.put(f"{base}presences/", [], format="json").status_code == 403
    seance_a.refresh_from_db()
    assert (seance_a.duree_minutes, seance_a.statut) == (90, StatutSeance.PREVUE)
    assert Presence.objects.unscoped("test").count() == 0


def test_realiser_et_annuler(monde, seance_a):
    client = api(monde.conseiller_a)
    futur = SeanceFactory(
        lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), date=datetime.date(2099, 3, 1)
    )
    assert client.post(f"{SEANCES}{futur.uuid}/realiser/").status_code == 400
    assert client.post(f"{SEANCES}{futur.uuid}/annuler/").json()["statut"] == "annulee"
    seance_a.date = timezone.localdate()
    seance_a.save()
    assert client.post(f"{SEANCES}{seance_a.uuid}/realiser/").json()["statut"] == "realisee"
    reponse = client.post(f"{SEANCES}{seance_a.uuid}/annuler/")
    assert reponse.status_code == 400
    assert "réalisée" in reponse.json()["detail"]


# --- présences ----------------------------------------------------------------------------------------


@pytest.fixture
def seance_du_jour(seance_a):
    seance_a.date = timezone.localdate()
    seance_a.save()
    return seance_a


def test_lire_et_remplacer_les_presences(monde, seance_du_jour):
    client = api(monde.conseiller_a)
    url = f"{SEANCES}{seance_du_jour.uuid}/presences/"
    avant = client.get(url).json()
    assert (avant["presents"], avant["total"]) == (3, 3)
    assert all(e["present"] and not e["saisie"] for e in avant["eleves"])
    absent = monde.eleves_a[1]
    reponse = client.put(
        url,
        [
            {"eleve": str(absent.uuid), "present": False},
            {"eleve": str(monde.eleves_a[0].uuid), "present": True},
        ],
        format="json",
    )
    assert reponse.status_code == 200
    assert (reponse.json()["presents"], reponse.json()["total"]) == (2, 3)
    assert {e["eleve"]: e["present"] for e in reponse.json()["eleves"]}[str(absent.uuid)] is False
    seance_du_jour.refresh_from_db()
    assert seance_du_jour.statut == StatutSeance.REALISEE
    # Replace: everybody present now.
    assert client.put(url, [], format="json").json()["presents"] == 3


def test_un_eleve_hors_de_la_seance_fait_tout_refuser(monde, seance_du_jour):
    client = api(monde.conseiller_a)
    url = f"{SEANCES}{seance_du_jour.uuid}/presences/"
    client.put(url, [{"eleve": str(monde.eleves_a[0].uuid), "present": False}], format="json")
    reponse = client.put(
        url,
        [
            {"eleve": str(monde.eleves_a[1].uuid), "present": False},
            {"eleve": str(monde.eleves_b[0].uuid), "present": True},
        ],
        format="json",
    )
    assert reponse.status_code == 400
    assert "ne font pas partie des classes de cette séance" in reponse.json()["detail"]
    absents = Presence.objects.unscoped("test").filter(present=False).values_list("eleve_id", flat=True)
    assert list(absents) == [monde.eleves_a[0].pk]


def test_une_saisie_mal_formee_est_refusee(monde, seance_du_jour):
    reponse = api(monde.conseiller_a).put(
        f"{SEANCES}{seance_du_jour.uuid}/presences/", [{"eleve": "x", "present": "peut-être"}], format="json"
    )
    assert reponse.status_code == 400
    assert Presence.objects.unscoped("test").count() == 0


def test_le_professeur_lit_les_presences(monde, seance_du_jour):
    assert api(monde.professeur_a).get(f"{SEANCES}{seance_du_jour.uuid}/presences/").json()["total"] == 3


def test_les_presences_ont_un_nombre_de_requetes_borne(monde, seance_du_jour, django_assert_max_num_queries):
    client = api(monde.conseiller_a)
    url = f"{SEANCES}{seance_du_jour.uuid}/presences/"
    with django_assert_max_num_queries(15) as petit:
        client.get(url)
    borne = len(petit.captured_queries)  # now: each request empties the query log
    f.EleveFactory.create_batch(20, division=divisions_de(monde.lycee_a)[0])
    client.put(url, [], format="json")
    with django_assert_max_num_queries(borne):
        assert client.get(url).json()["total"] == 23


# --- évènements ---------------------------------------------------------------------------------------


def corps_evenement(monde, **extra):
    return {
        "type": "job_dating",
        "titre": "Job dating de la logistique",
        "date": f"{f.annee_courante().annee_debut}-12-15",
        "lycees": [str(monde.lycee_a.uuid)],
        "partenaires": ["branches_professionnelles"],
        "nombre_employeurs": 12,
        "eleves": [str(monde.eleves_a[0].uuid)],
        **extra,
    }


def test_creer_lire_modifier_supprimer_un_evenement(monde):
    client = api(monde.conseiller_a)
    reponse = client.post(EVENEMENTS, corps_evenement(monde), format="json")
    assert reponse.status_code == 201, reponse.json()
    donnees = reponse.json()
    assert donnees["eleves"] == [str(monde.eleves_a[0].uuid)]
    assert donnees["organisateur"]["nom"] == monde.ft_a.nom
    base = f"{EVENEMENTS}{donnees['uuid']}/"
    assert api(monde.professeur_a).get(base).json()["nombre_employeurs"] == 12
    modif = client.patch(base, {"nombre_employeurs": 15, "eleves": []}, format="json")
    assert modif.status_code == 200
    assert (modif.json()["nombre_employeurs"], modif.json()["eleves"]) == (15, [])
    assert client.delete(base).status_code == 204
    assert Evenement.objects.unscoped("test").count() == 0


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe"])
def test_un_evenement_est_introuvable_pour_un_etranger(monde, qui):
    evenement = EvenementFactory(lycees=[monde.lycee_a], organisateur=monde.ft_a)
    client = api(getattr(monde, qui))
    assert client.get(EVENEMENTS).json()["count"] == 0
    base = f"{EVENEMENTS}{evenement.uuid}/"
    assert client.get(base).status_code == 404
    assert client.patch(base, {"titre": "Piraté"}, format="json").status_code == 404
    assert client.delete(base).status_code == 404
    evenement.refresh_from_db()
    assert evenement.titre != "Piraté"


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a"])
def test_le_personnel_lit_mais_n_ecrit_pas_d_evenement(monde, qui):
    evenement = EvenementFactory(lycees=[monde.lycee_a], organisateur=monde.ft_a)
    client = api(getattr(monde, qui))
    assert client.get(f"{EVENEMENTS}{evenement.uuid}/").status_code == 200
    assert client.post(EVENEMENTS, corps_evenement(monde), format="json").status_code == 403
    assert client.patch(f"{EVENEMENTS}{evenement.uuid}/", {"titre": "X"}, format="json").status_code == 403
    assert client.delete(f"{EVENEMENTS}{evenement.uuid}/").status_code == 403
    assert Evenement.objects.unscoped("test").count() == 1


def test_un_evenement_avec_un_eleve_d_un_autre_lycee_est_refuse(monde):
    reponse = api(monde.conseiller_a).post(
        EVENEMENTS, corps_evenement(monde, eleves=[str(monde.eleves_b[0].uuid)]), format="json"
    )
    assert reponse.status_code == 400
    assert "eleves" in reponse.json()
    reponse = api(monde.conseiller_a).post(
        EVENEMENTS, corps_evenement(monde, lycees=[str(monde.lycee_b.uuid)], eleves=[]), format="json"
    )
    assert reponse.status_code == 400
    assert "lycees" in reponse.json()
    assert Evenement.objects.unscoped("test").count() == 0


def test_la_liste_des_evenements_a_un_nombre_de_requetes_borne(monde, django_assert_max_num_queries):
    client = api(monde.conseiller_a)
    EvenementFactory.create_batch(3, lycees=[monde.lycee_a], organisateur=monde.ft_a, eleves=monde.eleves_a)
    with django_assert_max_num_queries(15) as petit:
        client.get(EVENEMENTS)
    borne = len(petit.captured_queries)  # now: each request empties the query log
    EvenementFactory.create_batch(
        9, lycees=[monde.lycee_a, monde.lycee_b], organisateur=monde.ft_a, eleves=monde.eleves_a
    )
    with django_assert_max_num_queries(borne):
        assert client.get(EVENEMENTS).json()["count"] == 12


# --- heures : le format du schéma (trouvé par .ci/fuzz) ------------------------------------------------


def test_heure_debut_rendue_au_format_que_decrit_le_schema(client, monde, seance_a):
    """ST108: « 13:30:00 » was returned where the schema said `format: time` (RFC 3339 requires an offset)."""
    import json
    import re

    from avenirpro.api.fields import HEURE_REGEX

    schema = json.loads(client.get("/api/v1/schema/?format=json").content)
    propriete = schema["components"]["schemas"]["SeanceDetail"]["properties"]["heure_debut"]
    assert (propriete.get("format"), propriete["pattern"]) == (None, HEURE_REGEX)
    heure = api(monde.conseiller_a).get(f"{SEANCES}{seance_a.uuid}/").json()["heure_debut"]
    assert re.fullmatch(propriete["pattern"], heure)


@pytest.mark.parametrize("heure", ["8:30", "14:00:00+01:00", "14h00", "24:00"])
def test_une_heure_hors_du_format_du_schema_est_refusee(monde, heure):
    reponse = api(monde.conseiller_a).post(SEANCES, corps_seance(monde, heure_debut=heure), format="json")
    assert reponse.status_code == 400
    assert reponse.json()["heure_debut"] == [
        "Heure invalide : utilisez le format HH:MM ou HH:MM:SS (ex. 13:30)."
    ]
    assert nb_seances() == 0
