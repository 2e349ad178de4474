"""Login by e-mail, logout, password rules, sessions (new key, server-side logout, idle timeout)."""

import datetime
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from avenirpro.demo import DEMO_PASSWORD
from avenirpro.enums import Role
from avenirpro.models import User
from tests import factories as f
from tests.comptes.outils import MOT_DE_PASSE, connexion


@pytest.fixture
def conseillere(db):
    """Like a demo account: created by create_user, a counsellor of an agence."""
    user = User.objects.create_user(
        "fatou.conseillere@demo.avenirpro.fr", DEMO_PASSWORD, prenom="Fatou", nom="Diallo"
    )
    f.MembershipFactory(user=user, role=Role.CONSEILLER)
    return user


def test_la_page_de_connexion_est_en_francais_et_accessible(client, db):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Connexion — AvenirPro</title>" in html
    assert 'class="fr-label" for="id_login"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert "Mot de passe oublié" in html
    assert "INVALID" not in html


def test_connexion_par_email_avec_le_vrai_formulaire(client, conseillere):
    response = connexion(client, "Fatou.Conseillere@demo.avenirpro.fr", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accueil")
    assert client.get(reverse("accueil")).status_code == 200
    assert int(client.session[SESSION_KEY]) == conseillere.pk


def test_mauvais_mot_de_passe(client, conseillere):
    response = connexion(client, conseillere.email, "pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    html = response.content.decode()
    assert "adresse e-mail ou le mot de passe sont incorrects" in html
    assert 'role="alert"' in html
    assert SESSION_KEY not in client.session


def test_nouvelle_cle_de_session_a_la_connexion(client, conseillere):
    client.get(reverse("account_login"))
    session = client.session
    session["avant"] = "connexion"
    session.save()
    cle_avant = session.session_key
    connexion(client, conseillere.email, DEMO_PASSWORD)
    assert client.session.session_key != cle_avant
    assert not Session.objects.filter(session_key=cle_avant).exists()


def test_deconnexion_par_post_uniquement_et_cote_serveur(client, conseillere):
    connexion(client, conseillere.email, DEMO_PASSWORD)
    cle = client.session.session_key
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200  # a confirmation page, still logged in
    assert Session.objects.filter(session_key=cle).exists()
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=cle).exists()
    assert client.get(reverse("accueil")).status_code == 302


def _plus_tard(monkeypatch, minutes):
    reel = timezone.now
    decale = reel() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: decale)


def test_une_session_inactive_30_minutes_est_refusee(client, conseillere, monkeypatch):
    connexion(client, conseillere.email, DEMO_PASSWORD)
    assert client.get(reverse("accueil")).status_code == 200
    _plus_tard(monkeypatch, 31)
    response = client.get(reverse("accueil"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_chaque_requete_prolonge_la_session(client, conseillere, monkeypatch):
    connexion(client, conseillere.email, DEMO_PASSWORD)
    _plus_tard(monkeypatch, 20)
    assert client.get(reverse("accueil")).status_code == 200
    monkeypatch.undo()
    _plus_tard(monkeypatch, 40)  # 20 minutes after the last request
    assert client.get(reverse("accueil")).status_code == 200


def _ecritures_de_session(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return sum(1 for q in requetes if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])


def test_la_session_est_prolongee_une_fois_par_minute_au_plus(client, conseillere, monkeypatch):
    connexion(client, conseillere.email, DEMO_PASSWORD)
    _plus_tard(monkeypatch, 1)
    assert _ecritures_de_session(client, reverse("accueil")) == 1
    assert _ecritures_de_session(client, reverse("accueil")) == 0  # the same minute: no write
    monkeypatch.undo()
    _plus_tard(monkeypatch, 3)
    assert _ecritures_de_session(client, reverse("accueil")) == 1
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + datetime.timedelta(minutes=29)


def test_cookies_securises_en_production(monkeypatch, tmp_path):
    monkeypatch.setenv("AVENIRPRO_IGNORE_DOTENV", "1")
    monkeypatch.setenv("AVENIRPRO_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    for variable in ("DEBUG", "SECURE_HTTPS", "SESSION_IDLE_SECONDS"):
        monkeypatch.delenv(variable, raising=False)
    production = runpy.run_path(str(Path(settings.BASE_DIR) / "avenirpro" / "settings.py"))
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["SESSION_COOKIE_AGE"] == 30 * 60
    # The expiry is pushed by avenirpro.sessions, one session write a minute at most (issue 13).
    assert production["SESSION_SAVE_EVERY_REQUEST"] is False
    assert "avenirpro.sessions.ProlongerSessionMiddleware" in production["MIDDLEWARE"]


def test_cookie_de_session_httponly_et_samesite(client, conseillere):
    response = connexion(client, conseillere.email, DEMO_PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


# --- Password rules, through allauth's real forms ------------------------------------------------


@pytest.mark.parametrize(
    ("nouveau", "message"),
    [
        ("Court-2026", "au minimum 12 caractères"),
        ("password1234", "trop courant"),
        ("camille.dupont", "trop semblable"),
    ],
)
def test_regles_du_mot_de_passe_au_changement(client, db, nouveau, message):
    user = f.UserFactory(email="camille.dupont@exemple.fr", prenom="Camille", nom="Dupont")
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": MOT_DE_PASSE, "password1": nouveau, "password2": nouveau},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(MOT_DE_PASSE)


def test_changer_de_mot_de_passe(client, db):
    user = f.UserFactory()
    client.force_login(user)
    nouveau = "Un-nouveau-mot-de-passe-solide"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": MOT_DE_PASSE, "password1": nouveau, "password2": nouveau},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(nouveau)


def test_reinitialiser_le_mot_de_passe_par_email(client, conseillere):
    response = client.post(reverse("account_reset_password"), {"email": conseillere.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    lien = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(lien)
    assert response.status_code == 302  # the key moves to the session, out of the address bar
    formulaire = response["Location"]
    response = client.post(formulaire, {"password1": "court", "password2": "court"})
    assert "au minimum 12 caractères" in response.content.decode()
    nouveau = "Reinitialise-le-mot-de-passe"
    response = client.post(formulaire, {"password1": nouveau, "password2": nouveau})
    assert response.status_code == 302
    conseillere.refresh_from_db()
    assert conseillere.check_password(nouveau)
    assert connexion(client, conseillere.email, nouveau).status_code == 302


def test_pas_d_inscription_libre(client, db):
    response = client.get(reverse("account_signup"))
    assert "sur invitation" in response.content.decode()
    assert not User.objects.exists()
