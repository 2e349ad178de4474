"""A factory data set for the indicators, on top of ``monde`` (tests/conftest.py): activity in lycée A
(France Travail, Paris) and lycée B (mission locale, Lille), a séance outside the period, a planned one,
absent students, events of several types, satisfaction answers, interviews (held, planned, after the
period) and AvenirPro+ enrolments of last year's cohort (in the period or not, ended or not, with exits and
actions). ``Jeu.avenirplus`` says, by hand, what each AvenirPro+ figure must be."""

import datetime
from dataclasses import dataclass

import pytest

from ateliers.enums import StatutSeance, TypeEvenement
from ateliers.models import QuestionnaireEquipe, ReponseEquipe
from avenirplus.enums import IssueSortie, MotifCohorte, StatutAction, TypeAction
from avenirplus.models import Action, Inscription, MembreCohorte, Sortie
from avenirpro.models import AnneeScolaire
from indicateurs.definitions import Fenetre
from lycees.enums import Diplome, ResultatExamen, Sexe
from parcours.enums import Modalite, Moment, StatutEntretien
from parcours.models import Entretien
from tests import factories as f
from tests.ateliers import factories as fa


@dataclass
class Jeu:
    annee: AnneeScolaire
    fenetre: Fenetre
    avenirplus: dict | None = None


def entretien(eleve, conseiller, operateur, jour, statut=StatutEntretien.REALISE):
    return Entretien.objects.unscoped("test").create(
        eleve=eleve,
        lycee=eleve.lycee,
        annee=eleve.annee,
        operateur=operateur,
        conseiller=conseiller,
        date=jour,
        modalite=Modalite.RENDEZ_VOUS,
        moment=Moment.PERIODE_SCOLAIRE,
        statut=statut,
    )


def inscription(eleve, debut, fin, mission_locale=None):
    membre = MembreCohorte.objects.unscoped("test").create(
        eleve=eleve, lycee=eleve.lycee, annee=eleve.annee, motif=MotifCohorte.NON_DIPLOME
    )
    return Inscription.objects.unscoped("test").create(
        membre=membre,
        eleve=eleve,
        lycee=eleve.lycee,
        annee=eleve.annee,
        debut=debut,
        fin=fin,
        mission_locale=mission_locale,
    )


def action(inscription, type, debut, fin, statut=StatutAction.REALISEE):
    return Action.objects.unscoped("test").create(
        inscription=inscription, type=type, debut=debut, fin=fin, statut=statut
    )


def avenirplus(monde, annee_debut: int) -> dict:
    """Last year's cohort (school year ``annee_debut - 1``), enrolled during this school year."""
    y = annee_debut
    d = datetime.date
    passee = f.AnneeScolaireFactory(annee_debut=y - 1)
    classe_a = f.DivisionFactory(lycee=monde.lycee_a, annee=passee, diplome=Diplome.BAC_PRO)
    cap_a = f.DivisionFactory(lycee=monde.lycee_a, annee=passee, diplome=Diplome.CAP)
    classe_b = f.DivisionFactory(lycee=monde.lycee_b, annee=passee, diplome=Diplome.BAC_PRO)
    mineure = f.EleveFactory(
        division=classe_a, sexe=Sexe.FEMININ, date_naissance=d(y - 17, 3, 1), resultat_examen="non_admis"
    )
    # 18 on the day the enrolment starts: an adult.
    majeur = f.EleveFactory(
        division=cap_a,
        sexe=Sexe.MASCULIN,
        date_naissance=d(y - 18, 10, 1),
        resultat_examen=ResultatExamen.ADMIS,
    )
    hors_periode = f.EleveFactory(division=classe_a, sexe=Sexe.FEMININ, date_naissance=d(y - 19, 1, 1))
    # 18 the day after the enrolment starts: a minor.
    mineur_b = f.EleveFactory(
        division=classe_b, sexe=Sexe.MASCULIN, date_naissance=d(y - 18, 9, 11), resultat_examen="non_admis"
    )
    i1 = inscription(mineure, d(y, 9, 15), d(y + 1, 1, 14))
    Sortie.objects.unscoped("test").create(
        inscription=i1, date=d(y, 11, 15), issue=IssueSortie.EMPLOI
    )  # 61 j
    i2 = inscription(majeur, d(y, 10, 1), d(y + 1, 2, 1))  # still running at the end of the period
    inscription(hors_periode, d(y + 1, 3, 1), d(y + 1, 6, 30))
    i4 = inscription(mineur_b, d(y, 9, 10), d(y + 1, 1, 9), mission_locale=monde.ml_b)  # no exit: 121 j
    action(i1, TypeAction.TRE, d(y, 9, 20), d(y, 10, 20))
    action(i1, TypeAction.PMSMP, d(y, 10, 21), d(y, 11, 10), StatutAction.EN_COURS)
    action(i2, TypeAction.MOBILISATION, d(y, 10, 16), d(y, 10, 30), StatutAction.ABANDONNEE)
    action(i4, TypeAction.IMMERSION, d(y, 12, 1), d(y, 12, 15), StatutAction.PREVUE)
    action(i4, TypeAction.STAGE, d(y + 1, 2, 5), d(y + 1, 2, 20))
    return {
        "avenirplus_eleves": 3,
        "avenirplus_lycees": 2,
        "avenirplus_actions": 3,
        "avenirplus_sorties": 2,
        "avenirplus_duree_moyenne": 91.0,
        "par_sexe": {"F": 1, "M": 2},
        "par_age": {"majeur": 1, "mineur": 2},
        "par_diplome": {"bac_pro": 2, "cap": 1},
        "par_resultat": {"diplome": 1, "non_diplome": 2},
        "par_type_action": {"immersion": 1, "pmsmp": 1, "tre": 1},
        "par_issue": {"": 1, "emploi": 1},
    }


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

    # Interviews: two held in the period (a2 was absent at the séance: a beneficiary through it), one
    # planned, one held after the period.
    entretien(a1, monde.conseiller_a, monde.ft_a, nov)
    entretien(a2, monde.conseiller_a, monde.ft_a, nov)
    entretien(b2, monde.conseiller_b, monde.ml_b, nov, statut=StatutEntretien.PREVU)
    entretien(b1, monde.conseiller_b, monde.ml_b, datetime.date(annee.annee_debut + 1, 3, 3))
    return Jeu(
        annee=annee,
        fenetre=Fenetre(annee.date_debut, datetime.date(annee.annee_debut + 1, 1, 31)),
        avenirplus=avenirplus(monde, annee.annee_debut),
    )
