"""A student's personal data: the right-of-access export (PDF, JSON) and erasure on request.

The rules are the kernel's (``avenirpro.donnees``) behind ``lycees.services.effectifs``; only the lycée's
direction reaches these pages (403 for the other readers of the student, 404 for everyone else)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from avenirpro import journal
from avenirpro.forms import Formulaire, ajouter_erreurs
from avenirpro.pdf import pdf_response, render_pdf
from lycees.perms import get_eleve_for_user
from lycees.services import effectifs


class EffacementForm(Formulaire):
    gabarits_champs = True

    motif = forms.CharField(
        label="Motif de l'effacement",
        help_text="La demande de la famille et sa date ; ce motif est conservé, sans le nom de l'élève.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirmer = forms.BooleanField(
        label="Je confirme : les nom, prénom, INE, date de naissance et coordonnées seront effacés.",
    )


@require_http_methods(["GET", "POST"])
def eleve_donnees(request: HttpRequest, uuid) -> HttpResponse:
    eleve, _droits = get_eleve_for_user(request, uuid)
    effectifs.verifier_gestion(request, eleve.lycee_id)
    form = EffacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            effectifs.effacer_donnees_eleve(request, eleve, form.cleaned_data["motif"])
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Les données de l'élève sont effacées ; le motif est conservé.")
            return redirect("lycees:eleve", uuid=eleve.uuid)
    journal.noter(request, eleve, nature=journal.Nature.PAGE)
    return render(request, "lycees/eleve_donnees.html", {"eleve": eleve, "form": form})


def _nom_fichier(eleve, extension: str) -> str:
    return f"donnees-{slugify(eleve.nom)}-{slugify(eleve.prenom)}.{extension}"


@require_GET
def eleve_donnees_json(request: HttpRequest, uuid) -> HttpResponse:
    eleve, _droits = get_eleve_for_user(request, uuid)
    export = effectifs.exporter_donnees_eleve(request, eleve)
    journal.noter(request, eleve, nature=journal.Nature.EXPORT)
    reponse = HttpResponse(
        json.dumps(export, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    reponse["Content-Disposition"] = f'attachment; filename="{_nom_fichier(eleve, "json")}"'
    return reponse


@require_GET
def eleve_donnees_pdf(request: HttpRequest, uuid) -> HttpResponse:
    eleve, _droits = get_eleve_for_user(request, uuid)
    export = effectifs.exporter_donnees_eleve(request, eleve)
    journal.noter(request, eleve, nature=journal.Nature.PDF)
    pdf = render_pdf("lycees/eleve_donnees_pdf.html", {"export": export, "lycee": eleve.lycee})
    return pdf_response(pdf, _nom_fichier(eleve, "pdf"))


urlpatterns = [
    path("eleves/<uuid:uuid>/donnees/", eleve_donnees, name="eleve_donnees"),
    path("eleves/<uuid:uuid>/donnees.json", eleve_donnees_json, name="eleve_donnees_json"),
    path("eleves/<uuid:uuid>/donnees.pdf", eleve_donnees_pdf, name="eleve_donnees_pdf"),
]
