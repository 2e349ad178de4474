"""A Redis cache that Redis going away cannot break: every operation degrades instead of raising.

The cache only ever holds what can be lost (allauth's rate-limit counters and spent TOTP codes, an
import's progress, the questionnaire's flood counters, the API throttles): the database stays the source
of truth, so with Redis stopped pages, logins, imports and the questionnaire must answer normally.
Django's ``RedisCache`` raises ``redis.exceptions.ConnectionError`` on every call instead (a 500).

``ResilientRedisCache`` catches connection errors and timeouts on every operation, logs one warning,
answers as if the key were absent, and then skips Redis for ``RETRY_AFTER`` seconds so that a request
does not pay a connection timeout on each of its cache calls. What "absent" means per operation:

- ``get`` → the default; ``get_many`` → ``{}``; ``has_key`` → False; ``touch``/``delete`` → False;
- ``add`` → True, as if the key had been free: callers use ``add`` as a lock (allauth's rate limiter
  waits a second on a refused lock, then refuses the login) or as a first-use marker (allauth's
  spent-code check would refuse every valid TOTP code); with no shared store there is nothing to
  protect against, so the first caller wins;
- ``incr``/``decr`` → ``ValueError``, Django's own answer for a missing key, which callers handle;
- ``set``/``set_many``/``delete_many``/``clear`` → nothing written (``set_many`` returns the keys).

Connect and read timeouts are short (settings ``OPTIONS``): a Redis host that does not answer costs
half a second once, not thirty seconds per call.

For code that must work whatever the backend, ``lire``, ``ecrire``, ``effacer`` do the same around any
cache (used by code paths whose owners prefer not to depend on the backend's configuration).
"""

import logging
import threading
import time

from django.core.cache import cache as default_cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

ERREURS_REDIS = (RedisConnectionError, RedisTimeoutError)
# After a failure, Redis is not tried again for this long (per process): the outage costs one timeout.
RETRY_AFTER = 5.0


class CacheIndisponible(Exception):
    """Raised inside the backend while Redis is known to be down (never leaves the backend)."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._indisponible_jusqua = 0.0
        self._verrou = threading.Lock()

    # --- the guard ---------------------------------------------------------------------------------

    def _appel(self, operation: str, fonction, *args, defaut=None, **kwargs):
        if time.monotonic() < self._indisponible_jusqua:
            return defaut() if callable(defaut) else defaut
        try:
            return fonction(*args, **kwargs)
        except ERREURS_REDIS as e:
            with self._verrou:
                deja_signale = time.monotonic() < self._indisponible_jusqua
                self._indisponible_jusqua = time.monotonic() + RETRY_AFTER
            if not deja_signale:
                logger.warning(
                    "Redis cache unavailable (%s during %s): answering without the cache for %ss.",
                    type(e).__name__,
                    operation,
                    RETRY_AFTER,
                )
            return defaut() if callable(defaut) else defaut

    @property
    def disponible(self) -> bool:
        """False while Redis is known to be down (after a failure, for ``RETRY_AFTER`` seconds)."""
        return time.monotonic() >= self._indisponible_jusqua

    # --- every operation of Django's RedisCache ---------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._appel("add", super().add, key, value, timeout, version, defaut=True)

    def get(self, key, default=None, version=None):
        return self._appel("get", super().get, key, default, version, defaut=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._appel("set", super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._appel("touch", super().touch, key, timeout, version, defaut=False)

    def delete(self, key, version=None):
        return self._appel("delete", super().delete, key, version, defaut=False)

    def get_many(self, keys, version=None):
        return self._appel("get_many", super().get_many, keys, version, defaut=dict)

    def has_key(self, key, version=None):
        return self._appel("has_key", super().has_key, key, version, defaut=False)

    def incr(self, key, delta=1, version=None):
        manquant = object()
        resultat = self._appel("incr", super().incr, key, delta, version, defaut=manquant)
        if resultat is manquant:
            # Django's answer for a missing key: callers already handle it.
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return resultat

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._appel("set_many", super().set_many, data, timeout, version, defaut=lambda: list(data))

    def delete_many(self, keys, version=None):
        return self._appel("delete_many", super().delete_many, keys, version)

    def clear(self):
        return self._appel("clear", super().clear, defaut=False)


# --- Helpers that hold with any backend ---------------------------------------------------------------


def lire(cle: str, defaut=None, *, cache=None):
    """``cache.get`` that answers ``defaut`` when the cache is unreachable, whatever its backend."""
    try:
        return (cache or default_cache).get(cle, defaut)
    except ERREURS_REDIS:
        logger.warning("Cache unavailable: reading %s without it.", cle)
        return defaut


def ecrire(cle: str, valeur, duree: int | None, *, cache=None) -> bool:
    """``cache.set``; False when the cache is unreachable (the value is simply not kept)."""
    try:
        (cache or default_cache).set(cle, valeur, duree)
    except ERREURS_REDIS:
        logger.warning("Cache unavailable: %s not written.", cle)
        return False
    return True


def effacer(cle: str, *, cache=None) -> None:
    try:
        (cache or default_cache).delete(cle)
    except ERREURS_REDIS:
        logger.warning("Cache unavailable: %s not deleted (it expires on its own).", cle)


class MemoireLocale:
    """Facts that almost never change, kept ``duree`` seconds in THIS process (never shared): a query
    saved on nearly every request (the current school year, a lycée staff's lycée). Their owner forgets
    them when it writes them (``oublier``, from a signal); another process sees the change within
    ``duree``. ``None`` is not kept. ``oublier_toutes`` empties every one (between tests)."""

    _toutes: list["MemoireLocale"] = []

    def __init__(self, duree: float = 60):
        self.duree = duree
        self._valeurs: dict = {}
        MemoireLocale._toutes.append(self)

    def lire(self, cle, calcul):
        lue = self._valeurs.get(cle)
        if lue is not None and lue[0] > time.time():
            return lue[1]
        valeur = calcul()
        if valeur is not None:
            self._valeurs[cle] = (time.time() + self.duree, valeur)
        return valeur

    def oublier(self) -> None:
        self._valeurs.clear()

    @classmethod
    def oublier_toutes(cls) -> None:
        for memoire in cls._toutes:
            memoire.oublier()
