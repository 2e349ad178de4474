from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.http import require_POST

from avenirpro import navigation
from avenirpro.middleware import SESSION_KEY
from avenirpro.roles import DESCRIPTIONS, profil_de


def accueil(request: HttpRequest) -> HttpResponse:
    """« Mon espace »: what the current role does in AvenirPro, with shortcuts to its pages that exist."""
    perimetre = request.perimetre
    profil = profil_de(perimetre)
    accueil_url = navigation.url_ou_none("accueil")
    raccourcis = [lien for lien in navigation.liens(perimetre) if lien.url != accueil_url]
    description = DESCRIPTIONS.get(profil)
    missions = description.missions_ouvertes(navigation.url_ou_none) if description else []
    return render(
        request,
        "avenirpro/accueil.html",
        {"perimetre": perimetre, "description": description, "missions": missions, "raccourcis": raccourcis},
    )


@require_POST
def changer_organisation(request: HttpRequest) -> HttpResponse:
    """Switch the current organisation among the user's own memberships (others are ignored)."""
    demandee = request.POST.get("membership")
    membership = next(
        (m for m in request.perimetre.memberships if demandee and str(m.uuid) == demandee), None
    )
    if membership is not None:
        request.session[SESSION_KEY] = str(membership.uuid)
    suivant = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}):
        suivant = "/"
    return redirect(suivant)


@login_not_required
def sante(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer and docker compose: the application answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


MESSAGE_REQUETE_INVALIDE = "Requête refusée : elle est mal formée, ou trop volumineuse."
MESSAGES_REQUETE_INVALIDE = {
    "RequestDataTooBig": "Requête refusée : le corps de la requête est trop volumineux.",
    "TooManyFieldsSent": "Requête refusée : elle contient trop de champs (1 000 au plus).",
    "TooManyFilesSent": "Requête refusée : elle contient trop de fichiers.",
}


def requete_invalide(request: HttpRequest, exception=None) -> HttpResponse:
    """Django's 400 (handler400: a SuspiciousOperation such as too many fields in a multipart body, raised
    while DRF parses it): JSON under /api/, in French, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        detail = MESSAGES_REQUETE_INVALIDE.get(type(exception).__name__, MESSAGE_REQUETE_INVALIDE)
        return JsonResponse({"detail": detail}, status=400)
    return defaults.bad_request(request, exception)


def page_introuvable(request: HttpRequest, exception=None) -> HttpResponse:
    """The 404 of a URL that no route matches (handler404): JSON under /api/, like the API's own 404s
    (a uuid route given « abc » ends here, not in a viewset), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        from rest_framework.exceptions import NotFound

        from avenirpro.api.exceptions import MESSAGES

        return JsonResponse({"detail": str(MESSAGES[NotFound])}, status=404)
    return defaults.page_not_found(request, exception)
