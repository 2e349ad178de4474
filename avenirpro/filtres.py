"""What the apps' list filters (django-filter FilterSets, shared by pages and API) have in common."""

import functools

import django_filters
from rest_framework.exceptions import ValidationError

MESSAGE_VIDE = "Valeur vide : indiquez une valeur, ou retirez le paramètre."
MESSAGE_ANNEE = "Année scolaire invalide : indiquez sa première année (ex. 2026)."
MESSAGE_BOOLEEN = "Valeur invalide : indiquez « true » ou « false »."
BOOLEENS = {"true", "false", "True", "False"}


@functools.cache
def pour_api(filterset_class):
    """The API's variant of a page's FilterSet. On a page « ?lycee= » is the form's « all »; in the API
    the schema says uuid (or integer, date): a parameter given empty is a French 400, not « no filter »;
    a year must be four ASCII digits (« ² » passes ``isdigit``); a boolean is « true » or « false »."""

    class FiltresApi(filterset_class):
        def is_valid(self):
            # Before the form's own messages (DjangoFilterBackend asks is_valid first).
            annee = self.data.get("annee")
            if (
                "annee" in self.filters
                and annee is not None
                and not (len(annee) == 4 and annee.isascii() and annee.isdigit())
            ):
                raise ValidationError({"annee": [MESSAGE_ANNEE]})
            for nom, filtre in self.filters.items():
                if nom in self.data and self.data.get(nom) == "":
                    raise ValidationError({nom: [MESSAGE_VIDE]})
                # django-filter reads any other word as « no filter »: the schema says boolean.
                if (
                    isinstance(filtre, django_filters.BooleanFilter)
                    and nom in self.data
                    and self.data.get(nom) not in BOOLEENS
                ):
                    raise ValidationError({nom: [MESSAGE_BOOLEEN]})
            return super().is_valid()

    FiltresApi.__name__ = FiltresApi.__qualname__ = filterset_class.__name__
    return FiltresApi


class AnneeCouranteParDefaut:
    """An API viewset whose list shows the current school year unless ``?annee=`` asks for another (the
    FilterSet's ``annee`` filter); one object by its uuid is found whatever its year. Three years are
    kept: without it a national list would sort and count all of them for its first page."""

    chemin_annee = "annee"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if getattr(self, "action", None) == "list" and not self.request.query_params.get("annee"):
            from django.utils import timezone

            from avenirpro.models import AnneeScolaire

            # By its first calendar year: no query to fetch the year's row first.
            debut = AnneeScolaire.annee_debut_pour(timezone.localdate())
            queryset = queryset.filter(**{f"{self.chemin_annee}__annee_debut": debut})
        return queryset
