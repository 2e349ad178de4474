"""The members page: who manages whom, removal, outsiders, read-only roles, bounded queries."""

import pytest
from django.test import Client
from django.urls import reverse

from avenirpro import access
from avenirpro.comptes import services
from avenirpro.enums import Role
from avenirpro.models import Invitation, Membership
from lycees.models import Eleve
from tests import factories as f
from tests.comptes.outils import avec_totp
from tests.conftest import fresh, membre


@pytest.fixture
def admin_ft_a(monde):
    avec_totp(monde.admin_ft_a)
    return monde.admin_ft_a


def test_l_administrateur_voit_les_membres_et_les_invitations_de_son_organisation(client, monde, admin_ft_a):
    services.inviter(
        fresh(admin_ft_a),
        monde.ft_a,
        email="attente@exemple.fr",
        role=Role.CONSEILLER,
        adresse_site="http://t",
    )
    client.force_login(admin_ft_a)
    response = client.get(reverse("comptes:membres"))
    assert response.status_code == 200
    html = response.content.decode()
    assert monde.conseiller_a.email in html
    assert "attente@exemple.fr" in html
    assert monde.conseiller_b.email not in html  # another organisation's member
    assert "INVALID" not in html
    # He may take back the others' roles, not his own.
    assert reverse("comptes:retirer", args=[monde.conseiller_a.memberships.get().uuid]) in html
    assert reverse("comptes:retirer", args=[admin_ft_a.memberships.get().uuid]) not in html


def test_le_chef_voit_le_personnel_du_lycee(client, monde):
    client.force_login(monde.chef_a)
    html = client.get(reverse("comptes:membres")).content.decode()
    assert monde.professeur_a.email in html
    assert reverse("comptes:retirer", args=[monde.professeur_a.memberships.get().uuid]) in html


@pytest.mark.parametrize("qui", ["professeur_a", "conseiller_a"])
def test_un_role_sans_gestion_des_membres_est_refuse(client, monde, qui, django_capture_on_commit_callbacks):
    client.force_login(getattr(monde, qui))
    assert client.get(reverse("comptes:membres")).status_code == 403
    assert client.get(reverse("comptes:inviter")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("comptes:inviter"), {"email": "x@exemple.fr", "role": Role.PROFESSEUR})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    cible = monde.chef_a.memberships.get()
    assert client.post(reverse("comptes:retirer", args=[cible.uuid])).status_code == 404
    assert Membership.objects.filter(pk=cible.pk).exists()


def test_retirer_met_fin_a_l_acces_a_la_requete_suivante(client, monde, admin_ft_a):
    second = membre(Role.ADMINISTRATEUR, monde.ft_a)
    avec_totp(second)
    client_second = Client()
    client_second.force_login(second)
    assert client_second.get(reverse("comptes:membres")).status_code == 200
    client.force_login(admin_ft_a)
    membership = second.memberships.get()
    page = client.get(reverse("comptes:retirer", args=[membership.uuid]))
    assert "n'aura plus le rôle" in page.content.decode()
    response = client.post(reverse("comptes:retirer", args=[membership.uuid]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    # Same session, next request: no role any more.
    assert client_second.get(reverse("comptes:membres")).status_code == 403
    assert access.perimetre_de(second).membership is None


def test_le_chef_retire_un_professeur_qui_perd_l_acces_aux_eleves(client, monde):
    assert Eleve.objects.visible_to(fresh(monde.professeur_a)).count() == 3
    client.force_login(monde.chef_a)
    client.post(reverse("comptes:retirer", args=[monde.professeur_a.memberships.get().uuid]))
    assert Eleve.objects.visible_to(fresh(monde.professeur_a)).count() == 0


def test_on_ne_retire_pas_son_propre_role(client, admin_ft_a):
    client.force_login(admin_ft_a)
    membership = admin_ft_a.memberships.get()
    response = client.post(reverse("comptes:retirer", args=[membership.uuid]))
    assert response.status_code == 400
    assert "votre propre rôle" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_le_chef_ne_retire_pas_la_direction_ni_les_administrateurs(client, monde):
    admin_lycee = membre(Role.ADMINISTRATEUR, monde.lycee_a.organisation)
    ddfpt = f.MembershipFactory(organisation=monde.lycee_a.organisation, role=Role.CHEF_ETABLISSEMENT)
    client.force_login(monde.chef_a)
    for cible in (admin_lycee.memberships.get(), ddfpt):
        assert client.post(reverse("comptes:retirer", args=[cible.uuid])).status_code == 404
        assert Membership.objects.filter(pk=cible.pk).exists()


def test_un_administrateur_d_une_autre_organisation_obtient_404(client, monde, admin_ft_a):
    invitation = services.inviter(
        fresh(admin_ft_a),
        monde.ft_a,
        email="attente@exemple.fr",
        role=Role.CONSEILLER,
        adresse_site="http://t",
    ).invitation
    admin_ml_b = membre(Role.ADMINISTRATEUR, monde.ml_b)
    avec_totp(admin_ml_b)
    client.force_login(admin_ml_b)
    html = client.get(reverse("comptes:membres")).content.decode()
    assert monde.conseiller_a.email not in html
    assert "attente@exemple.fr" not in html
    cible = monde.conseiller_a.memberships.get()
    assert client.get(reverse("comptes:retirer", args=[cible.uuid])).status_code == 404
    assert client.post(reverse("comptes:retirer", args=[cible.uuid])).status_code == 404
    assert client.post(reverse("comptes:annuler_invitation", args=[invitation.uuid])).status_code == 404
    assert Membership.objects.filter(pk=cible.pk).exists()
    invitation.refresh_from_db()
    assert invitation.annulee_le is None


def test_un_chef_d_un_autre_lycee_obtient_404(client, monde):
    client.force_login(monde.chef_b)
    cible = monde.professeur_a.memberships.get()
    assert client.post(reverse("comptes:retirer", args=[cible.uuid])).status_code == 404
    assert Membership.objects.filter(pk=cible.pk).exists()


def test_la_page_des_membres_fait_un_nombre_borne_de_requetes(
    client, monde, admin_ft_a, django_assert_max_num_queries
):
    client.force_login(admin_ft_a)
    for nombre in (5, 15):
        f.MembershipFactory.create_batch(nombre, organisation=monde.ft_a, role=Role.CONSEILLER)
        for n in range(nombre):
            Invitation.objects.create(
                email=f"i{nombre}-{n}@exemple.fr",
                organisation=monde.ft_a,
                role=Role.CONSEILLER,
                empreinte_jeton=f"{nombre}-{n}",
                expire_le="2999-01-01T00:00:00Z",
            )
        with django_assert_max_num_queries(16):
            assert client.get(reverse("comptes:membres")).status_code == 200
