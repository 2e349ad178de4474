"""The access policy of AvenirPro: the mechanism, in one place. Fail-closed. The rules live in the apps.

- **Who acts** is a ``Perimetre``: a user in ONE of their memberships (organisation + role). The middleware
  and the API authentication build it once per request as ``request.perimetre``; a Celery task or a
  command chooses one explicitly (``agir_en(perimetre_de(user, organisation))``). Nothing is stored on
  the ``User``, and nothing picks « the first membership » silently: a user with several memberships and
  no choice raises ``PerimetreAmbigu``.
- **What it may read** is the OR of the *grants* declared for a model: each app declares, in its own
  ``perms.py``, ``@accorde(Model, roles=…)`` functions that return a ``Q`` for a périmètre (or ``None``
  when they give nothing). ``Model.objects.visible_to(perimetre)`` applies them; a model without a grant
  that applies shows nothing. ``@accorde_agregats`` grants give counts only (pilots): see
  ``avenirpro.scoping``.
- **What it may do** with one object is a ``Droits`` returned with the object by the app's
  ``get_<thing>_for_user(request, uuid) -> (obj, droits)``; the app's service is the one place that refuses.

The kernel names no app: ``python manage.py politique_acces`` prints the table of grants that the apps
registered (model × grant × roles).
"""

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q

from avenirpro.enums import ORGANISATIONS_DPD, ROLES_PAR_TYPE, Role, TypeOrganisation
from avenirpro.models import Membership, Organisation, User

NOTHING = Q(pk__in=[])


class PerimetreAmbigu(RuntimeError):
    """Code that needs a current organisation found none chosen for a user with several."""


class PerimetreAbsent(RuntimeError):
    """Code outside a request needs ``agir_en(...)`` to say on whose behalf it acts."""


# --- Who acts --------------------------------------------------------------------------------------


@dataclass(eq=False)
class Perimetre:
    """What one user, in their current membership, may reach. Built once per request (or task)."""

    user: User | None
    membership: Membership | None
    memberships: list[Membership] = field(default_factory=list, repr=False)
    # Facts the apps' grants compute once per périmètre (``memo``): a lycée id, assigned pairs…
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def est_authentifie(self) -> bool:
        return self.user is not None and self.membership is not None

    def memo(self, cle: str, calcul: Callable[[], Any]) -> Any:
        """``calcul()`` once per périmètre: grants call it for what they look up (one query per request)."""
        if self.user is None:  # ANONYME is shared: nothing is remembered on it
            return calcul()
        if cle not in self._memo:
            self._memo[cle] = calcul()
        return self._memo[cle]

    # -- role predicates (the kernel's vocabulary; the rules that use them live in the apps) ---------

    @property
    def est_personnel_lycee(self) -> bool:
        return (
            self.membership is not None
            and self.role in Role.personnels_lycee()
            and self.organisation.type == TypeOrganisation.LYCEE
        )

    @property
    def est_direction_lycee(self) -> bool:
        return self.est_personnel_lycee and self.role in Role.direction_lycee()

    @property
    def est_professeur(self) -> bool:
        return self.est_personnel_lycee and self.role == Role.PROFESSEUR

    @property
    def est_conseiller(self) -> bool:
        return (
            self.membership is not None and self.role == Role.CONSEILLER and self.organisation.est_operateur
        )

    @property
    def est_pilote_regional(self) -> bool:
        return (
            self.membership is not None
            and self.role == Role.PILOTE_REGIONAL
            and self.organisation.type in TypeOrganisation.regionaux()
        )

    @property
    def est_pilote_national(self) -> bool:
        return (
            self.membership is not None
            and self.role == Role.PILOTE_NATIONAL
            and self.organisation.type in TypeOrganisation.nationaux()
        )

    @property
    def est_administrateur(self) -> bool:
        return self.role == Role.ADMINISTRATEUR

    @property
    def est_dpd(self) -> bool:
        """A data-protection officer of an académie, of France Travail (national) or of the UNML."""
        return (
            self.membership is not None
            and self.role == Role.DPD
            and self.organisation.type in ORGANISATIONS_DPD
        )

    # -- members of the organisation (accounts: a kernel concern) --------------------------------

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


ANONYME = Perimetre(user=None, membership=None)


