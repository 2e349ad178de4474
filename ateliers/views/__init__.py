"""Pages of the collective phase. Thin: access through ateliers/perms.py, rules in ateliers/services.py."""

from django.db.models import Prefetch

from avenirpro.models import User
from lycees.models import Division


def classes_prefetch(p, to_attr: str = "classes") -> Prefetch:
    return Prefetch("divisions", queryset=Division.objects.visible_to(p).order_by("nom"), to_attr=to_attr)


def conseillers_prefetch() -> Prefetch:
    """The séances' counsellors as lists show them: their names, not their whole account row."""
    return Prefetch("conseillers", queryset=User.objects.only("uuid", "prenom", "nom", "email"))


def choisir(objets, valeur):
    """The object of ``objets`` whose uuid is ``valeur`` (a request parameter), else None."""
    return next((o for o in objets if str(o.uuid) == str(valeur or "")), None)
