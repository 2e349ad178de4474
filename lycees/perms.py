"""Who reads and manages the lycées' data: the grants of this app's models, and its write rights.

Personal data (classes, students, roster imports), by school year of the record:
- lycée staff (chef d'établissement, DDFPT, responsable BDE, professeur): their lycée's rows of every
  school year still kept; the professeur reads only, the direction also manages the roster;
- counsellors (conseiller of an agence France Travail or a mission locale): the rows of the lycées whose
  assignment (Affectation) for THAT school year names them — only the named counsellors, not every
  counsellor of the operator (data minimisation, GDPR art. 5.1.c); the operator's administrator names them;
- regional and national pilots: counts only (``accorde_agregats``), for the indicators; never a row;
- anyone else: nothing.
Lycées and assignments are not personal data: they are listed to whoever works with them.

``q_lycee_annee`` is the rule other apps reuse for their own records (séances, interviews…): its SQL has
the same size whatever the number of lycées a counsellor serves (per school year he is named in, the
year and its lycées as one bound array, ``ParmiValeurs``, from the pairs looked up once per request).
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from avenirpro.access import Droits, Perimetre, accorde, accorde_agregats, en_perimetre
from avenirpro.cache import MemoireLocale
from avenirpro.db.expressions import ParmiValeurs
from avenirpro.enums import TypeOrganisation
from avenirpro.requetes import objet_ou_404
from avenirpro.roles import Profil
from lycees.models import Affectation, Division, Eleve, FichierImport, ImportEffectifs, Lycee, NoticeFamilles

PERSONNEL = (Profil.DIRECTION_LYCEE, Profil.PROFESSEUR)
CONSEILLER = (Profil.CONSEILLER,)
PILOTES = (Profil.PILOTE_REGIONAL, Profil.PILOTE_NATIONAL)

TOUT = Q(pk__isnull=False)


# --- Facts about a périmètre (one query each, once per request) -------------------------------------


# A lycée organisation's Lycee (one to one, created together), kept a minute per process by the
# organisation's uuid: it was a query on every page of the lycée's staff. Forgotten when a lycée is saved
# or removed here (the admin can move one to another organisation), elsewhere within the minute.
lycees_lus = MemoireLocale(duree=60)


@receiver(post_save, sender=Lycee, dispatch_uid="lycees.lycee_lu.enregistre")
@receiver(post_delete, sender=Lycee, dispatch_uid="lycees.lycee_lu.supprime")
def _oublier_les_lycees_lus(sender, **kwargs):
    lycees_lus.oublier()


def lycee_id(p: Perimetre) -> int | None:
    """The lycée of lycée staff (a lycée organisation has exactly one Lycee)."""
    if not p.est_personnel_lycee:
        return None
    organisation = p.organisation
    return lycees_lus.lire(
        organisation.uuid,
        lambda: Lycee.objects.filter(organisation=organisation).values_list("pk", flat=True).first(),
    )


def couples_affectes(p: Perimetre) -> frozenset[tuple[int, int]]:
    """(lycée, année) pairs whose assignment names this counsellor."""
    if not p.est_conseiller:
        return frozenset()
    return p.memo(
        "lycees.couples",
        lambda: frozenset(
            # No ORDER BY: the model's (year, lycée name) would join both tables to sort a set.
            Affectation.objects.filter(operateur=p.organisation, conseillers=p.user)
            .order_by()
            .values_list("lycee_id", "annee_id")
        ),
    )


def lycees_affectes(p: Perimetre, annee_id: int | None = None) -> set[int]:
    """Ids of the lycées this counsellor is named for (one school year, or any)."""
    return {lyc for lyc, annee in couples_affectes(p) if annee_id is None or annee == annee_id}


# --- The rule other apps reuse -----------------------------------------------------------------------


def q_conseiller_designe(p: Perimetre, lycee: str = "lycee", annee: str = "annee") -> Q | None:
    """Rows whose (lycée, année) assignment names this counsellor: the school years he is named in,
    grouped by their set of lycées, each group « one of those years AND one of those lycées », the lycées
    as one bound array (``ParmiValeurs``) from the pairs looked up once per request
    (``couples_affectes``). A counsellor named on the same lycées year after year (the usual case) has
    one arm, not one per year: a third of the conditions to build and compile on each of his queries.
    Each arm is an index condition on (lycée, year), also when a model ORs the rule with another grant
    (a student also followed in AvenirPro+); the SQL grows with the years kept (three), never with the
    lycées."""
    par_annee: dict[int, set[int]] = {}
    for lyc, an in couples_affectes(p):
        par_annee.setdefault(an, set()).add(lyc)
    annees_par_lycees: dict[frozenset[int], list[int]] = {}
    for an in sorted(par_annee):
        annees_par_lycees.setdefault(frozenset(par_annee[an]), []).append(an)
    q = None
    for lycees, annees in sorted(annees_par_lycees.items(), key=lambda groupe: groupe[1]):
        sur_annees = Q(**{f"{annee}_id": annees[0]}) if len(annees) == 1 else Q(**{f"{annee}_id__in": annees})
        terme = sur_annees & Q(ParmiValeurs(lycee, lycees))
        q = terme if q is None else q | terme
    return q


def q_lycee_annee(p: Perimetre, lycee: str = "lycee", annee: str = "annee") -> Q | None:
    """The personal-data rule of a record reached through ``lycee`` and ``annee`` (lookup paths)."""
    if p.est_personnel_lycee:
        lid = lycee_id(p)
        return Q(**{f"{lycee}_id": lid}) if lid else None
    if p.est_conseiller:
        return q_conseiller_designe(p, lycee, annee)
    return None


def q_territoire(p: Perimetre, lycee: str = "lycee") -> Q | None:
    """Count-only rule of the pilots: the records of their région académique's lycées, or all."""
    if p.est_pilote_national:
        return TOUT
    if p.est_pilote_regional and p.organisation.region_id:
        return Q(**{f"{lycee}__organisation__region": p.organisation.region_id})
    return None


