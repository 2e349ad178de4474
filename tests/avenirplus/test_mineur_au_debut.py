"""The age category at enrolment (« mineur » / « majeur » of the returns) is frozen on the enrolment,
set by ``Inscription.save`` and back-filled by migration 0003 for enrolments made before it."""

import datetime
import importlib

from django.db import connection

from avenirplus import services
from avenirplus.models import Inscription
from tests.avenirplus.conftest import membre_de

DEBUT = datetime.date(2026, 9, 15)


def _inscrire(monde, phase2, naissance: datetime.date) -> Inscription:
    eleve = phase2.ajourne
    eleve.date_naissance = naissance
    eleve.save(update_fields=["date_naissance"])
    return services.inscrire(monde.chef_a, membre_de(eleve), debut=DEBUT)


def test_l_eleve_qui_a_18_ans_le_lendemain_du_debut_est_mineur(monde, phase2, cohorte_a):
    inscription = _inscrire(monde, phase2, datetime.date(2008, 9, 16))
    assert Inscription.objects.unscoped("test").get(pk=inscription.pk).mineur_au_debut is True


def test_l_eleve_qui_a_18_ans_le_jour_du_debut_est_majeur(monde, phase2, cohorte_a):
    inscription = _inscrire(monde, phase2, datetime.date(2008, 9, 15))
    assert Inscription.objects.unscoped("test").get(pk=inscription.pk).mineur_au_debut is False


def test_la_migration_remplit_la_categorie_des_inscriptions_existantes(monde, phase2, cohorte_a):
    mineure = _inscrire(monde, phase2, datetime.date(2008, 12, 31))
    Inscription.objects.unscoped("test").filter(pk=mineure.pk).update(mineur_au_debut=False)
    migration = importlib.import_module("avenirplus.migrations.0003_mineur_au_debut")

    migration.remplir(None, type("Editeur", (), {"connection": connection})())

    assert Inscription.objects.unscoped("test").get(pk=mineure.pk).mineur_au_debut is True
