"""Fail-closed querysets for models that hold personal data, and the guard behind them.

A queryset of a personal-data model (``PersonalDataModel`` with a ``ScopedQuerySet`` manager) refuses to
be BUILT — ``filter``, ``values``, ``annotate``, ``all``, ``raw``, use as a subquery… — until it has a
*portée*:
- ``visible_to(perimetre)``: the rows the apps' grants give (``avenirpro.access``);
- ``pour_agregats(perimetre)``: counts only, for pilots: grouped counts on categorical columns are
  allowed; fetching rows, selecting, filtering on or aggregating a personal column raises;
- ``unscoped(reason)``: every row, for a global task that says why (administration, jobs, the grants).

A second guard runs when any query is compiled (``avenirpro.db``, our database backends): a query that
JOINS a personal-data table without a portée raises (``Lycee.objects.values("eleves__nom")``,
``Affectation.objects.filter(lycee__eleves__nom=…)``): the existence oracle and the reverse joins are
closed whatever model they start from. Forward relations (``presence.eleve``) and Django's own
cascades go through the base manager on the object's own table: they read only what one already holds.
"""

import contextlib
import contextvars
import functools

from django.apps import apps
from django.db import models
from django.db.models import Count
from django.db.models.sql.datastructures import BaseTable

from avenirpro.access import en_perimetre, q_accordee

_scopes_disabled: contextvars.ContextVar[bool] = contextvars.ContextVar("scopes_disabled", default=False)

LIGNES = "lignes"
AGREGATS = "agregats"


class UnscopedQueryError(RuntimeError):
    pass


class AgregatsSeulementError(UnscopedQueryError):
    """A count-only périmètre asked for rows or for a personal column."""


@contextlib.contextmanager
def scopes_disabled():
    """For framework internals that check uniqueness or constraints across every row (never for reads)."""
    token = _scopes_disabled.set(True)
    try:
        yield
    finally:
        _scopes_disabled.reset(token)


# --- What is personal ------------------------------------------------------------------------------


