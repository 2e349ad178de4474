"""What the apps' list filters (django-filter FilterSets, shared by pages and API) have in common."""

import functools

import django_filters
from django.db.models import Subquery
from rest_framework.exceptions import ValidationError

MESSAGE_VIDE = "Valeur vide : indiquez une valeur, ou retirez le paramètre."
MESSAGE_ANNEE = "Année scolaire invalide : indiquez sa première année (ex. 2026)."
MESSAGE_BOOLEEN = "Valeur invalide : indiquez « true » ou « false »."
BOOLEENS = {"true", "false", "True", "False"}


def annee_par_debut(debut: int) -> Subquery:
    """The id of the school year that starts in ``debut``, as a scalar subquery: ``annee_id = (SELECT …)``
    is an index condition that PostgreSQL combines with the grants' (lycée, year) index, where a join on
    the year's table (``annee__annee_debut=``) made it read the whole year's rows of the country (a
    bitmap of 260,000 students) before keeping a counsellor's 3,300."""
    from avenirpro.models import AnneeScolaire

    return Subquery(AnneeScolaire.objects.filter(annee_debut=debut).values("pk")[:1])


class FiltreAnneeScolaire(django_filters.NumberFilter):
    """``?annee=2026``: the school year 2026-2027, by its first calendar year (``annee_par_debut``)."""

    def __init__(self, *, label: str, chemin: str = "annee"):
        super().__init__(field_name=chemin, label=label)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        return qs.filter(**{self.field_name: annee_par_debut(int(value))})


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

            debut = AnneeScolaire.annee_debut_pour(timezone.localdate())
            queryset = queryset.filter(**{self.chemin_annee: annee_par_debut(debut)})
        return queryset
