"""Events (annex 1.3): list, create, edit, detail with the attending students, choose the participants."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ateliers import services
from ateliers.filters import EvenementFilter
from ateliers.forms import EvenementForm
from ateliers.models import Evenement
from ateliers.perms import get_evenement_for_user, lycees_animes, lycees_lisibles
from ateliers.queries import compter_participants
from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from avenirpro.models import AnneeScolaire
from avenirpro.pagination import PaginatorParIds
from avenirpro.requetes import annee_demandee
from lycees.models import Division, Eleve, Lycee


def evenements(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    lycees = list(lycees_lisibles(p))
    qs = (
        Evenement.objects.visible_to(p)
        .filter(annee=annee_demandee(request))
        .select_related("organisateur")
        .prefetch_related(Prefetch("lycees", queryset=Lycee.objects.only("uuid", "nom", "uai")))
        .order_by("-date", "titre", "pk")
    )
    donnees = request.GET.copy()
    donnees.pop("annee", None)  # filtered above, on the column
    filtre = EvenementFilter(donnees, queryset=qs, request=request)
    lycee = filtre.lycee_choisi()
    page = PaginatorParIds(filtre.qs, 50).get_page(request.GET.get("page"))
    page.object_list = compter_participants(list(page.object_list))
    return render(
        request,
        "ateliers/evenements.html",
        {"page": page, "lycees": lycees, "lycee": lycee, "peut_creer": bool(lycees_animes(p))},
    )


def _form(request, p, annee, lycees_en_plus=(), **kwargs) -> EvenementForm:
    ids = lycees_animes(p, annee.pk) | {lycee.pk for lycee in lycees_en_plus}
    return EvenementForm(
        request.POST or None,
        lycees=Lycee.objects.filter(pk__in=ids).order_by("nom"),
        divisions=Division.objects.visible_to(p)
        .filter(lycee__in=lycees_animes(p, annee.pk), annee=annee)
        .select_related("lycee")
        .order_by("lycee__nom", "nom"),
        **kwargs,
    )


def evenement_nouveau(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    annee = AnneeScolaire.objects.courante()
    if not lycees_animes(p, annee.pk):
        raise PermissionDenied(
            "Seuls les conseillers désignés dans un lycée cette année organisent des évènements."
        )
    lycees = list(Lycee.objects.filter(pk__in=lycees_animes(p, annee.pk)))
    form = _form(request, p, annee, initial={"lycees": lycees if len(lycees) == 1 else []})
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        divisions = donnees.pop("divisions")
        try:
            evenement = services.creer_evenement(p, divisions=divisions, **donnees)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Évènement enregistré.")
            return redirect("ateliers:evenement", uuid=evenement.uuid)
    return render(request, "ateliers/evenement_form.html", {"form": form, "evenement": None})


def evenement_modifier(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    evenement, droits = get_evenement_for_user(request, uuid)
    lycees = list(evenement.lycees.all())
    if not droits.modifier:
        raise PermissionDenied("Seuls les conseillers de l'opérateur organisateur modifient cet évènement.")
    initial = {
        "type": evenement.type,
        "titre": evenement.titre,
        "date": evenement.date,
        "lycees": lycees,
        "partenaires": evenement.partenaires,
        "partenaires_autres": evenement.partenaires_autres,
        "nombre_employeurs": evenement.nombre_employeurs,
        "description": evenement.description,
    }
    form = _form(request, p, evenement.annee, lycees, initial=initial)
    form.fields["divisions"].help_text = (
        "Les élèves des classes cochées s'ajoutent aux participants ; "
        "la liste se précise élève par élève depuis la fiche de l'évènement."
    )
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        divisions = donnees.pop("divisions")
        try:
            services.modifier_evenement(evenement, p, divisions=divisions, **donnees)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Évènement modifié.")
            return redirect("ateliers:evenement", uuid=evenement.uuid)
    return render(request, "ateliers/evenement_form.html", {"form": form, "evenement": evenement})


def evenement_detail(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    evenement, droits = get_evenement_for_user(request, uuid)
    lycees = list(evenement.lycees.order_by("nom"))
    participants = list(services.participants_visibles(evenement, p))
    journal.noter(request, participants, nature=journal.Nature.LISTE)
    return render(
        request,
        "ateliers/evenement_detail.html",
        {
            "evenement": evenement,
            "lycees": lycees,
            "participants": participants,
            "nb_participants": evenement.eleves.through.objects.filter(evenement=evenement).count(),
            "peut_modifier": droits.modifier,
        },
    )


def evenement_participants(request: HttpRequest, uuid) -> HttpResponse:
    """Tick the students who attended, among those of the event's lycées this user may see."""
    p = request.perimetre
    evenement, droits = get_evenement_for_user(request, uuid)
    lycees = list(evenement.lycees.all())
    if not droits.modifier:
        raise PermissionDenied("Seuls les conseillers de l'opérateur organisateur modifient cet évènement.")
    eleves = list(
        Eleve.objects.visible_to(p)
        .filter(lycee__in=lycees, annee=evenement.annee)
        .select_related("division", "lycee")
        .order_by("lycee__nom", "division__nom", "nom", "prenom", "pk")
    )
    journal.noter(request, eleves, nature=journal.Nature.LISTE)
    erreurs, statut = [], 200
    if request.method == "POST":
        choisis = set(request.POST.getlist("eleves"))
        try:
            services.modifier_evenement(evenement, p, eleves=choisis)
        except ValidationError as e:
            erreurs, statut = e.messages, 400
        else:
            messages.success(request, "Participants enregistrés.")
            return redirect("ateliers:evenement", uuid=evenement.uuid)
    else:
        choisis = {
            str(u) for u in services.participants_visibles(evenement, p).values_list("uuid", flat=True)
        }
    lignes = [(e, str(e.uuid) in choisis) for e in eleves]
    groupes = [
        (cle, list(rangs))
        for cle, rangs in groupby(lignes, key=lambda ligne: (ligne[0].lycee, ligne[0].division))
    ]
    return render(
        request,
        "ateliers/evenement_participants.html",
        {
            "evenement": evenement,
            "groupes": groupes,
            "nb_choisis": sum(1 for _, choisi in lignes if choisi),
            "total": len(lignes),
            "erreurs": erreurs,
        },
        status=statut,
    )
