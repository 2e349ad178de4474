"""allauth hooks: closed signup, login lockout kept in the database, second factor that cannot be dropped."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms

from avenirpro.comptes import chiffrement, services


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Nobody signs up: accounts come from invitations by an organisation's administrator.
        return False

    def _adresse_ip(self, request) -> str | None:
        return services.adresse_client(request)

    def pre_authenticate(self, request, **credentials):
        # Replaces allauth's cache-based limit on passwords (super is not called): the lock is kept in the
        # database, so it holds without Redis and across processes. A locked e-mail or address is refused
        # before the password is even checked, and that refusal is not counted.
        if services.est_verrouille(credentials.get("email"), self._adresse_ip(request)):
            raise forms.ValidationError(services.MESSAGE_VERROUILLAGE, code="verrouille")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            services.effacer_echecs(credentials.get("email"))
        return user

    def authentication_failed(self, request, **credentials):
        services.enregistrer_echec(credentials.get("email"), self._adresse_ip(request))

    def is_reauthentication_required(self, *, app, **kwargs):
        # A login a few minutes ago is as good as a password confirmation: a pilot who just logged in
        # sets up the mandatory second factor without typing the password twice.
        return super().is_reauthentication_required(app=app, **kwargs) and not _connexion_recente()


def _connexion_recente() -> bool:
    request = context.request
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    return any(time.time() - r.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT for r in records)


class MFAAdapter(DefaultMFAAdapter):
    # TOTP keys and recovery-code seeds are stored encrypted (avenirpro/comptes/chiffrement.py).
    def encrypt(self, text: str) -> str:
        return chiffrement.chiffrer(text)

    def decrypt(self, encrypted_text: str) -> str:
        return chiffrement.dechiffrer(encrypted_text)

    def can_delete_authenticator(self, authenticator) -> bool:
        # Those who must use a second factor cannot switch it off (they may still regenerate codes).
        return not services.mfa_obligatoire(authenticator.user)
