"""Filters of the caseload and of the follow-up lists, shared by the pages and the API. A lycée, a class
or a student the caller cannot read is a 404, never a silent fallback."""

import datetime

import django_filters
from django.http import Http404
from django.utils import timezone

from ateliers.filters import FiltreLycee
from avenirpro.filtres import FiltreAnneeScolaire
from lycees.enums import Diplome, ParcoursChoisi
from lycees.models import Division, Eleve
from parcours import queries
from parcours.enums import StatutAlerte, StatutEntretien
from parcours.models import AlerteDecrochage, Entretien, Permanence, Restitution

ALERTES = [("ouverte", "Alerte ouverte"), ("aucune", "Sans alerte ouverte")]
SOLUTIONS = [("connue", "Solution connue"), ("inconnue", "Pas de solution connue")]
TRIS = [
    ("nom", "Nom"),
    ("classe", "Classe"),
    ("dernier_entretien", "Dernier entretien (le plus ancien d'abord)"),
    ("-dernier_entretien", "Dernier entretien (le plus récent d'abord)"),
    ("themes", "Thèmes suivis"),
]


def _visible_ou_404(queryset, valeur):
    objet = queryset.filter(uuid=valeur).first()
    if objet is None:
        raise Http404
    return objet


class SuiviFilter(FiltreLycee):
    """The caseload (« Mes élèves »); its queryset is ``queries.suivi_annote``."""

    chemin_lycee = "lycee"

    q = django_filters.CharFilter(method="filtrer_recherche", label="Nom, prénom ou INE")
    division = django_filters.UUIDFilter(method="filtrer_division", label="Classe (uuid)")
    diplome = django_filters.ChoiceFilter(choices=Diplome.choices, label="Diplôme")
    themes = django_filters.TypedChoiceFilter(
        choices=[(str(n), str(n)) for n in range(5)],
        coerce=int,
        method="filtrer_themes",
        label="Nombre de thèmes d'ateliers suivis (0 à 4)",
    )
    sans_entretien_depuis = django_filters.NumberFilter(
        method="filtrer_sans_entretien", min_value=1, max_value=104, label="Sans entretien depuis (semaines)"
    )
    jamais_vu = django_filters.BooleanFilter(method="filtrer_jamais_vu", label="Jamais reçu en entretien")
    alerte = django_filters.ChoiceFilter(choices=ALERTES, method="filtrer_alerte", label="Alerte décrochage")
    parcours = django_filters.ChoiceFilter(
        choices=[c for c in ParcoursChoisi.choices if c[0]], label="Parcours choisi"
    )
    solution = django_filters.ChoiceFilter(choices=SOLUTIONS, method="filtrer_solution", label="Solution")
    tri = django_filters.ChoiceFilter(choices=TRIS, method="trier", label="Tri")

    class Meta:
        model = Eleve
        fields = []

    def _aujourd_hui(self) -> datetime.date:
        return timezone.localdate()

    def filtrer_recherche(self, qs, name, value):
        return qs.recherche(value)

    def filtrer_division(self, qs, name, value):
        return qs.filter(division=_visible_ou_404(Division.objects.visible_to(self.request), value))

    def filtrer_themes(self, qs, name, value):
        return queries.filtrer(qs, {"themes": value}, self._aujourd_hui())

    def filtrer_sans_entretien(self, qs, name, value):
        return queries.filtrer(qs, {"sans_entretien_depuis": value}, self._aujourd_hui())

    def filtrer_jamais_vu(self, qs, name, value):
        return (
            qs.filter(dernier_entretien__isnull=True) if value else qs.filter(dernier_entretien__isnull=False)
        )

    def filtrer_alerte(self, qs, name, value):
        return queries.filtrer(qs, {"alerte": value}, self._aujourd_hui())

    def filtrer_solution(self, qs, name, value):
        return queries.filtrer(qs, {"solution": value}, self._aujourd_hui())

    def trier(self, qs, name, value):
        return qs.order_by(*queries.TRIS.get(value, queries.TRIS["nom"]))


class FiltreEleve(FiltreLycee):
    chemin_lycee = "lycee"

    eleve = django_filters.UUIDFilter(method="filtrer_eleve", label="Élève (uuid)")

    def filtrer_eleve(self, qs, name, value):
        return qs.filter(eleve=_visible_ou_404(Eleve.objects.visible_to(self.request), value))


class EntretienFilter(FiltreEleve):
    statut = django_filters.ChoiceFilter(choices=StatutEntretien.choices, label="Statut")
    date_min = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="À partir du")
    date_max = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Jusqu'au")
    annee = FiltreAnneeScolaire(
        label="Année scolaire (2026 pour 2026-2027 ; par défaut l'année en cours)",
    )

    class Meta:
        model = Entretien
        fields = []


class RestitutionFilter(FiltreEleve):
    lue = django_filters.BooleanFilter(field_name="lue_le", lookup_expr="isnull", exclude=True, label="Lue")

    class Meta:
        model = Restitution
        fields = []


class AlerteFilter(FiltreEleve):
    statut = django_filters.ChoiceFilter(choices=StatutAlerte.choices, label="Statut")

    class Meta:
        model = AlerteDecrochage
        fields = []


class PermanenceFilter(FiltreLycee):
    chemin_lycee = "lycee"

    date_min = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="À partir du")
    date_max = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Jusqu'au")

    class Meta:
        model = Permanence
        fields = []
