"""Second factor: wrong codes counted in the database, like wrong passwords.

allauth's own limit on codes lives in the cache (lost when Redis is, and per process with no Redis), so
every code typed after a correct password goes through here first: a locked account or address is
refused before the code is even checked (so a 6th code is refused even when it is right), and a wrong
code (TOTP or recovery code) is recorded in ``EchecConnexion`` for the account and the address.
"""

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal import auth
from django import forms

from avenirpro.comptes import services


class VerrouCodeMixin:
    def clean_code(self) -> str:
        adresse = services.adresse_client(context.request)
        if services.code_verrouille_jusqua(self.user, adresse) is not None:
            # Refused without checking the code, and not counted (the lock keeps its full length).
            raise forms.ValidationError(services.MESSAGE_VERROUILLAGE_CODE, code="verrouille")
        try:
            code = super().clean_code()
        except forms.ValidationError as e:
            if e.code == "incorrect_code":
                services.enregistrer_echec_code(self.user, adresse)
            raise
        services.effacer_echecs_code(self.user)
        return code


class AuthentificationCodeForm(VerrouCodeMixin, AuthenticateForm):
    pass


class ReauthentificationCodeForm(VerrouCodeMixin, ReauthenticateForm):
    pass


class ActivationTOTPForm(ActivateTOTPForm):
    """The set-up page keeps its secret (in the session) across reloads until a code confirms it: with
    allauth's form every reload drew a new one, and a code from the QR code scanned before the reload was
    refused. allauth clears the secret from the session once the app is activated."""

    def __init__(self, *args, **kwargs) -> None:
        session = context.request.session
        en_attente = session.get(auth.SECRET_SESSION_KEY)
        super().__init__(*args, **kwargs)  # draws a new secret on a GET
        if en_attente:
            session[auth.SECRET_SESSION_KEY] = self.secret = en_attente
