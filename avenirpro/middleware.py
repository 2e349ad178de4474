from avenirpro import access, navigation

SESSION_KEY = "avenirpro_membership"


class CurrentOrganisationMiddleware:
    """Sets ``request.perimetre`` once per request: the user in the membership chosen in the session.

    Until the user chooses (the switcher in the header), the session gets their first membership, shown
    in the header; views, services and querysets read ``request.perimetre`` and nothing else. After a
    write (any method but GET, HEAD, OPTIONS) the user's menu badges are counted again on the next page.
    """

    LECTURES = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.perimetre = access.ANONYME
        if request.user.is_authenticated:
            request.perimetre = access.perimetre_de(
                request.user, membership_uuid=request.session.get(SESSION_KEY), par_defaut_premiere=True
            )
        response = self.get_response(request)
        if request.method not in self.LECTURES:
            navigation.oublier_compteurs(request.perimetre)
        return response


class PageIntrouvableDemoMiddleware:
    """In DEBUG (the demo, a laptop) Django answers a 404 with its technical page, in English, listing
    every URL pattern: a person trying the demo saw that instead of the site's page. This puts the DSFR
    page back (the API keeps its JSON). ``AVENIRPRO_404_TECHNIQUE=1`` keeps Django's, for developers."""

    MARQUE = b"DEBUG = True"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and self.MARQUE in response.content
        ):
            from avenirpro.views import page_introuvable

            return page_introuvable(request)
        return response
