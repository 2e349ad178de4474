"""Invitations: sent by e-mail, single-use link valid 7 days, newcomers and existing accounts."""

import datetime
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from avenirpro.comptes import services
from avenirpro.enums import Role
from avenirpro.models import Invitation, Membership, User
from avenirpro.models.comptes import empreinte
from tests.comptes.outils import MOT_DE_PASSE, avec_totp
from tests.conftest import fresh, membre

NOUVEAU_MOT_DE_PASSE = "Un-mot-de-passe-tout-neuf"


@pytest.fixture
def admin_ft_a(monde):
    avec_totp(monde.admin_ft_a)
    return monde.admin_ft_a


def _inviter(client, django_capture_on_commit_callbacks, **donnees):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("comptes:inviter"), donnees)


def _lien(message) -> str:
    return re.search(r"https?://[^/\s]+(/comptes/invitation/[\w-]+/)", message.body).group(1)


def _invitation(par, email="nouvelle.recrue@exemple.fr", role=Role.CONSEILLER) -> tuple[Invitation, str]:
    par = fresh(par)
    envoi = services.inviter(
        par, services.organisation_geree(par), email=email, role=role, adresse_site="http://testserver"
    )
    return envoi.invitation, envoi.lien.removeprefix("http://testserver")


def test_inviter_envoie_un_lien_a_usage_unique(client, monde, admin_ft_a, django_capture_on_commit_callbacks):
    client.force_login(admin_ft_a)
    assert client.get(reverse("comptes:inviter")).status_code == 200
    response = _inviter(
        client, django_capture_on_commit_callbacks, email="Nouvelle.Recrue@exemple.fr", role=Role.CONSEILLER
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.role) == (
        "nouvelle.recrue@exemple.fr",
        monde.ft_a,
        Role.CONSEILLER,
    )
    assert invitation.invite_par == admin_ft_a
    assert invitation.expire_le - timezone.now() > datetime.timedelta(days=6, hours=23)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle.recrue@exemple.fr"]
    assert "Agence France Travail A" in message.subject
    lien = _lien(message)
    jeton = lien.rstrip("/").rsplit("/", 1)[1]
    # Only the digest is stored.
    assert invitation.empreinte_jeton == empreinte(jeton)
    assert jeton not in str(Invitation.objects.values().get())
    assert "nouvelle.recrue@exemple.fr" in client.get(reverse("comptes:membres")).content.decode()