def peut_lire(p: Perimetre, lycee: int, annee: int) -> bool:
    if p.est_personnel_lycee:
        return lycee_id(p) == lycee
    return (lycee, annee) in couples_affectes(p)


# --- Grants ------------------------------------------------------------------------------------------


@accorde(Division, roles=PERSONNEL + CONSEILLER)
def divisions_du_lycee(p):
    """Classes of the staff's lycée (every year), or of the lycées a counsellor is named for that year."""
    return q_lycee_annee(p)


@accorde(Eleve, roles=PERSONNEL + CONSEILLER)
def eleves_du_lycee(p):
    """Students of the staff's lycée (every year), or of the lycées a counsellor is named for that year."""
    return q_lycee_annee(p)


@accorde(ImportEffectifs, roles=PERSONNEL + CONSEILLER)
def imports_du_lycee(p):
    """Roster imports of the lycée (staff; counsellors named that year read them too)."""
    return q_lycee_annee(p)


@accorde(FichierImport, roles=PERSONNEL + CONSEILLER)
def fichiers_du_lycee(p):
    """Uploaded rosters, as their import."""
    return q_lycee_annee(p, "import_effectifs__lycee", "import_effectifs__annee")


@accorde(NoticeFamilles, roles=PERSONNEL + CONSEILLER)
def notices_de_leur_auteur(p):
    """A notice prepared as a job: its author only, while they still reach the class's lycée and year."""
    q = q_lycee_annee(p)
    return q & Q(auteur_id=p.user.pk) if q is not None else None


@accorde_agregats(Division, roles=PILOTES)
def divisions_comptees(p):
    """Pilots count the classes of their territory."""
    return q_territoire(p)


@accorde_agregats(Eleve, roles=PILOTES)
def eleves_comptes(p):
    """Pilots count the students of their territory (categorical columns only)."""
    return q_territoire(p)


@accorde(Lycee, roles=(*PERSONNEL, Profil.ADMINISTRATEUR, Profil.CONSEILLER, *PILOTES))
def lycees_listes(p):
    """Lycées listed (no personal data): one's own lycée; an operator's assigned lycées (any year);
    a regional body's région académique; the whole country for national pilots."""
    if p.est_personnel_lycee or (p.est_administrateur and p.organisation.type == TypeOrganisation.LYCEE):
        return Q(organisation=p.organisation)
    if p.organisation.est_operateur:
        return Q(pk__in=Affectation.objects.filter(operateur=p.organisation).values("lycee_id"))
    if p.organisation.region_id and p.organisation.type in TypeOrganisation.regionaux():
        return Q(organisation__region=p.organisation.region_id)
    if p.est_pilote_national:
        return TOUT
    return None


