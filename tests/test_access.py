"""The access policy, role by role: who reaches which lycées and which students."""

import pytest

from ateliers import perms as ateliers_perms
from avenirpro import access
from avenirpro.enums import Role
from avenirpro.scoping import UnscopedQueryError
from lycees import perms as lycees_perms
from lycees.models import Affectation, Division, Eleve, Lycee
from tests import factories as f
from tests.conftest import fresh, membre


def eleves_de(user):
    return set(Eleve.objects.visible_to(fresh(user)))


def test_une_requete_sans_perimetre_sur_des_donnees_personnelles_echoue(monde):
    with pytest.raises(UnscopedQueryError):
        list(Eleve.objects.all())
    with pytest.raises(UnscopedQueryError):
        Eleve.objects.filter(nom="X").count()
    with pytest.raises(UnscopedQueryError):
        Eleve.objects.exists()
    with pytest.raises(UnscopedQueryError):
        Eleve.objects.update(nom="X")
    with pytest.raises(UnscopedQueryError):
        list(monde.eleves_a[0].division.eleves.all())
    with pytest.raises(UnscopedQueryError):
        list(Division.objects.filter(lycee=monde.lycee_a))


def test_unscoped_demande_une_raison(monde):
    with pytest.raises(ValueError):
        Eleve.objects.unscoped("")
    assert Eleve.objects.unscoped("test du décompte global").count() == 5


def test_conseiller_designe_voit_les_eleves_de_son_lycee_cette_annee(monde):
    assert eleves_de(monde.conseiller_a) == set(monde.eleves_a)
    assert eleves_de(monde.conseiller_b) == set(monde.eleves_b)


def test_conseiller_non_designe_ne_voit_aucun_eleve(monde):
    assert eleves_de(monde.conseiller_a_non_designe) == set()


def test_conseiller_ne_voit_pas_les_eleves_d_une_autre_annee(monde):
    annee_passee = f.AnneeScolaireFactory(annee_debut=monde.eleves_a[0].annee.annee_debut - 1)
    ancien = f.EleveFactory(division=f.DivisionFactory(lycee=monde.lycee_a, annee=annee_passee))
    assert ancien not in eleves_de(monde.conseiller_a)
    # Lycée staff keep every year still kept.
    assert ancien in eleves_de(monde.chef_a)


def test_personnel_du_lycee_voit_ses_eleves_seulement(monde):
    assert eleves_de(monde.chef_a) == set(monde.eleves_a)
    assert eleves_de(monde.professeur_a) == set(monde.eleves_a)
    assert eleves_de(monde.chef_b) == set(monde.eleves_b)


@pytest.mark.parametrize("qui", ["pilote_a", "pilote_b", "pilote_national", "admin_ft_a"])
def test_pilotes_et_administrateurs_ne_voient_aucune_ligne_nominative(monde, qui):
    assert eleves_de(getattr(monde, qui)) == set()
    assert not Division.objects.visible_to(fresh(getattr(monde, qui))).exists()


