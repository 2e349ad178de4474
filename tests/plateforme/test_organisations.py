"""The platform's organisations: list, members, first administrator invited, account deactivated; the
area is the staff's only (404 for everyone else); the Django admin is read-only."""

import html

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from avenirpro.api.tokens import creer_jeton
from avenirpro.enums import Role
from avenirpro.models import Invitation, Membership, Organisation, User
from tests import factories as f
from tests.outils import connecte, requetes_a_n_et_3n


@pytest.fixture
def staff(db):
    return f.UserFactory(is_staff=True, avec_totp=True)


@pytest.fixture
def client_staff(client, staff):
    return connecte(client, staff)


PAGES = [
    ("plateforme:accueil", None),
    ("plateforme:organisations", None),
    ("plateforme:import_nouveau", "lycees"),
]


@pytest.mark.parametrize(("nom", "arg"), PAGES)
def test_les_pages_repondent_au_personnel(client_staff, nom, arg):
    assert client_staff.get(reverse(nom, args=[arg] if arg else [])).status_code == 200


@pytest.mark.parametrize(("nom", "arg"), PAGES)
def test_personne_d_autre_n_y_accede(client, monde, nom, arg):
    """Every role (national pilot, operator's administrator included) gets 404: the area is not theirs."""
    url = reverse(nom, args=[arg] if arg else [])
    for user in (monde.admin_ft_a, monde.chef_a, monde.pilote_national, monde.professeur_a):
        assert connecte(client, user).get(url).status_code == 404


def test_personnel_sans_double_authentification_renvoye_vers_son_activation(client, db):
    staff = f.UserFactory(is_staff=True)
    client.force_login(staff)
    reponse = client.get(reverse("plateforme:accueil"))
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("mfa_activate_totp")


def test_organisation_d_un_uuid_inconnu_404(client_staff):
    url = reverse("plateforme:organisation", args=["00000000-0000-0000-0000-000000000000"])
    assert client_staff.get(url).status_code == 404


def test_menu_du_personnel(client_staff):
    reponse = client_staff.get(reverse("accueil"))
    assert reverse("plateforme:accueil") in reponse.text
    assert "Administration de la plateforme" in reponse.text


def test_liste_des_organisations_filtree_et_bornee(client_staff, monde):
    reponse = client_staff.get(reverse("plateforme:organisations"), {"q": "Lycée A"})
    assert "Lycée A" in reponse.text and "Lycée B" not in reponse.text
    reponse = client_staff.get(reverse("plateforme:organisations"), {"q": monde.lycee_b.uai})
    assert "Lycée B" in reponse.text
    reponse = client_staff.get(reverse("plateforme:organisations"), {"region": "atlantide"})
    assert reponse.status_code == 400
    assert "Choisissez une région académique de la liste." in html.unescape(reponse.text)
    a_n, a_3n = requetes_a_n_et_3n(
        lambda: client_staff.get(reverse("plateforme:organisations")),
        lambda n: f.OrganisationFactory.create_batch(n),
    )
    assert a_n == a_3n