@accorde(Affectation, roles=(Profil.ADMINISTRATEUR, Profil.CONSEILLER, *PILOTES))
def affectations_listees(p):
    """Assignments of the lycées listed to this périmètre."""
    q = lycees_listes(p)
    if q is None or q is TOUT:  # every lycée: every assignment, without a subquery over the lycées
        return q
    return Q(lycee__in=Lycee.objects.filter(q).values("pk"))


# --- Write rights ------------------------------------------------------------------------------------


def peut_gerer_effectifs(p: Perimetre, lycee: int | None) -> bool:
    """Classes, students, roster import: the lycée's direction (not the professeur, not counsellors)."""
    return lycee is not None and p.est_direction_lycee and lycee_id(p) == lycee


def peut_affecter(p: Perimetre, lycee: Lycee) -> bool:
    """Assigning a lycée to an operator: the regional pilots of the lycée's région académique."""
    return p.est_pilote_regional and lycee.organisation.region_id == p.organisation.region_id


def peut_designer_conseillers(p: Perimetre, affectation: Affectation) -> bool:
    """Naming the counsellors of an assignment: the operator's administrators."""
    return p.est_administrateur and affectation.operateur_id == p.organisation.pk


def droits_division(p: Perimetre, division: Division) -> Droits:
    gerer = peut_gerer_effectifs(p, division.lycee_id)
    return Droits(modifier=gerer, supprimer=gerer)


def droits_eleve(p: Perimetre, eleve: Eleve) -> Droits:
    gerer = peut_gerer_effectifs(p, eleve.lycee_id)
    return Droits(modifier=gerer, supprimer=gerer)


def droits_affectation(p: Perimetre, affectation: Affectation) -> Droits:
    return Droits(
        modifier=peut_affecter(p, affectation.lycee),
        supprimer=peut_affecter(p, affectation.lycee),
    )


# --- One object and what one may do with it (404 for outsiders) ---------------------------------------


def get_division_for_user(request, uuid) -> tuple[Division, Droits]:
    p = en_perimetre(request)
    division = objet_ou_404(Division.objects.visible_to(p).select_related("lycee", "annee"), uuid)
    return division, droits_division(p, division)


def get_eleve_for_user(request, uuid) -> tuple[Eleve, Droits]:
    p = en_perimetre(request)
    eleve = objet_ou_404(Eleve.objects.visible_to(p).select_related("lycee", "annee", "division"), uuid)
    return eleve, droits_eleve(p, eleve)


def get_notice_for_user(request, uuid) -> NoticeFamilles:
    p = en_perimetre(request)
    return objet_ou_404(NoticeFamilles.objects.visible_to(p).select_related("division", "lycee"), uuid)


def get_import_for_user(request, uuid) -> tuple[ImportEffectifs, Droits]:
    p = en_perimetre(request)
    imp = objet_ou_404(ImportEffectifs.objects.visible_to(p).select_related("lycee", "annee"), uuid)
    gerer = peut_gerer_effectifs(p, imp.lycee_id)
    return imp, Droits(modifier=gerer, supprimer=gerer)


def get_lycee_for_user(request, uuid) -> tuple[Lycee, Droits]:
    p = en_perimetre(request)
    lycee = objet_ou_404(Lycee.objects.visible_to(p).select_related("organisation"), uuid)
    return lycee, Droits(modifier=peut_gerer_effectifs(p, lycee.pk) or peut_affecter(p, lycee))


def get_affectation_for_user(request, uuid) -> tuple[Affectation, Droits]:
    p = en_perimetre(request)
    affectation = objet_ou_404(
        Affectation.objects.visible_to(p).select_related("lycee__organisation", "operateur", "annee"), uuid
    )
    return affectation, droits_affectation(p, affectation)
