"""Retention: anonymised 12 months after the end of the school year, direction told 30 days before; the
counts (and so every figure of a past return) stay the same."""

import datetime

import time_machine
from django.core import mail
from django.db.models import Count

from ateliers.models import Presence
from avenirpro import tasks
from avenirpro.donnees import conservation
from avenirpro.models import AvisConservation
from lycees.models import Eleve
from lycees.services import effectifs
from tests.ateliers.factories import PresenceFactory, SeanceFactory
from tests.donnees.conftest import recharger


def comptages():
    """What a return counts: students by lycée, diploma, sex, birth year; attendance by séance."""
    eleves = Eleve.objects.unscoped("test")
    return (
        sorted(eleves.values_list("lycee", "diplome", "sexe", "division").annotate(n=Count("pk"))),
        sorted((e.date_naissance.year, e.lycee_id) for e in eleves),
        sorted(Presence.objects.unscoped("test").values_list("seance", "present").annotate(n=Count("pk"))),
    )


def test_l_echeance_est_douze_mois_apres_la_fin_de_l_annee():
    assert conservation.fin_annee_scolaire(2026) == datetime.date(2027, 8, 31)
    assert conservation.echeance(2026) == datetime.date(2028, 9, 1)


def test_le_travail_quotidien_anonymise_apres_la_duree_et_garde_les_comptes(monde, eleve_a):
    seance = SeanceFactory(lycee=monde.lycee_a)
    PresenceFactory(seance=seance, eleve=eleve_a, present=False)
    effectifs.modifier_eleve(monde.chef_a, eleve_a, ine="123456789AB")
    avant = comptages()
    echeance = conservation.echeance(eleve_a.annee.annee_debut)
    with time_machine.travel(
        datetime.datetime.combine(echeance, datetime.time(3)) - datetime.timedelta(days=1)
    ):
        resultat = tasks.appliquer_conservation()
    assert resultat["anonymises"] == 0
    assert recharger(eleve_a).anonymise_le is None
    with time_machine.travel(datetime.datetime.combine(echeance, datetime.time(3, 45))):
        resultat = tasks.appliquer_conservation()
    assert resultat["anonymises"] == len(monde.eleves_a) + len(monde.eleves_b)
    anonyme = recharger(eleve_a)
    assert (anonyme.nom, anonyme.prenom, anonyme.ine) == ("Anonyme", "Anonyme", "")
    assert anonyme.date_naissance == datetime.date(eleve_a.date_naissance.year, 1, 1)
    assert anonyme.anonymise_le == echeance
    assert comptages() == avant
    assert not Eleve.historique.model.objects.unscoped("test").filter(id=eleve_a.pk).exists()
    assert not Presence.historique.model.objects.unscoped("test").filter(eleve=eleve_a).exists()
    assert Presence.objects.unscoped("test").get(eleve=eleve_a).present is False


def test_l_anonymisation_va_par_lots_et_ne_se_refait_pas(monde):
    echeance = conservation.echeance(monde.eleves_a[0].annee.annee_debut)
    assert conservation.anonymiser_echus(echeance, lot=2) == 5
    assert conservation.anonymiser_echus(echeance, lot=2) == 0


def test_la_direction_est_prevenue_trente_jours_avant_une_seule_fois(
    monde, django_capture_on_commit_callbacks
):
    echeance = conservation.echeance(monde.eleves_a[0].annee.annee_debut)
    assert conservation.prevenir(echeance - datetime.timedelta(days=31)) == 0
    veille = datetime.datetime.combine(echeance - datetime.timedelta(days=30), datetime.time(4))
    with time_machine.travel(veille), django_capture_on_commit_callbacks(execute=True):
        assert tasks.appliquer_conservation() == {"avis": 2, "anonymises": 0}
        assert conservation.prevenir() == 0
    avis = AvisConservation.objects.get(organisation=monde.lycee_a.organisation)
    assert (avis.nb_eleves, avis.echeance) == (3, echeance)
    message = next(m for m in mail.outbox if monde.chef_a.email in m.to)
    assert echeance.strftime("%d/%m/%Y") in message.subject
    assert "ne se prolonge pas" in message.body


def test_une_prolongation_declaree_par_une_app_garde_l_eleve(monde, eleve_a):
    from django.db.models import Q

    def garder(limite):
        return Q(pk=eleve_a.pk)

    conservation.prolonger_si(garder)
    try:
        echeance = conservation.echeance(eleve_a.annee.annee_debut)
        assert conservation.anonymiser_echus(echeance) == 4
        assert recharger(eleve_a).anonymise_le is None
    finally:
        conservation._PROLONGATIONS.remove(garder)
