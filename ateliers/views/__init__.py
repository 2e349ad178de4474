"""Pages of the collective phase. Thin: access through ateliers/perms.py, rules in ateliers/services.py."""

from django.db.models import Prefetch

from lycees.models import Division


def classes_prefetch(p, to_attr: str = "classes") -> Prefetch:
    return Prefetch("divisions", queryset=Division.objects.visible_to(p).order_by("nom"), to_attr=to_attr)


def choisir(objets, valeur):
    """The object of ``objets`` whose uuid is ``valeur`` (a request parameter), else None."""
    return next((o for o in objets if str(o.uuid) == str(valeur or "")), None)
