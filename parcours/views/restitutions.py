"""« Restitutions »: the professeur référent reads what the counsellors wrote and acknowledges it; the
lycée's staff and the counsellors see those of their students."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from avenirpro import journal
from avenirpro.pagination import PaginatorParIds
from parcours.models import Restitution
from parcours.perms import get_restitution_for_user
from parcours.services import entretiens as services


def restitutions(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    qs = Restitution.objects.visible_to(p).select_related("eleve__division", "auteur", "referent")
    a_moi = request.GET.get("vue", "a_moi" if p.est_professeur else "toutes") == "a_moi"
    if a_moi:
        qs = qs.filter(referent=request.user)
    if request.GET.get("lue") == "non":
        qs = qs.filter(lue_le__isnull=True)
    page = PaginatorParIds(qs.order_by("lue_le", "-cree_le", "-pk"), 50).get_page(request.GET.get("page"))
    journal.noter(request, page.object_list, nature=journal.Nature.LISTE)
    return render(
        request,
        "parcours/restitutions.html",
        {
            "page": page,
            "a_moi": a_moi,
            "non_lues": Restitution.objects.visible_to(p).filter(referent=request.user).non_lues().count(),
        },
    )


@require_POST
def restitution_lue(request: HttpRequest, uuid) -> HttpResponse:
    restitution, droits = get_restitution_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied("Seul le professeur référent destinataire en accuse réception.")
    services.accuser_reception(request, restitution)
    messages.success(
        request, f"Réception de la restitution sur {restitution.eleve.prenom} {restitution.eleve.nom} notée."
    )
    return redirect(reverse("parcours:restitutions"))
