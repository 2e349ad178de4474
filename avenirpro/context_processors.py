from django.utils.functional import SimpleLazyObject

from avenirpro import access, navigation


def shell(request):
    """What the page shell needs: the current organisation, the user's memberships (for the switcher) and
    the main navigation of the current role. Lazy, so that partial templates pay nothing for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership_courante": None, "memberships": [], "navigation": []}
    return {
        "membership_courante": getattr(request, "membership", None),
        "memberships": access.memberships_of(user),
        "navigation": SimpleLazyObject(lambda: navigation.menu(request)),
    }
