"""Reading what a request names: one object by uuid, a uuid in a query parameter, the school year.

One shape everywhere (healthchecks' ``_get_check_for_user``, zulip's ``access_*_by_id``): an object the
périmètre cannot read and an object that does not exist get the same answer — 404 in a path or a query
parameter, « introuvable » on the field of a form or a request body — never a name, never a 403.
"""

import uuid as uuid_lib
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from avenirpro.models import AnneeScolaire


def lire_uuid(valeur) -> uuid_lib.UUID | None:
    """A uuid from text (« 5745f74b-… »), or None when it is not one (a NUL byte, a name, nothing)."""
    if isinstance(valeur, uuid_lib.UUID):
        return valeur
    try:
        return uuid_lib.UUID(str(valeur).strip())
    except (TypeError, ValueError, AttributeError):
        return None


def objet_ou_404(queryset, valeur):
    """The object of ``queryset`` (already scoped) with that uuid, else 404 (missing, foreign, malformed)."""
    cle = lire_uuid(valeur)
    if cle is None:
        raise Http404
    try:
        return queryset.get(uuid=cle)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def annee_demandee(request, nom: str = "annee") -> AnneeScolaire:
    """The school year a page shows: ``?annee=2026`` when that year is kept, else the current one.
    Reads only: a GET never creates a school year (a migration and a yearly job do)."""
    return AnneeScolaire.objects.par_debut(request.GET.get(nom)) or AnneeScolaire.objects.courante()


_ZERO = str(uuid_lib.UUID(int=0))


@dataclass(frozen=True, slots=True)
class Lien:
    """A list's row link, reversed once for the page: ``{{ lien.avant }}{{ objet.uuid }}{{ lien.apres }}``
    (a ``{% url %}`` per row and per column was a good part of a list's rendering time)."""

    avant: str
    apres: str


def lien(nom: str) -> Lien:
    """The link of the URL ``nom`` whose one argument is an object's uuid."""
    avant, apres = reverse(nom, args=[_ZERO]).split(_ZERO, 1)
    return Lien(avant, apres)
