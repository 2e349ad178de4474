from avenirpro import access


def shell(request):
    """The current organisation and the user's other memberships, for the header and its switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership_courante": None, "memberships": []}
    return {
        "membership_courante": getattr(request, "membership", None),
        "memberships": access.memberships_of(user),
    }
