"""A class's professeurs référents (named by the direction) and its end-of-year grid."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from lycees.enums import ResultatExamen, Solution
from lycees.models import Eleve
from lycees.perms import get_division_for_user
from lycees.recherche import ORDRE_ELEVES
from parcours import perms
from parcours.forms import ReferentsForm
from parcours.models import ReferentClasse
from parcours.services import entretiens as services
from parcours.services import fin_annee


def referents(request: HttpRequest, uuid) -> HttpResponse:
    division, _ = get_division_for_user(request, uuid)
    if not perms.peut_nommer_referents(request.perimetre, division.lycee_id):
        raise PermissionDenied("Seule la direction du lycée nomme les professeurs référents.")
    actuels = (
        ReferentClasse.objects.visible_to(request)
        .filter(division=division)
        .values_list("professeur_id", flat=True)
    )
    form = ReferentsForm(
        request.POST or None,
        professeurs=services.professeurs_du_lycee(division.lycee),
        initial={"professeurs": list(actuels)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nommer_referents(request, division, list(form.cleaned_data["professeurs"]))
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"Professeurs référents de {division.nom} enregistrés.")
            return redirect(reverse("parcours:referents", args=[division.uuid]))
    return render(request, "parcours/referents.html", {"division": division, "form": form})


def _date(valeur):
    try:
        return datetime.date.fromisoformat(valeur) if valeur else None
    except ValueError:
        return "invalide"


def grille_fin_annee(request: HttpRequest, uuid) -> HttpResponse:
    """Exam results and outcomes of a whole class in one grid (like the attendance grid)."""
    division, _ = get_division_for_user(request, uuid)
    eleves = list(
        Eleve.objects.visible_to(request)
        .filter(division=division)
        .select_related("annee")
        .order_by(*ORDRE_ELEVES)
    )
    if not eleves or not perms.peut_saisir_fin_annee(request.perimetre, eleves[0]):
        raise PermissionDenied(
            "Seuls la direction du lycée et les conseillers désignés saisissent la fin d'année."
        )
    erreurs: dict[str, list[str]] = {}
    if request.method == "POST":
        lignes = {}
        for e in eleves:
            lignes[e.pk] = {
                "resultat_examen": request.POST.get(f"{e.pk}-resultat_examen", ""),
                "solution": request.POST.get(f"{e.pk}-solution", ""),
                "solution_le": _date(request.POST.get(f"{e.pk}-solution_le")),
                "solution_precision": request.POST.get(f"{e.pk}-solution_precision", ""),
                "parcoursup_accepte": request.POST.get(f"{e.pk}-parcoursup_accepte") == "1",
                "parcoursup_formation": e.parcoursup_formation,
            }
        try:
            n = fin_annee.enregistrer_grille(request, division, lignes)
        except ValidationError as exc:
            erreurs = exc.message_dict
            for e in eleves:  # show what was typed
                for champ, valeur in lignes[e.pk].items():
                    if champ != "solution_le" or valeur != "invalide":
                        setattr(e, champ, valeur)
        else:
            messages.success(request, f"Fin d'année de {division.nom} enregistrée ({n} élève(s) modifié(s)).")
            return redirect(reverse("parcours:fin_annee", args=[division.uuid]))
    journal.noter(request, eleves, nature=journal.Nature.LISTE)
    lignes = [
        {
            "eleve": e,
            "erreurs": {c.split("-", 1)[1]: m for c, m in erreurs.items() if c.startswith(f"{e.pk}-")},
        }
        for e in eleves
    ]
    return render(
        request,
        "parcours/fin_annee.html",
        {
            "division": division,
            "lignes": lignes,
            "resultats": ResultatExamen.choices,
            "solutions": Solution.choices,
            "erreurs": erreurs,
        },
        status=400 if erreurs else 200,
    )
