"""The access policy of AvenirPro: the one place that says who may read and write what. Fail-closed.

Who sees personal data (students and everything attached to them):
- lycée staff (chef d'établissement, DDFPT, responsable BDE, professeur): their lycée's students, of every
  school year still kept; the professeur reads only, the others also manage the roster;
- counsellors (conseiller of an agence France Travail or a mission locale): the students of the lycées
  whose assignment (Affectation) for that school year names them. Only the named counsellors, not every
  counsellor of the operator: the students are mostly minors, and an agence has many counsellors who
  never set foot in that lycée (data minimisation, GDPR art. 5.1.c). The operator's administrator names
  them;
- regional and national pilots, and organisation administrators: no student row at all; pilots read
  aggregates from ``indicateurs``.
Anything not listed sees nothing. Outsiders get 404 (``get_object_or_404`` on a ``visible_to`` queryset).

The current organisation is the membership chosen for the request (``activer``): the middleware sets it
from the session, the API from the ``X-Organisation`` header, both default to the user's first membership.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db.models import Q

from avenirpro.enums import ROLES_PAR_TYPE, Role, TypeOrganisation
from avenirpro.models import Membership, Organisation, User

NOTHING = Q(pk__in=[])


def memberships_of(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_avenirpro_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("organisation__region", "organisation__academie")
            .order_by("cree_le", "pk")
        )
        user._avenirpro_memberships = cached
    return cached


def activer(user, membership_uuid=None) -> Membership | None:
    """Choose the user's current membership for this request (the first one when none is asked or found)."""
    memberships = memberships_of(user)
    courante = next((m for m in memberships if membership_uuid and str(m.uuid) == str(membership_uuid)), None)
    if courante is None and memberships:
        courante = memberships[0]
    if getattr(user, "is_authenticated", False):
        user._avenirpro_membership = courante
        user.__dict__.pop("_avenirpro_perimetre", None)
    return courante


def membership_courante(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_avenirpro_membership"):
        activer(user)
    return user._avenirpro_membership


@dataclass
class Perimetre:
    """What one user, in their current organisation, may reach."""

    user: User | None
    membership: Membership | None
    _couples: list[tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def est_personnel_lycee(self) -> bool:
        return self.role in Role.personnels_lycee() and self.organisation.type == TypeOrganisation.LYCEE

    @property
    def est_direction_lycee(self) -> bool:
        return self.est_personnel_lycee and self.role in Role.direction_lycee()

    @property
    def est_conseiller(self) -> bool:
        return self.role == Role.CONSEILLER and self.organisation.est_operateur

    @property
    def est_pilote_regional(self) -> bool:
        return self.role == Role.PILOTE_REGIONAL and self.organisation.type in TypeOrganisation.regionaux()

    @property
    def est_pilote_national(self) -> bool:
        return self.role == Role.PILOTE_NATIONAL and self.organisation.type in TypeOrganisation.nationaux()

    @property
    def est_administrateur(self) -> bool:
        return self.role == Role.ADMINISTRATEUR

    @cached_property
    def lycee_id(self) -> int | None:
        """The lycée of lycée staff (a lycée organisation has exactly one Lycee)."""
        if not self.est_personnel_lycee:
            return None
        Lycee = apps.get_model("lycees", "Lycee")
        return Lycee.objects.filter(organisation=self.organisation).values_list("pk", flat=True).first()

    @property
    def couples_affectes(self) -> list[tuple[int, int]]:
        """(lycée, année) pairs whose assignment names this counsellor; one query, cached per request."""
        if not self.est_conseiller:
            return []
        if self._couples is None:
            Affectation = apps.get_model("lycees", "Affectation")
            self._couples = list(
                Affectation.objects.filter(operateur=self.organisation, conseillers=self.user)
                .values_list("lycee_id", "annee_id")
                .order_by("lycee_id", "annee_id")
            )
        return self._couples

    # -- personal data ----------------------------------------------------------------------------

    def q_personnes(self, lycee_path: str = "lycee", annee_path: str = "annee") -> Q:
        """The filter for rows of personal data reached through ``lycee_path`` and ``annee_path``."""
        if self.est_personnel_lycee and self.lycee_id:
            return Q(**{f"{lycee_path}_id": self.lycee_id})
        if self.est_conseiller and self.couples_affectes:
            q = NOTHING
            for lycee_id, annee_id in self.couples_affectes:
                q |= Q(**{f"{lycee_path}_id": lycee_id, f"{annee_path}_id": annee_id})
            return q
        return NOTHING

    def peut_lire(self, lycee_id: int, annee_id: int) -> bool:
        if self.est_personnel_lycee:
            return self.lycee_id == lycee_id
        return (lycee_id, annee_id) in self.couples_affectes

    def peut_gerer_effectifs(self, lycee_id: int) -> bool:
        """Classes, students, roster import: the lycée's direction (not the professeur, not counsellors)."""
        return self.est_direction_lycee and self.lycee_id == lycee_id

    def peut_animer(self, lycee_id: int, annee_id: int) -> bool:
        """Workshops, interviews, events in a lycée: the counsellors assigned to it that year."""
        return self.est_conseiller and (lycee_id, annee_id) in self.couples_affectes

    # -- lycées (not personal data) ---------------------------------------------------------------

    def q_lycees(self, prefix: str = "") -> Q:
        """Which lycées this user may see listed (names, UAI, assignments): no personal data."""
        p = f"{prefix}__" if prefix else ""
        if self.est_personnel_lycee or (
            self.est_administrateur and self.organisation.type == TypeOrganisation.LYCEE
        ):
            return Q(**{f"{p}organisation": self.organisation})
        if self.membership and self.organisation.est_operateur:
            return Q(**{f"{p}affectations__operateur": self.organisation})
        if self.membership and self.organisation.type in TypeOrganisation.regionaux():
            return Q(**{f"{p}organisation__region": self.organisation.region_id})
        if self.est_pilote_national:
            return ~NOTHING
        return NOTHING

    def peut_affecter(self, lycee) -> bool:
        """Assigning a lycée to an operator: the regional pilots of the lycée's région académique."""
        return self.est_pilote_regional and lycee.organisation.region_id == self.organisation.region_id

    def peut_designer_conseillers(self, affectation) -> bool:
        """Naming the counsellors of an assignment: the operator's administrators."""
        return self.est_administrateur and affectation.operateur_id == self.organisation.pk

    # -- members of the organisation (accounts) ---------------------------------------------------

    @property
    def roles_attribuables(self) -> frozenset[str]:
        """Roles this user may give (invitation) and take back, in their current organisation only.

        An organisation's administrators manage every role the organisation allows; a lycée's chef
        d'établissement manages the lycée's staff (DDFPT, responsable BDE, professeurs), not the
        direction nor the administrators. Anyone else manages nobody.
        """
        if self.est_administrateur:
            return ROLES_PAR_TYPE[self.organisation.type]
        if self.est_direction_lycee and self.role == Role.CHEF_ETABLISSEMENT:
            return frozenset({Role.DDFPT, Role.RESPONSABLE_BDE, Role.PROFESSEUR})
        return frozenset()


def perimetre(user) -> Perimetre:
    if not getattr(user, "is_authenticated", False):
        return Perimetre(user=None, membership=None)
    cached = user.__dict__.get("_avenirpro_perimetre")
    if cached is None:
        cached = Perimetre(user=user, membership=membership_courante(user))
        user.__dict__["_avenirpro_perimetre"] = cached
    return cached
