"""The student page (timeline), the quick entry of an interview, an interview's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from parcours import perms, timeline
from parcours.forms import AlerteForm, EntretienForm, RestitutionForm, StatutForm
from parcours.models import Restitution
from parcours.perms import get_eleve_suivi_for_user, get_entretien_for_user
from parcours.services import alertes as services_alertes
from parcours.services import entretiens as services


def _restitutions(p, entretien):
    return list(Restitution.objects.visible_to(p).filter(entretien=entretien).select_related("referent"))


def eleve(request: HttpRequest, uuid) -> HttpResponse:
    eleve, droits = get_eleve_suivi_for_user(request, uuid)
    p = request.perimetre
    faits, _lus = timeline.chronologie(p, eleve)
    journal.noter(request, eleve, nature=journal.Nature.PAGE)
    return render(
        request,
        "parcours/eleve.html",
        {
            "eleve": eleve,
            "droits": droits,
            "faits": faits,
            "peut_alerter": perms.peut_lever_alerte(p, eleve),
            "form_alerte": AlerteForm(),
        },
    )


def eleve_entretien(request: HttpRequest, uuid) -> HttpResponse:
    eleve, droits = get_eleve_suivi_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied(services.MESSAGE_HORS_SUIVI)
    referents = services.referents_de(eleve)
    form = EntretienForm(request.POST or None, referents=referents)
    if request.method == "POST" and form.is_valid():
        try:
            entretien = services.enregistrer_entretien(request, eleve, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(
                request, f"Entretien du {entretien.date:%d/%m/%Y} enregistré pour {eleve.prenom} {eleve.nom}."
            )
            return redirect(reverse("parcours:eleve", args=[eleve.uuid]))
    journal.noter(request, eleve, nature=journal.Nature.PAGE)
    return render(
        request, "parcours/entretien_form.html", {"eleve": eleve, "form": form, "referents": referents}
    )


def entretien(request: HttpRequest, uuid) -> HttpResponse:
    entretien, droits = get_entretien_for_user(request, uuid)
    p = request.perimetre
    notes = perms.notes_lisibles(p, [entretien])
    referents = services.referents_de(entretien.eleve)
    journal.noter(request, entretien, nature=journal.Nature.PAGE)
    return render(
        request,
        "parcours/entretien.html",
        {
            "entretien": entretien,
            "eleve": entretien.eleve,
            "droits": droits,
            "note": notes.get(entretien.pk),
            "restitutions": _restitutions(p, entretien),
            "form_statut": StatutForm(),
            "form_restitution": RestitutionForm(referents=referents),
        },
    )


@require_POST
def entretien_statut(request: HttpRequest, uuid) -> HttpResponse:
    entretien, _droits = get_entretien_for_user(request, uuid)
    form = StatutForm(request.POST)
    if form.is_valid():
        try:
            services.changer_statut(request, entretien, form.cleaned_data["statut"])
            messages.success(request, "Statut de l'entretien enregistré.")
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
    else:
        messages.error(request, "Choisissez : réalisé ou élève absent.")
    return redirect(reverse("parcours:entretien", args=[entretien.uuid]))


@require_POST
def entretien_restitution(request: HttpRequest, uuid) -> HttpResponse:
    entretien, droits = get_entretien_for_user(request, uuid)
    form = RestitutionForm(request.POST, referents=services.referents_de(entretien.eleve))
    if form.is_valid():
        try:
            services.ecrire_restitution(request, entretien, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Restitution envoyée au professeur référent.")
            return redirect(reverse("parcours:entretien", args=[entretien.uuid]))
    journal.noter(request, entretien, nature=journal.Nature.PAGE)
    return render(
        request,
        "parcours/entretien.html",
        {
            "entretien": entretien,
            "eleve": entretien.eleve,
            "droits": droits,
            "note": perms.notes_lisibles(request.perimetre, [entretien]).get(entretien.pk),
            "restitutions": _restitutions(request.perimetre, entretien),
            "form_statut": StatutForm(),
            "form_restitution": form,
        },
        status=400,
    )


@require_POST
def eleve_alerte(request: HttpRequest, uuid) -> HttpResponse:
    eleve, droits = get_eleve_suivi_for_user(request, uuid)
    form = AlerteForm(request.POST)
    if form.is_valid():
        try:
            alerte = services_alertes.lever_alerte(request, eleve, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Alerte décrochage levée : la voici, partagée avec l'équipe.")
            return redirect(reverse("parcours:alerte", args=[alerte.uuid]))
    p = request.perimetre
    faits, _lus = timeline.chronologie(p, eleve)
    journal.noter(request, eleve, nature=journal.Nature.PAGE)
    return render(
        request,
        "parcours/eleve.html",
        {"eleve": eleve, "droits": droits, "faits": faits, "peut_alerter": True, "form_alerte": form},
        status=400,
    )
