"""« Mon profil »: who I am, my roles, links to password and two-factor settings, my API tokens."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from avenirpro.api import tokens


def _page(request: HttpRequest, status: int = 200, **extra) -> HttpResponse:
    contexte = {
        "memberships": request.perimetre.memberships,
        "membership_courante": request.perimetre.membership,
        "jetons": list(tokens.jetons_actifs(request.user)),
        "max_jetons": tokens.MAX_JETONS_ACTIFS,
        "nom_jeton": "",
        "erreurs": [],
        "cle": None,
        "jeton_cree": None,
        **extra,
    }
    return render(request, "profil/index.html", contexte, status=status)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@never_cache
@require_POST
def creer_jeton(request: HttpRequest) -> HttpResponse:
    """The clear key is in this response only: it is neither stored nor put in the session."""
    nom = request.POST.get("nom", "")
    try:
        jeton, cle = tokens.creer_jeton(request.user, nom)
    except ValidationError as erreur:
        return _page(request, status=400, nom_jeton=nom, erreurs=erreur.messages)
    return _page(request, cle=cle, jeton_cree=jeton)


@require_http_methods(["GET", "POST"])
def revoquer_jeton(request: HttpRequest, uuid) -> HttpResponse:
    """GET asks for confirmation, POST revokes; only one's own tokens (anybody else's is a 404)."""
    jeton = tokens.get_jeton_for_user(request.user, uuid)
    if request.method == "POST":
        tokens.revoquer_jeton(request.user, jeton.uuid)
        messages.success(
            request, f"Le jeton « {jeton.nom} » est révoqué : il ne permet plus d'accéder à l'API."
        )
        return redirect("profil:index")
    return render(request, "profil/revoquer_jeton.html", {"jeton": jeton})
