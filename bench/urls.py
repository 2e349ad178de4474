"""The product's URLs plus the benchmark's minimal page (the baseline every page is compared with)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from avenirpro.urls import urlpatterns as produit
from lycees.models import Eleve

RAISON = "banc d'essai : page minimale, 50 élèves d'un lycée par une requête indexée"


@require_GET
def minimale(request) -> HttpResponse:
    """One indexed query (50 students of a lycée and year, ``?lycee=<id>&annee=<id>``), a plain template,
    behind the same middleware as every page (session, signed-in user, périmètre)."""
    try:
        lycee_id, annee_id = int(request.GET["lycee"]), int(request.GET["annee"])
    except (KeyError, ValueError):
        return HttpResponse("?lycee=<id>&annee=<id>", status=400, content_type="text/plain")
    eleves = (
        Eleve.objects.unscoped(RAISON)
        .filter(lycee_id=lycee_id, annee_id=annee_id)
        .only("nom", "prenom", "date_naissance")
        .order_by("nom", "prenom")[:50]
    )
    return render(request, "bench/minimale.html", {"eleves": eleves})


urlpatterns = [path("_bench/minimale/", minimale, name="bench_minimale"), *produit]