def test_inviter_le_chef_d_un_lycee_qui_se_connecte(
    client_staff, monde, client, django_capture_on_commit_callbacks
):
    lycee = f.LyceeFactory(nom="Lycée neuf")
    url = reverse("plateforme:organisation_inviter", args=[lycee.organisation.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_staff.post(url, {"email": "Chef.Neuf@exemple.fr", "role": Role.CHEF_ETABLISSEMENT})
    assert reponse.status_code == 302
    invitation = Invitation.objects.get(organisation=lycee.organisation)
    assert (invitation.email, invitation.role) == ("chef.neuf@exemple.fr", Role.CHEF_ETABLISSEMENT)
    assert len(mail.outbox) == 1
    lien = next(mot for mot in mail.outbox[0].body.split() if "/comptes/invitation/" in mot)
    page = client_staff.get(reverse("plateforme:organisation", args=[lycee.organisation.uuid]))
    assert "chef.neuf@exemple.fr" in page.text
    # The head accepts and lands on their lycée.
    invite = type(client)()
    chemin = lien.split("testserver", 1)[1]
    reponse = invite.post(
        chemin,
        {
            "prenom": "Claire",
            "nom": "Neuf",
            "password1": "Un-mot-de-passe-solide-2026",
            "password2": "Un-mot-de-passe-solide-2026",
        },
    )
    assert reponse.status_code == 302
    membership = Membership.objects.get(user__email="chef.neuf@exemple.fr")
    assert (membership.organisation, membership.role) == (lycee.organisation, Role.CHEF_ETABLISSEMENT)


@pytest.mark.parametrize(
    ("donnees", "champ", "message"),
    [
        (
            {"email": "pas-une-adresse", "role": Role.ADMINISTRATEUR},
            "email",
            "Saisissez une adresse e-mail valide.",
        ),
        ({"email": "x@exemple.fr", "role": Role.CONSEILLER}, "role", "Sélectionnez un choix valide"),
        ({"email": "", "role": Role.ADMINISTRATEUR}, "email", "Indiquez l'adresse e-mail."),
    ],
)
def test_invitation_mal_remplie(client_staff, monde, donnees, champ, message):
    url = reverse("plateforme:organisation_inviter", args=[monde.ft_a.uuid])
    reponse = client_staff.post(url, donnees)
    assert reponse.status_code == 400
    assert message in html.unescape(reponse.text)
    assert not Invitation.objects.exists()


def test_un_operateur_n_a_pas_de_chef_d_etablissement(client_staff, monde):
    url = reverse("plateforme:organisation_inviter", args=[monde.ft_a.uuid])
    reponse = client_staff.post(url, {"email": "x@exemple.fr", "role": Role.CHEF_ETABLISSEMENT})
    assert reponse.status_code == 400
    assert not Invitation.objects.exists()


def test_desactiver_un_compte_coupe_sessions_et_jetons(client_staff, monde, client):
    chef = monde.chef_a
    sa_session = connecte(type(client)(), chef)
    assert sa_session.get(reverse("accueil")).status_code == 200
    _, cle = creer_jeton(chef, "script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {cle}")
    assert api.get("/api/v1/lycees/").status_code == 200

    url = reverse("plateforme:compte_desactiver", args=[chef.uuid])
    assert "Désactiver le compte" in client_staff.get(url).text
    assert client_staff.post(url).status_code == 302
    chef.refresh_from_db()
    assert not chef.is_active
    assert sa_session.get(reverse("accueil")).status_code == 302  # logged out: back to the login page
    assert api.get("/api/v1/lycees/").status_code == 401

    reponse = client_staff.post(url)
    assert reponse.status_code == 400
    assert "déjà désactivé" in html.unescape(reponse.text)
    client_staff.post(reverse("plateforme:compte_reactiver", args=[chef.uuid]))
    chef.refresh_from_db()
    assert chef.is_active


def test_on_ne_desactive_pas_son_propre_compte(client_staff, staff):
    reponse = client_staff.post(reverse("plateforme:compte_desactiver", args=[staff.uuid]))
    assert reponse.status_code == 400
    assert User.objects.get(pk=staff.pk).is_active


def test_admin_django_en_lecture_seule(client, monde):
    superuser = f.UserFactory(is_staff=True, is_superuser=True, avec_totp=True)
    connecte(client, superuser)
    for modele, objet in (
        ("organisation", monde.ft_a),
        ("user", monde.chef_a),
        ("membership", Membership.objects.first()),
    ):
        assert client.get(reverse(f"admin:avenirpro_{modele}_changelist")).status_code == 200
        page = client.get(reverse(f"admin:avenirpro_{modele}_change", args=[objet.pk]))
        assert page.status_code == 200
        assert 'name="_save"' not in page.text
        assert client.get(reverse(f"admin:avenirpro_{modele}_add")).status_code == 403
    assert "pbkdf2" not in client.get(reverse("admin:avenirpro_user_change", args=[monde.chef_a.pk])).text
    nom = monde.ft_a.nom
    client.post(reverse("admin:avenirpro_organisation_change", args=[monde.ft_a.pk]), {"nom": "Autre"})
    assert Organisation.objects.get(pk=monde.ft_a.pk).nom == nom
