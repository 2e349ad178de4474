"""Fixtures of the personal-data tests, on top of ``monde`` (tests/conftest.py)."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from avenirplus.enums import (
    IssueSortie,
    MotifCohorte,
    MoyenContact,
    MoyenInvitation,
    ReponseContact,
    StatutAction,
    TypeAction,
)
from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    Invitation,
    MembreCohorte,
    Reunion,
    Sortie,
)
from lycees.models import Eleve
from parcours.enums import MotifAlerte, StatutRecherche
from parcours.models import Entretien
from parcours.services import alertes, entretiens
from tests.ateliers.factories import EvenementFactory, PresenceFactory, SeanceFactory
from tests.conftest import fresh
from tests.parcours.conftest import entretien_de

D = datetime.date


@pytest.fixture
def eleve_a(monde) -> Eleve:
    return Eleve.objects.unscoped("test").select_related("lycee", "annee").get(pk=monde.eleves_a[0].pk)


def recharger(eleve) -> Eleve:
    return Eleve.objects.unscoped("test").get(pk=eleve.pk)


@dataclass
class Dossier:
    """A student with a row in every app: attendance, an event, an interview with confidential notes and
    its restitution, an alert followed up, and AvenirPro+ (cohort, contact, meeting, enrolment, joint
    interview, action, exit) — the enrolment ends in January of the year after next."""

    eleve: Eleve
    entretien: Entretien
    inscription: Inscription


@pytest.fixture
def dossier(monde, eleve_a) -> Dossier:
    x = eleve_a.annee.annee_debut
    # Born in October: 17 when the enrolment starts (15 September), 18 with the birth date anonymised to
    # 1 January — the case where a return compiled again could move the student from « mineur » to
    # « majeur ».
    eleve_a.date_naissance = D(x - 17, 10, 1)
    eleve_a.save(update_fields=["date_naissance"])
    # The follow-up's services date what they record today: 1 December of the student's school year.
    with time_machine.travel(datetime.datetime(x, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        seance = SeanceFactory(lycee=monde.lycee_a, realisee=True, date=D(x, 11, 10))
        PresenceFactory(seance=seance, eleve=eleve_a)
        EvenementFactory(organisateur=monde.ft_a, lycees=[monde.lycee_a], eleves=[eleve_a], date=D(x, 11, 12))
        entretiens.nommer_referents(fresh(monde.chef_a), eleve_a.division, [monde.professeur_a])
        entretien = entretien_de(
            monde.conseiller_a,
            eleve_a,
            date=D(x, 11, 20),
            notes="Hébergé chez un oncle, logement précaire.",
            besoins=["frein_logement", "cv"],
            prochaine_etape="Relancer le garage Martin.",
            restitution_statut=StatutRecherche.CANDIDATURES,
            restitution_commentaire="Deux candidatures envoyées.",
        )
        alerte = alertes.lever_alerte(
            fresh(monde.chef_a), eleve_a, motif=MotifAlerte.ABSENTEISME, description="Absent deux semaines."
        )
        alertes.suivre_alerte(fresh(monde.chef_a), alerte, date=D(x, 12, 1), texte="Famille appelée.")
    membre = MembreCohorte.objects.create(
        eleve=eleve_a,
        lycee=monde.lycee_a,
        annee=eleve_a.annee,
        motif=MotifCohorte.NON_DIPLOME,
        raison="Ajourné en juin.",
        telephone="0601020304",
        email="eleve@exemple.fr",
        adresse="1 rue des Lilas, 75011 Paris",
    )
    Contact.objects.create(
        membre=membre,
        date=D(x + 1, 7, 5),
        moyen=MoyenContact.TELEPHONE,
        reponse=ReponseContact.INTERESSE,
        autre_solution="Peut-être un emploi au garage Martin.",
        commentaire="Rappeler en soirée.",
        auteur=monde.chef_a,
    )
    reunion = Reunion.objects.create(
        lycee=monde.lycee_a, annee=eleve_a.annee, date=D(x + 1, 9, 10), heure=datetime.time(14), lieu="CDI"
    )
    Invitation.objects.create(reunion=reunion, membre=membre, moyen=MoyenInvitation.EMAIL, present=True)
    inscription = Inscription.objects.create(
        membre=membre,
        eleve=eleve_a,
        lycee=monde.lycee_a,
        annee=eleve_a.annee,
        debut=D(x + 1, 9, 15),
        fin=D(x + 2, 1, 14),
        referent=monde.professeur_a,
    )
    EntretienConjoint.objects.create(
        inscription=inscription,
        date=D(x + 1, 9, 20),
        referent=monde.professeur_a,
        conseiller=monde.conseiller_a,
        besoins="Mobilité : pas de permis.",
    )
    Action.objects.create(
        inscription=inscription,
        type=TypeAction.PMSMP,
        debut=D(x + 1, 10, 1),
        fin=D(x + 1, 10, 15),
        prestataire="Garage Martin",
        statut=StatutAction.REALISEE,
        notes="Bonne intégration dans l'équipe.",
    )
    Sortie.objects.create(
        inscription=inscription,
        date=D(x + 2, 1, 10),
        issue=IssueSortie.EMPLOI,
        precision="CDD au garage Martin",
    )
    return Dossier(eleve=eleve_a, entretien=entretien, inscription=inscription)
