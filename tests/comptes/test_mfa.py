"""Second factor: mandatory for pilots, administrators and staff; optional for the others."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from avenirpro.comptes import services
from avenirpro.enums import Role
from tests import factories as f
from tests.comptes.outils import avec_totp, code_totp, connexion
from tests.conftest import fresh, membre

ACTIVER = "/accounts/2fa/totp/activate/"


def test_qui_doit_utiliser_la_double_authentification(monde):
    assert services.mfa_obligatoire(fresh(monde.pilote_a))
    assert services.mfa_obligatoire(fresh(monde.pilote_national))
    assert services.mfa_obligatoire(fresh(monde.admin_ft_a))
    assert services.mfa_obligatoire(f.UserFactory(is_staff=True))
    assert not services.mfa_obligatoire(fresh(monde.conseiller_a))
    assert not services.mfa_obligatoire(fresh(monde.chef_a))
    # Any membership counts, not only the current one.
    f.MembershipFactory(user=monde.conseiller_a, organisation=monde.ft_a, role=Role.ADMINISTRATEUR)
    assert services.mfa_obligatoire(fresh(monde.conseiller_a))


@pytest.mark.parametrize("chemin", ["/", "/comptes/membres/", "/profil/", "/admin/", "/lycees/"])
def test_un_pilote_sans_double_authentification_est_renvoye_vers_sa_mise_en_place(client, monde, chemin):
    client.force_login(monde.pilote_a)
    response = client.get(chemin)
    assert response.status_code == 302
    assert response["Location"] == ACTIVER


def test_l_api_repond_403_en_json(client, monde):
    client.force_login(monde.pilote_national)
    response = client.get("/api/v1/")
    assert response.status_code == 403
    assert "double authentification est obligatoire" in response.json()["detail"]


@pytest.mark.parametrize("chemin", ["/sante/", "/accounts/2fa/", "/accounts/reauthenticate/"])
def test_les_pages_de_mise_en_place_restent_accessibles(client, monde, chemin):
    client.force_login(monde.admin_ft_a)
    assert client.get(chemin).status_code == 200


def test_la_deconnexion_reste_possible(client, monde):
    client.force_login(monde.pilote_a)
    assert client.post(reverse("account_logout")).status_code == 302
    assert SESSION_KEY not in client.session


def test_un_conseiller_n_est_pas_oblige(client, monde):
    client.force_login(monde.conseiller_a)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200  # he may set it up if he wishes


def test_un_pilote_active_le_totp_puis_atteint_son_accueil(client, monde):
    connexion(client, monde.pilote_a.email)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(ACTIVER, 302)]
    html = response.content.decode()
    assert "Étape obligatoire pour votre rôle" in html
    assert 'src="data:image/svg+xml;base64,' in html
    secret = client.session["mfa.totp.secret"]
    assert secret in html  # the key in text, for those who cannot scan
    response = client.post(ACTIVER, {"code": "000000" if code_totp(secret) != "000000" else "111111"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=monde.pilote_a).exists()
    response = client.post(ACTIVER, {"code": code_totp(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(response["Location"]).content.decode()
    assert len(re.findall(r"<li><code>\w+</code></li>", codes)) == 10
    assert client.get("/").status_code == 200
    assert Authenticator.objects.filter(user=monde.pilote_a, type=Authenticator.Type.TOTP).exists()


def test_la_connexion_demande_le_code(client, monde):
    secret = avec_totp(monde.pilote_b)
    response = connexion(client, monde.pilote_b.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session  # not logged in before the code
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert client.get("/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": code_totp(secret)})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == monde.pilote_b.pk
    assert client.get("/").status_code == 200


def test_le_personnel_technique_doit_aussi_l_activer_pour_l_administration(client, db):
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == ACTIVER
    avec_totp(admin)
    assert client.get("/admin/").status_code == 200


def _connexion_complete(client, user) -> None:
    """Password then code: a recent login, so allauth asks for no further confirmation."""
    secret = avec_totp(user)
    connexion(client, user.email)
    assert client.post(reverse("mfa_authenticate"), {"code": code_totp(secret)}).status_code == 302


def test_impossible_de_desactiver_quand_c_est_obligatoire(client, monde):
    _connexion_complete(client, monde.admin_ft_a)
    assert "Désactiver" not in client.get(reverse("mfa_index")).content.decode()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert Authenticator.objects.filter(user=monde.admin_ft_a, type=Authenticator.Type.TOTP).exists()


def test_un_conseiller_peut_desactiver_son_totp_facultatif(client, monde):
    _connexion_complete(client, monde.conseiller_a)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=monde.conseiller_a, type=Authenticator.Type.TOTP).exists()


def test_un_administrateur_d_une_autre_organisation_est_aussi_oblige(client, monde):
    autre = membre(Role.ADMINISTRATEUR, monde.ml_b)
    client.force_login(autre)
    assert client.get("/")["Location"] == ACTIVER


def test_le_secret_de_mise_en_place_reste_le_meme_d_un_rechargement_a_l_autre(client, monde):
    """Field defect: each reload drew a new secret, so the QR code scanned first no longer matched."""
    connexion(client, monde.pilote_a.email)
    client.get(ACTIVER)
    secret = client.session["mfa.totp.secret"]
    assert secret in client.get(ACTIVER).content.decode()
    client.get(ACTIVER)
    assert client.session["mfa.totp.secret"] == secret
    response = client.post(ACTIVER, {"code": code_totp(secret)})
    assert response.status_code == 302
    assert "mfa.totp.secret" not in client.session  # spent once confirmed
