"""Enqueueing jobs: after the commit, and without losing anything when the broker (Redis) is down.

The database row that describes the work (an import waiting, an export to build) is the source of truth;
the message on the broker is only a wake-up call. If the broker cannot be reached, the request still
succeeds, the row stays pending, and a periodic « relance » task re-sends what waited too long.

A running job proves it is alive with a heartbeat on its row (``battement``): a job whose heartbeat
stopped (worker killed, machine lost) is sent again by the relance and taken over by the next worker.
"""

import contextlib
import datetime
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What a lost or restarting Redis raises, through kombu (publishing) or redis-py directly (cache, result
# reads): a job retries on these, a web request logs them and carries on.
ERREURS_BROKER = (BrokerUnavailable, RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
# A lost database or broker connection is transient: a job tries again, a little later each time.
REPRENABLES = (OperationalError, InterfaceError, *ERREURS_BROKER)
# The Celery options of a job that does one row of work (an import, a notice, a directory): retried on
# those errors, acknowledged once done and given back if its worker process dies, so a message is never
# lost with its worker. A duplicate is harmless: the row's claim (``prendre_…``) makes it a no-op.
TACHE_D_UNE_LIGNE = {
    "autoretry_for": REPRENABLES,
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 8,
    "acks_late": True,
    "reject_on_worker_lost": True,
}
# A cache call may fail for any Redis reason (and with the socket errors below it): never fatal.
ERREURS_CACHE = (RedisError, OSError)


def duree(nom: str) -> datetime.timedelta:
    """A delay of the jobs settings (``JOBS_*_SECONDES``), read at each call so tests can override it."""
    return datetime.timedelta(seconds=getattr(settings, nom))


def envoyer(task, *args) -> bool:
    """Send ``task(*args)`` now; a broker outage is logged, not raised (the relance sends it later).

    Celery itself retries the publication a few times (``CELERY_TASK_PUBLISH_RETRY_POLICY``), so a Redis
    restart of a second or two does not even need the relance.
    """
    try:
        task.apply_async(args=args)
    except ERREURS_BROKER:
        logger.warning("Broker unreachable: %s%r stays pending until the next relance", task.name, args)
        return False
    return True


def envoyer_apres_commit(task, *args) -> None:
    """Send ``task(*args)`` once the current transaction commits; a broker outage is logged, not raised."""
    transaction.on_commit(lambda: envoyer(task, *args))


@contextlib.contextmanager
def battement(battre, intervalle: float | None = None):
    """Call ``battre()`` every ``intervalle`` seconds (``JOBS_BATTEMENT_SECONDES``) while the block runs.

    It runs in a thread with its own database connection: the job's own connection is inside the long
    write transaction, whose updates nobody else sees before the commit. Only for a job running outside
    any transaction (a worker); a web request that runs a small import itself needs no heartbeat.
    """
    intervalle = settings.JOBS_BATTEMENT_SECONDES if intervalle is None else intervalle
    arret = threading.Event()

    def boucle():
        try:
            while not arret.wait(intervalle):
                try:
                    battre()
                except DatabaseError:
                    # A missed beat is harmless while the next one arrives within the staleness delay.
                    logger.warning("Heartbeat not written (database unreachable)", exc_info=True)
        finally:
            connection.close()  # this thread's connection, not the job's

    fil = threading.Thread(target=boucle, name="battement", daemon=True)
    fil.start()
    try:
        yield
    finally:
        arret.set()
        fil.join(timeout=intervalle + 30)
