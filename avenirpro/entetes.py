"""Responses to a signed-in person are never stored by a browser or a proxy.

Nearly every page, PDF, calendar and API answer of a signed-in person carries personal data (students
are mostly minors), and a shared computer in a lycée keeps its browser cache and history: so the rule
is the simplest one that cannot miss a page, « every response to an authenticated user », rather than a
list of views. Static files are the exception (whitenoise answers them before this middleware, and
STATIC_URL is skipped in case another server path reaches it). API tokens authenticate inside DRF's
view, after the middlewares ran: DRF writes the token's user back onto the request, so the check is
made on the way out.
"""

from django.conf import settings


class PasDeCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and not request.path.startswith(settings.STATIC_URL):
            # Replaces any caching a view asked for: personal data outranks it.
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"  # HTTP/1.0 proxies
        return response
