from avenirpro import access

SESSION_KEY = "avenirpro_membership"


class CurrentOrganisationMiddleware:
    """Sets ``request.membership`` (and so the access perimeter) once per request, from the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if request.user.is_authenticated:
            request.membership = access.activer(request.user, request.session.get(SESSION_KEY))
        return self.get_response(request)
