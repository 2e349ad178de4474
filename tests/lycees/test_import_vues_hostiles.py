"""The import pages under forged form values: a French 400 (or the page again), never a 500."""

import pytest
from django.urls import reverse

from lycees.enums import StatutImport
from lycees.models import ImportEffectifs
from lycees.services import imports
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import RAISON, etat_base

CSV = (
    "Nom;Prénom;Date de naissance;Sexe;Classe;INE\n"
    "Martin;Léa;01/02/2008;F;TBP X;\n"
    "Durand;Hugo;03/04/2008;M;TCAP Y;\n"
).encode()


@pytest.fixture
def depose(monde, annee_2026):
    return imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", CSV), annee=annee_2026)


@pytest.fixture
def chef(client, monde):
    client.force_login(monde.chef_a)
    return client


@pytest.mark.parametrize(
    "valeur", ["abc", "-1", "6", "999999999999999999999", "1e3", " 0", "0\x00", "", "٣", "0" * 5_000]
)
def test_colonnes_forgees(chef, depose, valeur):
    url = reverse("lycees:import_colonnes", args=[depose.uuid])
    donnees = {"nom": valeur, "prenom": "1", "date_naissance": "2", "sexe": "3", "division": "4"}
    avant = etat_base()
    reponse = chef.post(url, donnees)
    assert reponse.status_code in (302, 400)
    if reponse.status_code == 400:
        assert "--error" in reponse.content.decode()
    assert etat_base()[:2] == avant[:2]


def test_une_colonne_pour_deux_champs(chef, depose):
    url = reverse("lycees:import_colonnes", args=[depose.uuid])
    reponse = chef.post(url, {"nom": "0", "prenom": "0", "date_naissance": "2", "sexe": "3", "division": "4"})
    assert reponse.status_code == 400
    assert "est associée à deux champs" in reponse.content.decode()


@pytest.mark.parametrize(
    "donnees",
    [
        {"d0_diplome": "licence"},
        {"d0_diplome": "bac_pro\x00"},
        {"d0_specialite": "x" * 10_000},
        {"d0_specialite": "\x00"},
        {"d0_importer": "on", "d99_diplome": "cap", "d-1_diplome": "cap"},
        {"d0_diplome": ["cap", "bac_pro"]},
    ],
)
def test_confirmation_forgee(chef, monde, depose, donnees):
    imp = imports.associer_colonnes(monde.chef_a, depose, depose.correspondance)
    avant = etat_base()
    reponse = chef.post(reverse("lycees:import_confirmer", args=[imp.uuid]), donnees)
    assert reponse.status_code in (302, 400)
    assert etat_base()[:2] == avant[:2] or reponse.status_code == 302


def test_deux_confirmations_n_importent_qu_une_fois(chef, monde, depose):
    imp = imports.associer_colonnes(monde.chef_a, depose, depose.correspondance)
    url = reverse("lycees:import_confirmer", args=[imp.uuid])
    assert chef.post(url, {}).status_code == 302
    avant = etat_base()
    second = chef.post(url, {})
    assert second.status_code == 400
    assert "action impossible" in second.content.decode()
    assert etat_base() == avant
    assert ImportEffectifs.objects.unscoped(RAISON).get(pk=imp.pk).statut == StatutImport.TERMINE


def test_les_pages_d_un_import_a_chaque_etape(chef, monde, depose):
    pages = ["lycees:import_detail", "lycees:import_colonnes", "lycees:import_progression"]
    for url in pages:
        assert chef.get(reverse(url, args=[depose.uuid])).status_code in (200, 302)
    imp = imports.associer_colonnes(monde.chef_a, depose, depose.correspondance)
    for url in pages:
        assert chef.get(reverse(url, args=[imp.uuid])).status_code in (200, 302)
    chef.post(reverse("lycees:import_confirmer", args=[imp.uuid]), {})
    for url in pages:
        assert chef.get(reverse(url, args=[imp.uuid])).status_code in (200, 302)
    # Once finished, its file is gone: the column page and a new mapping answer without a 500.
    reponse = chef.post(reverse("lycees:import_colonnes", args=[imp.uuid]), {"nom": "0"})
    assert reponse.status_code == 302
    assert chef.post(reverse("lycees:import_annuler", args=[imp.uuid])).status_code == 302


def test_un_import_dont_le_fichier_a_disparu(chef, monde, depose):
    imports._supprimer_fichier(depose)
    assert chef.get(reverse("lycees:import_colonnes", args=[depose.uuid])).status_code == 200
    donnees = {"nom": "0", "prenom": "1", "date_naissance": "2", "sexe": "3", "division": "4"}
    reponse = chef.post(reverse("lycees:import_colonnes", args=[depose.uuid]), donnees)
    assert reponse.status_code == 400
    assert "n&#x27;est plus disponible" in reponse.content.decode()


@pytest.mark.parametrize("annee", ["", "abc", "1900", "2026\x00", "99999999999999999999"])
def test_depot_avec_une_annee_forgee(chef, annee):
    avant = etat_base()
    reponse = chef.post(reverse("lycees:import"), {"fichier": lf.upload("e.csv", CSV), "annee": annee})
    assert reponse.status_code == 400
    assert etat_base() == avant


def test_depot_d_un_nom_de_fichier_hostile(chef, monde):
    nom = "../../\u202eetc/passwd\x00.csv"
    reponse = chef.post(reverse("lycees:import"), {"fichier": lf.upload(nom, CSV), "annee": 2026})
    assert reponse.status_code in (302, 400)
    if reponse.status_code == 302:
        imp = ImportEffectifs.objects.unscoped(RAISON).latest("pk")
        assert (
            "/" not in imp.nom_fichier and "\x00" not in imp.nom_fichier and "\u202e" not in imp.nom_fichier
        )
