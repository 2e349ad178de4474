"""API of the collective phase: ``/api/v1/seances/`` (with ``…/presences/``, ``…/realiser/``, ``…/annuler/``)
and ``/api/v1/evenements/``. Reads go through ``visible_to``; every write calls ateliers/services, like
the pages (its French ``ValidationError`` becomes a 400, its ``PermissionDenied`` a 403).

Importing the modules registers their viewsets on the shared router."""

from ateliers.api import evenements, seances  # noqa: F401
