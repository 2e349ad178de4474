"""Who reads and writes the individual follow-up (interviews, notes, restitutions, alerts, office hours).

- Interviews, restitutions, alerts and their follow-ups: the student's lycée staff (every year kept) and
  the counsellors named on that lycée's assignment for the record's year (``q_lycee_annee``).
- Confidential notes (``NoteConfidentielle``, a table apart): ONLY the counsellors of the operator that
  wrote the interview, and among them those named on the lycée's assignment for that year — never the
  lycée's staff, the professeurs référents, the pilots, nor another operator (convention art. 4).
- Restitutions are written by a named counsellor to a professeur référent of the student's class;
  the référent acknowledges them.
- Office hours: listed to the lycée's staff and the named counsellors; published by a named counsellor.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q

from avenirpro.access import Droits, Perimetre, accorde, accorde_agregats, en_perimetre
from avenirpro.requetes import objet_ou_404
from lycees.models import Affectation, Eleve
from lycees.perms import CONSEILLER, PERSONNEL, PILOTES, lycee_id, peut_lire, q_lycee_annee, q_territoire
from parcours.models import (
    AlerteDecrochage,
    Entretien,
    NoteConfidentielle,
    Permanence,
    ReferentClasse,
    Restitution,
    SuiviAlerte,
)

# --- Grants ------------------------------------------------------------------------------------------


@accorde(Entretien, roles=PERSONNEL + CONSEILLER)
def entretiens_du_lycee(p):
    """Interviews of the staff's lycée, or of the lycées a counsellor is named for that year."""
    return q_lycee_annee(p)


@accorde_agregats(Entretien, roles=PILOTES)
def entretiens_comptes(p):
    """Pilots count the interviews of their territory."""
    return q_territoire(p)


@accorde(NoteConfidentielle, roles=CONSEILLER)
def notes_de_l_operateur_designe(p):
    """Confidential notes: the writing operator's counsellors named on the lycée for that year, only."""
    if not p.est_conseiller:
        return None
    designe = Affectation.objects.filter(
        lycee=OuterRef("entretien__lycee"),
        annee=OuterRef("entretien__annee"),
        operateur=p.organisation,
        conseillers=p.user,
    )
    return Q(entretien__operateur=p.organisation) & Q(Exists(designe))


@accorde(ReferentClasse, roles=PERSONNEL + CONSEILLER)
def referents_des_classes(p):
    """Who is référent of the classes one reads."""
    return q_lycee_annee(p, "division__lycee", "division__annee")


@accorde(Restitution, roles=PERSONNEL + CONSEILLER)
def restitutions_du_lycee(p):
    """Restitutions about the students one reads (the lycée's staff, the named counsellors)."""
    return q_lycee_annee(p)


@accorde(AlerteDecrochage, roles=PERSONNEL + CONSEILLER)
def alertes_du_lycee(p):
    """Dropout-risk alerts: seen by the lycée's staff and the counsellors named that year."""
    return q_lycee_annee(p)


@accorde_agregats(AlerteDecrochage, roles=PILOTES)
def alertes_comptees(p):
    """Pilots count the alerts of their territory."""
    return q_territoire(p)


@accorde(SuiviAlerte, roles=PERSONNEL + CONSEILLER)
def suivis_des_alertes(p):
    """Follow-ups of the alerts one reads."""
    return q_lycee_annee(p, "alerte__lycee", "alerte__annee")


@accorde(Permanence, roles=PERSONNEL + CONSEILLER)
def permanences_du_lycee(p):
    """Office hours of the staff's lycée, or of the lycées a counsellor is named for that year."""
    return q_lycee_annee(p)


# --- Write rights ------------------------------------------------------------------------------------


def peut_suivre(p: Perimetre, eleve: Eleve) -> bool:
    """Recording interviews, restitutions, booking: a counsellor named on the student's lycée that year."""
    return p.est_conseiller and peut_lire(p, eleve.lycee_id, eleve.annee_id)


def peut_reserver(p: Perimetre, eleve: Eleve) -> bool:
    """Booking a student into office hours: the named counsellors, and the lycée's direction."""
    return peut_suivre(p, eleve) or (p.est_direction_lycee and lycee_id(p) == eleve.lycee_id)


def peut_lever_alerte(p: Perimetre, eleve: Eleve) -> bool:
    """Raising or following up an alert: the named counsellors and the lycée's staff."""
    return peut_suivre(p, eleve) or (p.est_personnel_lycee and lycee_id(p) == eleve.lycee_id)


def peut_saisir_fin_annee(p: Perimetre, eleve: Eleve) -> bool:
    """End-of-year outcomes: the lycée's direction or a named counsellor."""
    return peut_suivre(p, eleve) or (p.est_direction_lycee and lycee_id(p) == eleve.lycee_id)


def peut_nommer_referents(p: Perimetre, lycee: int) -> bool:
    return p.est_direction_lycee and lycee_id(p) == lycee


def verifier(autorise: bool, message: str) -> None:
    if not autorise:
        raise PermissionDenied(message)


def peut_lire_notes(p: Perimetre, note) -> bool:
    """Whether this périmètre reads the confidential notes of ``note``'s interview (a note, or a past
    version of one in the change history): the grant ``notes_de_l_operateur_designe``, nothing else."""
    if not p.est_conseiller:
        return False
    return NoteConfidentielle.objects.visible_to(p).filter(entretien_id=note.entretien_id).exists()


def notes_lisibles(p: Perimetre, entretiens) -> dict[int, NoteConfidentielle]:
    """The confidential notes of ``entretiens`` this périmètre reads (one query; none for the others)."""
    if not p.est_conseiller:
        return {}
    ids = [e.pk for e in entretiens]
    return {n.entretien_id: n for n in NoteConfidentielle.objects.visible_to(p).filter(entretien_id__in=ids)}


# --- One object and what one may do with it (404 for outsiders) ---------------------------------------


def get_eleve_suivi_for_user(request, uuid) -> tuple[Eleve, Droits]:
    p = en_perimetre(request)
    eleve = objet_ou_404(Eleve.objects.visible_to(p).select_related("lycee", "annee", "division"), uuid)
    return eleve, Droits(modifier=peut_suivre(p, eleve))


def get_entretien_for_user(request, uuid) -> tuple[Entretien, Droits]:
    p = en_perimetre(request)
    entretien = objet_ou_404(
        Entretien.objects.visible_to(p).select_related("eleve__division", "lycee", "conseiller"), uuid
    )
    modifier = peut_suivre(p, entretien.eleve) and entretien.operateur_id == p.organisation.pk
    return entretien, Droits(modifier=modifier)


def get_restitution_for_user(request, uuid) -> tuple[Restitution, Droits]:
    p = en_perimetre(request)
    restitution = objet_ou_404(
        Restitution.objects.visible_to(p).select_related("eleve__division", "auteur", "referent"), uuid
    )
    return restitution, Droits(modifier=restitution.referent_id == p.user.pk)


def get_alerte_for_user(request, uuid) -> tuple[AlerteDecrochage, Droits]:
    p = en_perimetre(request)
    alerte = objet_ou_404(
        AlerteDecrochage.objects.visible_to(p).select_related("eleve__division", "auteur", "organisation"),
        uuid,
    )
    return alerte, Droits(modifier=peut_lever_alerte(p, alerte.eleve))


def get_permanence_for_user(request, uuid) -> tuple[Permanence, Droits]:
    p = en_perimetre(request)
    permanence = objet_ou_404(Permanence.objects.visible_to(p).select_related("lycee", "conseiller"), uuid)
    return permanence, Droits(modifier=permanence.conseiller_id == p.user.pk)
