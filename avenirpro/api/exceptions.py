"""API errors as JSON, in French: ``{"detail": "…"}``, plus one list of messages per field on bad input.

Services raise ``django.core.exceptions.ValidationError`` with French messages: they become 400 answers
here, so viewsets just call the service. DRF's own messages come from its French translation
(LANGUAGE_CODE is French and the only language); the few that read poorly, or that DRF leaves in
English, are replaced.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

MESSAGE_DONNEES_INVALIDES = _("Les données envoyées ne sont pas valides.")
MESSAGE_JSON_INVALIDE = _("Le corps de la requête n'est pas du JSON valide.")
MESSAGE_CORPS_INVALIDE = _(
    "Le corps de la requête est mal formé : vérifiez qu'il correspond à l'en-tête Content-Type "
    "(application/json, multipart/form-data ou application/x-www-form-urlencoded)."
)
MESSAGE_JEU_DE_CARACTERES = _(
    "Le jeu de caractères indiqué dans l'en-tête Content-Type n'est pas pris en charge : utilisez UTF-8."
)

# Replaces DRF's default message (only when the exception carries that default, not a chosen one).
MESSAGES = {
    exceptions.NotAuthenticated: _(
        "Authentification requise : connectez-vous, ou envoyez un jeton d'API dans l'en-tête "
        "« Authorization: Token <clé> »."
    ),
    # Missing and forbidden objects answer alike (no way to tell whether something exists).
    exceptions.NotFound: _("Ressource introuvable."),
}


def gestionnaire_exceptions(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(_message_d_analyse(str(exc.detail)))
    if type(exc) in MESSAGES and str(exc.detail) == str(exc.default_detail):
        exc.detail = exceptions.ErrorDetail(str(MESSAGES[type(exc)]), code=exc.default_code)

    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = _erreurs_de_saisie(exc.detail)
    return response


def _message_d_analyse(detail: str) -> str:
    """DRF's parsers build their messages in English with the parser's own error text appended (e.g.
    « Multipart form parse error - Invalid boundary »): one French message per kind instead."""
    if detail.startswith("JSON parse error"):
        return MESSAGE_JSON_INVALIDE
    if detail.startswith("Unsupported charset"):
        return MESSAGE_JEU_DE_CARACTERES
    if detail == str(exceptions.ParseError.default_detail):
        return detail  # DRF's own translated default
    return MESSAGE_CORPS_INVALIDE


def _erreurs_de_saisie(detail) -> dict:
    """``{"detail": <general message>, "<field>": [<messages>], …}``."""
    if not isinstance(detail, dict):
        messages = detail if isinstance(detail, list) else [detail]
        return {"detail": " ".join(str(m) for m in messages) or str(MESSAGE_DONNEES_INVALIDES)}
    champs = dict(detail)
    generales = [
        *_liste(champs.pop(api_settings.NON_FIELD_ERRORS_KEY, [])),
        *_liste(champs.pop(NON_FIELD_ERRORS, [])),
    ]
    resume = " ".join(str(m) for m in generales) if generales else str(MESSAGE_DONNEES_INVALIDES)
    return {"detail": resume, **{champ: _liste(erreurs) for champ, erreurs in champs.items()}}


def _liste(valeur) -> list | dict:
    return valeur if isinstance(valeur, list | dict) else [valeur]
