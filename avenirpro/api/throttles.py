"""API rate limits: per account (its tokens and its session together) and per client address.

Counters live in the default cache. With Redis the limit holds across processes; when the cache is
unreachable the resilient backend (avenirpro/cache.py) answers « no history » and requests go through:
an outage of the cache must not become an outage of the API, and the lockout that matters (logins)
is kept in the database. The address is read by the same helper as the login lockout (allauth's
``get_client_ip``, behind the proxy from its header), not by DRF's own NUM_PROXIES reading.

Rates are read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` at each request (DRF freezes them at
import otherwise), so a test or an operator can change them. A refusal is a 429 with ``Retry-After``
and DRF's French ``detail`` (« Requête ralentie. Disponible à nouveau dans N secondes. »).
"""

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from avenirpro.cache import ERREURS_REDIS
from avenirpro.comptes.services import adresse_client

logger = logging.getLogger(__name__)


class _Frein(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except ERREURS_REDIS:
            # Whatever backend is configured: no counter store, no limit (never a 500).
            logger.warning("API throttle %s: cache unavailable, request let through.", self.scope)
            return True


class ParCompte(_Frein):
    """One budget per person, whichever of their tokens or their session they use."""

    scope = "compte"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False):
            return None  # anonymous calls only have the address budget
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class ParAdresse(_Frein):
    """One budget per client address, whoever is signed in there (a whole lycée may share one)."""

    scope = "adresse"

    def get_cache_key(self, request, view):
        adresse = adresse_client(request._request if hasattr(request, "_request") else request)
        if not adresse:
            return None
        return self.cache_format % {"scope": self.scope, "ident": adresse}
