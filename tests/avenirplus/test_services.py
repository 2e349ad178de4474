"""The rules of AvenirPro+ (avenirplus/services.py): cohort, campaign, enrolment, référents, path, exit."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from avenirplus import services
from avenirplus.enums import MotifCohorte, MoyenContact, ReponseContact, StatutAction, TypeAction
from avenirplus.models import Action, Contact, Inscription, MembreCohorte, Sortie
from tests.avenirplus.conftest import JOUR, JUILLET, membre_de

D = datetime.date


def test_la_cohorte_suit_les_resultats_de_fin_d_annee(monde, phase2):
    assert services.constituer_cohorte(monde.chef_a, phase2.annee, jour=JUILLET) == 2
    motifs = dict(MembreCohorte.objects.unscoped("test").values_list("eleve_id", "motif"))
    assert motifs == {
        phase2.ajourne.pk: MotifCohorte.NON_DIPLOME,
        phase2.sans_solution.pk: MotifCohorte.SANS_SOLUTION,
    }


def test_la_cohorte_ne_s_ouvre_qu_avec_les_resultats_du_second_groupe(monde, phase2):
    with pytest.raises(ValidationError, match="08/07/2026"):
        services.constituer_cohorte(monde.chef_a, phase2.annee, jour=D(2026, 7, 7))
    assert not MembreCohorte.objects.unscoped("test").exists()


def test_annee_de_la_cohorte_selon_le_jour(phase2):
    assert services.annee_cohorte(D(2026, 10, 1)).annee_debut == 2025
    assert services.annee_cohorte(D(2027, 7, 7)).annee_debut == 2025
    assert services.annee_cohorte(D(2027, 7, 8)).annee_debut == 2026


def test_un_eleve_retire_le_reste_quand_on_reconstitue(monde, phase2, cohorte_a):
    services.retirer_de_cohorte(monde.chef_a, membre_de(phase2.ajourne), "Réinscrit au lycée")
    assert services.constituer_cohorte(monde.chef_a, phase2.annee, jour=JUILLET) == 0
    assert membre_de(phase2.ajourne).retire


def test_ajouter_et_retirer_demandent_une_raison(monde, phase2, cohorte_a):
    with pytest.raises(ValidationError) as e:
        services.ajouter_a_cohorte(monde.chef_a, phase2.en_emploi, " ", jour=JUILLET)
    assert "raison" in e.value.error_dict
    m = services.ajouter_a_cohorte(monde.chef_a, phase2.en_emploi, "Contrat rompu en juillet", jour=JUILLET)
    assert m.motif == MotifCohorte.AJOUT
    with pytest.raises(ValidationError):
        services.retirer_de_cohorte(monde.chef_a, m, "")


def test_seule_la_direction_du_lycee_constitue_la_cohorte(monde, phase2):
    for qui in (monde.professeur_a, monde.conseiller_a, monde.chef_b):
        if qui == monde.chef_b:
            services.constituer_cohorte(qui, phase2.annee, jour=JUILLET)  # lycée B's own cohort only
            continue
        with pytest.raises(PermissionDenied):
            services.constituer_cohorte(qui, phase2.annee, jour=JUILLET)
    assert set(MembreCohorte.objects.unscoped("test").values_list("lycee_id", flat=True)) == {
        monde.lycee_b.pk
    }


def test_contact_et_progression(monde, phase2, cohorte_a):
    m = membre_de(phase2.ajourne)
    services.enregistrer_contact(
        monde.chef_a,
        m,
        date=D(2026, 7, 10),
        moyen=MoyenContact.TELEPHONE,
        reponse=ReponseContact.SANS_REPONSE,
        jour=JOUR,
    )
    services.enregistrer_contact(
        monde.chef_a,
        m,
        date=D(2026, 7, 11),
        moyen=MoyenContact.SMS,
        reponse=ReponseContact.INTERESSE,
        jour=JOUR,
    )
    prog = services.progression_campagne(monde.chef_a, monde.lycee_a.pk, phase2.annee)
    assert (prog["total"], prog["contactes"], prog["joints"], prog["pourcentage"]) == (2, 1, 1, 50)


def test_un_contact_autre_solution_dit_laquelle(monde, phase2, cohorte_a):
    with pytest.raises(ValidationError) as e:
        services.enregistrer_contact(
            monde.chef_a,
            membre_de(phase2.ajourne),
            date=D(2026, 7, 10),
            moyen=MoyenContact.EMAIL,
            reponse=ReponseContact.AUTRE_SOLUTION,
            jour=JOUR,
        )
    assert "autre_solution" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        services.enregistrer_contact(
            monde.chef_a,
            membre_de(phase2.ajourne),
            date=D(2026, 10, 2),
            moyen=MoyenContact.EMAIL,
            reponse=ReponseContact.REFUSE,
            jour=JOUR,
        )
    assert "date" in e.value.error_dict
    assert not Contact.objects.unscoped("test").exists()


def test_lettres_par_courriel_aux_adresses_connues(monde, phase2, cohorte_a):
    services.modifier_coordonnees(monde.chef_a, membre_de(phase2.ajourne), email="eleve@exemple.fr")
    assert services.envoyer_lettres_juillet(monde.chef_a, monde.lycee_a, phase2.annee) == 1
    assert mail.outbox[0].to == ["eleve@exemple.fr"] and "réunion" in mail.outbox[0].body


def test_inscription_quatre_mois_au_plus(monde, phase2, cohorte_a):
    m = membre_de(phase2.ajourne)
    with pytest.raises(ValidationError, match="15/01/2027") as e:
        services.inscrire(monde.chef_a, m, debut=D(2026, 9, 15), fin=D(2027, 1, 16))
    assert "fin" in e.value.error_dict
    with pytest.raises(ValidationError):
        services.inscrire(monde.chef_a, m, debut=D(2026, 9, 15), fin=D(2026, 9, 14))
    assert not Inscription.objects.unscoped("test").exists()
    inscription = services.inscrire(monde.chef_a, m, debut=D(2026, 9, 15))
    assert inscription.fin == D(2027, 1, 15)


def test_pas_de_deuxieme_inscription_qui_chevauche(monde, phase2, cohorte_a):
    m = membre_de(phase2.ajourne)
    services.inscrire(monde.chef_a, m, debut=D(2026, 9, 15), fin=D(2026, 11, 15))
    with pytest.raises(ValidationError, match="déjà une inscription"):
        services.inscrire(monde.chef_a, m, debut=D(2026, 11, 1))
    assert Inscription.objects.unscoped("test").count() == 1


def test_un_eleve_hors_cohorte_ne_s_inscrit_pas(monde, phase2, cohorte_a):
    m = services.retirer_de_cohorte(monde.chef_a, membre_de(phase2.sans_solution), "A trouvé un emploi")
    with pytest.raises(ValidationError) as e:
        services.inscrire(monde.chef_a, m, debut=D(2026, 9, 15))
    assert "membre" in e.value.error_dict
    with pytest.raises(PermissionDenied):  # the cohort of another lycée
        services.inscrire(monde.chef_b, membre_de(phase2.ajourne), debut=D(2026, 9, 15))
    assert not Inscription.objects.unscoped("test").exists()


def test_refus_avec_l_offre_proposee(monde, phase2, cohorte_a):
    m = services.enregistrer_refus(
        monde.chef_a, membre_de(phase2.sans_solution), date=D(2026, 9, 20), offre="cej"
    )
    assert m.offre_orientee == "cej"
    with pytest.raises(ValidationError):
        services.enregistrer_refus(monde.chef_a, m, date=D(2026, 9, 20), offre="rien")


def test_designation_des_referents_refusee(monde, phase2, cohorte_a):
    inscription = services.inscrire(monde.chef_a, membre_de(phase2.ajourne), debut=D(2026, 9, 15))
    with pytest.raises(ValidationError) as e:
        services.designer_referents(
            monde.chef_a, inscription, referent=phase2.non_volontaire_a, conseiller=monde.conseiller_b
        )
    assert set(e.value.error_dict) == {"referent", "conseiller"}
    with pytest.raises(ValidationError) as e:  # of the partner mission locale, but not named by it
        services.designer_referents(
            monde.chef_a, inscription, referent=phase2.volontaire_a, conseiller=phase2.autre_conseiller_ml_a
        )
    assert set(e.value.error_dict) == {"conseiller"}
    inscription.refresh_from_db()
    assert inscription.referent_id is None and inscription.conseiller_id is None


def test_entretien_et_actions_par_les_referents(monde, phase2, inscription_a):
    e = services.enregistrer_entretien(
        phase2.conseiller_ml_a, inscription_a, date=D(2026, 9, 20), besoins="Mobilité"
    )
    assert (e.referent, e.conseiller) == (phase2.volontaire_a, phase2.conseiller_ml_a)
    services.ajouter_action(
        phase2.volontaire_a,
        inscription_a,
        type=TypeAction.PMSMP,
        debut=D(2026, 10, 1),
        fin=D(2026, 10, 15),
        prestataire="Garage Martin",
        statut=StatutAction.PREVUE,
    )
    services.ajouter_action(
        phase2.conseiller_ml_a,
        inscription_a,
        type=TypeAction.TRE,
        debut=D(2026, 9, 25),
        fin=D(2026, 9, 25),
        statut=StatutAction.REALISEE,
    )
    assert Action.objects.unscoped("test").filter(inscription=inscription_a).count() == 2


def test_action_hors_des_dates_de_l_inscription(monde, phase2, inscription_a):
    with pytest.raises(ValidationError) as e:
        services.ajouter_action(
            phase2.volontaire_a,
            inscription_a,
            type=TypeAction.STAGE,
            debut=D(2026, 12, 1),
            fin=D(2027, 2, 1),
            statut=StatutAction.PREVUE,
        )
    assert "fin" in e.value.error_dict
    with pytest.raises(PermissionDenied):  # the FT counsellor of phase 1 is not named on the enrolment
        services.ajouter_action(
            phase2.ft_phase1,
            inscription_a,
            type=TypeAction.TRE,
            debut=D(2026, 10, 1),
            fin=D(2026, 10, 1),
            statut=StatutAction.PREVUE,
        )
    assert not Action.objects.unscoped("test").exists()


def test_sortie_pas_avant_le_debut(monde, phase2, inscription_a):
    with pytest.raises(ValidationError) as e:
        services.enregistrer_sortie(phase2.volontaire_a, inscription_a, date=D(2026, 9, 1), issue="emploi")
    assert "date" in e.value.error_dict
    assert not Sortie.objects.unscoped("test").exists()
    services.enregistrer_sortie(
        phase2.volontaire_a, inscription_a, date=D(2026, 11, 2), issue="apprentissage"
    )
    assert Sortie.objects.unscoped("test").get().issue == "apprentissage"


def test_alerte_quinze_jours_avant_puis_cloture(monde, phase2, inscription_a):
    assert services.alerter_fins_prochaines(D(2026, 12, 30)) == 0
    assert services.alerter_fins_prochaines(D(2026, 12, 31)) == 1
    assert set(mail.outbox[0].to) == {phase2.volontaire_a.email, phase2.conseiller_ml_a.email}
    assert services.alerter_fins_prochaines(D(2027, 1, 2)) == 0  # once
    assert services.cloturer_inscriptions_echues(D(2027, 1, 15)) == 0
    assert services.cloturer_inscriptions_echues(D(2027, 1, 16)) == 1
    inscription_a.refresh_from_db()
    assert inscription_a.cloturee_le == D(2027, 1, 16)


def test_reunion_coanimee_invitations_et_presences(monde, phase2, cohorte_a):
    services.modifier_coordonnees(monde.chef_a, membre_de(phase2.ajourne), email="eleve@exemple.fr")
    with pytest.raises(ValidationError) as e:
        services.creer_reunion(
            monde.chef_a,
            phase2.annee,
            date=D(2026, 9, 8),
            heure=datetime.time(17),
            lieu="CDI",
            coanimateurs=[monde.conseiller_b],
        )
    assert "coanimateurs" in e.value.error_dict
    reunion = services.creer_reunion(
        monde.chef_a,
        phase2.annee,
        date=D(2026, 9, 8),
        heure=datetime.time(17),
        lieu="CDI",
        coanimateurs=[phase2.ft_phase1, phase2.conseiller_ml_a],
    )
    assert services.inviter_cohorte(monde.chef_a, reunion) == (2, 1)
    assert services.inviter_cohorte(monde.chef_a, reunion) == (0, 0)
    from avenirplus.models import Invitation

    premiere = Invitation.objects.unscoped("test").filter(reunion=reunion).first()
    assert services.enregistrer_presences(monde.chef_a, reunion, [str(premiere.uuid)]) == (1, 2)
    with pytest.raises(ValidationError):
        services.enregistrer_presences(monde.chef_a, reunion, ["00000000-0000-0000-0000-000000000000"])
