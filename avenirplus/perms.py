"""Who reads and manages AvenirPro+ (phase 2): the grants of this app's models, and its write rights.

- the lycée's **direction** (chef d'établissement, DDFPT, responsable BDE) reads and manages everything of
  its lycée: cohort, contacts, meeting, enrolments, référents, paths and exits, every cohort kept;
- the **référent de parcours** (a volunteer professeur) and the **mission locale counsellor** designated
  on an enrolment read that student (``lycees.Eleve``, though of the past school year's roster), the
  student's cohort record and the enrolment with its interview, actions and exit; they record the
  interview, the actions and the exit. Nobody else outside the lycée does: a phase 1 counsellor who is
  not named on the enrolment does not see the path (a co-host of the meeting sees its invitations);
- other professeurs of the lycée read the students (``lycees``) but not the AvenirPro+ path;
- pilots count (``accorde_agregats``), never read a row.
An object outside the périmètre is a 404, never a 403.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    Invitation,
    MembreCohorte,
    PartenaireMissionLocale,
    Reunion,
    Sortie,
)
from avenirpro.access import Droits, Perimetre, accorde, accorde_agregats, en_perimetre
from avenirpro.db.expressions import Parmi
from avenirpro.enums import TypeOrganisation
from avenirpro.models import AnneeScolaire, Organisation
from avenirpro.requetes import objet_ou_404
from avenirpro.roles import Profil
from lycees import perms as lycees_perms
from lycees.models import Affectation, Eleve, Lycee
from lycees.perms import PILOTES, q_territoire

DIRECTION = (Profil.DIRECTION_LYCEE,)
SUIVI = (Profil.DIRECTION_LYCEE, Profil.PROFESSEUR, Profil.CONSEILLER)

# --- The rules ---------------------------------------------------------------------------------------


def direction_lycee_id(p: Perimetre) -> int | None:
    """The lycée this périmètre directs (chef d'établissement, DDFPT, responsable BDE), else None."""
    return lycees_perms.lycee_id(p) if p.est_direction_lycee else None


def q_suivi_par(p: Perimetre, prefixe: str = "") -> Q | None:
    """Enrolments (through ``prefixe``) this user follows: as their référent de parcours (a professeur of
    the lycée) or as their mission locale counsellor (in that mission locale)."""
    if p.est_professeur:
        return Q(**{f"{prefixe}referent_id": p.user.pk, f"{prefixe}lycee_id": lycees_perms.lycee_id(p)})
    if p.est_conseiller:
        return Q(**{f"{prefixe}conseiller_id": p.user.pk, f"{prefixe}mission_locale_id": p.organisation.pk})
    return None


def q_inscription(p: Perimetre, prefixe: str = "") -> Q | None:
    """The rule of an enrolment and what hangs from it: the lycée's direction, or who follows it."""
    lid = direction_lycee_id(p)
    if lid:
        return Q(**{f"{prefixe}lycee_id": lid})
    return q_suivi_par(p, prefixe)


def mission_locale_lue(p: Perimetre) -> Organisation | None:
    """The mission locale whose AvenirPro+ partnerships one reads: its administrators and counsellors."""
    o = p.organisation
    if (
        o is not None
        and o.type == TypeOrganisation.MISSION_LOCALE
        and (p.est_administrateur or p.est_conseiller)
    ):
        return o
    return None


def q_lycees_partenaires(ml: Organisation, annee: AnneeScolaire) -> Q:
    """The lycées a mission locale is the AvenirPro+ partner of for a cohort: chosen for it by the
    regional pilot, or served by it in phase 1 with no other partner chosen."""
    choisis = PartenaireMissionLocale.objects.filter(annee=annee)
    return Q(pk__in=choisis.filter(mission_locale=ml).values("lycee_id")) | (
        Q(pk__in=Affectation.objects.filter(annee=annee, operateur=ml).values("lycee_id"))
        & ~Q(pk__in=choisis.values("lycee_id"))
    )


def _q_suivis(p: Perimetre, champ: str) -> Q | None:
    """Rows (students, cohort records) whose enrolment this user follows: ``Parmi`` (an index condition,
    also when ORed with the lycée's grant)."""
    q = q_suivi_par(p)
    if q is None:
        return None
    return Q(Parmi("pk", Inscription.objects.unscoped("accord AvenirPro+").filter(q).values(f"{champ}_id")))


# --- Grants ------------------------------------------------------------------------------------------


@accorde(Eleve, roles=(Profil.PROFESSEUR, Profil.CONSEILLER))
def eleves_suivis_avenirplus(p):
    """Past-year students one follows in AvenirPro+ (référent de parcours or ML counsellor named)."""
    return _q_suivis(p, "eleve")


@accorde(MembreCohorte, roles=SUIVI)
def cohorte_du_lycee(p):
    """The lycée's cohort (direction); a student's record to whoever follows their enrolment."""
    lid = direction_lycee_id(p)
    if lid:
        return Q(lycee_id=lid)
    return _q_suivis(p, "membre")


@accorde(Contact, roles=DIRECTION)
def contacts_de_la_campagne(p):
    """July contacts: the lycée's direction."""
    lid = direction_lycee_id(p)
    return Q(membre__lycee_id=lid) if lid else None


@accorde(Reunion, roles=(Profil.DIRECTION_LYCEE, Profil.CONSEILLER))
def reunions_du_lycee(p):
    """Meetings of the lycée (direction), or those a counsellor co-hosts."""
    lid = direction_lycee_id(p)
    if lid:
        return Q(lycee_id=lid)
    if p.est_conseiller:
        return Q(Exists(Reunion.coanimateurs.through.objects.filter(reunion=OuterRef("pk"), user=p.user)))
    return None


@accorde(Invitation, roles=(Profil.DIRECTION_LYCEE, Profil.CONSEILLER))
def invitations_des_reunions(p):
    """Invitations and attendance of a meeting one reads."""
    lid = direction_lycee_id(p)
    if lid:
        return Q(reunion__lycee_id=lid)
    if p.est_conseiller:
        return Q(
            Exists(Reunion.coanimateurs.through.objects.filter(reunion=OuterRef("reunion"), user=p.user))
        )
    return None


@accorde(Inscription, roles=SUIVI)
def inscriptions_suivies(p):
    """Enrolments of the lycée (direction), or those one follows as référent or ML counsellor."""
    return q_inscription(p)


@accorde(EntretienConjoint, roles=SUIVI)
def entretiens_des_inscriptions(p):
    """The joint interview of an enrolment one reads."""
    return q_inscription(p, "inscription__")


@accorde(Action, roles=SUIVI)
def actions_des_inscriptions(p):
    """The actions of an enrolment one reads."""
    return q_inscription(p, "inscription__")


@accorde(Sortie, roles=SUIVI)
def sorties_des_inscriptions(p):
    """The exit of an enrolment one reads."""
    return q_inscription(p, "inscription__")


@accorde(
    PartenaireMissionLocale,
    roles=(Profil.DIRECTION_LYCEE, Profil.ADMINISTRATEUR, Profil.CONSEILLER, *PILOTES),
)
def partenaires_listes(p):
    """Partner missions locales (no personal data): the lycée's direction, the mission locale's
    administrators and counsellors, the regional pilots of the lycée's région académique, national
    pilots."""
    lid = direction_lycee_id(p)
    if lid:
        return Q(lycee_id=lid)
    if mission_locale_lue(p) is not None:
        return Q(mission_locale=p.organisation)
    return q_territoire(p)


@accorde_agregats(MembreCohorte, roles=PILOTES)
def cohortes_comptees(p):
    """Pilots count the cohorts of their territory."""
    return q_territoire(p)


@accorde_agregats(Inscription, roles=PILOTES)
def inscriptions_comptees(p):
    """Pilots count the enrolments of their territory."""
    return q_territoire(p)


@accorde_agregats(Action, roles=PILOTES)
def actions_comptees(p):
    """Pilots count the actions by type in their territory."""
    return q_territoire(p, "inscription__lycee")


@accorde_agregats(Sortie, roles=PILOTES)
def sorties_comptees(p):
    """Pilots count the exits by outcome in their territory."""
    return q_territoire(p, "inscription__lycee")


# --- Write rights ------------------------------------------------------------------------------------


def peut_piloter(p: Perimetre, lycee_id: int | None) -> bool:
    """Cohort, campaign, meeting, enrolments, référents: the direction of the student's lycée."""
    return lycee_id is not None and direction_lycee_id(p) == lycee_id


def suit(p: Perimetre, inscription: Inscription) -> bool:
    """The référent de parcours or the ML counsellor designated on the enrolment."""
    if p.est_professeur:
        return inscription.referent_id == p.user.pk and lycees_perms.lycee_id(p) == inscription.lycee_id
    if p.est_conseiller:
        return inscription.conseiller_id == p.user.pk and inscription.mission_locale_id == p.organisation.pk
    return False


def droits_inscription(p: Perimetre, inscription: Inscription) -> Droits:
    """The direction designates and manages; the two référents record the interview, path and exit."""
    return Droits(modifier=suit(p, inscription) or peut_piloter(p, inscription.lycee_id))


def lit_partenaires_regionaux(p: Perimetre) -> bool:
    """The lycées of a région académique and their partner mission locale: pilots (no personal data)."""
    return p.est_pilote_regional or p.est_pilote_national


def choisit_partenaire(p: Perimetre, lycee: Lycee) -> bool:
    """The regional pilot of the lycée's région académique chooses its partner mission locale."""
    return p.est_pilote_regional and lycee.organisation.region_id == p.organisation.region_id


def peut_nommer_conseillers(p: Perimetre) -> bool:
    """The mission locale's administrators name its counsellors available for its partner lycées."""
    return p.est_administrateur and mission_locale_lue(p) is not None


# --- One object and what one may do with it (404 for outsiders) ---------------------------------------


def get_membre_for_user(request, uuid) -> tuple[MembreCohorte, Droits]:
    p = en_perimetre(request)
    membre = objet_ou_404(
        MembreCohorte.objects.visible_to(p).select_related("eleve__division", "lycee", "annee"), uuid
    )
    return membre, Droits(modifier=peut_piloter(p, membre.lycee_id))


def get_reunion_for_user(request, uuid) -> tuple[Reunion, Droits]:
    p = en_perimetre(request)
    reunion = objet_ou_404(Reunion.objects.visible_to(p).select_related("lycee", "annee"), uuid)
    return reunion, Droits(modifier=peut_piloter(p, reunion.lycee_id))


def get_inscription_for_user(request, uuid) -> tuple[Inscription, Droits]:
    p = en_perimetre(request)
    inscription = objet_ou_404(
        Inscription.objects.visible_to(p).select_related(
            "eleve__division", "membre", "lycee", "annee", "referent", "conseiller", "mission_locale"
        ),
        uuid,
    )
    return inscription, droits_inscription(p, inscription)


def get_action_for_user(request, uuid) -> tuple[Action, Droits]:
    p = en_perimetre(request)
    action = objet_ou_404(Action.objects.visible_to(p).select_related("inscription"), uuid)
    return action, droits_inscription(p, action.inscription)


def get_lycee_des_partenaires(request, uuid) -> Lycee:
    """A lycée of the pilot's territory (``lycees.perms.lycees_listes``), else 404."""
    return objet_ou_404(Lycee.objects.visible_to(en_perimetre(request)).select_related("organisation"), uuid)


def get_lycee_partenaire(request, uuid, annee: AnneeScolaire) -> Lycee:
    """A lycée one's mission locale is the partner of for the cohort, else 404."""
    ml = mission_locale_lue(en_perimetre(request))
    if ml is None:
        raise Http404
    return objet_ou_404(
        Lycee.objects.filter(q_lycees_partenaires(ml, annee)).select_related("organisation"), uuid
    )
