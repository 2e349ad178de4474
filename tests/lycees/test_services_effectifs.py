"""The workflow steps of classes and students, called directly (as the pages and the API do)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from avenirpro.enums import Role
from lycees.enums import Diplome, MoyenInformation
from lycees.services import effectifs, imports
from tests import factories as f
from tests.conftest import fresh, membre
from tests.lycees import factories as lf


@pytest.mark.parametrize("qui", ["professeur_a", "conseiller_a", "pilote_a", "chef_b"])
def test_seule_la_direction_du_lycee_gere(monde, qui):
    user = fresh(getattr(monde, qui))
    eleve = monde.eleves_a[0]
    with pytest.raises(PermissionDenied, match="Seule la direction du lycée"):
        effectifs.modifier_eleve(user, eleve, nom="X")
    with pytest.raises(PermissionDenied):
        effectifs.modifier_division(user, eleve.division, nom="X", diplome=Diplome.CAP)
    with pytest.raises(PermissionDenied):
        effectifs.supprimer_division(user, eleve.division)
    with pytest.raises(PermissionDenied):
        effectifs.marquer_familles_informees(
            user, eleve.division, date=datetime.date(2026, 10, 1), moyen=MoyenInformation.ENT
        )
    if qui != "chef_b":
        with pytest.raises(PermissionDenied):
            effectifs.creer_division(user, nom="TX", diplome=Diplome.CAP)
        with pytest.raises(PermissionDenied):
            imports.deposer_fichier(user, lf.fixture("eleves_latin1_point_virgule.csv"))
    eleve.refresh_from_db()
    assert eleve.nom != "X"


def test_le_ddfpt_et_le_bde_gerent_aussi(monde):
    for role in (Role.DDFPT, Role.RESPONSABLE_BDE):
        user = membre(role, monde.lycee_a.organisation)
        division = effectifs.creer_division(user, nom=f"T {role}", diplome=Diplome.BAC_PRO)
        assert division.lycee == monde.lycee_a


def test_modifier_un_eleve_garde_les_autres_champs(monde):
    chef = fresh(monde.chef_a)
    eleve = monde.eleves_a[0]
    effectifs.modifier_eleve(chef, eleve, parcours="insertion")
    eleve.refresh_from_db()
    assert eleve.parcours == "insertion"
    with pytest.raises(ValidationError) as e:
        effectifs.modifier_eleve(chef, eleve, nom="  ", sexe="X")
    assert e.value.message_dict == {"nom": ["Nom manquant."], "sexe": ["Indiquez le sexe : F ou M."]}


def test_changer_de_classe_seulement_dans_le_lycee_et_l_annee(monde):
    chef = fresh(monde.chef_a)
    eleve = monde.eleves_a[0]
    passee = f.AnneeScolaireFactory(annee_debut=eleve.annee.annee_debut - 1)
    ancienne = f.DivisionFactory(lycee=monde.lycee_a, annee=passee)
    with pytest.raises(ValidationError, match="même année scolaire"):
        effectifs.modifier_eleve(chef, eleve, division=ancienne)
    autre = f.DivisionFactory(lycee=monde.lycee_a, nom="TCAP Z", diplome=Diplome.CAP)
    effectifs.modifier_eleve(chef, eleve, division=autre)
    eleve.refresh_from_db()
    assert eleve.division == autre


def test_marquer_une_partie_des_familles_ou_remplacer(monde):
    chef = fresh(monde.chef_a)
    division = monde.eleves_a[0].division
    premier = monde.eleves_a[0]
    n = effectifs.marquer_familles_informees(
        chef, division, date=datetime.date(2026, 9, 10), moyen=MoyenInformation.REUNION, eleves=[premier]
    )
    assert n == 1
    assert (
        effectifs.marquer_familles_informees(chef, division, date=datetime.date(2026, 10, 1), moyen="ent")
        == 2
    )
    assert (
        effectifs.marquer_familles_informees(
            chef, division, date=datetime.date(2026, 10, 2), moyen="courrier", remplacer=True
        )
        == 3
    )
    with pytest.raises(ValidationError, match="pas tous dans cette classe"):
        effectifs.marquer_familles_informees(
            chef,
            division,
            date=datetime.date(2026, 10, 2),
            moyen="ent",
            eleves=[f.EleveFactory(division__lycee=monde.lycee_a)],
        )
    with pytest.raises(ValidationError) as e:
        effectifs.marquer_familles_informees(chef, division, date=None, moyen="pigeon")
    assert set(e.value.message_dict) == {"date", "moyen"}
