from avenirpro import access

SESSION_KEY = "avenirpro_membership"


class CurrentOrganisationMiddleware:
    """Sets ``request.perimetre`` once per request: the user in the membership chosen in the session.

    Until the user chooses (the switcher in the header), the session gets their first membership, shown
    in the header; views, services and querysets read ``request.perimetre`` and nothing else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.perimetre = access.ANONYME
        if request.user.is_authenticated:
            request.perimetre = access.perimetre_de(
                request.user, membership_uuid=request.session.get(SESSION_KEY), par_defaut_premiere=True
            )
        return self.get_response(request)
