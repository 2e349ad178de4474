"""Filters of the AvenirPro+ lists (the API's, through ``avenirpro.filtres.pour_api``)."""

import django_filters

from avenirplus.models import Inscription, MembreCohorte, Reunion
from avenirpro.filtres import FiltreAnneeScolaire


class FiltreAnnee(django_filters.FilterSet):
    annee = FiltreAnneeScolaire(label="Cohorte : première année civile de la terminale (2025)")


class MembreCohorteFilter(FiltreAnnee):
    class Meta:
        model = MembreCohorte
        fields = []


class ReunionFilter(FiltreAnnee):
    class Meta:
        model = Reunion
        fields = []


class InscriptionFilter(FiltreAnnee):
    en_cours = django_filters.BooleanFilter(
        field_name="sortie", lookup_expr="isnull", label="Sans sortie enregistrée"
    )

    class Meta:
        model = Inscription
        fields = []
