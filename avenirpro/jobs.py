"""Enqueueing jobs: after the commit, and without losing anything when the broker (Redis) is down.

The database row that describes the work (an import waiting, an export to build) is the source of truth;
the message on the broker is only a wake-up call. If the broker cannot be reached, the request still
succeeds, the row stays pending, and a periodic « relance » task re-sends what waited too long.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def envoyer_apres_commit(task, *args) -> None:
    """Send ``task(*args)`` once the current transaction commits; a broker outage is logged, not raised."""

    def envoyer():
        try:
            task.apply_async(args=args)
        except BrokerUnavailable:
            logger.warning("Broker unreachable: %s%r stays pending until the next relance", task.name, args)

    transaction.on_commit(envoyer)
