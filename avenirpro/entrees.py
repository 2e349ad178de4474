"""Control characters in what a request carries are refused at the door, with a French 400.

A NUL byte reaches PostgreSQL as part of a search (``?q=…``) or a saved value and makes it raise: a 500.
The other C0 controls (but tab, line feed and carriage return) are never typed by a person, so a request
holding one is a probe or a broken client: refusing it costs nobody anything, and each view does not
have to clean every parameter. Covered here: the path, the query string and a form-encoded body.
Multipart bodies are left to the forms (Django's and DRF's CharField refuse NUL, in French) because
reading them here would parse the uploaded files before the views choose their upload handlers; JSON
bodies likewise go to DRF's serializers. A session cookie holding a control character is dropped
(the request goes on as anonymous); a token holding one is refused by the API's authentication.
"""

import re
from importlib import import_module
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# C0 controls, tab (09), line feed (0A) and carriage return (0D) excepted.
_CONTROLES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROLES_TEXTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

MESSAGE = (
    "La requête contient des caractères de contrôle (par exemple un caractère nul) qui ne peuvent pas "
    "figurer dans une adresse ni dans un formulaire : retirez-les puis recommencez."
)
PREFIXE_API = "/api/"


def contient_des_controles(brut: str | bytes) -> bool:
    """True when a percent-encoded query string or form body decodes to a refused control character."""
    if isinstance(brut, str):
        brut = brut.encode("latin-1", "replace")
    if _CONTROLES.search(brut):
        return True
    if b"%" not in brut:
        return False
    # « + » stands for a space, never for a control: no need to turn it back before decoding.
    return bool(_CONTROLES.search(unquote_to_bytes(brut)))


def _corps_formulaire(request: HttpRequest) -> bytes:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return b""
    if request.content_type != "application/x-www-form-urlencoded":
        return b""
    # Django caps the body at DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig, a 400) before reading it.
    return request.body


def refus(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(PREFIXE_API):
        return JsonResponse({"detail": MESSAGE}, status=400)
    return render(request, "400.html", {"message": MESSAGE}, status=400)


class RefusControlesMiddleware:
    """Answers 400 before any view runs when the path, query string or form body holds a control.

    The check is a ``process_view`` so that the page shell (user, CSP nonce, navigation) is ready when
    the French error page renders; no view, and no earlier middleware, reads the parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A session key with a control character would reach the database (and make PostgreSQL raise)
        # as soon as the session is read, before any view: the request goes on without that session,
        # as anonymous, and SessionMiddleware deletes the cookie in the response.
        cle = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        if _CONTROLES_TEXTE.search(cle) and hasattr(request, "session"):
            request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if (
            _CONTROLES_TEXTE.search(request.path)
            or contient_des_controles(request.META.get("QUERY_STRING", ""))
            or contient_des_controles(_corps_formulaire(request))
        ):
            return refus(request)
        return None