def test_un_nouveau_venu_cree_son_compte_et_est_connecte(client, monde, chef_invite):
    invitation, lien = chef_invite
    response = client.get(lien)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="new-password"' in html
    assert "INVALID" not in html
    response = client.post(
        lien,
        {
            "prenom": "Inès",
            "nom": "Morel",
            "password1": NOUVEAU_MOT_DE_PASSE,
            "password2": NOUVEAU_MOT_DE_PASSE,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.recrue@exemple.fr")
    assert (user.prenom, user.nom) == ("Inès", "Morel")
    assert user.check_password(NOUVEAU_MOT_DE_PASSE)
    assert Membership.objects.filter(
        user=user, organisation=monde.lycee_a.organisation, role=Role.PROFESSEUR
    ).exists()
    assert int(client.session[SESSION_KEY]) == user.pk
    assert client.get("/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.acceptee_le is not None


@pytest.fixture
def chef_invite(monde):
    return _invitation(monde.chef_a, role=Role.PROFESSEUR)


@pytest.mark.parametrize(
    ("mot_de_passe", "message"),
    [
        ("court-2026", "au minimum 12 caractères"),
        ("password1234", "trop courant"),
        ("nouvelle.recrue", "trop semblable"),
    ],
)
def test_les_regles_du_mot_de_passe_s_appliquent(client, chef_invite, mot_de_passe, message):
    _, lien = chef_invite
    response = client.post(
        lien, {"prenom": "Inès", "nom": "Morel", "password1": mot_de_passe, "password2": mot_de_passe}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="nouvelle.recrue@exemple.fr").exists()
    assert Invitation.objects.get().acceptee_le is None


def test_confirmation_differente_refusee(client, chef_invite):
    _, lien = chef_invite
    response = client.post(
        lien,
        {
            "prenom": "Inès",
            "nom": "Morel",
            "password1": NOUVEAU_MOT_DE_PASSE,
            "password2": "autre-chose-2026",
        },
    )
    assert "ne sont pas identiques" in response.content.decode()
    assert not User.objects.filter(email="nouvelle.recrue@exemple.fr").exists()


def test_un_lien_ne_sert_qu_une_fois(client, chef_invite):
    _, lien = chef_invite
    donnees = {
        "prenom": "Inès",
        "nom": "Morel",
        "password1": NOUVEAU_MOT_DE_PASSE,
        "password2": NOUVEAU_MOT_DE_PASSE,
    }
    assert client.post(lien, donnees).status_code == 302
    client.post(reverse("account_logout"))
    response = client.post(lien, {**donnees, "password1": "Un-autre-mot-de-passe-long"})
    assert response.status_code == 410
    assert "déjà été utilisé" in response.content.decode()
    assert User.objects.get(email="nouvelle.recrue@exemple.fr").check_password(NOUVEAU_MOT_DE_PASSE)


def test_un_lien_expire_est_refuse(client, chef_invite):
    invitation, lien = chef_invite
    Invitation.objects.filter(pk=invitation.pk).update(
        expire_le=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(
        lien,
        {
            "prenom": "Inès",
            "nom": "Morel",
            "password1": NOUVEAU_MOT_DE_PASSE,
            "password2": NOUVEAU_MOT_DE_PASSE,
        },
    )
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert not User.objects.filter(email="nouvelle.recrue@exemple.fr").exists()


def test_un_lien_annule_est_refuse(client, monde, chef_invite):
    invitation, lien = chef_invite
    client.force_login(monde.chef_a)
    response = client.post(reverse("comptes:annuler_invitation", args=[invitation.uuid]))
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    response = client.get(lien)
    assert response.status_code == 410
    assert "a été annulée" in response.content.decode()


def test_un_lien_inconnu_est_refuse(client, db):
    response = client.get(reverse("comptes:invitation", args=["pas-un-vrai-jeton"]))
    assert response.status_code == 404
    assert "pas valable" in response.content.decode()


def test_on_n_invite_pas_dans_une_autre_organisation(monde, admin_ft_a):
    with pytest.raises(ValidationError, match="pas votre organisation courante"):
        services.inviter(
            fresh(admin_ft_a), monde.ml_b, email="x@exemple.fr", role=Role.CONSEILLER, adresse_site="http://t"
        )
    assert not Invitation.objects.exists()


def test_role_non_autorise_dans_l_organisation(client, admin_ft_a, django_capture_on_commit_callbacks):
    client.force_login(admin_ft_a)
    response = _inviter(
        client, django_capture_on_commit_callbacks, email="x@exemple.fr", role=Role.PILOTE_NATIONAL
    )
    assert response.status_code == 200
    assert "Vous ne pouvez pas attribuer le rôle « Pilote national »" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_le_chef_invite_le_personnel_mais_pas_la_direction(client, monde, django_capture_on_commit_callbacks):
    client.force_login(monde.chef_a)
    page = client.get(reverse("comptes:inviter")).content.decode()
    assert 'value="professeur"' in page
    assert 'value="chef_etablissement"' not in page
    for role in (Role.CHEF_ETABLISSEMENT, Role.ADMINISTRATEUR, Role.CONSEILLER):
        response = _inviter(client, django_capture_on_commit_callbacks, email="x@exemple.fr", role=role)
        assert "Vous ne pouvez pas attribuer le rôle" in response.content.decode()
    assert not Invitation.objects.exists()
    response = _inviter(client, django_capture_on_commit_callbacks, email="x@exemple.fr", role=Role.DDFPT)
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == monde.lycee_a.organisation


def test_adresse_invalide(client, monde, django_capture_on_commit_callbacks):
    client.force_login(monde.chef_a)
    response = _inviter(
        client, django_capture_on_commit_callbacks, email="pas une adresse", role=Role.PROFESSEUR
    )
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.content.decode()
    assert not Invitation.objects.exists()


def test_deja_membre_avec_ce_role(client, monde, django_capture_on_commit_callbacks):
    client.force_login(monde.chef_a)
    response = _inviter(
        client, django_capture_on_commit_callbacks, email=monde.professeur_a.email, role=Role.PROFESSEUR
    )
    assert "a déjà le rôle « Professeur »" in response.content.decode()
    assert not Invitation.objects.exists()


def test_reinviter_remplace_le_lien_precedent(monde):
    premiere, _ = _invitation(monde.chef_a, role=Role.PROFESSEUR)
    seconde, _ = _invitation(monde.chef_a, role=Role.PROFESSEUR)
    premiere.refresh_from_db()
    assert premiere.annulee_le is not None
    assert seconde.annulee_le is None


def test_un_compte_existant_recoit_le_role_apres_s_etre_connecte(client, monde):
    conseiller = monde.conseiller_a
    _, lien = _invitation(monde.chef_a, email=conseiller.email.upper(), role=Role.PROFESSEUR)
    response = client.get(lien)
    assert response.status_code == 302
    page_de_connexion = response["Location"]
    assert page_de_connexion.startswith(reverse("account_login") + "?next=")
    response = client.post(page_de_connexion, {"login": conseiller.email, "password": MOT_DE_PASSE})
    assert response["Location"] == lien
    assert "Rejoindre Lycée A" in client.get(lien).content.decode()
    assert Membership.objects.filter(user=conseiller).count() == 1  # nothing before confirming
    response = client.post(lien)
    assert response.status_code == 302
    roles = set(Membership.objects.filter(user=conseiller).values_list("organisation__nom", "role"))
    assert roles == {("Agence France Travail A", Role.CONSEILLER), ("Lycée A", Role.PROFESSEUR)}
    assert client.get(lien).status_code == 410


def test_un_autre_compte_ne_peut_pas_accepter(client, monde):
    _, lien = _invitation(monde.chef_a, email=monde.conseiller_a.email, role=Role.PROFESSEUR)
    client.force_login(monde.conseiller_b)
    response = client.post(lien)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=monde.conseiller_b, role=Role.PROFESSEUR).exists()
    assert not Membership.objects.filter(user=monde.conseiller_a, role=Role.PROFESSEUR).exists()


def test_connecte_sur_le_lien_d_un_nouveau_venu(client, monde, chef_invite):
    _, lien = chef_invite
    client.force_login(monde.conseiller_b)
    response = client.get(lien)
    assert response.status_code == 403
    assert "Déconnectez-vous" in response.content.decode()


def test_un_pilote_invite_active_sa_double_authentification_sans_retaper_son_mot_de_passe(client, monde):
    region_a = monde.pilote_a.memberships.get().organisation
    admin = membre(Role.ADMINISTRATEUR, region_a)
    avec_totp(admin)
    _, lien = _invitation(admin, email="pilote.nouveau@exemple.fr", role=Role.PILOTE_REGIONAL)
    donnees = {
        "prenom": "Léa",
        "nom": "Roux",
        "password1": NOUVEAU_MOT_DE_PASSE,
        "password2": NOUVEAU_MOT_DE_PASSE,
    }
    client.post(lien, donnees)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/accounts/2fa/totp/activate/", 302)]
    assert "Étape obligatoire pour votre rôle" in response.content.decode()


def test_une_adresse_secondaire_designe_le_compte_existant(monde):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=monde.conseiller_a, email="alias@exemple.fr", primary=False, verified=True
    )
    invitation, _ = _invitation(monde.chef_a, email="Alias@exemple.fr", role=Role.PROFESSEUR)
    assert services.compte_invite(invitation) == monde.conseiller_a


def test_en_demo_le_lien_d_invitation_affiche_dans_la_console_se_copie_d_un_bloc():
    """Field defect: Django's console printed the link quoted-printable, cut by « = » line breaks."""
    import io

    from django.core.mail import EmailMessage

    from avenirpro.comptes.console import ConsoleLisible

    lien = "http://127.0.0.1:8000/comptes/invitation/" + "A" * 43 + "/"
    flux = io.StringIO()
    ConsoleLisible(stream=flux).send_messages(
        [EmailMessage("Invitation à AvenirPro", f"Bonjour é,\n\n{lien}\n", "a@exemple.fr", ["b@exemple.fr"])]
    )
    sortie = flux.getvalue()
    assert f"\n{lien}\n" in sortie
    assert "Objet : Invitation à AvenirPro" in sortie
