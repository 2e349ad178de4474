"""Office hours: list and publish, one permanence with its slots and bookings, the day's printable list."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from avenirpro.models import AnneeScolaire
from avenirpro.requetes import lire_uuid, objet_ou_404
from lycees.models import Eleve, Lycee
from lycees.perms import lycees_affectes
from parcours.enums import StatutEntretien
from parcours.forms import PermanenceForm, ReservationForm
from parcours.models import Entretien, Permanence
from parcours.perms import get_permanence_for_user, peut_reserver
from parcours.services import permanences as services


def _lycees_animes(p):
    """The lycées a counsellor holds office hours in (named on them this school year), or None: the
    pairs are read once per request (``lycees_affectes``), so « none » costs no query."""
    ids = lycees_affectes(p, AnneeScolaire.objects.courante().pk) if p.est_conseiller else set()
    return Lycee.objects.filter(pk__in=ids).order_by("nom") if ids else None


def permanences(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    aujourd_hui = timezone.localdate()
    liste = list(
        Permanence.objects.visible_to(p)
        .filter(date__gte=aujourd_hui)
        .select_related("lycee", "conseiller")[:100]
    )
    lycees = _lycees_animes(p)
    form = PermanenceForm(request.POST or None, lycees=lycees) if lycees is not None else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seuls les conseillers désignés dans un lycée publient des permanences.")
        if form.is_valid():
            donnees = dict(form.cleaned_data)
            lycee = donnees.pop("lycee")
            try:
                permanence = services.publier_permanence(request, lycee, **donnees)
            except ValidationError as e:
                ajouter_erreurs(form, e)
            else:
                messages.success(request, "Permanence publiée : ses créneaux sont ouverts à la réservation.")
                return redirect(reverse("parcours:permanence", args=[permanence.uuid]))
    return render(
        request,
        "parcours/permanences.html",
        {"permanences": liste, "form": form, "aujourd_hui": aujourd_hui},
        status=400 if request.method == "POST" else 200,
    )


def _contexte(request, permanence, droits, form=None):
    reservees = services.reservations(permanence)
    creneaux = [(h, reservees.get(h)) for h in services.creneaux(permanence)]
    libres = [h for h, e in creneaux if e is None]
    journal.noter(request, list(reservees.values()), nature=journal.Nature.PAGE)
    return {
        "permanence": permanence,
        "droits": droits,
        "creneaux": creneaux,
        "form": form or ReservationForm(creneaux=libres),
        "eleves": list(
            Eleve.objects.visible_to(request)
            .filter(lycee=permanence.lycee, annee=permanence.annee)
            .select_related("division")[:1000]
        ),
    }


def permanence(request: HttpRequest, uuid) -> HttpResponse:
    permanence, droits = get_permanence_for_user(request, uuid)
    contexte = _contexte(request, permanence, droits)
    journal.noter(request, contexte["eleves"], nature=journal.Nature.LISTE)
    return render(request, "parcours/permanence.html", contexte)


@require_POST
def permanence_reserver(request: HttpRequest, uuid) -> HttpResponse:
    permanence, droits = get_permanence_for_user(request, uuid)
    libres = [h for h in services.creneaux(permanence) if h not in services.reservations(permanence)]
    form = ReservationForm(request.POST, creneaux=services.creneaux(permanence))
    if form.is_valid():
        eleve = objet_ou_404(
            Eleve.objects.visible_to(request).select_related("annee"), form.cleaned_data["eleve"]
        )
        if not peut_reserver(request.perimetre, eleve):
            raise PermissionDenied(
                "Seuls le conseiller désigné et la direction du lycée réservent un créneau."
            )
        heure = datetime.time.fromisoformat(form.cleaned_data["heure"])
        try:
            services.reserver(request, permanence, eleve, heure)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"{eleve.prenom} {eleve.nom} a rendez-vous à {heure:%H:%M}.")
            return redirect(reverse("parcours:permanence", args=[permanence.uuid]))
    contexte = _contexte(request, permanence, droits, form=form)
    contexte["form"].fields["heure"].choices = [(h.strftime("%H:%M"), h.strftime("%H:%M")) for h in libres]
    return render(request, "parcours/permanence.html", contexte, status=400)


def rendez_vous_du_jour(request: HttpRequest) -> HttpResponse:
    """The day's appointments of the lycée, to print for its reception."""
    p = request.perimetre
    jour_texte = request.GET.get("jour")
    try:
        jour = datetime.date.fromisoformat(jour_texte) if jour_texte else timezone.localdate()
    except ValueError:
        raise Http404 from None
    qs = Entretien.objects.visible_to(p).filter(date=jour).exclude(statut=StatutEntretien.MANQUE)
    if (lycee := lire_uuid(request.GET.get("lycee"))) is not None:
        qs = qs.filter(lycee=objet_ou_404(Lycee.objects.visible_to(p), lycee))
    rendez_vous = list(
        qs.select_related("eleve__division", "lycee", "conseiller", "permanence").order_by(
            "lycee__nom", "heure", "pk"
        )
    )
    journal.noter(request, rendez_vous, nature=journal.Nature.LISTE)
    return render(request, "parcours/rendez_vous_du_jour.html", {"jour": jour, "rendez_vous": rendez_vous})