def test_anonyme_et_utilisateur_sans_role_ne_voient_rien(monde, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Eleve.objects.visible_to(AnonymousUser()).exists()
    assert not Eleve.objects.visible_to(f.UserFactory()).exists()
    assert not Lycee.objects.visible_to(AnonymousUser()).exists()


def test_utilisateur_desactive_ne_voit_rien(monde):
    monde.chef_a.is_active = False
    monde.chef_a.save()
    assert eleves_de(monde.chef_a) == set()


def test_droits_d_ecriture(monde):
    chef, prof, conseiller = (
        access.perimetre_de(u) for u in (monde.chef_a, monde.professeur_a, monde.conseiller_a)
    )
    annee = monde.eleves_a[0].annee_id
    assert lycees_perms.peut_gerer_effectifs(chef, monde.lycee_a.pk)
    assert not lycees_perms.peut_gerer_effectifs(chef, monde.lycee_b.pk)
    assert not lycees_perms.peut_gerer_effectifs(prof, monde.lycee_a.pk)
    assert not lycees_perms.peut_gerer_effectifs(conseiller, monde.lycee_a.pk)
    assert ateliers_perms.peut_animer(conseiller, monde.lycee_a.pk, annee)
    assert not ateliers_perms.peut_animer(conseiller, monde.lycee_b.pk, annee)
    assert not ateliers_perms.peut_animer(conseiller, monde.lycee_a_non_affecte.pk, annee)
    assert not ateliers_perms.peut_animer(chef, monde.lycee_a.pk, annee)


def test_lycees_visibles_par_role(monde):
    def lycees(user):
        return set(Lycee.objects.visible_to(fresh(user)))

    tous_a = {monde.lycee_a, monde.lycee_a_non_affecte}
    assert lycees(monde.chef_a) == {monde.lycee_a}
    assert lycees(monde.conseiller_a) == {monde.lycee_a}
    assert lycees(monde.admin_ft_a) == {monde.lycee_a}
    assert lycees(monde.conseiller_b) == {monde.lycee_b}
    assert lycees(monde.pilote_a) == tous_a
    assert lycees(monde.pilote_b) == {monde.lycee_b}
    assert lycees(monde.pilote_national) == tous_a | {monde.lycee_b}


def test_affecter_un_lycee_est_reserve_aux_pilotes_de_sa_region(monde):
    assert lycees_perms.peut_affecter(access.perimetre_de(monde.pilote_a), monde.lycee_a)
    assert not lycees_perms.peut_affecter(access.perimetre_de(monde.pilote_b), monde.lycee_a)
    assert not lycees_perms.peut_affecter(access.perimetre_de(monde.chef_a), monde.lycee_a)


def test_designer_les_conseillers_est_reserve_a_l_administrateur_de_l_operateur(monde):
    affectation_a = Affectation.objects.get(lycee=monde.lycee_a)
    assert lycees_perms.peut_designer_conseillers(access.perimetre_de(monde.admin_ft_a), affectation_a)
    assert not lycees_perms.peut_designer_conseillers(access.perimetre_de(monde.conseiller_a), affectation_a)
    assert not lycees_perms.peut_designer_conseillers(access.perimetre_de(monde.pilote_a), affectation_a)


def test_l_organisation_courante_decide_du_perimetre(monde):
    """A user with two memberships sees what the current one allows, never the union."""
    double = monde.conseiller_a
    membre_chef_b = f.MembershipFactory(
        user=double, organisation=monde.lycee_b.organisation, role=Role.CHEF_ETABLISSEMENT
    )
    with pytest.raises(access.PerimetreAmbigu):
        Eleve.objects.visible_to(double)
    premiere = access.perimetre_de(double, par_defaut_premiere=True)
    assert set(Eleve.objects.visible_to(premiere)) == set(monde.eleves_a)
    chef_b = access.perimetre_de(double, membership_uuid=membre_chef_b.uuid)
    assert set(Eleve.objects.visible_to(chef_b)) == set(monde.eleves_b)
    # An unknown or foreign membership id gives no membership at all: nothing is picked for the caller.
    inconnue = access.perimetre_de(double, membership_uuid="00000000-0000-0000-0000-000000000000")
    assert inconnue.membership is None
    assert set(Eleve.objects.visible_to(inconnue)) == set()


def test_retirer_un_membership_coupe_l_acces_a_la_requete_suivante(monde):
    monde.chef_a.memberships.all().delete()
    assert eleves_de(monde.chef_a) == set()


def test_le_perimetre_d_un_conseiller_coute_une_requete(monde, django_assert_num_queries):
    with django_assert_num_queries(1):  # memberships, once per request
        p = access.perimetre_de(monde.conseiller_a)
    # The (lycée, year) pairs he is named on, once per périmètre, then the students: the pairs are bound
    # parameters of the students' query, not a subquery in it.
    with django_assert_num_queries(2):
        assert set(Eleve.objects.visible_to(p)) == set(monde.eleves_a)
    with django_assert_num_queries(1):
        list(Eleve.objects.visible_to(p))


def test_le_lycee_d_un_personnel_est_garde_par_processus_et_oublie_quand_un_lycee_change(
    monde, django_assert_num_queries
):
    from avenirpro.access import perimetre_de
    from lycees.perms import lycee_id

    chef = membre(Role.CHEF_ETABLISSEMENT, monde.lycee_a.organisation)
    assert lycee_id(perimetre_de(chef)) == monde.lycee_a.pk
    p = perimetre_de(chef)  # a new request
    with django_assert_num_queries(0):
        assert lycee_id(p) == monde.lycee_a.pk
    monde.lycee_a.save()  # a lycée saved (its organisation may have changed): read again
    p = perimetre_de(chef)
    with django_assert_num_queries(1):
        assert lycee_id(p) == monde.lycee_a.pk
