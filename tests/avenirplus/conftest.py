"""Fixtures of the AvenirPro+ tests, on top of ``monde`` (tests/conftest.py).

The clock stands on 1 October 2026 (whatever ``AVENIRPRO_DATE`` says): the cohort of 2025-2026 (students
of last school year) is the one the lycées work on; services receive their dates explicitly.
"""

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from avenirplus import services
from avenirplus.models import Inscription, MembreCohorte, PartenaireMissionLocale, ProfesseurVolontaire
from avenirpro.enums import Role
from avenirpro.models import AnneeScolaire, Organisation, User
from lycees.enums import ResultatExamen, Solution
from lycees.models import Eleve
from tests import factories as f
from tests.conftest import membre

JOUR = datetime.date(2026, 10, 1)
JUILLET = datetime.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def _horloge():
    with time_machine.travel(datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


@dataclass
class Phase2:
    annee: AnneeScolaire
    ml_a: Organisation  # the partner mission locale of lycée A (phase 1 was France Travail)
    conseiller_ml_a: User
    autre_conseiller_ml_a: User  # of the same mission locale, not named by its administrator
    admin_ml_a: User
    ft_phase1: User  # France Travail counsellor named on lycée A's 2025 assignment
    volontaire_a: User  # a volunteer professeur of lycée A
    non_volontaire_a: User
    ajourne: Eleve
    sans_solution: Eleve
    en_emploi: Eleve
    admis_parcoursup: Eleve
    eleve_b: Eleve


@pytest.fixture
def phase2(monde) -> Phase2:
    annee = f.AnneeScolaireFactory(annee_debut=2025)
    division = f.DivisionFactory(lycee=monde.lycee_a, annee=annee)
    ft_phase1 = membre(Role.CONSEILLER, monde.ft_a)
    f.AffectationFactory(lycee=monde.lycee_a, annee=annee, operateur=monde.ft_a, conseillers=[ft_phase1])
    ml_a = f.OrganisationFactory(nom="Mission locale A", mission_locale=True, academie=f.academie("01"))
    conseiller_ml_a = membre(Role.CONSEILLER, ml_a)
    autre = membre(Role.CONSEILLER, ml_a)
    partenaire = PartenaireMissionLocale.objects.create(lycee=monde.lycee_a, annee=annee, mission_locale=ml_a)
    partenaire.conseillers.set([conseiller_ml_a])
    volontaire = monde.professeur_a
    ProfesseurVolontaire.objects.create(lycee=monde.lycee_a, annee=annee, professeur=volontaire)
    division_b = f.DivisionFactory(lycee=monde.lycee_b, annee=annee)
    return Phase2(
        annee=annee,
        ml_a=ml_a,
        conseiller_ml_a=conseiller_ml_a,
        autre_conseiller_ml_a=autre,
        admin_ml_a=membre(Role.ADMINISTRATEUR, ml_a),
        ft_phase1=ft_phase1,
        volontaire_a=volontaire,
        non_volontaire_a=membre(Role.PROFESSEUR, monde.lycee_a.organisation),
        ajourne=f.EleveFactory(division=division, resultat_examen=ResultatExamen.NON_ADMIS),
        sans_solution=f.EleveFactory(division=division, resultat_examen=ResultatExamen.ADMIS),
        en_emploi=f.EleveFactory(
            division=division, resultat_examen=ResultatExamen.ADMIS, solution=Solution.EMPLOI
        ),
        admis_parcoursup=f.EleveFactory(
            division=division, resultat_examen=ResultatExamen.ADMIS, parcoursup_accepte=True
        ),
        eleve_b=f.EleveFactory(division=division_b, resultat_examen=ResultatExamen.NON_ADMIS),
    )


def membre_de(eleve: Eleve) -> MembreCohorte:
    return MembreCohorte.objects.unscoped("test").get(eleve=eleve)


@pytest.fixture
def cohorte_a(monde, phase2) -> list[MembreCohorte]:
    services.constituer_cohorte(monde.chef_a, phase2.annee, jour=JUILLET)
    return list(MembreCohorte.objects.unscoped("test").filter(lycee=monde.lycee_a).order_by("pk"))


@pytest.fixture
def inscription_a(monde, phase2, cohorte_a) -> Inscription:
    """The failed student of lycée A, enrolled from 15 September 2026, with both référents designated."""
    inscription = services.inscrire(monde.chef_a, membre_de(phase2.ajourne), debut=datetime.date(2026, 9, 15))
    return services.designer_referents(
        monde.chef_a, inscription, referent=phase2.volontaire_a, conseiller=phase2.conseiller_ml_a
    )


@pytest.fixture
def cohorte_b(monde, phase2) -> list[MembreCohorte]:
    services.constituer_cohorte(monde.chef_b, phase2.annee, jour=JUILLET)
    return list(MembreCohorte.objects.unscoped("test").filter(lycee=monde.lycee_b))


@pytest.fixture
def inscription_b(monde, phase2, cohorte_b) -> Inscription:
    return services.inscrire(monde.chef_b, cohorte_b[0], debut=datetime.date(2026, 9, 15))
