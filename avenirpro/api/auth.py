"""How the API knows who calls: a personal token (``Authorization: Token <clé>``) or the browser session.

Either way, once the user is known the current organisation is chosen for the access policy, as the
middleware does for pages: from the ``X-Organisation`` header when it names one of the user's own
memberships (by the membership's uuid or its organisation's), else the session's choice, else the first.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from avenirpro import access
from avenirpro.api import tokens
from avenirpro.comptes.services import mfa_manquante
from avenirpro.middleware import SESSION_KEY

ENTETE_ORGANISATION = "X-Organisation"

MESSAGE_ENTETE_SANS_CLE = _("En-tête Authorization invalide : aucune clé après « Token ».")
MESSAGE_ENTETE_ESPACES = _("En-tête Authorization invalide : la clé ne doit pas contenir d'espace.")
MESSAGE_ENTETE_CARACTERES = _(
    "En-tête Authorization invalide : la clé contient des caractères non autorisés."
)
MESSAGE_JETON_INVALIDE = _("Jeton d'API invalide ou révoqué, ou compte désactivé.")
MESSAGE_MFA = _(
    "Double authentification requise pour votre rôle : activez-la depuis la page « Mon profil » "
    "avant d'utiliser l'API."
)
MESSAGE_CSRF = _(
    "Vérification CSRF échouée : envoyez l'en-tête X-CSRFToken de votre page, "
    "ou authentifiez-vous par jeton d'API."
)


def activer_organisation(request, user, par_defaut=None) -> access.Perimetre:
    """Build ``request.perimetre`` for this API request: the membership named by ``X-Organisation``
    (its uuid or its organisation's) when it is one of the user's own, else the session's, else the first."""
    demandee = request.headers.get(ENTETE_ORGANISATION, "").strip()
    existant = getattr(request._request, "perimetre", None)
    if existant is not None and existant.user is not None and existant.user.pk == user.pk:
        perimetre = existant  # the session's, already built by the middleware for this request
    else:
        perimetre = access.perimetre_de(user, membership_uuid=par_defaut, par_defaut_premiere=True)
    if demandee:
        nommee = next(
            (m for m in perimetre.memberships if demandee in (str(m.uuid), str(m.organisation.uuid))), None
        )
        if nommee is not None:
            perimetre = access.Perimetre(user=user, membership=nommee, memberships=perimetre.memberships)
    request._request.perimetre = perimetre
    return perimetre


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <clé>``: a personal token of an active user, not revoked."""

    keyword = "Token"

    def authenticate(self, request):
        parties = authentication.get_authorization_header(request).split()
        if not parties or parties[0].lower() != self.keyword.lower().encode():
            return None
        if len(parties) == 1:
            raise exceptions.AuthenticationFailed(MESSAGE_ENTETE_SANS_CLE)
        if len(parties) > 2:
            raise exceptions.AuthenticationFailed(MESSAGE_ENTETE_ESPACES)
        try:
            cle = parties[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(MESSAGE_ENTETE_CARACTERES) from None
        jeton = tokens.authentifier(cle)
        if jeton is None:
            raise exceptions.AuthenticationFailed(MESSAGE_JETON_INVALIDE)
        # A token must not be a way around the second factor that the user's role requires.
        perimetre = activer_organisation(request, jeton.user)
        if mfa_manquante(jeton.user, perimetre.memberships):
            raise exceptions.PermissionDenied(MESSAGE_MFA)
        return jeton.user, jeton

    def authenticate_header(self, request):
        # Makes unauthenticated requests 401 (with this challenge) rather than 403.
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser session (CSRF enforced on unsafe methods), with the session's current organisation."""

    def authenticate(self, request):
        resultat = super().authenticate(request)
        if resultat is not None:
            activer_organisation(request, resultat[0], request._request.session.get(SESSION_KEY))
        return resultat

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(MESSAGE_CSRF) from None


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema (and so Swagger UI's « Authorize ») describes the token."""

    target_class = "avenirpro.api.auth.TokenAuthentication"
    name = "jetonAPI"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Jeton personnel créé sur la page « Mon profil », précédé du mot Token : "
            "« Token avp_… ».",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "avenirpro.api.auth.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        from django.conf import settings

        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "La session du navigateur après connexion ; les requêtes qui modifient "
            "(POST, PUT, PATCH, DELETE) exigent aussi l'en-tête X-CSRFToken.",
        }
