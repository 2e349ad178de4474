from django.utils.functional import SimpleLazyObject

from avenirpro import access, navigation


def shell(request):
    """What the page shell needs: the current organisation, the user's memberships (for the switcher) and
    the main navigation of the current role. Lazy, so that partial templates pay nothing for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership_courante": None, "memberships": [], "navigation": []}
    perimetre = getattr(request, "perimetre", None) or access.perimetre_de(user, par_defaut_premiere=True)
    return {
        "membership_courante": perimetre.membership,
        "memberships": perimetre.memberships,
        "navigation": SimpleLazyObject(lambda: navigation.menu(request)),
    }
