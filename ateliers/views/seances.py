"""Séances: list, plan, edit, detail with flags, held/cancelled, the four themes per class, ICS feed."""

import datetime

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from ateliers import ics, queries, services
from ateliers.enums import StatutSeance
from ateliers.filters import PERIODES, SeanceFilter
from ateliers.forms import ChoixLyceeForm, SeanceForm
from ateliers.models import Presence, Seance
from ateliers.perms import get_seance_for_user, lycees_animes, lycees_lisibles
from ateliers.views import choisir, classes_prefetch, conseillers_prefetch
from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from avenirpro.models import AnneeScolaire, User
from avenirpro.pagination import PaginatorParIds
from avenirpro.requetes import annee_demandee, lien
from lycees.models import Division, Eleve, Lycee


def aujourdhui(request: HttpRequest) -> HttpResponse:
    """« Aujourd'hui »: the séances of the day, one tap from « Mon espace » (the list, that period)."""
    return seances(request, periode="aujourdhui")


def seances(request: HttpRequest, periode: str | None = None) -> HttpResponse:
    p = request.perimetre
    lycees = list(lycees_lisibles(p))
    annee = annee_demandee(request)
    qs = (
        Seance.objects.visible_to(p)
        .filter(annee=annee)
        .select_related("lycee")
        .prefetch_related(classes_prefetch(p), conseillers_prefetch())
    )
    donnees = request.GET.copy()
    donnees.pop("annee", None)  # filtered above, on the column (the filter's own goes through a join)
    if periode:
        donnees["periode"] = periode
    if donnees.get("periode") not in PERIODES:
        donnees["periode"] = "a_venir"
    filtre = SeanceFilter(donnees, queryset=qs, request=request)
    lycee, periode, aujourd_hui = filtre.lycee_choisi(), donnees["periode"], timezone.localdate()
    page = PaginatorParIds(filtre.qs, 50).get_page(request.GET.get("page"))
    page.object_list = queries.compter_presences(list(page.object_list))
    return render(
        request,
        "ateliers/seances.html",
        {
            "page": page,
            "lignes": _lignes(page.object_list, aujourd_hui),
            "lycees": lycees,
            "lycee": lycee,
            "periode": periode,
            "periodes": PERIODES,
            "aujourd_hui": aujourd_hui,
            "peut_planifier": bool(lycees_animes(p)),
            "titre": f"Aujourd'hui, {aujourd_hui:%d/%m/%Y}"
            if periode == "aujourdhui"
            else "Ateliers collectifs",
        },
    )


def _lignes(seances, aujourd_hui) -> list[dict]:
    """The list's rows as plain values (``avenirpro.lignes``), the link built from one reverse."""
    vers = lien("ateliers:seance")
    return [
        {
            "url": f"{vers.avant}{s.uuid}{vers.apres}",
            "quand": f"{dateformat.format(s.date, 'D d/m/Y')} {s.heure_debut:%H}h{s.heure_debut:%M}",
            "theme": f"{s.theme}. {s.theme_court}",
            "lycee": s.lycee.nom,
            "classes": ", ".join(d.nom for d in s.classes),
            "conseillers": ", ".join(str(c) for c in s.conseillers.all()),
            "badge": s.badge_statut(aujourd_hui),
            "presences": f"{s.nb_presents} / {s.nb_presences}" if s.nb_presences else "—",
        }
        for s in seances
    ]


def _conseillers_designes(lycee, annee):
    return User.objects.filter(affectations__lycee=lycee, affectations__annee=annee).order_by("nom", "prenom")


