"""Account rules applied to every request.

1. Two-factor authentication is mandatory for pilots, administrators and staff. Until such a user has
set up an authenticator app (TOTP), they reach only the set-up pages, the password confirmation allauth
may ask before it, logout, static files and /sante/. Pages redirect to the set-up page; the API answers
403 with a French JSON error.

2. Django's admin has its own login form, which would bypass allauth (lockout, second factor): its login
page sends to allauth's instead.

3. allauth's e-mail management page is closed (404): the address is the login an invitation gave, and
with no e-mail verification anyone could otherwise claim another person's address.
"""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from avenirpro.comptes import services

# What a user who still has to set up their second factor may reach.
URLS_LIBRES_SANS_MFA = (
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "sante",
)


class ComptesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def chemins_libres(self) -> frozenset[str]:
        return frozenset(reverse(nom) for nom in URLS_LIBRES_SANS_MFA)

    @cached_property
    def connexion_admin(self) -> str:
        return reverse("admin:login")

    @cached_property
    def chemins_fermes(self) -> frozenset[str]:
        return frozenset({reverse("account_email")})

    def __call__(self, request):
        chemin = request.path_info
        if chemin == self.connexion_admin:
            return self.connexion_administration(request)
        if chemin in self.chemins_fermes:
            raise Http404
        user = request.user
        memberships = getattr(getattr(request, "perimetre", None), "memberships", None)
        if (
            user.is_authenticated
            and chemin not in self.chemins_libres
            and not chemin.startswith(settings.STATIC_URL)
            and services.mfa_manquante(user, memberships)
        ):
            if chemin.startswith("/api/"):
                return JsonResponse({"detail": services.MESSAGE_MFA_OBLIGATOIRE}, status=403)
            return redirect("mfa_activate_totp")
        request.mfa_obligatoire = user.is_authenticated and services.mfa_obligatoire(user, memberships)
        return self.get_response(request)

    def connexion_administration(self, request):
        if request.user.is_authenticated:
            if request.user.is_staff:
                return redirect("admin:index")
            # Logged in without admin rights: Django would show its own login form again.
            raise PermissionDenied("Votre compte n'a pas accès à l'administration technique.")
        suivant = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': suivant})}")
