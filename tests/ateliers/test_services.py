"""The workflow steps of ateliers/services.py: rules, refusals (nothing saved), flags."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ateliers import services
from ateliers.enums import StatutSeance, Theme
from ateliers.models import (
    Evenement,
    ParticipationEquipe,
    Presence,
    QuestionnaireSeance,
    ReponseEquipe,
    ReponseSeance,
    Seance,
)
from lycees.models import Eleve
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import QuestionnaireSeanceFactory, SeanceFactory
from tests.conftest import fresh


def nb_seances():
    return Seance.objects.unscoped("test").count()


def nb_presences():
    return Presence.objects.unscoped("test").count()


def donnees_seance(monde, **extra):
    annee = f.annee_courante()
    return {
        "lycee": monde.lycee_a,
        "theme": Theme.ATTENTES_RECRUTEURS,
        "divisions": divisions_de(monde.lycee_a),
        "date": datetime.date(annee.annee_debut, 11, 20),
        "heure_debut": datetime.time(9, 30),
        "duree_minutes": 90,
        "membre_equipe_nom": "M. Leroy",
        "membre_equipe_fonction": "Professeur d'économie-gestion",
        "services_numeriques": ["diagoriente", "espace_candidat"],
        **extra,
    }


# --- planifier --------------------------------------------------------------------------------------


def test_planifier_une_seance(monde):
    seance = services.planifier_seance(fresh(monde.conseiller_a), **donnees_seance(monde))
    assert seance.statut == StatutSeance.PREVUE
    assert seance.annee == f.annee_courante()
    assert list(seance.conseillers.all()) == [monde.conseiller_a]
    assert seance.services_numeriques == ["espace_candidat", "diagoriente"]
    assert seance.cree_par == monde.conseiller_a


@pytest.mark.parametrize("qui", ["conseiller_b", "conseiller_a_non_designe", "chef_a", "professeur_a"])
def test_planifier_hors_de_ses_lycees_est_refuse(monde, qui):
    with pytest.raises(PermissionDenied):
        services.planifier_seance(fresh(getattr(monde, qui)), **donnees_seance(monde))
    assert nb_seances() == 0


def test_planifier_dans_un_lycee_non_affecte_est_refuse(monde):
    division = f.DivisionFactory(lycee=monde.lycee_a_non_affecte)
    with pytest.raises(PermissionDenied, match="pas désigné"):
        services.planifier_seance(
            fresh(monde.conseiller_a),
            **donnees_seance(monde, lycee=monde.lycee_a_non_affecte, divisions=[division]),
        )
    assert nb_seances() == 0


def test_une_classe_d_un_autre_lycee_est_refusee(monde):
    with pytest.raises(ValidationError) as e:
        services.planifier_seance(
            fresh(monde.conseiller_a), **donnees_seance(monde, divisions=divisions_de(monde.lycee_b))
        )
    assert "n'est pas une classe du lycée" in e.value.message_dict["divisions"][0]
    assert nb_seances() == 0


def test_une_classe_d_une_autre_annee_est_refusee(monde):
    passee = f.AnneeScolaireFactory(annee_debut=f.annee_courante().annee_debut - 1)
    ancienne = f.DivisionFactory(lycee=monde.lycee_a, annee=passee)
    with pytest.raises(ValidationError) as e:
        services.planifier_seance(fresh(monde.conseiller_a), **donnees_seance(monde, divisions=[ancienne]))
    assert "divisions" in e.value.message_dict
    assert nb_seances() == 0


def test_une_date_d_une_annee_non_affectee_est_refusee(monde):
    annee = f.annee_courante()
    with pytest.raises(ValidationError) as e:
        services.planifier_seance(
            fresh(monde.conseiller_a),
            **donnees_seance(monde, date=datetime.date(annee.annee_debut + 1, 11, 5)),
        )
    assert "année scolaire" in e.value.message_dict["date"][0]


@pytest.mark.parametrize(
    ("champ", "valeur", "attendu"),
    [
        ("membre_equipe_nom", "  ", "article 4"),
        ("membre_equipe_fonction", "", "fonction"),
        ("duree_minutes", 0, "durée"),
        ("duree_minutes", -30, "durée"),
        ("duree_minutes", 8 * 60 + 1, "8 heures"),
        ("theme", 5, "quatre thèmes"),
        ("divisions", [], "au moins une classe"),
        ("services_numeriques", ["minitel"], "inconnu"),
        ("heure_debut", None, "heure"),
    ],
)
def test_mauvaises_donnees_refusees_en_francais(monde, champ, valeur, attendu):
    with pytest.raises(ValidationError) as e:
        services.planifier_seance(fresh(monde.conseiller_a), **donnees_seance(monde, **{champ: valeur}))
    assert attendu in " ".join(e.value.message_dict[champ])
    assert nb_seances() == 0


def test_un_conseiller_non_designe_ne_peut_pas_etre_nomme_sur_la_seance(monde):
    with pytest.raises(ValidationError) as e:
        services.planifier_seance(
            fresh(monde.conseiller_a), **donnees_seance(monde, conseillers=[monde.conseiller_a_non_designe])
        )
    message = e.value.message_dict["conseillers"][0]
    # Named by the uuid the caller gave, never by name: nobody learns who works elsewhere.
    assert message.startswith(f"« {monde.conseiller_a_non_designe.uuid} » introuvable")
    assert monde.conseiller_a_non_designe.nom not in message


# --- modifier, réaliser, annuler ----------------------------------------------------------------


def test_modifier_une_seance(monde, seance_a):
    services.modifier_seance(seance_a, fresh(monde.conseiller_a), duree_minutes=120, theme=2)
    seance_a.refresh_from_db()
    assert (seance_a.duree_minutes, seance_a.theme) == (120, 2)


def test_le_professeur_ne_modifie_pas(monde, seance_a):
    with pytest.raises(PermissionDenied):
        services.modifier_seance(seance_a, fresh(monde.professeur_a), duree_minutes=30)
    seance_a.refresh_from_db()
    assert seance_a.duree_minutes == 90


def test_modifier_avec_une_classe_etrangere_ne_change_rien(monde, seance_a):
    with pytest.raises(ValidationError):
        services.modifier_seance(seance_a, fresh(monde.conseiller_a), divisions=divisions_de(monde.lycee_b))
    assert set(seance_a.divisions.unscoped("test")) == set(divisions_de(monde.lycee_a))


def test_realiser_ouvre_le_questionnaire_pour_14_jours(monde, seance_a):
    maintenant = timezone.make_aware(datetime.datetime(seance_a.date.year, 11, 12, 12))
    services.realiser_seance(seance_a, fresh(monde.conseiller_a), maintenant)
    questionnaire = QuestionnaireSeance.objects.get(seance=seance_a)
    assert questionnaire.ferme_le - questionnaire.ouvert_le == datetime.timedelta(days=14)
    assert len(questionnaire.jeton) >= 32


def test_realiser_une_seance_future_est_refuse(monde, seance_a):
    avant = timezone.make_aware(datetime.datetime(seance_a.date.year, 11, 1, 12))
    with pytest.raises(ValidationError, match="prévue le"):
        services.realiser_seance(seance_a, fresh(monde.conseiller_a), avant)
    seance_a.refresh_from_db()
    assert seance_a.statut == StatutSeance.PREVUE


def test_annuler_puis_plus_rien(monde, seance_a):
    services.annuler_seance(seance_a, fresh(monde.conseiller_a))
    assert seance_a.statut == StatutSeance.ANNULEE
    with pytest.raises(ValidationError, match="annulée"):
        services.modifier_seance(seance_a, fresh(monde.conseiller_a), duree_minutes=60)
    with pytest.raises(ValidationError, match="annulée"):
        services.enregistrer_presences(seance_a, fresh(monde.conseiller_a), [])


def test_une_seance_realisee_ne_s_annule_ni_ne_se_supprime(monde, seance_a):
    seance_a.statut = StatutSeance.REALISEE
    seance_a.save()
    with pytest.raises(ValidationError):
        services.annuler_seance(seance_a, fresh(monde.conseiller_a))
    with pytest.raises(ValidationError):
        services.supprimer_seance(seance_a, fresh(monde.conseiller_a))
    assert nb_seances() == 1


# --- présences --------------------------------------------------------------------------------------


def apres(seance):
    return timezone.make_aware(datetime.datetime.combine(seance.date, datetime.time(18)))


def test_tous_presents_par_defaut_sauf_les_absents(monde, seance_a):
    absent = monde.eleves_a[0]
    presents, total = services.enregistrer_presences(
        seance_a, fresh(monde.conseiller_a), [absent.uuid], maintenant=apres(seance_a)
    )
    assert (presents, total) == (2, 3)
    etat = dict(Presence.objects.unscoped("test").values_list("eleve_id", "present"))
    assert etat == {e.pk: e != absent for e in monde.eleves_a}
    seance_a.refresh_from_db()
    assert seance_a.statut == StatutSeance.REALISEE


def test_les_presences_sont_remplacees(monde, seance_a):
    user = fresh(monde.conseiller_a)
    services.enregistrer_presences(seance_a, user, [monde.eleves_a[0].uuid], maintenant=apres(seance_a))
    services.enregistrer_presences(seance_a, user, [str(monde.eleves_a[1].uuid)], maintenant=apres(seance_a))
    absents = Presence.objects.unscoped("test").filter(present=False).values_list("eleve_id", flat=True)
    assert list(absents) == [monde.eleves_a[1].pk]
    assert nb_presences() == 3


def test_un_eleve_d_un_autre_lycee_refuse_toute_la_saisie(monde, seance_a):
    user = fresh(monde.conseiller_a)
    services.enregistrer_presences(seance_a, user, [monde.eleves_a[0].uuid], maintenant=apres(seance_a))
    with pytest.raises(ValidationError, match="ne font pas partie des classes"):
        services.enregistrer_presences(
            seance_a, user, [monde.eleves_a[1].uuid, monde.eleves_b[0].uuid], maintenant=apres(seance_a)
        )
    absents = Presence.objects.unscoped("test").filter(present=False).values_list("eleve_id", flat=True)
    assert list(absents) == [monde.eleves_a[0].pk]


def test_un_identifiant_invalide_est_refuse(monde, seance_a):
    with pytest.raises(ValidationError, match="invalide"):
        services.enregistrer_presences(
            seance_a, fresh(monde.conseiller_a), ["pas-un-uuid"], maintenant=apres(seance_a)
        )
    assert nb_presences() == 0


def test_presences_d_une_seance_future_refusees(monde, seance_a):
    veille = apres(seance_a) - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="à partir de ce jour"):
        services.enregistrer_presences(seance_a, fresh(monde.conseiller_a), [], maintenant=veille)
    assert nb_presences() == 0


def test_le_professeur_ne_saisit_pas_les_presences(monde, seance_a):
    with pytest.raises(PermissionDenied):
        services.enregistrer_presences(seance_a, fresh(monde.professeur_a), [], maintenant=apres(seance_a))
    assert nb_presences() == 0


def test_changer_les_classes_d_une_seance_realisee_garde_les_absences(monde, seance_a):
    # A held séance cannot lie in the future: before November (the factory's month), hold it today.
    seance_a.date = min(seance_a.date, timezone.localdate())
    seance_a.save(update_fields=["date"])
    user = fresh(monde.conseiller_a)
    services.enregistrer_presences(seance_a, user, [monde.eleves_a[0].uuid], maintenant=apres(seance_a))
    autre = f.DivisionFactory(lycee=monde.lycee_a)
    nouveau = f.EleveFactory(division=autre)
    services.modifier_seance(seance_a, user, divisions=[*divisions_de(monde.lycee_a)])
    etat = dict(Presence.objects.unscoped("test").values_list("eleve_id", "present"))
    assert etat[monde.eleves_a[0].pk] is False
    assert etat[nouveau.pk] is True
    services.modifier_seance(seance_a, user, divisions=[autre])
    etat = dict(Presence.objects.unscoped("test").values_list("eleve_id", "present"))
    assert etat == {nouveau.pk: True}


# --- alertes ----------------------------------------------------------------------------------------


def codes(seance):
    # The families' information flag has its own tests (tests/donnees/test_familles.py).
    return [a.code for a in services.alertes_seance(seance) if a.code != "familles_non_informees"]


def test_une_seance_conforme_n_a_pas_d_alerte(monde, seance_a):
    # It presents the espace candidat: the families of its classes are informed first (convention, art. 5).
    Eleve.objects.unscoped("test").filter(lycee=monde.lycee_a).update(famille_informee_le=seance_a.date)
    assert [a.code for a in services.alertes_seance(seance_a)] == []


def test_alerte_hors_novembre_mars(monde, seance_a):
    seance_a.date = datetime.date(seance_a.annee.annee_debut + 1, 4, 2)
    assert codes(seance_a) == ["hors_periode"]
    assert "novembre à mars" in services.alertes_seance(seance_a)[0].message


def test_alerte_duree_courte_et_longue(seance_a):
    seance_a.duree_minutes = 45
    assert codes(seance_a) == ["duree_courte"]
    seance_a.duree_minutes = 150
    assert codes(seance_a) == ["duree_longue"]


def test_alerte_theme_deja_traite_pour_une_classe(monde, seance_a):
    autre = SeanceFactory(lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), date=seance_a.date)
    assert codes(seance_a) == ["theme_repete"]
    assert "thème 1" in services.alertes_seance(seance_a)[0].message
    autre.statut = StatutSeance.ANNULEE
    autre.save()
    assert codes(seance_a) == []


def test_pas_d_alerte_pour_un_autre_theme(monde, seance_a):
    SeanceFactory(lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), theme=Theme.RECHERCHE_EMPLOI)
    assert codes(seance_a) == []


# --- évènements -------------------------------------------------------------------------------------


def donnees_evenement(monde, **extra):
    return {
        "type": "job_dating",
        "titre": "Job dating de l'hôtellerie",
        "date": datetime.date(f.annee_courante().annee_debut, 12, 3),
        "lycees": [monde.lycee_a],
        "partenaires": ["opco", "les_entreprises_s_engagent"],
        "nombre_employeurs": 12,
        **extra,
    }


def test_creer_un_evenement_avec_ses_participants(monde):
    evenement = services.creer_evenement(
        fresh(monde.conseiller_a),
        eleves=[monde.eleves_a[0].uuid],
        divisions=divisions_de(monde.lycee_a)[:0],
        **donnees_evenement(monde),
    )
    assert evenement.organisateur == monde.ft_a
    assert list(evenement.eleves.unscoped("test")) == [monde.eleves_a[0]]


def test_creer_un_evenement_avec_une_classe_entiere(monde):
    evenement = services.creer_evenement(
        fresh(monde.conseiller_a), divisions=divisions_de(monde.lycee_a), **donnees_evenement(monde)
    )
    assert set(evenement.eleves.unscoped("test")) == set(monde.eleves_a)


def test_evenement_avec_un_eleve_d_un_autre_lycee_refuse(monde):
    with pytest.raises(ValidationError) as e:
        services.creer_evenement(
            fresh(monde.conseiller_a), eleves=[monde.eleves_b[0].uuid], **donnees_evenement(monde)
        )
    assert "eleves" in e.value.message_dict
    assert Evenement.objects.unscoped("test").count() == 0


def test_evenement_dans_un_lycee_non_affecte_refuse(monde):
    with pytest.raises(ValidationError) as e:
        services.creer_evenement(
            fresh(monde.conseiller_a), **donnees_evenement(monde, lycees=[monde.lycee_a, monde.lycee_b])
        )
    assert "Lycée B" in e.value.message_dict["lycees"][0]
    with pytest.raises(PermissionDenied):
        services.creer_evenement(fresh(monde.chef_a), **donnees_evenement(monde))
    assert Evenement.objects.unscoped("test").count() == 0


def test_evenement_visible_des_lycees_concernes_seulement(monde):
    evenement = services.creer_evenement(fresh(monde.conseiller_a), **donnees_evenement(monde))
    for qui in ["conseiller_a", "chef_a", "professeur_a"]:
        assert list(Evenement.objects.visible_to(fresh(getattr(monde, qui)))) == [evenement]
    for qui in ["conseiller_b", "chef_b", "conseiller_a_non_designe", "pilote_a", "admin_ft_a"]:
        assert list(Evenement.objects.visible_to(fresh(getattr(monde, qui)))) == []


def test_evenement_de_plusieurs_lycees_visible_une_seule_fois(monde):
    from tests.ateliers.factories import EvenementFactory

    evenement = EvenementFactory(lycees=[monde.lycee_a, monde.lycee_b], organisateur=monde.ft_a)
    assert list(Evenement.objects.visible_to(fresh(monde.conseiller_a))) == [evenement]
    assert list(Evenement.objects.visible_to(fresh(monde.chef_b))) == [evenement]


def test_modifier_un_evenement_garde_les_participants_invisibles(monde):
    from tests.ateliers.factories import EvenementFactory

    evenement = EvenementFactory(
        lycees=[monde.lycee_a, monde.lycee_b],
        organisateur=monde.ft_a,
        eleves=[monde.eleves_a[0], monde.eleves_b[0]],
    )
    services.modifier_evenement(evenement, fresh(monde.conseiller_a), eleves=[monde.eleves_a[1].uuid])
    assert set(evenement.eleves.unscoped("test")) == {monde.eleves_a[1], monde.eleves_b[0]}
    with pytest.raises(PermissionDenied):
        services.modifier_evenement(evenement, fresh(monde.conseiller_b), titre="Autre")
    with pytest.raises(PermissionDenied):
        services.modifier_evenement(evenement, fresh(monde.chef_a), titre="Autre")


# --- satisfaction -----------------------------------------------------------------------------------


def test_repondre_au_questionnaire(monde):
    questionnaire = QuestionnaireSeanceFactory()
    reponse = services.repondre_questionnaire(questionnaire, "3", "  Très utile  ")
    assert (reponse.note, reponse.commentaire) == (3, "Très utile")


def test_questionnaire_ferme_apres_14_jours(monde):
    questionnaire = QuestionnaireSeanceFactory()
    plus_tard = questionnaire.ouvert_le + datetime.timedelta(days=14, seconds=1)
    with pytest.raises(ValidationError, match="fermé"):
        services.repondre_questionnaire(questionnaire, 4, maintenant=plus_tard)
    assert ReponseSeance.objects.count() == 0


@pytest.mark.parametrize("note", [0, 5, "x", None])
def test_note_hors_echelle_refusee(monde, note):
    with pytest.raises(ValidationError, match="1 à 4"):
        services.repondre_questionnaire(QuestionnaireSeanceFactory(), note)


def test_reponse_d_equipe_une_seule_fois_et_anonyme(monde):
    services.repondre_questionnaire_equipe(fresh(monde.chef_a), monde.lycee_a, 4, "Bonne collaboration")
    with pytest.raises(ValidationError, match="déjà répondu"):
        services.repondre_questionnaire_equipe(fresh(monde.chef_a), monde.lycee_a, 1)
    assert ReponseEquipe.objects.count() == 1
    assert ParticipationEquipe.objects.count() == 1
    noms_des_champs = {champ.name for champ in ReponseEquipe._meta.get_fields()}
    assert not noms_des_champs & {"user", "auteur", "cree_par"}


def test_questionnaire_d_equipe_reserve_a_l_equipe_du_lycee(monde):
    for qui in ["chef_b", "conseiller_a"]:
        with pytest.raises(PermissionDenied):
            services.repondre_questionnaire_equipe(fresh(getattr(monde, qui)), monde.lycee_a, 4)
    assert ReponseEquipe.objects.count() == 0
