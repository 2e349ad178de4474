"""Fail-closed querysets for models that hold personal data.

A queryset of such a model refuses to run (``UnscopedQueryError``) until it has been narrowed by
``visible_to(user)`` — the access policy of ``avenirpro.access`` — or explicitly opened with
``unscoped(reason)`` in the few global places (administration, jobs, aggregated indicators).
A forgotten scope is therefore an exception in tests, never a silent cross-tenant read.
Reverse related managers (``division.eleves.all()``) inherit this guard: go through ``visible_to``.
"""

import contextlib
import contextvars

from django.db import models

_scopes_disabled: contextvars.ContextVar[bool] = contextvars.ContextVar("scopes_disabled", default=False)


class UnscopedQueryError(RuntimeError):
    pass


@contextlib.contextmanager
def scopes_disabled():
    """For framework internals that check uniqueness or constraints across every row (never for reads)."""
    token = _scopes_disabled.set(True)
    try:
        yield
    finally:
        _scopes_disabled.reset(token)


class ScopedQuerySet(models.QuerySet):
    # Paths from the model to its lycée and its school year: the policy filters on them.
    lycee_path = "lycee"
    annee_path = "annee"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope = None

    def _clone(self):
        clone = super()._clone()
        clone._scope = self._scope
        return clone

    def visible_to(self, user):
        from avenirpro import access

        qs = self.filter(access.perimetre(user).q_personnes(self.lycee_path, self.annee_path))
        qs._scope = "visible_to"
        return qs

    def unscoped(self, reason: str):
        """Every row, for a global task that says why (administration, jobs, aggregates)."""
        if not reason:
            raise ValueError("unscoped() needs a reason")
        qs = self._chain()
        qs._scope = f"unscoped: {reason}"
        return qs

    def _check_scope(self):
        if self._scope is None and not _scopes_disabled.get():
            raise UnscopedQueryError(
                f"{self.model.__name__} holds personal data: use .visible_to(user) or .unscoped(reason)."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def count(self):
        if self._result_cache is None:
            self._check_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size=None):
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()


class PersonalDataModel(models.Model):
    """Base for models holding personal data: Django's own uniqueness checks run across all rows."""

    class Meta:
        abstract = True

    def validate_unique(self, exclude=None):
        with scopes_disabled():
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with scopes_disabled():
            super().validate_constraints(exclude=exclude)
