"""A factory data set for the indicators, on top of ``monde`` (tests/conftest.py): activity in lycée A
(France Travail, Paris) and lycée B (mission locale, Lille), a séance outside the period, a planned one,
absent students, events of several types, satisfaction answers."""

import datetime
from dataclasses import dataclass

import pytest

from ateliers.enums import StatutSeance, TypeEvenement
from ateliers.models import QuestionnaireEquipe, ReponseEquipe
from avenirpro.models import AnneeScolaire
from indicateurs.definitions import Fenetre
from lycees.enums import Diplome
from tests import factories as f
from tests.ateliers import factories as fa


@dataclass
class Jeu:
    annee: AnneeScolaire
    fenetre: Fenetre


@pytest.fixture
def jeu(monde) -> Jeu:
    annee = f.annee_courante()
    nov = datetime.date(annee.annee_debut, 11, 10)
    a1, a2, a3 = monde.eleves_a
    b1, b2 = monde.eleves_b
    cap = f.DivisionFactory(lycee=monde.lycee_b, diplome=Diplome.CAP)
    b3 = f.EleveFactory(division=cap)

    s1 = fa.SeanceFactory(lycee=monde.lycee_a, realisee=True, date=nov, duree_minutes=60)
    s2 = fa.SeanceFactory(lycee=monde.lycee_a, realisee=True, date=nov, duree_minutes=120)
    fa.PresenceFactory(seance=s1, eleve=a1)
    fa.PresenceFactory(seance=s1, eleve=a2, present=False)
    fa.PresenceFactory(seance=s2, eleve=a1)
    # Planned, not held: counts nowhere; held after the period: counts nowhere either.
    prevue = fa.SeanceFactory(lycee=monde.lycee_b, statut=StatutSeance.PREVUE, date=nov)
    fa.PresenceFactory(seance=prevue, eleve=b1)
    apres = fa.SeanceFactory(
        lycee=monde.lycee_b, realisee=True, date=datetime.date(annee.annee_debut + 1, 3, 20)
    )
    fa.PresenceFactory(seance=apres, eleve=b2)
    s3 = fa.SeanceFactory(lycee=monde.lycee_b, realisee=True, date=nov, duree_minutes=90)
    fa.PresenceFactory(seance=s3, eleve=b3)

    fa.EvenementFactory(
        organisateur=monde.ml_b, lycees=[monde.lycee_b], eleves=[b1, b3], date=nov, nombre_employeurs=7
    )
    fa.EvenementFactory(
        organisateur=monde.ft_a,
        type=TypeEvenement.INTERVENTION_EMPLOYEURS,
        lycees=[monde.lycee_a, monde.lycee_a_non_affecte],
        eleves=[a3],
        date=nov,
        nombre_employeurs=3,
    )
    fa.EvenementFactory(
        organisateur=monde.ft_a, lycees=[monde.lycee_a], date=datetime.date(annee.annee_debut + 1, 2, 1)
    )

    q1 = fa.QuestionnaireSeanceFactory(seance=s1)
    for note in (4, 3, 1):
        fa.ReponseSeanceFactory(questionnaire=q1, note=note, cree_le=nov)
    q3 = fa.QuestionnaireSeanceFactory(seance=s3)
    fa.ReponseSeanceFactory(questionnaire=q3, note=2, cree_le=nov)
    qe = QuestionnaireEquipe.objects.create(lycee=monde.lycee_a, annee=annee)
    ReponseEquipe.objects.create(questionnaire=qe, note=4, cree_le=nov)
    ReponseEquipe.objects.create(questionnaire=qe, note=2, cree_le=nov)
    return Jeu(annee=annee, fenetre=Fenetre(annee.date_debut, datetime.date(annee.annee_debut + 1, 1, 31)))
