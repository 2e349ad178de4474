"""Fixtures of the follow-up tests, on top of ``monde`` (tests/conftest.py): lycée A's class has its
professeur référent, an interview held by the named counsellor with confidential notes and a restitution,
an open alert. Dates are today's (held, never in the future) — never a fixed day."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from parcours.enums import Modalite, Moment, MotifAlerte, StatutRecherche
from parcours.models import AlerteDecrochage, Entretien, Restitution
from parcours.services import alertes, entretiens

# The browser tests' fixtures (test_navigateur.py): a Chromium per module, a context and a page per test.
from tests.browser.conftest import browser, context, page  # noqa: F401
from tests.conftest import fresh

NOTE = "Confidentiel : situation familiale difficile."


@dataclass
class Suivi:
    entretien: Entretien
    restitution: Restitution
    alerte: AlerteDecrochage


def entretien_de(conseiller, eleve, **donnees) -> Entretien:
    valeurs = {
        "date": timezone.localdate(),
        "modalite": Modalite.RENDEZ_VOUS,
        "moment": Moment.PERIODE_SCOLAIRE,
        **donnees,
    }
    return entretiens.enregistrer_entretien(fresh(conseiller), eleve, **valeurs)


@pytest.fixture
def suivi(monde) -> Suivi:
    eleve = monde.eleves_a[0]
    entretiens.nommer_referents(fresh(monde.chef_a), eleve.division, [monde.professeur_a])
    entretien = entretien_de(
        monde.conseiller_a,
        eleve,
        notes=NOTE,
        restitution_statut=StatutRecherche.CANDIDATURES,
        restitution_commentaire="Deux candidatures envoyées.",
    )
    alerte = alertes.lever_alerte(fresh(monde.chef_a), monde.eleves_a[1], motif=MotifAlerte.ABSENTEISME)
    return Suivi(entretien, Restitution.objects.unscoped("test").get(entretien=entretien), alerte)


def demain() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)
