"""Who may do what with séances and events, on top of ``avenirpro.access`` (the one policy).

Reading follows the personal-data rule (``visible_to``). Writing a séance or an event belongs to the
counsellors named on the lycée's assignment for the school year (``Perimetre.peut_animer``); lycée staff
read only. An object outside the user's perimeter is a 404, never a 403.
"""

from django.shortcuts import get_object_or_404

from ateliers.models import Evenement, Seance
from avenirpro import access


def _user(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def get_seance_for_user(request_or_user, uuid) -> Seance:
    user = _user(request_or_user)
    qs = Seance.objects.visible_to(user).select_related("lycee", "annee", "questionnaire")
    return get_object_or_404(qs, uuid=uuid)


def get_evenement_for_user(request_or_user, uuid) -> Evenement:
    user = _user(request_or_user)
    qs = Evenement.objects.visible_to(user).select_related("annee", "organisateur")
    return get_object_or_404(qs, uuid=uuid)


def peut_modifier_seance(user, seance: Seance) -> bool:
    return access.perimetre(user).peut_animer(seance.lycee_id, seance.annee_id)


def lycees_animes(user, annee_id: int | None = None) -> set[int]:
    """Ids of the lycées where this counsellor runs the scheme (for one school year, or any)."""
    return {
        lycee_id
        for lycee_id, annee in access.perimetre(user).couples_affectes
        if annee_id is None or annee == annee_id
    }


def peut_modifier_evenement(user, evenement: Evenement, lycee_ids: set[int] | None = None) -> bool:
    """The organising operator's counsellors who run the scheme in one of the event's lycées that year."""
    p = access.perimetre(user)
    if not p.est_conseiller or evenement.organisateur_id != p.organisation.pk:
        return False
    if lycee_ids is None:
        lycee_ids = set(evenement.lycees.values_list("pk", flat=True))
    return bool(lycee_ids & lycees_animes(user, evenement.annee_id))


def lycees_lisibles(user):
    """Lycées whose séances and events this user reads (for the pages' filters; no personal data):
    lycée staff their own lycée, counsellors the lycées they are named for (any year kept)."""
    from lycees.models import Lycee

    p = access.perimetre(user)
    ids = lycees_animes(user) | ({p.lycee_id} if p.lycee_id else set())
    return Lycee.objects.filter(pk__in=ids).order_by("nom")