def memberships_de(user) -> list[Membership]:
    """The user's memberships, oldest first (one query). Empty for anonymous or inactive users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation__region", "organisation__academie")
        .order_by("cree_le", "pk")
    )


def perimetre_de(user, organisation=None, *, membership_uuid=None, par_defaut_premiere=False) -> Perimetre:
    """The périmètre of ``user`` in ``organisation`` (an Organisation, or its uuid or a membership's uuid).

    Without a choice, a user with exactly one membership gets it; with several it raises
    ``PerimetreAmbigu`` — unless ``par_defaut_premiere`` (the session or the API without a choice yet:
    the user then sees, and can switch, the organisation chosen for them).
    """
    memberships = memberships_de(user)
    if not memberships:
        return Perimetre(user=user if getattr(user, "is_authenticated", False) else None, membership=None)
    voulue = membership_uuid or organisation
    choisie = None
    if voulue is not None:
        cle = str(getattr(voulue, "uuid", voulue))
        choisie = next((m for m in memberships if cle in (str(m.uuid), str(m.organisation.uuid))), None)
    if choisie is None:
        if len(memberships) == 1 or par_defaut_premiere:
            choisie = memberships[0]
        elif voulue is None:
            raise PerimetreAmbigu(
                f"{user} a {len(memberships)} rattachements : dites pour quelle organisation il agit."
            )
        else:
            return Perimetre(user=user, membership=None, memberships=memberships)
    return Perimetre(user=user, membership=choisie, memberships=memberships)


_courant: contextvars.ContextVar[Perimetre | None] = contextvars.ContextVar("perimetre", default=None)


@contextlib.contextmanager
def agir_en(perimetre: Perimetre) -> Iterator[Perimetre]:
    """Outside a request (a task, a command): on whose behalf the code in the block acts."""
    token = _courant.set(perimetre)
    try:
        yield perimetre
    finally:
        _courant.reset(token)


def perimetre_courant() -> Perimetre:
    """The périmètre chosen by ``agir_en`` (tasks, commands); raises when none was chosen."""
    p = _courant.get()
    if p is None:
        raise PerimetreAbsent("Aucun périmètre choisi : appelez ce code dans « with agir_en(...) ».")
    return p


def en_perimetre(qui) -> Perimetre:
    """A périmètre from what callers hold: a ``Perimetre``, a request (Django or DRF), or — for tests
    and the shell — a user with a single membership (several raise ``PerimetreAmbigu``)."""
    if isinstance(qui, Perimetre):
        return qui
    p = getattr(qui, "perimetre", None)
    if isinstance(p, Perimetre):
        user = getattr(qui, "user", None)
        if p.user is None and getattr(user, "is_authenticated", False):
            # An API request authenticated after the middleware ran (DRF's forced authentication in
            # tests): the périmètre of the user DRF authenticated, chosen like the middleware does.
            p = perimetre_de(user, par_defaut_premiere=True)
            getattr(qui, "_request", qui).perimetre = p
        return p
    if isinstance(qui, User) or getattr(qui, "is_anonymous", False):
        return perimetre_de(qui) if qui.is_authenticated else ANONYME
    user = getattr(qui, "user", None)
    if user is not None:  # a request that no middleware saw (schema generation, a bare test request)
        return perimetre_de(user, par_defaut_premiere=True) if user.is_authenticated else ANONYME
    raise TypeError(f"Un périmètre est attendu, pas {type(qui).__name__}.")


# --- What it may read: grants declared by the apps --------------------------------------------------


@dataclass(frozen=True)
class Accord:
    """One grant: for ``modele``, the rows ``fonction(perimetre)`` returns (a Q, or None for nothing)."""

    modele: type[Model]
    fonction: Callable[[Perimetre], Q | None]
    roles: tuple[str, ...]
    agregats: bool
    app: str

    @property
    def nom(self) -> str:
        return self.fonction.__name__

    @property
    def description(self) -> str:
        return (self.fonction.__doc__ or "").strip().split("\n")[0]


_ACCORDS: dict[type[Model], list[Accord]] = {}


def _declarer(modele, roles, agregats):
    def decorer(fonction):
        accord = Accord(modele, fonction, tuple(roles), agregats, fonction.__module__.split(".")[0])
        existants = _ACCORDS.setdefault(modele, [])
        if not any(
            a.fonction.__qualname__ == fonction.__qualname__ and a.app == accord.app for a in existants
        ):
            existants.append(accord)
        return fonction

    return decorer


def accorde(modele: type[Model], *, roles: tuple[str, ...] | list[str]):
    """Declare, in an app's ``perms.py``, which rows of ``modele`` a périmètre reads (a ``Q`` or None)."""
    return _declarer(modele, roles, agregats=False)


def accorde_agregats(modele: type[Model], *, roles: tuple[str, ...] | list[str]):
    """Declare rows a périmètre may COUNT but never fetch (pilots: grouped counts, no personal column)."""
    return _declarer(modele, roles, agregats=True)


def accords(modele: type[Model] | None = None) -> list[Accord]:
    if modele is not None:
        return list(_ACCORDS.get(modele, ()))
    return [a for liste in _ACCORDS.values() for a in liste]


def modeles_couverts() -> list[type[Model]]:
    return list(_ACCORDS)


def q_accordee(modele: type[Model], perimetre: Perimetre, *, agregats: bool = False) -> Q | None:
    """The OR of the grants of ``modele`` for ``perimetre`` (row grants; with ``agregats``, count-only
    grants too); None when no grant applies."""
    if not perimetre.est_authentifie:
        return None
    q = None
    for accord in _ACCORDS.get(modele, ()):
        if accord.agregats and not agregats:
            continue
        terme = accord.fonction(perimetre)
        if terme is not None:
            q = terme if q is None else q | terme
    return q


# --- What it may do with one object ----------------------------------------------------------------


@dataclass(frozen=True)
class Droits:
    """What a périmètre may do with one object it reads (``get_<thing>_for_user`` returns it)."""

    lire: bool = True
    modifier: bool = False
    supprimer: bool = False
