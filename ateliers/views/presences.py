"""Attendance: the phone-friendly grid (everyone present, tap the absent ones) and the sign-in sheet (PDF)."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ateliers import services
from ateliers.perms import get_seance_for_user
from avenirpro import journal
from avenirpro.pdf import pdf_response, render_pdf
from lycees.models import Division


def seance_presences(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    seance, droits = get_seance_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied("Seuls les conseillers désignés pour ce lycée saisissent les présences.")
    eleves = list(services.eleves_de_seance(seance, p))
    journal.noter(request, eleves, nature=journal.Nature.LISTE)
    erreurs, statut = [], 200
    if request.method == "POST":
        absents = request.POST.getlist("absents")
        try:
            presents, total = services.enregistrer_presences(seance, p, absents)
        except ValidationError as e:
            erreurs, statut = e.messages, 400
            absents_affiches = set(absents)
        else:
            messages.success(request, f"Présences enregistrées : {presents} présents / {total}.")
            return redirect("ateliers:seance", uuid=seance.uuid)
    else:
        etat = services.etat_presences(seance, p)
        absents_affiches = {str(e.uuid) for e in eleves if etat.get(e.pk, True) is False}
    lignes = [(e, str(e.uuid) not in absents_affiches) for e in eleves]
    groupes = [
        (division, list(rangs)) for division, rangs in groupby(lignes, key=lambda ligne: ligne[0].division)
    ]
    return render(
        request,
        "ateliers/presences.html",
        {
            "seance": seance,
            "groupes": groupes,
            "nb_presents": sum(1 for _, present in lignes if present),
            "total": len(lignes),
            "erreurs": erreurs,
            "saisie_possible": not seance.est_annulee and seance.date <= timezone.localdate(),
        },
        status=statut,
    )


def seance_emargement(request: HttpRequest, uuid) -> HttpResponse:
    """The printable sign-in sheet of a séance: its students, with a signature column."""
    p = request.perimetre
    seance, _droits = get_seance_for_user(request, uuid)
    eleves = list(services.eleves_de_seance(seance, p))
    journal.noter(request, eleves, nature=journal.Nature.PDF)
    contexte = {
        "seance": seance,
        "classes": Division.objects.visible_to(p).filter(seances=seance).order_by("nom"),
        "conseillers": seance.conseillers.order_by("nom", "prenom"),
        "groupes": [(division, list(rangs)) for division, rangs in groupby(eleves, key=lambda e: e.division)],
        "total": len(eleves),
        "edite_le": timezone.localtime(),
    }
    pdf = render_pdf("ateliers/emargement.html", contexte, request=request)
    return pdf_response(pdf, f"emargement-{seance.lycee.uai}-{seance.date:%Y%m%d}.pdf")
