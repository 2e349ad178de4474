"""Name search without accents or case (PostgreSQL and SQLite alike), French name order, and the
end-of-year outcome rule (lycees.services.fin_annee)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from avenirpro.models import AnneeScolaire
from lycees.enums import ResultatExamen, Solution
from lycees.models import Eleve
from lycees.recherche import normaliser_nom
from lycees.services import effectifs
from lycees.services.fin_annee import valider_fin_annee
from tests import factories as f
from tests.conftest import fresh
from tests.outils import connecte


def test_normaliser_nom():
    assert normaliser_nom("  Le GUÉRIN-Œillet d’Ærsk ") == "le guerin oeillet d aersk"
    assert normaliser_nom("Hélène") == "helene"


@pytest.fixture
def eleves(monde):
    division = monde.eleves_a[0].division
    noms = [("Guérin", "Hélène"), ("Zola", "Émile"), ("Éluard", "Paul"), ("eddy", "Anne"), ("Fanny", "Zoé")]
    return {nom: f.EleveFactory(division=division, nom=nom, prenom=prenom) for nom, prenom in noms}


def test_la_recherche_ignore_accents_et_casse(monde, eleves):
    # Only the fixture's students: the world's random names can bring another « Guérin ».
    qs = Eleve.objects.visible_to(fresh(monde.chef_a)).filter(pk__in=[e.pk for e in eleves.values()])
    assert list(qs.recherche("guerin")) == [eleves["Guérin"]]
    assert list(qs.recherche("HELENE")) == [eleves["Guérin"]]
    assert list(qs.recherche("Guérin hélène")) == [eleves["Guérin"]]
    assert list(qs.recherche("emile zola")) == [eleves["Zola"]]
    assert list(qs.recherche("guerin paul")) == []


def test_ordre_francais_des_noms(monde, eleves):
    noms = [
        e.nom
        for e in Eleve.objects.visible_to(fresh(monde.chef_a)).filter(pk__in=[e.pk for e in eleves.values()])
    ]
    assert noms == ["eddy", "Éluard", "Fanny", "Guérin", "Zola"]


def test_le_nom_replie_suit_les_modifications(monde, eleves):
    eleve = eleves["Guérin"]
    eleve.nom = "Lefèvre"
    eleve.save(update_fields=["nom"])
    eleve.refresh_from_db()
    assert eleve.nom_normalise == "lefevre"


def test_la_liste_des_eleves_et_l_api_cherchent_sans_accents(client, monde, eleves):
    page = connecte(client, monde.chef_a).get(reverse("lycees:eleves"), {"q": "guerin"}).content.decode()
    assert "Guérin" in page and "Zola" not in page
    api = APIClient()
    api.force_authenticate(user=fresh(monde.chef_a))
    # First name and last name: the world's students have random names (a « BERNIER Hélène » came up).
    trouves = api.get("/api/v1/eleves/", {"q": "helene guerin"}).json()["results"]
    assert [e["uuid"] for e in trouves] == [str(eleves["Guérin"].uuid)]


def test_l_import_remplit_le_nom_replie(monde):
    from lycees.imports.ecriture import _valeurs_cibles

    division = monde.eleves_a[0].division
    ligne = type(
        "L",
        (),
        {
            "nom": "Nguyên",
            "prenom": "Anaïs",
            "date_naissance": datetime.date(2008, 1, 1),
            "sexe": "F",
            "ine": "",
            "diplome": "",
            "specialite": "",
        },
    )()
    cibles = _valeurs_cibles(ligne, None, division)
    assert (cibles["nom_normalise"], cibles["prenom_normalise"]) == ("nguyen", "anais")


# --- end of year -----------------------------------------------------------------------------------


def _annee():
    return AnneeScolaire.objects.courante()


def test_fin_annee_date_avant_l_annee_scolaire_refusee(db):
    annee, erreurs = _annee(), {}
    valider_fin_annee(
        annee,
        {"solution": Solution.EMPLOI, "solution_le": annee.date_debut - datetime.timedelta(days=1)},
        erreurs,
        aujourd_hui=annee.date_debut + datetime.timedelta(days=300),
    )
    assert "ne peut pas précéder l'année scolaire" in erreurs["solution_le"]


def test_fin_annee_date_future_refusee(db):
    annee, erreurs = _annee(), {}
    jour = annee.date_debut + datetime.timedelta(days=100)
    valider_fin_annee(
        annee, {"solution": Solution.EMPLOI, "solution_le": jour + datetime.timedelta(days=1)}, erreurs, jour
    )
    assert erreurs == {"solution_le": "La date de la solution ne peut pas être dans le futur."}


def test_fin_annee_parcoursup_et_date_par_defaut(db):
    annee, erreurs = _annee(), {}
    jour = annee.date_debut + datetime.timedelta(days=300)
    propres = valider_fin_annee(
        annee,
        {"resultat_examen": ResultatExamen.ADMIS, "parcoursup_formation": "BTS MCO, Lycée Voltaire"},
        erreurs,
        jour,
    )
    assert erreurs == {}
    assert (propres["solution"], propres["solution_le"], propres["parcoursup_accepte"]) == (
        Solution.POURSUITE_ETUDES,
        jour,
        True,
    )
    valider_fin_annee(annee, {"solution": Solution.EMPLOI, "parcoursup_accepte": True}, erreurs, jour)
    assert "Poursuite d'études" in erreurs["parcoursup_accepte"]


def test_fin_annee_resultat_inconnu_refuse_et_rien_n_est_enregistre(monde):
    eleve = monde.eleves_a[0]
    with pytest.raises(ValidationError) as exc:
        effectifs.modifier_eleve(fresh(monde.chef_a), eleve, resultat_examen="ajourne")
    assert "resultat_examen" in exc.value.message_dict
    eleve.refresh_from_db()
    assert eleve.resultat_examen == ""


def test_cohorte_sans_solution_connue(monde):
    a, b, c = monde.eleves_a
    Eleve.objects.unscoped("test").filter(pk=a.pk).update(solution=Solution.EMPLOI)
    Eleve.objects.unscoped("test").filter(pk=b.pk).update(solution=Solution.AUCUNE)
    cohorte = set(Eleve.objects.visible_to(fresh(monde.chef_a)).sans_solution_connue())
    assert cohorte == {b, c}
