"""Bridge between Django's native CSP and the templates.

Django 6 keeps the request's nonce as ``request._csp_nonce`` (a ``LazyNonce``, generated on first use) and
gives templates ``csp_nonce``; django-dsfr's base template, and ours, read ``request.csp_nonce``.
"""

from django.middleware.csp import get_nonce


class CspNonceMiddleware:
    """Expose the nonce as ``request.csp_nonce``. Goes after ``ContentSecurityPolicyMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "csp_nonce"):
            request.csp_nonce = get_nonce(request)
        return self.get_response(request)