@functools.cache
def tables_personnelles() -> frozenset[str]:
    """Tables of personal-data models, and of any auto-created link table that touches one.

    Explicit link tables (``est_lien``: ids only, e.g. séance ↔ counsellor) are left out: a join into one
    reads no personal column (``seance.conseillers.all()`` joins it), and a join beyond it reaches a
    personal table, which is refused. Queried on their own, their managers are scoped like any other."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if issubclass(model, PersonalDataModel):
            if not getattr(model, "est_lien", False):
                tables.add(model._meta.db_table)
        elif model._meta.auto_created:
            ends = [f.related_model for f in model._meta.fields if f.is_relation]
            if any(issubclass(m, PersonalDataModel) for m in ends if isinstance(m, type)):
                tables.add(model._meta.db_table)
    return frozenset(tables)


# Columns that say WHO a student is: never selected, filtered or aggregated in a count-only portée.
_COLONNES_IDENTIFIANTES = (
    models.CharField,
    models.TextField,
    models.DateField,
    models.JSONField,
    models.UUIDField,
    models.BinaryField,
)


def _champ_final(model, chemin: str):
    """The field at the end of a lookup path (``lycee__organisation__academie``), or None if unknown."""
    champ = None
    for partie in chemin.split("__"):
        try:
            champ = model._meta.get_field(partie)
        except Exception:  # a lookup (« __in », « __year »), an annotation: stop there
            return champ
        if champ.is_relation and champ.related_model is not None:
            model = champ.related_model
    return champ


def est_colonne_personnelle(model, chemin: str) -> bool:
    """A column of a personal-data model that identifies someone (free text, date, identifier)."""
    champ = _champ_final(model, chemin)
    if champ is None or champ.is_relation or getattr(champ, "choices", None):
        return False
    proprietaire = champ.model
    if champ.name in getattr(proprietaire, "colonnes_comptables", ()):
        # Declared by the model's app: a column that says when a collective record happened, not who
        # a student is (the day a workshop was held); pilots filter their counts by it.
        return False
    return issubclass(proprietaire, PersonalDataModel) and isinstance(champ, _COLONNES_IDENTIFIANTES)


# --- The query guard (called by our compilers: avenirpro.db) ---------------------------------------


def _jointure_dans(sql: str, citer, table: str, alias: str) -> bool:
    return (
        f"JOIN {citer(table)} " in sql
        or f"JOIN {citer(table)} {citer(alias)}" in sql
        or f"{citer(alias)}." in sql
    )


def verifier_requete(query, sql: str | None = None, citer=None) -> None:
    """Refuse a compiled query that reads personal data without a portée (see the module docstring)."""
    if _scopes_disabled.get() or getattr(query, "avp_portee", None):
        return
    if getattr(query, "avp_garde", False):
        raise UnscopedQueryError(
            f"{query.model.__name__} holds personal data: use .visible_to(perimetre) or .unscoped(reason)."
        )
    if query.model is not None and issubclass(query.model, PersonalDataModel) and not query.model.est_lien:
        # A personal model's base manager (``presence.eleve``, Django's cascades on delete): a query on
        # rows one already holds; its default manager is scoped (``avp_garde`` above).
        return
    personnelles = tables_personnelles()
    for nom, alias in query.alias_map.items():
        if isinstance(alias, BaseTable):
            continue
        # A join the compiler trimmed stays in alias_map but is not in the SQL (``seance.conseillers``).
        if sql is not None and citer is not None and not _jointure_dans(sql, citer, alias.table_name, nom):
            continue
        if alias.table_name in personnelles:
            depart = query.model.__name__ if query.model else "?"
            raise UnscopedQueryError(
                f"Jointure de {depart} vers la table de données personnelles {alias.table_name} : "
                "partez d'un queryset .visible_to(perimetre) du modèle personnel."
            )


# --- The queryset ----------------------------------------------------------------------------------


class ScopedQuerySet(models.QuerySet):
    """Default manager of a personal-data model. See the module docstring."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not hasattr(self._query, "avp_portee"):
            self._query.avp_garde = True
            self._query.avp_portee = None

    @property
    def portee(self) -> str | None:
        return self._query.avp_portee

    def _avec_portee(self, portee: str) -> "ScopedQuerySet":
        clone = super()._chain()
        clone._query.avp_portee = portee
        return clone

    def _exiger_portee(self):
        if self._query.avp_portee is None and not _scopes_disabled.get():
            raise UnscopedQueryError(
                f"{self.model.__name__} holds personal data: use .visible_to(perimetre) or .unscoped(reason)."
            )

    @property
    def _agregats(self) -> bool:
        return self._query.avp_portee == AGREGATS

    # -- the three portées ----------------------------------------------------------------------

    def visible_to(self, qui):
        """The rows the apps' grants give to ``qui`` (a périmètre, a request, or a test's user)."""
        q = q_accordee(self.model, en_perimetre(qui))
        qs = self._avec_portee(LIGNES)
        return qs.filter(q) if q is not None else qs.none()

    def pour_agregats(self, qui):
        """Count-only rows for ``qui``: row grants and ``accorde_agregats`` grants (pilots)."""
        q = q_accordee(self.model, en_perimetre(qui), agregats=True)
        qs = self._avec_portee(AGREGATS)
        return qs.filter(q) if q is not None else qs.none()

    def unscoped(self, reason: str):
        """Every row, for a global task that says why (administration, jobs, the grants themselves)."""
        if not reason:
            raise ValueError("unscoped() needs a reason")
        return self._avec_portee(f"unscoped: {reason}")

    # -- building -------------------------------------------------------------------------------

    def _chain(self):
        # A related manager (``division.eleves``) filters on its relation first (a « sticky » filter):
        # that step is Django's; the caller's next step still needs a portée.
        if not self._sticky_filter:
            self._exiger_portee()
        return super()._chain()

    def none(self):
        clone = self._avec_portee(self._query.avp_portee or "none")
        clone.query.set_empty()
        return clone

    def raw(self, *args, **kwargs):
        if self._query.avp_portee is None or not self._query.avp_portee.startswith("unscoped"):
            raise UnscopedQueryError(f"raw() on {self.model.__name__} needs .unscoped(reason) first.")
        return super().raw(*args, **kwargs)

    def resolve_expression(self, *args, **kwargs):
        # Used as a subquery (``pk__in=``, ``Exists``, ``Subquery``): the same portée is required.
        self._exiger_portee()
        if self._agregats:
            raise AgregatsSeulementError("A count-only queryset cannot be used as a subquery.")
        return super().resolve_expression(*args, **kwargs)

    def _filter_or_exclude(self, negate, args, kwargs):
        if self._agregats:
            self._refuser_colonnes(list(kwargs) + [c for q in args for c in _cles_q(q)])
        return super()._filter_or_exclude(negate, args, kwargs)

    def _values(self, *fields, **expressions):
        if self._agregats:
            self._refuser_colonnes(fields)
        return super()._values(*fields, **expressions)

    def annotate(self, *args, **kwargs):
        if self._agregats:
            self._refuser_expressions(list(args) + list(kwargs.values()))
        return super().annotate(*args, **kwargs)

    def order_by(self, *field_names):
        if self._agregats:
            self._refuser_colonnes([f.lstrip("-") for f in field_names if isinstance(f, str)])
        return super().order_by(*field_names)

    def _refuser_colonnes(self, chemins):
        for chemin in chemins:
            if isinstance(chemin, str) and est_colonne_personnelle(self.model, chemin):
                raise AgregatsSeulementError(
                    f"Agrégats seulement : la colonne « {chemin} » de {self.model.__name__} est une donnée "
                    "personnelle."
                )

    def _refuser_expressions(self, expressions):
        for expression in expressions:
            if isinstance(expression, Count):
                continue
            for partie in getattr(expression, "flatten", lambda: [])():
                nom = getattr(partie, "name", None)
                if isinstance(nom, str):
                    self._refuser_colonnes([nom])

    # -- evaluating -----------------------------------------------------------------------------

    def _check_scope(self):
        self._exiger_portee()
        if self._agregats and (self._fields is None or not self.query.annotations):
            raise AgregatsSeulementError(
                f"Agrégats seulement : {self.model.__name__} se compte (values(...).annotate(Count)), "
                "ses lignes ne se lisent pas."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def count(self):
        if self._result_cache is None:
            self._exiger_portee()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._exiger_portee()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._exiger_portee()
        if self._agregats:
            self._refuser_expressions(list(args) + list(kwargs.values()))
        return super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size=None):
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    def update(self, **kwargs):
        self._exiger_portee()
        if self._agregats:
            raise AgregatsSeulementError("A count-only queryset cannot write.")
        return super().update(**kwargs)

    def delete(self):
        self._exiger_portee()
        if self._agregats:
            raise AgregatsSeulementError("A count-only queryset cannot write.")
        return super().delete()


