"""Filters of the séance and event lists, shared by the pages and the API (django-filter; drf-spectacular
documents them). A lycée the caller cannot read is a 404, never a silent fallback to every lycée."""

import django_filters
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from ateliers.enums import StatutSeance, Theme, TypeEvenement
from ateliers.models import Evenement, Seance
from avenirpro.filtres import FiltreAnneeScolaire
from lycees.models import Lycee

PERIODES = {"aujourdhui": "Aujourd'hui", "a_venir": "À venir", "passees": "Passées", "toutes": "Toutes"}


class FiltreLycee(django_filters.FilterSet):
    lycee = django_filters.UUIDFilter(method="filtrer_lycee", label="Lycée (uuid)")

    def lycee_choisi(self) -> Lycee | None:
        valeur = self.form.cleaned_data.get("lycee") if self.form.is_valid() else None
        if valeur is None:
            return None
        lycee = Lycee.objects.visible_to(self.request).filter(uuid=valeur).first()
        if lycee is None:
            raise Http404
        return lycee

    def filtrer_lycee(self, qs, name, value):
        lycee = self.lycee_choisi()
        return qs if lycee is None else qs.filter(**{self.chemin_lycee: lycee})


class SeanceFilter(FiltreLycee):
    chemin_lycee = "lycee"

    statut = django_filters.ChoiceFilter(choices=StatutSeance.choices, label="Statut")
    theme = django_filters.TypedChoiceFilter(choices=Theme.choices, coerce=int, label="Thème")
    date_min = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="À partir du")
    date_max = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Jusqu'au")
    periode = django_filters.ChoiceFilter(
        choices=list(PERIODES.items()), method="filtrer_periode", label="Période"
    )
    annee = FiltreAnneeScolaire(
        label="Année scolaire (2026 pour 2026-2027 ; par défaut l'année en cours)",
    )

    class Meta:
        model = Seance
        fields = []

    def filtrer_periode(self, qs, name, value):
        """« Aujourd'hui »: today's séances, held or not; « à venir »: planned from today, soonest first,
        and today's even once held (field trial: a séance vanished from the list the moment its attendance
        was saved); « passées »: held or past, latest first."""
        aujourd_hui = timezone.localdate()
        if value == "aujourdhui":
            return qs.filter(date=aujourd_hui).order_by("heure_debut", "pk")
        if value == "a_venir":
            return qs.filter(
                Q(date__gte=aujourd_hui, statut=StatutSeance.PREVUE) | Q(date=aujourd_hui)
            ).order_by("date", "heure_debut", "pk")
        if value == "passees":
            return qs.filter(Q(date__lt=aujourd_hui) | Q(statut=StatutSeance.REALISEE)).order_by(
                "-date", "-heure_debut", "-pk"
            )
        return qs.order_by("-date", "-heure_debut", "-pk")


class EvenementFilter(FiltreLycee):
    chemin_lycee = "lycees"

    type = django_filters.ChoiceFilter(choices=TypeEvenement.choices, label="Type d'évènement")
    annee = FiltreAnneeScolaire(
        label="Année scolaire (2026 pour 2026-2027 ; par défaut l'année en cours)",
    )

    class Meta:
        model = Evenement
        fields = []
