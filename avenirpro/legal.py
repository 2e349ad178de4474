"""The legal pages, open without login and linked from the footer of every page: « Mentions légales »,
« Accessibilité » (the RGAA declaration) and « Plan du site ». « Données personnelles » lives at
``/donnees-personnelles/`` (its own page, linked by path)."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from avenirpro import navigation

# The accessibility declaration's facts, updated with each audit (see README « Accessibilité »).
ETAT_ACCESSIBILITE = "non conforme"
DATE_DECLARATION = datetime.date(2026, 12, 1)


@login_not_required
def mentions_legales(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "avenirpro/legal/mentions_legales.html",
        {
            "editeur": settings.MENTIONS_EDITEUR,
            "directeur": settings.MENTIONS_DIRECTEUR_PUBLICATION,
            "hebergeur": settings.MENTIONS_HEBERGEUR,
            "contact": settings.MENTIONS_CONTACT,
        },
    )


@login_not_required
def accessibilite(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "avenirpro/legal/accessibilite.html",
        {"etat": ETAT_ACCESSIBILITE, "date": DATE_DECLARATION, "contact": settings.MENTIONS_CONTACT},
    )


@login_not_required
def plan_du_site(request: HttpRequest) -> HttpResponse:
    """The public pages, and for a logged-in user the pages of their current role that exist."""
    return render(request, "avenirpro/legal/plan_du_site.html", {"liens": navigation.menu(request)})