def seance_nouvelle(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    annee = AnneeScolaire.objects.courante()
    lycees = list(Lycee.objects.filter(pk__in=lycees_animes(p, annee.pk)).order_by("nom"))
    if not lycees:
        raise PermissionDenied(
            "Seuls les conseillers désignés dans un lycée cette année planifient des séances."
        )
    lycee = choisir(lycees, request.POST.get("lycee") or request.GET.get("lycee"))
    if lycee is None and len(lycees) == 1:
        lycee = lycees[0]
    if lycee is None:
        form = ChoixLyceeForm(lycees=Lycee.objects.filter(pk__in=[x.pk for x in lycees]))
        return render(request, "ateliers/seance_choix_lycee.html", {"form": form})
    form = SeanceForm(
        request.POST or None,
        divisions=Division.objects.visible_to(p).filter(lycee=lycee, annee=annee).order_by("nom"),
        conseillers=_conseillers_designes(lycee, annee),
        initial={"conseillers": [p.user], "theme": 1, "duree_minutes": 120},
    )
    if request.method == "POST" and form.is_valid():
        try:
            seance = services.planifier_seance(p, lycee=lycee, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Séance planifiée.")
            return redirect("ateliers:seance", uuid=seance.uuid)
    return render(request, "ateliers/seance_form.html", {"form": form, "lycee": lycee, "seance": None})


def seance_modifier(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    seance, droits = get_seance_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied(
            "Seuls les conseillers désignés pour ce lycée cette année modifient ses séances."
        )
    if seance.est_annulee:
        messages.error(request, "Une séance annulée ne se modifie plus.")
        return redirect("ateliers:seance", uuid=seance.uuid)
    divisions = Division.objects.visible_to(p).filter(lycee=seance.lycee, annee=seance.annee).order_by("nom")
    initial = {
        "theme": seance.theme,
        "divisions": [d.uuid for d in divisions.filter(seances=seance)],
        "date": seance.date,
        "heure_debut": seance.heure_debut,
        "duree_minutes": seance.duree_minutes,
        "conseillers": list(seance.conseillers.all()),
        "membre_equipe_nom": seance.membre_equipe_nom,
        "membre_equipe_fonction": seance.membre_equipe_fonction,
        "services_numeriques": seance.services_numeriques,
        "services_numeriques_autre": seance.services_numeriques_autre,
        "adaptations_locales": seance.adaptations_locales,
    }
    form = SeanceForm(
        request.POST or None,
        initial=initial,
        divisions=divisions,
        conseillers=_conseillers_designes(seance.lycee, seance.annee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_seance(seance, p, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Séance modifiée.")
            return redirect("ateliers:seance", uuid=seance.uuid)
    return render(
        request, "ateliers/seance_form.html", {"form": form, "lycee": seance.lycee, "seance": seance}
    )


def seance_detail(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    seance, droits = get_seance_for_user(request, uuid)
    aujourd_hui = timezone.localdate()
    presences = Presence.objects.visible_to(p).filter(seance=seance)
    compte = presences.aggregate(total=Count("pk"), presents=Count("pk", filter=Q(present=True)))
    try:
        questionnaire = seance.questionnaire
    except ObjectDoesNotExist:
        questionnaire = None
    absents = list(
        Eleve.objects.visible_to(p)
        .filter(presences__seance=seance, presences__present=False)
        .select_related("division")
        .order_by("nom", "prenom")
    )
    journal.noter(request, absents, nature=journal.Nature.LISTE)
    return render(
        request,
        "ateliers/seance_detail.html",
        {
            "seance": seance,
            "classes": Division.objects.visible_to(p).filter(seances=seance).order_by("nom"),
            "conseillers": seance.conseillers.order_by("nom", "prenom"),
            "alertes": services.alertes_seance(seance),
            "peut_modifier": droits.modifier,
            "compte": compte,
            "absents": absents,
            "questionnaire": questionnaire,
            "satisfaction": queries.satisfaction_seance(seance) if questionnaire else None,
            "aujourd_hui": aujourd_hui,
            "badge": seance.badge_statut(aujourd_hui),
        },
    )


@require_POST
def seance_realiser(request: HttpRequest, uuid) -> HttpResponse:
    seance, _droits = get_seance_for_user(request, uuid)
    try:
        services.realiser_seance(seance, request)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, "Séance déclarée réalisée : le questionnaire de satisfaction est ouvert 14 jours."
        )
    return redirect("ateliers:seance", uuid=seance.uuid)


@require_POST
def seance_annuler(request: HttpRequest, uuid) -> HttpResponse:
    seance, _droits = get_seance_for_user(request, uuid)
    try:
        services.annuler_seance(seance, request)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Séance annulée.")
    return redirect("ateliers:seance", uuid=seance.uuid)


def suivi(request: HttpRequest) -> HttpResponse:
    """The four themes, class by class: share of students who attended each."""
    p = request.perimetre
    annee = AnneeScolaire.objects.courante()
    lycees = list(lycees_lisibles(p))
    lycee = choisir(lycees, request.GET.get("lycee")) or (lycees[0] if lycees else None)
    lignes = queries.suivi_themes(p, lycee, annee) if lycee else []
    return render(
        request,
        "ateliers/suivi.html",
        {
            "lycees": lycees,
            "lycee": lycee,
            "annee": annee,
            "lignes": lignes,
            "themes": queries.Theme,
            "seuil_couvert": queries.SEUIL_THEME_COUVERT,
        },
    )


def seances_ics(request: HttpRequest) -> HttpResponse:
    """The planned séances as a calendar file: a counsellor's own, the lycée's for its staff."""
    p = request.perimetre
    depuis = timezone.localdate() - datetime.timedelta(days=31)
    qs = (
        Seance.objects.visible_to(p)
        .filter(statut=StatutSeance.PREVUE, date__gte=depuis)
        .select_related("lycee")
        .prefetch_related(classes_prefetch(p))
        .order_by("date", "heure_debut")
    )
    if p.est_conseiller:
        qs = qs.filter(conseillers=p.user)
    maintenant = timezone.now()
    corps = ics.calendrier(
        ics.evenement_ics(
            s,
            [d.nom for d in s.classes],
            maintenant,
            request.build_absolute_uri(reverse("ateliers:seance", kwargs={"uuid": s.uuid})),
        )
        for s in qs[:1000]
    )
    response = HttpResponse(corps, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "ateliers-avenirpro.ics")
    return response
