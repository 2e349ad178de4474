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


# --- The check: past the period, the student's every record is anonymised, past returns stay ------


def _a_trois_heures(jour):
    return time_machine.travel(datetime.datetime.combine(jour, datetime.time(3, 45)), tick=False)


def test_apres_la_duree_le_dossier_entier_est_anonymise_et_les_remontees_passees_ne_changent_pas(dossier):
    from avenirplus.models import Action, Contact, EntretienConjoint, Inscription, MembreCohorte, Sortie
    from avenirpro.donnees.historique import _HISTORISES
    from indicateurs.models import Remontee
    from parcours.models import AlerteDecrochage, Entretien, NoteConfidentielle, Restitution, SuiviAlerte

    eleve = dossier.eleve
    x = eleve.annee.annee_debut
    remontees = [remontee for remontee, _cree in _compiler(x)]
    figees = {r.pk: (r.chiffres, r.empreinte) for r in remontees}
    assert remontees[0].chiffres["annee"]["indicateurs"]["lyceens_beneficiaires"]["total"] == 1
    historises = [d for d in _HISTORISES.values() if d.eleves]
    assert all(
        d.modele.historique.model.objects.unscoped("test").filter(**{d.chemin_eleves: eleve.pk}).exists()
        for d in historises
    )
    # Twelve months after the school year, the AvenirPro+ enrolment keeps the student (it ended later).
    with _a_trois_heures(conservation.echeance(x)):
        tasks.appliquer_conservation()
    assert recharger(eleve).anonymise_le is None
    # Twelve months after the enrolment's end, the job anonymises them.
    jour = conservation._plus_mois(dossier.inscription.fin, 12) + datetime.timedelta(days=1)
    with _a_trois_heures(jour):
        assert tasks.appliquer_conservation()["anonymises"] == 1
    anonyme = recharger(eleve)
    assert (anonyme.nom, anonyme.prenom, anonyme.ine, anonyme.anonymise_le) == (
        "Anonyme",
        "Anonyme",
        "",
        jour,
    )
    assert anonyme.date_naissance == datetime.date(eleve.date_naissance.year, 1, 1)
    # Adult with the anonymised birth date, the enrolment still counts the minor it was (the typology).
    assert not anonyme.est_mineur_le(dossier.inscription.debut)
    assert Inscription.objects.unscoped("test").get(pk=dossier.inscription.pk).mineur_au_debut is True

    def valeurs(modele, *champs, chemin="eleve"):
        return list(modele.objects.unscoped("test").filter(**{chemin: eleve.pk}).values_list(*champs))

    assert valeurs(Entretien, "prochaine_etape", "besoins", "statut") == [("", [], "realise")]
    assert valeurs(NoteConfidentielle, "texte", chemin="entretien__eleve") == [("",)]
    assert valeurs(Restitution, "commentaire", "statut") == [("", "candidatures")]
    assert valeurs(AlerteDecrochage, "description", "motif") == [("", "absenteisme")]
    assert valeurs(SuiviAlerte, "texte", chemin="alerte__eleve") == [("",)]
    assert valeurs(MembreCohorte, "raison", "telephone", "email", "adresse") == [("", "", "", "")]
    assert valeurs(Contact, "autre_solution", "commentaire", chemin="membre__eleve") == [("", "")]
    assert valeurs(EntretienConjoint, "besoins", chemin="inscription__eleve") == [("",)]
    assert valeurs(Action, "notes", "type", chemin="inscription__eleve") == [("", "pmsmp")]
    assert valeurs(Sortie, "precision", "issue", chemin="inscription__eleve") == [("", "emploi")]
    assert not any(
        d.modele.historique.model.objects.unscoped("test").filter(**{d.chemin_eleves: eleve.pk}).exists()
        for d in historises
    )
    # Issued returns are untouched, and compiling them again finds the same figures (no new version).
    assert {r.pk: (r.chiffres, r.empreinte) for r in Remontee.objects.all()} == figees
    assert [(r.pk, cree) for r, cree in _compiler(x)] == [(pk, False) for pk in figees]


def _compiler(x):
    """The national returns: bimonthly of 1 January and of 1 November after, the annual report."""
    from indicateurs.definitions import Portee
    from indicateurs.models import TypeRemontee
    from indicateurs.services import compiler_remontee

    for jour, type_ in (
        (datetime.date(x + 1, 1, 1), TypeRemontee.BIMESTRIELLE),
        (datetime.date(x + 1, 10, 1), TypeRemontee.BILAN),
        (datetime.date(x + 1, 11, 1), TypeRemontee.BIMESTRIELLE),
    ):
        yield compiler_remontee(Portee(), jour, aujourd_hui=jour, type=type_)
