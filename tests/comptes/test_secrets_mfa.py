"""TOTP secrets are encrypted at rest (Fernet, key from MFA_ENCRYPTION_KEY or derived from SECRET_KEY) and
never shown in the Django admin."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from avenirpro.comptes import chiffrement
from tests import factories as f
from tests.comptes.outils import avec_totp, code_totp, connexion

migration = importlib.import_module("avenirpro.migrations.0005_chiffrer_secrets_mfa")


def test_le_secret_est_chiffre_en_base_et_la_connexion_marche(client, db):
    user = f.UserFactory(email="pilote@exemple.fr")
    secret = avec_totp(user)
    stocke = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stocke
    assert stocke.startswith(chiffrement.PREFIXE_FERNET)
    assert connexion(client, user.email)["Location"] == reverse("mfa_authenticate")
    assert client.post(reverse("mfa_authenticate"), {"code": code_totp(secret)}).status_code == 302
    assert int(client.session[SESSION_KEY]) == user.pk


def test_les_codes_de_recuperation_sont_chiffres_aussi(client, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = f.UserFactory()
    avec_totp(user)
    codes = RecoveryCodes.activate(user)
    assert codes.instance.data["seed"].startswith(chiffrement.PREFIXE_FERNET)
    assert codes.validate_code(codes.get_unused_codes()[0])


def test_la_cle_de_l_environnement_et_sa_rotation(settings):
    ancienne, nouvelle = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEY = ancienne
    jeton = chiffrement.chiffrer("JBSWY3DPEHPK3PXP")
    assert chiffrement.dechiffrer(jeton) == "JBSWY3DPEHPK3PXP"
    settings.MFA_ENCRYPTION_KEY = f"{nouvelle},{ancienne}"  # the new key encrypts, the old one still reads
    assert chiffrement.dechiffrer(jeton) == "JBSWY3DPEHPK3PXP"
    assert Fernet(nouvelle.encode()).decrypt(chiffrement.chiffrer("X").encode()) == b"X"
    settings.MFA_ENCRYPTION_KEY = nouvelle
    with pytest.raises(ImproperlyConfigured):
        chiffrement.dechiffrer(jeton)


def test_la_cle_derivee_suit_les_secret_key_fallbacks(settings):
    jeton = chiffrement.chiffrer("JBSWY3DPEHPK3PXP")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "une-nouvelle-cle-secrete-pour-ce-test"
    assert chiffrement.dechiffrer(jeton) == "JBSWY3DPEHPK3PXP"


def test_la_migration_chiffre_les_secrets_existants(db):
    user = f.UserFactory()
    totp = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    codes = Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "ab12cd", "used_mask": 0}
    )
    migration.chiffrer(apps, None)
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data["secret"].startswith(chiffrement.PREFIXE_FERNET)
    assert chiffrement.dechiffrer(totp.data["secret"]) == "JBSWY3DPEHPK3PXP"
    assert chiffrement.dechiffrer(codes.data["seed"]) == "ab12cd"
    assert codes.data["used_mask"] == 0
    deja = totp.data["secret"]
    migration.chiffrer(apps, None)  # twice: nothing changes
    totp.refresh_from_db()
    assert totp.data["secret"] == deja
    migration.dechiffrer(apps, None)
    totp.refresh_from_db()
    assert totp.data["secret"] == "JBSWY3DPEHPK3PXP"


@pytest.fixture
def superuser_client(client, db):
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    avec_totp(admin)
    client.force_login(admin)
    return client


def test_l_administration_ne_montre_jamais_le_secret(superuser_client):
    cible = f.UserFactory(email="cible@exemple.fr")
    secret = avec_totp(cible)
    auth = Authenticator.objects.get(user=cible, type=Authenticator.Type.TOTP)
    liste = superuser_client.get(reverse("admin:mfa_authenticator_changelist"))
    assert liste.status_code == 200
    assert "cible@exemple.fr" in liste.content.decode() or str(cible) in liste.content.decode()
    fiche = superuser_client.get(reverse("admin:mfa_authenticator_change", args=[auth.pk]))
    assert fiche.status_code == 200
    contenu = fiche.content.decode()
    for interdit in (secret, auth.data["secret"], 'name="data"'):
        assert interdit not in contenu
    modification = superuser_client.post(
        reverse("admin:mfa_authenticator_change", args=[auth.pk]), {"data": '{"secret": "AAAA"}'}
    )
    assert modification.status_code == 403
    auth.refresh_from_db()
    assert chiffrement.dechiffrer(auth.data["secret"]) == secret
    assert superuser_client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