class VisibleQuerySet(models.QuerySet):
    """Default manager of a model that is not personal data but is listed by périmètre (lycées…)."""

    def visible_to(self, qui):
        q = q_accordee(self.model, en_perimetre(qui))
        return self.filter(q) if q is not None else self.none()


def _cles_q(q):
    """The lookup names inside a Q (nested), to check them in a count-only portée."""
    for enfant in getattr(q, "children", ()):
        if isinstance(enfant, tuple):
            yield enfant[0]
        else:
            yield from _cles_q(enfant)


def autoriser_jointures(queryset, reason: str):
    """A queryset of a model that is not personal data, allowed to join personal tables for a reason
    (the public questionnaire reached by its secret link, the grants themselves)."""
    if not reason:
        raise ValueError("autoriser_jointures() needs a reason")
    qs = queryset._chain()
    qs.query.avp_portee = f"jointures: {reason}"
    return qs


class LienQuerySet(ScopedQuerySet):
    """Manager of an explicit link table (ids only): Django's many-to-many managers (``add``, ``set``,
    ``remove``) read and write it directly, so building a query is not refused; every join out of it
    into a personal table still is (the compiler's guard), and ``visible_to`` scopes it like the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._query.avp_portee is None:
            self._query.avp_garde = False
            self._query.avp_portee = None

    def _exiger_portee(self):
        pass


class PersonalDataModel(models.Model):
    """Base for models holding personal data: Django's own uniqueness checks run across all rows.

    ``est_lien = True`` marks an explicit many-to-many link table (ids only)."""

    est_lien = False

    class Meta:
        abstract = True

    def validate_unique(self, exclude=None):
        with scopes_disabled():
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with scopes_disabled():
            super().validate_constraints(exclude=exclude)
