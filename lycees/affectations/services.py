"""The FT/ML split of the lycées (convention, art. 2) and the counsellors who serve each lycée.

The split is decided per région académique, at equal shares (50/50), by the regional bodies; the
regional pilots of the lycée's région record it here. Each operator's administrator then names, among
the operator's counsellors, those who work in the lycée (and so reach its students).

Every step is one function used by the HTML views, the API and the tests; it validates, raises
``ValidationError`` with a French message (nothing changed) or ``PermissionDenied``.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, FilteredRelation, Prefetch, Q, QuerySet
from django.utils import timezone

from avenirpro import access
from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import Academie, AnneeScolaire, Organisation, User
from lycees import perms
from lycees.affectations import suites
from lycees.models import Affectation, Lycee

logger = logging.getLogger(__name__)

# Convention art. 2: « une répartition à parts égales (50/50) ».
OBJECTIF_PART_FT = 50
# How far from 50/50 the gauge still calls the split balanced (a reading aid, not a rule of the convention).
TOLERANCE_POINTS = 5

# Values of the list's « opérateur » filter besides an operator's uuid.
FILTRE_FT = "ft"
FILTRE_ML = "ml"
FILTRE_NON_AFFECTE = "non_affecte"
TYPE_PAR_FILTRE = {FILTRE_FT: TypeOrganisation.AGENCE_FT, FILTRE_ML: TypeOrganisation.MISSION_LOCALE}


# --- School years offered -------------------------------------------------------------------------


def annees_proposees() -> list[AnneeScolaire]:
    """Years one can look at or prepare: every year kept, the current one and the next (prepared in
    spring for the rentrée). Most recent first; one query once both exist."""
    courante = AnneeScolaire.annee_debut_pour(_aujourdhui())
    annees = list(AnneeScolaire.objects.filter(annee_debut__lte=courante + 1).order_by("-annee_debut"))
    debuts = {a.annee_debut for a in annees}
    if courante not in debuts or courante + 1 not in debuts:
        for debut in (courante, courante + 1):
            if debut not in debuts:
                AnneeScolaire.objects.get_or_create(annee_debut=debut)
        annees = list(AnneeScolaire.objects.filter(annee_debut__lte=courante + 1).order_by("-annee_debut"))
    return annees


def annee_choisie(valeur, annees: list[AnneeScolaire]) -> AnneeScolaire | None:
    """The year asked for (its first calendar year, e.g. « 2025 »), the current one when none is asked;
    None when the value is not one of ``annees``."""
    if valeur in (None, ""):
        courante = AnneeScolaire.annee_debut_pour(_aujourdhui())
        return next(a for a in annees if a.annee_debut == courante)
    debut = AnneeScolaire.lire_debut(valeur)
    return next((a for a in annees if a.annee_debut == debut), None)


def _aujourdhui():
    return timezone.localdate()


# --- Reading --------------------------------------------------------------------------------------


def operateurs_de_la_region(region_id) -> QuerySet[Organisation]:
    """The agences France Travail and missions locales a lycée of this région may be assigned to."""
    return Organisation.objects.operateurs().filter(region_id=region_id).order_by("type", "nom")


def conseillers_possibles(operateur: Organisation) -> QuerySet[User]:
    """Who may be named on an assignment of this operator: its active members with the counsellor role."""
    return User.objects.filter(
        memberships__organisation=operateur, memberships__role=Role.CONSEILLER, is_active=True
    ).order_by("nom", "prenom", "pk")


def _conseillers_ordonnes() -> Prefetch:
    """The counsellors as pages and the API show them (name, e-mail): not their whole account row."""
    conseillers = User.objects.only("uuid", "prenom", "nom", "email").order_by("nom", "prenom", "pk")
    return Prefetch("conseillers", queryset=conseillers)


def lycees_a_repartir(
    acteur, annee: AnneeScolaire, *, region: str = "", academie: str = "", operateur: str = ""
) -> QuerySet[Lycee]:
    """The lycées the user may see listed, each with its assignment of ``annee`` (``affectations_annee``,
    a list of zero or one), filtered by région (code), académie (code) and operator (a network, « non
    affecté » or an operator's uuid). Three queries whatever the page size (count, page, assignments)."""
    qs = Lycee.objects.visible_to(acteur).select_related("organisation__academie", "organisation__region")
    if region:
        qs = qs.filter(organisation__region__code=region)
    if academie:
        qs = qs.filter(organisation__academie__code=academie)
    if operateur == FILTRE_NON_AFFECTE:
        qs = qs.exclude(affectations__annee=annee)
    elif operateur in TYPE_PAR_FILTRE:
        qs = qs.filter(affectations__annee=annee, affectations__operateur__type=TYPE_PAR_FILTRE[operateur])
    elif operateur:
        qs = qs.filter(affectations__annee=annee, affectations__operateur__uuid=operateur)
    affectations = (
        Affectation.objects.filter(annee=annee)
        .select_related("operateur")
        .annotate(nb_conseillers=Count("conseillers"))
    )
    return qs.prefetch_related(
        Prefetch("affectations", queryset=affectations, to_attr="affectations_annee")
    ).order_by("nom", "pk")


def affectations_de_l_operateur(acteur, annee: AnneeScolaire) -> QuerySet[Affectation]:
    """For an operator: the administrator sees every lycée assigned to the organisation this year, a
    counsellor only those whose assignment names them. Nobody else gets rows here."""
    p = access.en_perimetre(acteur)
    if p.organisation is None or not p.organisation.est_operateur:
        return Affectation.objects.none()
    qs = Affectation.objects.visible_to(acteur).filter(annee=annee, operateur=p.organisation)
    if p.est_conseiller:
        qs = qs.filter(conseillers=p.user)
    elif not p.est_administrateur:
        return Affectation.objects.none()
    return (
        qs.select_related("lycee__organisation__academie", "operateur", "annee")
        .prefetch_related(_conseillers_ordonnes())
        .order_by("lycee__nom", "pk")
    )


def affectation_du_lycee(lycee: Lycee, annee: AnneeScolaire) -> Affectation | None:
    """The assignment of a lycée the caller already reached through ``Lycee.objects.visible_to``."""
    return (
        Affectation.objects.filter(lycee=lycee, annee=annee)
        .select_related("operateur")
        .prefetch_related(_conseillers_ordonnes())
        .first()
    )


def changements_prevus(lycees: Iterable[Lycee], annee: AnneeScolaire, operateur: Organisation):
    """The assignments that assigning ``lycees`` to ``operateur`` would move away from another operator
    (with the counsellors who would leave): what the confirmation shows."""
    return list(
        Affectation.objects.filter(lycee__in=list(lycees), annee=annee)
        .exclude(operateur=operateur)
        .select_related("lycee", "operateur")
        .prefetch_related(_conseillers_ordonnes())
        .order_by("lycee__nom", "pk")
    )


def affectations_visibles(acteur) -> QuerySet[Affectation]:
    """Every assignment the user may see listed (API), with what is shown of it."""
    return (
        Affectation.objects.visible_to(acteur)
        .select_related("lycee", "annee", "operateur")
        .prefetch_related(_conseillers_ordonnes())
    )


# --- Assigning (regional pilots) ------------------------------------------------------------------


@dataclass
class ResultatAffectation:
    affectation: Affectation
    cree: bool = False
    ancien_operateur: Organisation | None = None
    conseillers_retires: list[User] = field(default_factory=list)
    # Planned work of the old operator's counsellors (séances…), given to a counsellor of the new one or
    # cancelled: how many.
    prevus_reaffectes: int = 0
    prevus_annules: int = 0

    @property
    def change(self) -> bool:
        return self.ancien_operateur is not None


def _verifier_droit_affecter(acteur, lycee: Lycee) -> None:
    if not perms.peut_affecter(access.en_perimetre(acteur), lycee):
        raise PermissionDenied(
            "Seuls les pilotes régionaux de la région académique du lycée répartissent ses lycées."
        )


def _verifier_operateur(lycee: Lycee, operateur: Organisation | None) -> None:
    if operateur is None or not operateur.est_operateur:
        raise ValidationError(
            "Un lycée est confié à une agence France Travail ou à une mission locale.",
            code="operateur_invalide",
        )
    if operateur.region_id != lycee.organisation.region_id:
        raise ValidationError(
            "« %(operateur)s » n'est pas dans la région académique du lycée « %(lycee)s » : choisissez "
            "une agence France Travail ou une mission locale de la même région académique.",
            code="operateur_hors_region",
            params={"operateur": operateur.nom, "lycee": lycee.nom},
        )


def _affecter(lycee: Lycee, annee: AnneeScolaire, operateur: Organisation) -> ResultatAffectation:
    # Locked without a join: PostgreSQL rechecks a join on the row a concurrent change just updated
    # against the old operator's row, and would answer « no assignment » to the second of two changes.
    affectation = Affectation.objects.select_for_update().filter(lycee=lycee, annee=annee).first()
    if affectation is None:
        try:
            with transaction.atomic():
                affectation = Affectation.objects.create(lycee=lycee, annee=annee, operateur=operateur)
        except IntegrityError as exc:
            raise ValidationError(
                "Ce lycée vient d'être affecté par une autre personne : rechargez la page et recommencez.",
                code="concurrence",
            ) from exc
        return ResultatAffectation(affectation, cree=True)
    if affectation.operateur_id == operateur.pk:
        return ResultatAffectation(affectation)
    # The counsellors named belong to the old operator: they no longer serve the lycée.
    ancien = affectation.operateur
    retires = list(affectation.conseillers.order_by("nom", "prenom", "pk"))
    affectation.operateur = operateur
    affectation.save(update_fields=["operateur", "modifiee_le"])
    affectation.conseillers.clear()
    return ResultatAffectation(affectation, ancien_operateur=ancien, conseillers_retires=retires)


def affecter_lycee(
    acteur, lycee: Lycee, annee: AnneeScolaire, operateur: Organisation, prevus: "ChoixPrevus | None" = None
) -> ResultatAffectation:
    """Assign ``lycee`` for ``annee`` to an agence France Travail or a mission locale of its région
    académique, or move it to another one (the counsellors named by the old operator are removed, and
    what they planned there is reassigned or cancelled as ``prevus`` says: see ``_traiter_prevus``)."""
    _verifier_droit_affecter(acteur, lycee)
    _verifier_operateur(lycee, operateur)
    _verifier_choix_prevus(operateur, prevus)
    with transaction.atomic():
        resultat = _affecter(lycee, annee, operateur)
        _traiter_prevus(acteur, [resultat], annee, operateur, prevus)
    _journaliser(acteur, [resultat], annee)
    return resultat


def affecter_lycees(
    acteur,
    lycees: Iterable[Lycee],
    annee: AnneeScolaire,
    operateur: Organisation,
    prevus: "ChoixPrevus | None" = None,
) -> list[ResultatAffectation]:
    """Assign several lycées to one operator: all of them or none."""
    lycees = list(lycees)
    if not lycees:
        raise ValidationError("Sélectionnez au moins un lycée.", code="aucun_lycee")
    for lycee in lycees:
        _verifier_droit_affecter(acteur, lycee)
        _verifier_operateur(lycee, operateur)
    _verifier_choix_prevus(operateur, prevus)
    with transaction.atomic():
        # In a stable order: two groupings that share lycées lock them one after the other, no deadlock.
        par_lycee = {ly.pk: _affecter(ly, annee, operateur) for ly in sorted(lycees, key=lambda ly: ly.pk)}
        resultats = [par_lycee[ly.pk] for ly in lycees]
        _traiter_prevus(acteur, resultats, annee, operateur, prevus)
    _journaliser(acteur, resultats, annee)
    return resultats


# --- What the old operator's counsellors planned (operator change mid-year) ------------------------


@dataclass(frozen=True)
class ChoixPrevus:
    """What becomes of the planned séances (and any planned work registered in ``suites``) of the
    counsellors who lose access: given to ``conseiller``, an active counsellor of the new operator (who
    is then named on the lycée), or cancelled."""

    action: str  # suites.REASSIGNER or suites.ANNULER
    conseiller: User | None = None


def prevus_du_changement(
    changements: list[Affectation], annee: AnneeScolaire, operateur: Organisation
) -> int:
    """For the confirmation page: set on each assignment that changes operator its planned items,
    ``affectation.prevus`` = [(heading, [Prevu])]; return how many in all (one query set per suite)."""
    lycees = [a.lycee for a in changements]
    par_suite = [(s.nom, s.lister(lycees, annee, operateur)) for s in suites.suites()] if lycees else []
    total = 0
    for affectation in changements:
        affectation.prevus = [
            (nom, par_lycee[affectation.lycee_id])
            for nom, par_lycee in par_suite
            if par_lycee.get(affectation.lycee_id)
        ]
        total += sum(len(items) for _, items in affectation.prevus)
    return total


def _verifier_choix_prevus(operateur: Organisation, prevus: ChoixPrevus | None) -> None:
    if prevus is None:
        return
    if prevus.action not in (suites.REASSIGNER, suites.ANNULER):
        raise ValidationError(
            {"seances": "Choisissez de confier les séances prévues à un conseiller ou de les annuler."}
        )
    if prevus.action == suites.REASSIGNER and (
        prevus.conseiller is None
        or not conseillers_possibles(operateur).filter(pk=prevus.conseiller.pk).exists()
    ):
        raise ValidationError(
            {
                "conseiller": f"Choisissez le conseiller de « {operateur.nom} » (compte actif) qui reprend "
                "les séances prévues."
            }
        )


def _traiter_prevus(
    acteur, resultats: list[ResultatAffectation], annee, operateur: Organisation, prevus: ChoixPrevus | None
) -> None:
    """Inside the transaction that changed the operator (the assignments are locked): no planned item may
    stay with a counsellor who lost access. Without a choice while some exist, nothing is changed."""
    changes = [r for r in resultats if r.change]
    if not changes:
        return
    if prevus is None:
        lycees = [r.affectation.lycee for r in changes]
        restants = sum(len(v) for s in suites.suites() for v in s.lister(lycees, annee, operateur).values())
        if restants:
            raise ValidationError(
                f"{restants} séance{'s' if restants > 1 else ''} prévue{'s' if restants > 1 else ''} "
                f"{'sont animées' if restants > 1 else 'est animée'} par des conseillers qui n'auront plus "
                f"accès au lycée : choisissez de les confier à un conseiller de « {operateur.nom} » ou de "
                "les annuler.",
                code="prevus_a_traiter",
            )
        return
    for r in changes:
        lycees = [r.affectation.lycee]
        for s in suites.suites():
            if prevus.action == suites.REASSIGNER:
                r.prevus_reaffectes += s.reaffecter(lycees, annee, operateur, prevus.conseiller)
            else:
                r.prevus_annules += s.annuler(lycees, annee, operateur)
        if r.prevus_reaffectes:
            # Who animates the séances must reach the lycée's classes: named on the assignment.
            r.affectation.conseillers.add(prevus.conseiller)
            logger.info(
                "Changement d'opérateur : %d séance(s) prévue(s) confiée(s) à %s (affectation %s), par %s",
                r.prevus_reaffectes,
                prevus.conseiller.uuid,
                r.affectation.uuid,
                access.en_perimetre(acteur).user.uuid,
            )
        elif r.prevus_annules:
            logger.info(
                "Changement d'opérateur : %d séance(s) prévue(s) annulée(s) (affectation %s), par %s",
                r.prevus_annules,
                r.affectation.uuid,
                access.en_perimetre(acteur).user.uuid,
            )


def retirer_affectation(acteur, lycee: Lycee, annee: AnneeScolaire) -> Affectation:
    """Undo an assignment (the lycée is « non affecté » again for that year); returns the deleted row."""
    _verifier_droit_affecter(acteur, lycee)
    with transaction.atomic():
        affectation = (
            Affectation.objects.select_for_update()
            .filter(lycee=lycee, annee=annee)
            .select_related("operateur")
            .first()
        )
        if affectation is None:
            raise ValidationError(
                "Ce lycée n'est affecté à aucun opérateur pour l'année %(annee)s.",
                code="non_affecte",
                params={"annee": annee},
            )
        affectation.delete()
    logger.info(
        "Affectation retirée : lycée %s, année %s, opérateur %s, par l'utilisateur %s",
        lycee.uai,
        annee,
        affectation.operateur.uuid,
        access.en_perimetre(acteur).user.uuid,
    )
    return affectation


def _journaliser(acteur, resultats: list[ResultatAffectation], annee) -> None:
    for r in resultats:
        if r.cree or r.change:
            logger.info(
                "Affectation : lycée %s, année %s, opérateur %s → %s (%d conseiller(s) retiré(s)), "
                "par l'utilisateur %s",
                r.affectation.lycee.uai,
                annee,
                r.ancien_operateur.uuid if r.ancien_operateur else "—",
                r.affectation.operateur.uuid,
                len(r.conseillers_retires),
                access.en_perimetre(acteur).user.uuid,
            )


# --- Naming counsellors (operator's administrator) ------------------------------------------------


def message_conseillers_refuses(affectation: Affectation, uuids) -> str:
    """The refusal names the accounts by the uuids the caller sent, never by name: no one learns who
    belongs to another organisation."""
    return (
        f"Seuls les conseillers de « {affectation.operateur.nom} » (comptes actifs) peuvent être désignés "
        f"pour ce lycée ; ne le sont pas : {', '.join(sorted(str(u) for u in uuids))}."
    )


def designer_conseillers(acteur, affectation: Affectation, conseillers: Iterable[User]) -> Affectation:
    """Name the counsellors who serve the lycée (replaces the previous list; an empty list unnames all).
    Each must be an active counsellor of the assignment's operator."""
    if not perms.peut_designer_conseillers(access.en_perimetre(acteur), affectation):
        raise PermissionDenied("Seul l'administrateur de l'opérateur désigne les conseillers de ce lycée.")
    conseillers = list({u.pk: u for u in conseillers}.values())
    admis = set(
        conseillers_possibles(affectation.operateur)
        .filter(pk__in=[u.pk for u in conseillers])
        .values_list("pk", flat=True)
    )
    intrus = [u for u in conseillers if u.pk not in admis]
    if intrus:
        raise ValidationError(
            message_conseillers_refuses(affectation, [u.uuid for u in intrus]), code="conseiller_etranger"
        )
    with transaction.atomic():
        # Locked first: two designations at once would each diff against the same old list and leave a
        # mix of both; one after the other, the last one wins whole.
        list(Affectation.objects.select_for_update().filter(pk=affectation.pk).values_list("pk", flat=True))
        affectation.conseillers.set(conseillers)
        affectation.save(update_fields=["modifiee_le"])
    logger.info(
        "Conseillers désignés : affectation %s, %d conseiller(s), par l'utilisateur %s",
        affectation.uuid,
        len(conseillers),
        access.en_perimetre(acteur).user.uuid,
    )
    return affectation


# --- The gauge (FT/ML split against 50/50) --------------------------------------------------------


@dataclass
class Repartition:
    """Lycées of a territory for one year: assigned to France Travail, to missions locales, or to nobody."""

    code: str
    nom: str
    france_travail: int = 0
    missions_locales: int = 0
    non_affectes: int = 0
    academies: list["Repartition"] = field(default_factory=list)

    @property
    def affectes(self) -> int:
        return self.france_travail + self.missions_locales

    @property
    def total(self) -> int:
        return self.affectes + self.non_affectes

    @property
    def part_france_travail(self) -> float | None:
        """Share of France Travail among assigned lycées, in %, one decimal (None when none assigned)."""
        if not self.affectes:
            return None
        return round(100 * self.france_travail / self.affectes, 1)

    @property
    def part_missions_locales(self) -> float | None:
        part = self.part_france_travail
        return None if part is None else round(100 - part, 1)

    @property
    def ecart(self) -> float | None:
        """Points of France Travail share above (positive) or below (negative) the 50 % target."""
        part = self.part_france_travail
        return None if part is None else round(part - OBJECTIF_PART_FT, 1)

    @property
    def ecart_points(self) -> float | None:
        ecart = self.ecart
        return None if ecart is None else abs(ecart)

    @property
    def reseau_en_exces(self) -> str | None:
        """The network above 50 % (« France Travail » or « Missions locales »), None at exactly 50/50."""
        ecart = self.ecart
        if not ecart:
            return None
        return "France Travail" if ecart > 0 else "Missions locales"

    @property
    def equilibree(self) -> bool | None:
        ecart = self.ecart
        return None if ecart is None else abs(ecart) <= TOLERANCE_POINTS

    # Widths of the SVG gauge (a 0–100 viewBox), as strings: never localised (« 33,3 » is no SVG number).
    @property
    def largeur_ft(self) -> str:
        return f"{self.part_france_travail or 0:.1f}"

    @property
    def largeur_ml(self) -> str:
        return f"{self.part_missions_locales or 0:.1f}"

    def ajouter(self, type_operateur: str | None, n: int) -> None:
        if type_operateur == TypeOrganisation.AGENCE_FT:
            self.france_travail += n
        elif type_operateur == TypeOrganisation.MISSION_LOCALE:
            self.missions_locales += n
        else:
            self.non_affectes += n


@dataclass
class Jauge:
    annee: AnneeScolaire
    nationale: bool
    regions: list[Repartition]
    total: Repartition
    objectif: int = OBJECTIF_PART_FT
    tolerance: int = TOLERANCE_POINTS


def peut_voir_jauge(acteur) -> bool:
    p = access.en_perimetre(acteur)
    return p.est_pilote_regional or p.est_pilote_national


def jauge(acteur, annee: AnneeScolaire) -> Jauge:
    """The FT/ML split of ``annee`` per région académique and académie: a regional pilot's région, every
    région for a national pilot. One GROUP BY query (lycées × that year's assignment), one for the
    territories."""
    if not peut_voir_jauge(acteur):
        raise PermissionDenied("La répartition des lycées est suivie par les pilotes régionaux et nationaux.")
    p = access.en_perimetre(acteur)
    comptes = (
        Lycee.objects.visible_to(acteur)
        .annotate(affectation_annee=FilteredRelation("affectations", condition=Q(affectations__annee=annee)))
        .values(
            region_pk=F("organisation__region_id"),
            academie_pk=F("organisation__academie_id"),
            type_operateur=F("affectation_annee__operateur__type"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    academies = Academie.objects.select_related("region").order_by("region__nom", "nom")
    if not p.est_pilote_national:
        academies = academies.filter(region_id=p.organisation.region_id)

    regions: dict[int, Repartition] = {}
    par_academie: dict[int, Repartition] = {}
    for a in academies:
        region = regions.get(a.region_id)
        if region is None:
            region = regions[a.region_id] = Repartition(code=a.region.code, nom=a.region.nom)
        par_academie[a.pk] = Repartition(code=a.code, nom=a.nom)
        region.academies.append(par_academie[a.pk])
    total = Repartition(code="total", nom="France entière" if p.est_pilote_national else "Total")
    for ligne in comptes:
        region = regions.get(ligne["region_pk"])
        if region is None:  # a lycée without a région: counted in the total only
            total.ajouter(ligne["type_operateur"], ligne["n"])
            continue
        region.ajouter(ligne["type_operateur"], ligne["n"])
        total.ajouter(ligne["type_operateur"], ligne["n"])
        if ligne["academie_pk"] in par_academie:
            par_academie[ligne["academie_pk"]].ajouter(ligne["type_operateur"], ligne["n"])
    return Jauge(annee=annee, nationale=p.est_pilote_national, regions=list(regions.values()), total=total)
