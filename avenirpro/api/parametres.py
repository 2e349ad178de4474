"""A query parameter of the API is given once: ``?annee=2025&annee=`` is refused (400), not read as its last
value. Every parameter the schema declares is a single value (none is an array); with two values a view
read one and ignored the other, so a request the schema forbids was answered 200 as if it were valid."""

from django.http import HttpRequest, HttpResponse, JsonResponse

PREFIXE_API = "/api/"


def message(nom: str) -> str:
    return f"Le paramètre « {nom[:50]} » est donné plusieurs fois : une seule valeur est attendue."


class ParametreUniqueMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PREFIXE_API):
            repetes = [nom for nom, valeurs in request.GET.lists() if len(valeurs) > 1]
            if repetes:
                return JsonResponse(
                    {"detail": message(repetes[0]), **{nom[:50]: [message(nom)] for nom in repetes}},
                    status=400,
                )
        return self.get_response(request)
