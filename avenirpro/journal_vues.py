"""The data-protection officer's pages: « Journal des accès » and its CSV export (``avenirpro.journal``
holds the rule; the API twin is ``avenirpro/api/journal.py``)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from avenirpro import journal
from avenirpro.exports import reponse_csv
from avenirpro.forms import Formulaire, ajouter_erreurs
from avenirpro.requetes import lire_uuid

PAR_PAGE = 50
EXPORT_MAX = 50_000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FiltresForm(Formulaire):
    recherche = forms.CharField(
        label="Élève", required=False, max_length=100, help_text="Nom ou prénom, ou les deux."
    )
    utilisateur = forms.EmailField(label="Utilisateur (adresse e-mail)", required=False, max_length=254)
    organisation = forms.CharField(label="Organisation", required=False, max_length=100)
    du = forms.DateField(label="Du", required=False, widget=DATE)
    au = forms.DateField(label="Au", required=False, widget=DATE)

    def filtres(self, eleve=None) -> journal.Filtres:
        donnees = self.cleaned_data
        return journal.Filtres(
            eleve=eleve,
            recherche=donnees.get("recherche", "").strip(),
            utilisateur=donnees.get("utilisateur", ""),
            organisation=donnees.get("organisation", "").strip(),
            du=donnees.get("du"),
            au=donnees.get("au"),
        )


def _consulter(request: HttpRequest):
    """(form, queryset or None): the filtered rows, or None when a filter is wrong (errors on the form)."""
    if not request.perimetre.est_dpd:
        raise PermissionDenied(journal.RESERVE_AU_DPD)
    form = FiltresForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = FiltresForm({})
        form.is_valid()
    eleve = None
    if "eleve" in request.GET:
        eleve = lire_uuid(request.GET["eleve"])
        if eleve is None:
            form.add_error(None, "Identifiant d'élève invalide.")
            return form, None
    try:
        return form, journal.consulter(request.perimetre, form.filtres(eleve=str(eleve) if eleve else None))
    except ValidationError as e:
        ajouter_erreurs(form, e)
        return form, None


@require_GET
def journal_acces(request: HttpRequest) -> HttpResponse:
    form, qs = _consulter(request)
    page, noms = None, {}
    if qs is not None:
        page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        noms = journal.identifier(page.object_list)
    lignes = [
        (entree, [(u, noms.get(u, "Élève anonymisé")) for u in entree.liste_eleves])
        for entree in (page.object_list if page else [])
    ]
    return render(
        request,
        "avenirpro/journal_acces.html",
        {"form": form, "page": page, "lignes": lignes, "statut": 400 if qs is None else 200},
        status=400 if qs is None else 200,
    )


@require_GET
def journal_acces_csv(request: HttpRequest) -> HttpResponse:
    form, qs = _consulter(request)
    if qs is None:
        return render(
            request, "avenirpro/journal_acces.html", {"form": form, "page": None, "lignes": []}, status=400
        )
    entetes = [
        "Date et heure",
        "Utilisateur",
        "Organisation",
        "Rôle",
        "Nature",
        "Ressource",
        "Adresse de la page",
        "Adresse IP",
        "Nombre d'élèves",
        "Élèves (identifiants)",
    ]
    lignes = (
        [
            timezone.localtime(e.horodatage).strftime("%d/%m/%Y %H:%M:%S"),
            e.utilisateur_email,
            e.organisation_nom,
            e.get_role_display(),
            e.get_nature_display(),
            e.ressource,
            e.chemin,
            e.adresse or "",
            e.nb_eleves,
            e.eleves,
        ]
        for e in qs[:EXPORT_MAX].iterator(chunk_size=2000)
    )
    return reponse_csv(f"journal-acces-{timezone.localdate():%Y%m%d}.csv", entetes, lignes)
