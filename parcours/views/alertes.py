"""Dropout-risk alerts: the open ones, one alert with its follow-ups, follow up, close."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from avenirpro.pagination import PaginatorParIds
from parcours.enums import StatutAlerte
from parcours.forms import ClotureAlerteForm, SuiviAlerteForm
from parcours.models import AlerteDecrochage, SuiviAlerte
from parcours.perms import get_alerte_for_user
from parcours.services import alertes as services


def alertes(request: HttpRequest) -> HttpResponse:
    statut = (
        request.GET.get("statut")
        if request.GET.get("statut") in StatutAlerte.values
        else StatutAlerte.OUVERTE
    )
    qs = AlerteDecrochage.objects.visible_to(request).filter(statut=statut)
    qs = qs.select_related("eleve__division", "lycee", "auteur", "organisation")
    page = PaginatorParIds(qs, 50).get_page(request.GET.get("page"))
    journal.noter(request, page.object_list, nature=journal.Nature.LISTE)
    return render(
        request, "parcours/alertes.html", {"page": page, "statut": statut, "statuts": StatutAlerte.choices}
    )


def _page(request, alerte, droits, form_suivi=None, form_cloture=None, status=200):
    suivis = list(SuiviAlerte.objects.visible_to(request).filter(alerte=alerte).select_related("auteur"))
    journal.noter(request, alerte, nature=journal.Nature.PAGE)
    return render(
        request,
        "parcours/alerte.html",
        {
            "alerte": alerte,
            "eleve": alerte.eleve,
            "droits": droits,
            "suivis": suivis,
            "form_suivi": form_suivi or SuiviAlerteForm(),
            "form_cloture": form_cloture or ClotureAlerteForm(),
        },
        status=status,
    )


def alerte(request: HttpRequest, uuid) -> HttpResponse:
    alerte, droits = get_alerte_for_user(request, uuid)
    return _page(request, alerte, droits)


@require_POST
def alerte_suivi(request: HttpRequest, uuid) -> HttpResponse:
    alerte, droits = get_alerte_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied(services.MESSAGE)
    form = SuiviAlerteForm(request.POST)
    if form.is_valid():
        try:
            services.suivre_alerte(request, alerte, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Suivi ajouté.")
            return redirect(reverse("parcours:alerte", args=[alerte.uuid]))
    return _page(request, alerte, droits, form_suivi=form, status=400)


@require_POST
def alerte_clore(request: HttpRequest, uuid) -> HttpResponse:
    alerte, droits = get_alerte_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied(services.MESSAGE)
    form = ClotureAlerteForm(request.POST)
    if form.is_valid():
        try:
            services.clore_alerte(request, alerte, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Alerte close.")
            return redirect(reverse("parcours:alerte", args=[alerte.uuid]))
    return _page(request, alerte, droits, form_cloture=form, status=400)
