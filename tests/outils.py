"""Helpers shared by the tests: a logged-in client, the query-count bound of a list at N and 3N rows."""

from collections.abc import Callable

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def connecte(client, user):
    """The test client logged in as ``user`` (session, second factor set up where the role needs it)."""
    from avenirpro.comptes.services import mfa_obligatoire
    from tests.factories import donner_totp

    if mfa_obligatoire(user):
        donner_totp(user)
    client.force_login(user)
    return client


def requetes_a_n_et_3n(obtenir: Callable[[], object], ajouter: Callable[[int], object], n: int = 5) -> tuple:
    """Queries of ``obtenir()`` with N more rows, then with 3N: a list page's count must not grow.

    ``obtenir()`` runs once first, unmeasured: what a process caches on its first request (the access
    log's lycée → académie lookup, the session's first write of the minute) is not a per-row query."""
    # The clock stands still meanwhile: on a slow machine a minute could pass, and the session's write of
    # the minute (avenirpro.sessions) fall in one of the two measures.
    with time_machine.travel(timezone.now(), tick=False):
        obtenir()
        mesures = []
        for lot in (n, 2 * n):
            ajouter(lot)
            with CaptureQueriesContext(connection) as requetes:
                obtenir()
            mesures.append(len(requetes))
    return tuple(mesures)
