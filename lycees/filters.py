"""Filters of the class and student lists, shared by the pages and the API (django-filter; drf-spectacular
documents them). A lycée or a class the caller cannot read is a 404, never a silent fallback."""

import django_filters
from django.http import Http404

from avenirpro.filtres import FiltreAnneeScolaire
from lycees.models import Division, Eleve, Lycee

FAMILLE = [("informee", "Famille informée"), ("non_informee", "Famille pas encore informée")]


def _visible_ou_404(queryset, valeur):
    objet = queryset.filter(uuid=valeur).first()
    if objet is None:
        raise Http404
    return objet


class DivisionFilter(django_filters.FilterSet):
    lycee = django_filters.UUIDFilter(method="filtrer_lycee", label="Lycée (uuid)")
    annee = FiltreAnneeScolaire(label="Année scolaire (2026 pour 2026-2027)")

    class Meta:
        model = Division
        fields = []

    def filtrer_lycee(self, qs, name, value):
        return qs.filter(lycee=_visible_ou_404(Lycee.objects.visible_to(self.request), value))


class EleveFilter(DivisionFilter):
    division = django_filters.UUIDFilter(method="filtrer_division", label="Classe (uuid)")
    q = django_filters.CharFilter(method="filtrer_recherche", label="Nom, prénom ou INE")
    famille = django_filters.ChoiceFilter(choices=FAMILLE, method="filtrer_famille", label="Famille")

    class Meta:
        model = Eleve
        fields = []

    def filtrer_division(self, qs, name, value):
        return qs.filter(division=_visible_ou_404(Division.objects.visible_to(self.request), value))

    def filtrer_recherche(self, qs, name, value):
        return qs.recherche(value.strip()[:100])

    def filtrer_famille(self, qs, name, value):
        return qs.filter(famille_informee_le__isnull=value != "informee")
