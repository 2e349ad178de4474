"""Roster import preview: a class of the file the spelling rules cannot match is mapped by the head to one
of the lycée's classes (« nouvelle classe » by default); confirming puts its students there."""

import pytest
from django.urls import reverse

from lycees.enums import Diplome, StatutImport
from lycees.models import Division, Eleve
from lycees.services import imports
from tests import factories as f
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import etat_base


@pytest.fixture
def existante(monde, annee_2026):
    return f.DivisionFactory(lycee=monde.lycee_a, annee=annee_2026, nom="TCAP EPC", diplome=Diplome.CAP)


@pytest.fixture
def import_a_valider(monde, annee_2026, existante):
    lignes = lf.lignes_eleves(4, classes=("TCAP EPC A",))
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee=annee_2026)
    return imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)


def _classes(monde, annee) -> int:
    return Division.objects.unscoped("test").filter(lycee=monde.lycee_a, annee=annee).count()


def _eleves(monde, annee):
    return Eleve.objects.unscoped("test").filter(lycee=monde.lycee_a, annee=annee)


def test_l_apercu_propose_les_classes_du_lycee_nouvelle_par_defaut(
    client, monde, import_a_valider, existante
):
    client.force_login(monde.chef_a)
    page = client.get(reverse("lycees:import_detail", args=[import_a_valider.uuid])).content.decode()
    assert 'name="d0_classe"' in page
    assert '<option value="">Nouvelle classe</option>' in page
    assert f'<option value="{existante.uuid}">TCAP EPC</option>' in page
    assert " selected>TCAP EPC" not in page


def test_confirmer_avec_le_rattachement_met_les_eleves_dans_la_classe_existante(
    client, monde, import_a_valider, existante, annee_2026
):
    client.force_login(monde.chef_a)
    classes_avant = _classes(monde, annee_2026)
    reponse = client.post(
        reverse("lycees:import_confirmer", args=[import_a_valider.uuid]), {"d0_classe": str(existante.uuid)}
    )
    assert reponse.status_code == 302
    import_a_valider.refresh_from_db()
    assert import_a_valider.statut == StatutImport.TERMINE
    assert import_a_valider.resultat["divisions_creees"] == []
    assert import_a_valider.resultat["crees"] == 4
    assert _eleves(monde, annee_2026).filter(division=existante).count() == 4
    assert _classes(monde, annee_2026) == classes_avant


def test_sans_rattachement_une_nouvelle_classe_est_creee(client, monde, import_a_valider, annee_2026):
    client.force_login(monde.chef_a)
    classes_avant = _classes(monde, annee_2026)
    url = reverse("lycees:import_confirmer", args=[import_a_valider.uuid])
    client.post(url, {"d0_classe": "", "d0_diplome": "cap"})
    import_a_valider.refresh_from_db()
    assert import_a_valider.resultat["divisions_creees"] == ["TCAP EPC A"]
    assert _classes(monde, annee_2026) == classes_avant + 1


def test_un_rattachement_a_une_classe_d_un_autre_lycee_repond_404(
    client, monde, import_a_valider, annee_2026
):
    """A class of lycée B (or of another year) in the body is a 404, and nothing is written."""
    client.force_login(monde.chef_a)
    etrangere = f.DivisionFactory(lycee=monde.lycee_b, annee=annee_2026, nom="TCAP EPC")
    avant = etat_base()
    for valeur in (str(etrangere.uuid), "pas-un-uuid"):
        reponse = client.post(
            reverse("lycees:import_confirmer", args=[import_a_valider.uuid]), {"d0_classe": valeur}
        )
        assert reponse.status_code == 404
    assert etat_base() == avant
    import_a_valider.refresh_from_db()
    assert import_a_valider.statut == StatutImport.A_VALIDER


def test_le_professeur_ne_rattache_pas(client, monde, import_a_valider, existante):
    client.force_login(monde.professeur_a)
    avant = etat_base()
    reponse = client.post(
        reverse("lycees:import_confirmer", args=[import_a_valider.uuid]), {"d0_classe": str(existante.uuid)}
    )
    assert reponse.status_code == 403
    assert etat_base() == avant


def test_l_apercu_requetes_bornees_quel_que_soit_le_nombre_de_classes(
    client, monde, annee_2026, import_a_valider, django_assert_max_num_queries
):
    client.force_login(monde.chef_a)
    url = reverse("lycees:import_detail", args=[import_a_valider.uuid])
    for n in (5, 15):
        for i in range(n):
            f.DivisionFactory(lycee=monde.lycee_a, annee=annee_2026, nom=f"C{n}-{i}")
        with django_assert_max_num_queries(12):
            page = client.get(url)
        assert page.content.decode().count('<option value="') >= n
