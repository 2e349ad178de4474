"""allauth's pages render in the AvenirPro shell, in French, with every template variable defined."""

import pytest
from django.urls import reverse

from tests.comptes.outils import avec_totp, code_totp, connexion


@pytest.fixture
def connecte(client, monde):
    """A counsellor fully logged in (password and code), with recovery codes."""
    secret = avec_totp(monde.conseiller_a)
    connexion(client, monde.conseiller_a.email)
    client.post(reverse("mfa_authenticate"), {"code": code_totp(secret)})
    client.post(reverse("mfa_generate_recovery_codes"))
    return client


@pytest.mark.parametrize(
    ("nom", "titre"),
    [
        ("mfa_index", "Double authentification"),
        ("mfa_view_recovery_codes", "Codes de récupération"),
        ("mfa_generate_recovery_codes", "Générer des codes de récupération"),
        ("mfa_deactivate_totp", "Désactiver la double authentification"),
        ("mfa_reauthenticate", "Confirmer votre identité"),
        ("account_reauthenticate", "Confirmer votre identité"),
        ("account_change_password", "Changer de mot de passe"),
        ("account_logout", "Déconnexion"),
        ("account_inactive", "Compte désactivé"),
        ("account_reset_password_done", "Lien envoyé"),
        ("account_reset_password_from_key_done", "Mot de passe modifié"),
    ],
)
def test_les_pages_du_compte(connecte, nom, titre):
    response = connecte.get(reverse(nom))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{titre} — AvenirPro</title>" in html
    assert "INVALID" not in html


def test_la_gestion_des_adresses_e_mail_est_fermee(connecte):
    assert connecte.get("/accounts/email/").status_code == 404
    assert (
        connecte.post("/accounts/email/", {"action_add": "", "email": "autre@exemple.fr"}).status_code == 404
    )
