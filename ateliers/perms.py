"""Who reads and writes séances, attendance and events: the grants of this app's models, and ``peut_animer``.

Reading follows the lycées' personal-data rule (``lycees.perms.q_lycee_annee``): lycée staff read their
lycée's records of every year, counsellors those of the lycées whose assignment names them for the
record's school year. Writing a séance or an event belongs to the counsellors named on the lycée's
assignment for that year (``peut_animer``); lycée staff read only. An event may involve several
lycées: it is read through any of them. Pilots count (``accorde_agregats``), never read rows.
An object outside the périmètre is a 404, never a 403.
"""

from django.db.models import Exists, OuterRef, Q

from ateliers.models import (
    Evenement,
    EvenementEleve,
    EvenementLycee,
    Presence,
    Seance,
    SeanceConseiller,
    SeanceDivision,
)
from avenirpro.access import Droits, Perimetre, accorde, accorde_agregats, en_perimetre
from avenirpro.requetes import objet_ou_404
from lycees import perms as lycees_perms
from lycees.models import Lycee
from lycees.perms import CONSEILLER, PERSONNEL, PILOTES, q_lycee_annee, q_territoire

# --- Grants ------------------------------------------------------------------------------------------


@accorde(Seance, roles=PERSONNEL + CONSEILLER)
def seances_du_lycee(p):
    """Séances of the staff's lycée, or of the lycées a counsellor is named for that year."""
    return q_lycee_annee(p)


@accorde(Presence, roles=PERSONNEL + CONSEILLER)
def presences_des_seances(p):
    """Attendance of the séances one reads."""
    return q_lycee_annee(p, "seance__lycee", "seance__annee")


@accorde(SeanceDivision, roles=PERSONNEL + CONSEILLER)
def classes_des_seances(p):
    """Which classes a séance one reads was for."""
    return q_lycee_annee(p, "seance__lycee", "seance__annee")


@accorde(SeanceConseiller, roles=PERSONNEL + CONSEILLER)
def conseillers_des_seances(p):
    """Who ran a séance one reads."""
    return q_lycee_annee(p, "seance__lycee", "seance__annee")


def _q_evenement_lycee(p: Perimetre) -> Q | None:
    return q_lycee_annee(p, "lycee", "evenement__annee")


@accorde(EvenementLycee, roles=PERSONNEL + CONSEILLER)
def lycees_des_evenements(p):
    """An event's link to a lycée one reads, for the event's year."""
    return _q_evenement_lycee(p)


@accorde(Evenement, roles=PERSONNEL + CONSEILLER)
def evenements_des_lycees(p):
    """Events of which one of the lycées is read by the périmètre for the event's year."""
    q = _q_evenement_lycee(p)
    if q is None:
        return None
    liens = EvenementLycee.objects.unscoped("accord des évènements").filter(q, evenement=OuterRef("pk"))
    return Q(Exists(liens))


@accorde(EvenementEleve, roles=PERSONNEL + CONSEILLER)
def participants_des_evenements(p):
    """Participants one reads: students of the périmètre, in events it reads."""
    return q_lycee_annee(p, "eleve__lycee", "eleve__annee")


@accorde_agregats(Seance, roles=PILOTES)
def seances_comptees(p):
    """Pilots count the séances of their territory."""
    return q_territoire(p)


@accorde_agregats(Presence, roles=PILOTES)
def presences_comptees(p):
    """Pilots count attendance in their territory."""
    return q_territoire(p, "seance__lycee")


@accorde_agregats(Evenement, roles=PILOTES)
def evenements_comptes(p):
    """Pilots count the events organised by the operators of their territory."""
    if p.est_pilote_national:
        return Q(pk__isnull=False)
    if p.est_pilote_regional and p.organisation.region_id:
        return Q(organisateur__region=p.organisation.region_id)
    return None


@accorde_agregats(EvenementLycee, roles=PILOTES)
def lycees_des_evenements_comptes(p):
    """Pilots count the lycées of their territory that took part in events."""
    return q_territoire(p)


# --- Write rights ------------------------------------------------------------------------------------


def peut_animer(p: Perimetre, lycee_id: int, annee_id: int) -> bool:
    """Workshops, interviews, events in a lycée: the counsellors assigned to it that year."""
    return p.est_conseiller and (lycee_id, annee_id) in lycees_perms.couples_affectes(p)


def lycees_animes(p: Perimetre, annee_id: int | None = None) -> set[int]:
    """Ids of the lycées where this counsellor runs the scheme (for one school year, or any)."""
    return lycees_perms.lycees_affectes(p, annee_id)


def peut_modifier_seance(p: Perimetre, seance: Seance) -> bool:
    return peut_animer(p, seance.lycee_id, seance.annee_id)


def peut_modifier_evenement(p: Perimetre, evenement: Evenement, lycee_ids: set[int] | None = None) -> bool:
    """The organising operator's counsellors who run the scheme in one of the event's lycées that year."""
    if not p.est_conseiller or evenement.organisateur_id != p.organisation.pk:
        return False
    if lycee_ids is None:
        lycee_ids = set(
            EvenementLycee.objects.unscoped("droits sur un évènement lu")
            .filter(evenement=evenement)
            .values_list("lycee_id", flat=True)
        )
    return bool(lycee_ids & lycees_animes(p, evenement.annee_id))


def lycees_lisibles(p: Perimetre):
    """Lycées whose séances and events this périmètre reads (for the pages' filters; no personal data):
    lycée staff their own lycée, counsellors the lycées they are named for (any year kept)."""
    lid = lycees_perms.lycee_id(p)
    ids = lycees_animes(p) | ({lid} if lid else set())
    return Lycee.objects.filter(pk__in=ids).order_by("nom")


# --- One object and what one may do with it ---------------------------------------------------------


def get_seance_for_user(request, uuid) -> tuple[Seance, Droits]:
    p = en_perimetre(request)
    seance = objet_ou_404(
        Seance.objects.visible_to(p).select_related("lycee", "annee", "questionnaire"), uuid
    )
    modifier = peut_modifier_seance(p, seance)
    return seance, Droits(modifier=modifier, supprimer=modifier)


def get_evenement_for_user(request, uuid) -> tuple[Evenement, Droits]:
    p = en_perimetre(request)
    evenement = objet_ou_404(Evenement.objects.visible_to(p).select_related("annee", "organisateur"), uuid)
    modifier = peut_modifier_evenement(p, evenement)
    return evenement, Droits(modifier=modifier, supprimer=modifier)
