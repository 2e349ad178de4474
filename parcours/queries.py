"""The caseload (« Mes élèves »): the students one follows this year, each with what the filters and the
columns need, computed by correlated subqueries (the query count does not grow with the students)."""

import datetime

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ateliers.enums import StatutSeance
from ateliers.models import Presence
from lycees.enums import Solution
from lycees.models import Eleve
from lycees.recherche import ORDRE_ELEVES
from parcours.enums import StatutAlerte, StatutEntretien
from parcours.models import AlerteDecrochage, Entretien

TRIS = {
    "nom": ORDRE_ELEVES,
    "classe": ("division__nom", *ORDRE_ELEVES),
    "dernier_entretien": ("dernier_entretien", *ORDRE_ELEVES),
    "-dernier_entretien": ("-dernier_entretien", *ORDRE_ELEVES),
    "themes": ("nb_themes", *ORDRE_ELEVES),
}


def suivi_annote(p, queryset=None):
    """Students visible to ``p`` with ``nb_themes`` (of the four, attended at a held séance),
    ``dernier_entretien`` (date of the last interview held) and ``alerte_ouverte``."""
    qs = queryset if queryset is not None else Eleve.objects.visible_to(p)
    themes = (
        Presence.objects.visible_to(p)
        .filter(eleve=OuterRef("pk"), present=True, seance__statut=StatutSeance.REALISEE)
        .order_by()
        .values("eleve")
        .annotate(n=Count("seance__theme", distinct=True))
        .values("n")
    )
    dernier = (
        Entretien.objects.visible_to(p)
        .filter(eleve=OuterRef("pk"), statut=StatutEntretien.REALISE)
        .order_by()
        .values("eleve")
        .annotate(d=Max("date"))
        .values("d")
    )
    alertes = AlerteDecrochage.objects.visible_to(p).filter(eleve=OuterRef("pk"), statut=StatutAlerte.OUVERTE)
    return qs.annotate(
        nb_themes=Coalesce(Subquery(themes, output_field=IntegerField()), Value(0)),
        dernier_entretien=Subquery(dernier),
        alerte_ouverte=Exists(alertes),
    )


def filtrer(qs, criteres: dict, aujourd_hui: datetime.date):
    """The caseload's filters (already checked by the FilterSet): themes, last interview, alert, outcome."""
    if (n := criteres.get("themes")) not in (None, ""):
        qs = qs.filter(nb_themes=int(n))
    if (semaines := criteres.get("sans_entretien_depuis")) not in (None, ""):
        limite = aujourd_hui - datetime.timedelta(weeks=int(semaines))
        qs = qs.filter(Q(dernier_entretien__isnull=True) | Q(dernier_entretien__lt=limite))
    if criteres.get("jamais_vu"):
        qs = qs.filter(dernier_entretien__isnull=True)
    if criteres.get("alerte") == "ouverte":
        qs = qs.filter(alerte_ouverte=True)
    elif criteres.get("alerte") == "aucune":
        qs = qs.filter(alerte_ouverte=False)
    if criteres.get("solution") == "connue":
        qs = qs.filter(solution__in=Solution.connues())
    elif criteres.get("solution") == "inconnue":
        qs = qs.exclude(solution__in=Solution.connues())
    return qs
