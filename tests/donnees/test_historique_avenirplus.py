"""Change history of AvenirPro+ (enrolment, joint interview, actions, exit): on the student's page for who
reads the path, nothing for the others. The clock and fixtures are the AvenirPro+ tests' (1 October 2026)."""

import datetime

from django.urls import reverse

from avenirplus import services
from avenirplus.enums import StatutAction, TypeAction
from avenirplus.models import Action, Inscription, Sortie
from avenirpro.donnees.historique import historique_eleve
from tests.avenirplus import conftest as avenirplus
from tests.conftest import fresh
from tests.outils import connecte

D = datetime.date

# The AvenirPro+ tests' fixtures, the clock of 1 October 2026 included (autouse in this module too).
_horloge = avenirplus._horloge
phase2, cohorte_a, inscription_a = avenirplus.phase2, avenirplus.cohorte_a, avenirplus.inscription_a


def _parcours(phase2, inscription):
    services.enregistrer_entretien(
        phase2.conseiller_ml_a, inscription, date=D(2026, 9, 20), besoins="Mobilité"
    )
    action = services.ajouter_action(
        phase2.volontaire_a,
        inscription,
        type=TypeAction.PMSMP,
        debut=D(2026, 10, 1),
        fin=D(2026, 10, 15),
        prestataire="Garage Martin",
        statut=StatutAction.PREVUE,
    )
    services.modifier_action(
        phase2.volontaire_a,
        action,
        type=TypeAction.PMSMP,
        debut=D(2026, 10, 1),
        fin=D(2026, 10, 15),
        prestataire="Garage Martin",
        statut=StatutAction.EN_COURS,
        notes="Bonne intégration dans l'équipe.",
    )
    return action


def _objets(qui, eleve) -> list[str]:
    return [ev.objet for ev in historique_eleve(fresh(qui), eleve)]


def test_l_inscription_ses_referents_son_parcours_et_sa_sortie_sont_historises(
    client,
    monde,
    phase2,
    inscription_a,
):
    _parcours(phase2, inscription_a)
    services.enregistrer_sortie(
        phase2.volontaire_a, inscription_a, date=D(2026, 11, 2), issue="apprentissage"
    )
    assert [v.history_type for v in Inscription.historique.model.objects.visible_to(monde.chef_a)] == [
        "~",
        "+",
    ]
    assert Action.historique.model.objects.visible_to(monde.chef_a).count() == 2
    assert Sortie.historique.model.objects.visible_to(monde.chef_a).count() == 1
    eleve = phase2.ajourne
    contenu = connecte(client, monde.chef_a).get(reverse("lycees:eleve", args=[eleve.uuid])).content.decode()
    assert "Inscription AvenirPro+ du 15/09/2026" in contenu
    assert "statut : Prévue → En cours" in contenu
    assert "notes de suivi : — → Bonne intégration dans l&#x27;équipe." in contenu
    assert "besoins identifiés : — → Mobilité" in contenu
    assert "situation à la sortie : — → Apprentissage" in contenu
    # The référent de parcours reads the path he follows, and its history.
    assert "Entretien conjoint AvenirPro+ du 20/09/2026" in _objets(phase2.volontaire_a, eleve)


def test_la_cloture_en_masse_des_inscriptions_echues_est_historisee(monde, phase2, inscription_a):
    assert services.cloturer_inscriptions_echues(D(2027, 1, 16)) == 1
    derniere = Inscription.historique.model.objects.visible_to(monde.chef_a).latest()
    assert (derniere.history_type, derniere.cloturee_le, derniere.history_user) == ("~", D(2027, 1, 16), None)
    assert any(
        c.champ == "clôturée le" and c.apres == "16/01/2027"
        for ev in historique_eleve(fresh(monde.chef_a), phase2.ajourne)
        for c in ev.changements
    )


def test_qui_ne_suit_pas_le_parcours_n_en_voit_pas_l_historique(client, monde, phase2, inscription_a):
    _parcours(phase2, inscription_a)
    eleve = phase2.ajourne
    # Another professeur of the lycée reads the student, not the AvenirPro+ path: nor its history.
    assert (
        connecte(client, phase2.non_volontaire_a).get(reverse("lycees:eleve", args=[eleve.uuid])).status_code
        == 200
    )
    assert not [o for o in _objets(phase2.non_volontaire_a, eleve) if "AvenirPro+" in o]
    for qui in (phase2.autre_conseiller_ml_a, monde.chef_b, monde.conseiller_b):
        assert historique_eleve(fresh(qui), eleve) == []
        assert Action.historique.model.objects.visible_to(fresh(qui)).count() == 0
    assert connecte(client, monde.chef_b).get(reverse("lycees:eleve", args=[eleve.uuid])).status_code == 404
