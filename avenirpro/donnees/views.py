"""The public page on personal data (families, convention art. 5) and the registre (DPDs, administrators)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from avenirpro.donnees import registre


def peut_lire_registre(perimetre) -> bool:
    """The data inventory is for the data-protection officers and the administrators."""
    return perimetre.est_dpd or perimetre.est_administrateur


@login_not_required
@require_GET
def donnees_personnelles(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "donnees/donnees_personnelles.html",
        {
            "declarations": [d for d in registre.declarations() if d.eleves],
            "mois": settings.AVENIRPRO_CONSERVATION_MOIS,
            "contacts": settings.AVENIRPRO_CONTACTS_DPD,
        },
    )


@require_GET
def registre_page(request: HttpRequest) -> HttpResponse:
    if not peut_lire_registre(request.perimetre):
        raise PermissionDenied("Le registre des données est réservé aux DPD et aux administrateurs.")
    return render(request, "donnees/registre.html", {"lignes": registre.inventaire()})
