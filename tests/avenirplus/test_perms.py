"""The AvenirPro+ grants (avenirplus/perms.py): who reads the past year's student and the path."""

import datetime

from avenirplus import services
from avenirplus.enums import StatutAction, TypeAction
from avenirplus.models import Action, Contact, Inscription, MembreCohorte
from lycees.models import Eleve

D = datetime.date


def _voit(user, modele, objet) -> bool:
    return modele.objects.visible_to(user).filter(pk=objet.pk).exists()


def test_les_referents_designes_lisent_l_eleve_de_l_an_passe(monde, phase2, inscription_a):
    """The ML counsellor is named on no assignment of lycée A: the grant comes from the enrolment only."""
    eleve = phase2.ajourne
    assert _voit(phase2.conseiller_ml_a, Eleve, eleve)
    assert _voit(phase2.conseiller_ml_a, Inscription, inscription_a)
    assert _voit(phase2.volontaire_a, Inscription, inscription_a)
    assert _voit(phase2.conseiller_ml_a, MembreCohorte, inscription_a.membre)
    # only that student: not the rest of last year's roster
    assert not _voit(phase2.conseiller_ml_a, Eleve, phase2.sans_solution)


def test_avant_la_designation_le_conseiller_ml_ne_voit_rien(monde, phase2, cohorte_a):
    inscription = services.inscrire(monde.chef_a, cohorte_a[0], debut=D(2026, 9, 15))
    assert not _voit(phase2.conseiller_ml_a, Eleve, cohorte_a[0].eleve)
    assert not _voit(phase2.conseiller_ml_a, Inscription, inscription)


def test_un_conseiller_ft_de_la_phase_1_ne_voit_pas_le_parcours(monde, phase2, inscription_a):
    services.ajouter_action(
        phase2.volontaire_a,
        inscription_a,
        type=TypeAction.TRE,
        debut=D(2026, 10, 1),
        fin=D(2026, 10, 1),
        statut=StatutAction.PREVUE,
    )
    assert _voit(phase2.ft_phase1, Eleve, phase2.ajourne)  # lycées' rule: named on the 2025 assignment
    assert not _voit(phase2.ft_phase1, Inscription, inscription_a)
    assert not Action.objects.visible_to(phase2.ft_phase1).exists()
    assert not MembreCohorte.objects.visible_to(phase2.ft_phase1).exists()


def test_un_professeur_non_referent_ne_voit_pas_le_parcours(monde, phase2, inscription_a):
    assert _voit(phase2.non_volontaire_a, Eleve, phase2.ajourne)  # a professeur reads the lycée's students
    assert not _voit(phase2.non_volontaire_a, Inscription, inscription_a)
    assert not MembreCohorte.objects.visible_to(phase2.non_volontaire_a).exists()


def test_personne_d_un_autre_lycee_ni_d_une_autre_mission_locale(monde, phase2, inscription_a):
    for user in (
        monde.chef_b,
        monde.conseiller_b,
        monde.conseiller_a,
        phase2.autre_conseiller_ml_a,
        phase2.admin_ml_a,
    ):
        assert not _voit(user, Inscription, inscription_a)
        assert not _voit(user, MembreCohorte, inscription_a.membre)
    assert not _voit(monde.conseiller_b, Eleve, phase2.ajourne)


def test_la_direction_lit_tout_son_lycee_et_seulement_lui(monde, phase2, inscription_a, inscription_b):
    assert set(Inscription.objects.visible_to(monde.chef_a)) == {inscription_a}
    assert set(Inscription.objects.visible_to(monde.chef_b)) == {inscription_b}
    assert not Contact.objects.visible_to(phase2.volontaire_a).exists()


def test_les_pilotes_comptent_sans_lire(monde, phase2, inscription_a, inscription_b):
    assert Inscription.objects.pour_agregats(monde.pilote_a).count() == 1
    assert Inscription.objects.pour_agregats(monde.pilote_national).count() == 2
    assert not Inscription.objects.visible_to(monde.pilote_a).exists()
