"""The indicator engine: every figure of ``indicateurs.definitions`` for a scope and a period, with its
breakdowns, in a fixed number of grouped-count queries (thirteen, whatever the size of the data).

It reads the other apps through a ``Source``: for a user, the access policy's count-only portée
(``Model.objects.pour_agregats(perimetre)``: pilots never fetch a row, only grouped counts on
categorical columns); for the job that compiles a return, every row (``unscoped``) of the scope asked.
The counts that filter or compute on a record's dates (an interview's day, an enrolment's start and end,
a student's age at enrolment) read the rows the same grants give (``Source.agreger``: the OR of the
model's grants for the user, count-only ones included) without the count-only guard on date columns:
the engine returns grouped counts only, never a row.
Each query groups by (operator type, académie[, diploma or event type]) — at most a few hundred rows —
and the breakdowns by network, région académique and académie are sums of those groups: a student, a
séance, an answer belongs to one lycée, hence to one académie and (through the lycée's assignment of the
record's year) to one network. Distinct lycées (participants) are grouped by lycée (at most one row per
lycée) and united in Python. No name, no identifier of a student is ever read.
"""

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ateliers.enums import NOTE_SATISFAIT_MIN, StatutSeance, TypeEvenement
from ateliers.models import (
    Evenement,
    EvenementEleve,
    EvenementLycee,
    Presence,
    ReponseEquipe,
    ReponseSeance,
    Seance,
)
from avenirplus.enums import StatutAction
from avenirplus.models import Action, Inscription
from avenirpro.access import Perimetre, q_accordee
from avenirpro.db.expressions import parmi_en_filtre
from avenirpro.enums import Reseau, TypeOrganisation
from avenirpro.models import Academie, AnneeScolaire, Organisation, RegionAcademique
from avenirpro.scoping import autoriser_jointures
from indicateurs.definitions import (
    DEFINITIONS,
    PAR_CODE,
    VERSION_DEFINITIONS,
    Fenetre,
    Niveau,
    Portee,
    Unite,
    Ventilation,
)
from lycees.enums import ResultatExamen
from lycees.models import Affectation, Eleve, Lycee
from lycees.perms import q_territoire
from parcours.enums import StatutEntretien
from parcours.models import Entretien

RESEAU_DU_TYPE = {
    TypeOrganisation.AGENCE_FT: Reseau.FRANCE_TRAVAIL,
    TypeOrganisation.MISSION_LOCALE: Reseau.MISSIONS_LOCALES,
}
TYPE_DU_RESEAU = {v: k for k, v in RESEAU_DU_TYPE.items()}
NON_RENSEIGNE = ""
RAISON_AGREGATS = "indicateurs : comptages groupés des lignes accordées à l'utilisateur (dates comprises)"
RAISON_SOUS_REQUETE = "indicateurs : existence d'une activité de l'élève compté (ligne déjà accordée)"


class PorteeIntrouvable(ValueError):
    pass


# --- Where the engine reads ----------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A user's count-only portée, or the compile job's every row (``raison`` says why)."""

    perimetre: Perimetre | None = None
    raison: str = ""

    @classmethod
    def pour(cls, perimetre: Perimetre) -> "Source":
        return cls(perimetre=perimetre)

    @classmethod
    def systeme(cls, raison: str) -> "Source":
        return cls(raison=raison)

    def compter(self, modele):
        if self.perimetre is not None:
            return modele.objects.pour_agregats(self.perimetre)
        return modele.objects.unscoped(self.raison)

    def agreger(self, modele):
        """The rows ``compter`` counts, for counts that filter or compute on a record's dates: the same
        grants (row and count-only ones), read by the engine for grouped counts only."""
        if self.perimetre is None:
            return modele.objects.unscoped(self.raison)
        q = q_accordee(modele, self.perimetre, agregats=True)
        qs = modele.objects.unscoped(RAISON_AGREGATS)
        return qs.filter(q) if q is not None else qs.none()

    def lister(self, modele):
        if self.perimetre is not None:
            return modele.objects.visible_to(self.perimetre)
        return modele.objects.all()

    def territoire(self, lycee: str) -> Q:
        """For the anonymous answers (not personal data, no grant): the territory of the counts — a
        pilot's région or the country; for anyone else, the lycées listed to them."""
        if self.perimetre is None:
            return Q()
        q = q_territoire(self.perimetre, lycee)
        if q is None:
            return Q(**{f"{lycee}__in": self.lister(Lycee).values("pk")})
        return q


# --- Scopes resolved to primary keys -------------------------------------------------------------


@dataclass(frozen=True)
class PorteeResolue:
    portee: Portee
    pk: int | None = None  # région, académie, operator organisation or lycée
    region_id: int | None = None  # the région académique it lies in (None: national, network)
    libelle: str = "France entière"


def resoudre(portee: Portee) -> PorteeResolue:
    """The scope's rows (one query), or ``PorteeIntrouvable`` with a French message."""
    n, cle = portee.niveau, portee.cle
    if n == Niveau.NATIONAL:
        return PorteeResolue(portee)
    if n == Niveau.RESEAU:
        if cle not in Reseau.values:
            raise PorteeIntrouvable("Réseau inconnu : « france_travail » ou « missions_locales ».")
        return PorteeResolue(portee, libelle=f"Réseau {Reseau(cle).label}")
    try:
        if n == Niveau.REGION:
            r = RegionAcademique.objects.get(code=cle)
            return PorteeResolue(portee, r.pk, r.pk, f"Région académique {r.nom}")
        if n == Niveau.ACADEMIE:
            a = Academie.objects.get(code=cle)
            return PorteeResolue(portee, a.pk, a.region_id, f"Académie de {a.nom}")
        if n == Niveau.OPERATEUR:
            o = Organisation.objects.operateurs().get(uuid=cle)
            return PorteeResolue(portee, o.pk, o.region_id, o.nom)
        lycee = Lycee.objects.select_related("organisation").get(uuid=cle)
        return PorteeResolue(portee, lycee.pk, lycee.organisation.region_id, lycee.nom)
    except (ObjectDoesNotExist, ValidationError, ValueError):
        raise PorteeIntrouvable("Ce périmètre est introuvable.") from None


def _q_lycees(r: PorteeResolue, lycee: str, annee: str) -> Q:
    """Records of the lycées of the scope, joined to their lycée's assignment of the record's year."""
    aff = f"{lycee}__affectations"
    q = Q(**{f"{aff}__annee": F(annee)})
    n = r.portee.niveau
    if n == Niveau.RESEAU:
        q &= Q(**{f"{aff}__operateur__type": TYPE_DU_RESEAU[r.portee.cle]})
    elif n == Niveau.REGION:
        q &= Q(**{f"{lycee}__organisation__region": r.pk})
    elif n == Niveau.ACADEMIE:
        q &= Q(**{f"{lycee}__organisation__academie": r.pk})
    elif n == Niveau.OPERATEUR:
        q &= Q(**{f"{aff}__operateur": r.pk})
    elif n == Niveau.LYCEE:
        q &= Q(**{lycee: r.pk})
    return q


def _un_de(r: PorteeResolue, *activites) -> Q:
    """Students (the outer query's rows) with a row in one of ``activites`` (querysets with ``eleve``)."""
    q = Q()
    for activite in activites:
        if r.portee.sous_regional:
            q |= Q(Exists(activite.filter(eleve=OuterRef("pk"))))
        else:
            q |= Q(pk__in=activite.values("eleve_id"))
    return q


def _q_evenements(r: PorteeResolue) -> Q:
    """Events of the scope: by their organising operator (network, territory), or by a lycée taking part."""
    n = r.portee.niveau
    if n == Niveau.RESEAU:
        return Q(organisateur__type=TYPE_DU_RESEAU[r.portee.cle])
    if n == Niveau.REGION:
        return Q(organisateur__region=r.pk)
    if n == Niveau.ACADEMIE:
        return Q(organisateur__academie=r.pk)
    if n == Niveau.OPERATEUR:
        return Q(organisateur=r.pk)
    if n == Niveau.LYCEE:
        return Q(lycees=r.pk)
    return Q()


# --- Accumulating the breakdowns -----------------------------------------------------------------


@dataclass
class _Cumul:
    """Sums of one indicator (and of its denominator, for a mean or a rate) per breakdown cell."""

    valeur: dict = field(default_factory=lambda: defaultdict(int))
    base: dict = field(default_factory=lambda: defaultdict(int))

    def ajouter(self, cellules, valeur, base=0):
        for cellule in cellules:
            self.valeur[cellule] += valeur or 0
            self.base[cellule] += base or 0


def _cellules(type_operateur, academie_id, region_par_academie, extra=None, region_id=None):
    """The cells a group of rows adds to: total, its network, région, académie (and diploma or type)."""
    reseau = RESEAU_DU_TYPE.get(type_operateur, NON_RENSEIGNE)
    region = region_id if region_id is not None else region_par_academie.get(academie_id)
    cellules = [("total", None), (Ventilation.RESEAU, reseau), (Ventilation.REGION, region)]
    cellules.append((Ventilation.ACADEMIE, academie_id))
    if isinstance(extra, list):
        cellules.extend(extra)
    elif extra is not None:
        cellules.append(extra)
    return cellules


@dataclass(frozen=True)
class Territoires:
    """Codes of the régions and académies (reference data, one query): the keys of the breakdowns."""

    region_par_academie: dict
    code_academie: dict
    code_region: dict

    @classmethod
    def charger(cls) -> "Territoires":
        lignes = list(Academie.objects.values_list("pk", "code", "region_id", "region__code"))
        return cls(
            region_par_academie={pk: region for pk, _, region, _ in lignes},
            code_academie={pk: code for pk, code, _, _ in lignes},
            code_region={region: code_region for _, _, region, code_region in lignes},
        )


def _resultat(definition, cumul: _Cumul, territoires: Territoires) -> dict:
    def valeur(cellule):
        v, b = cumul.valeur.get(cellule, 0), cumul.base.get(cellule, 0)
        if definition.unite in (Unite.MINUTES, Unite.JOURS):
            return round(v / b, 1) if b else None
        if definition.unite == Unite.POURCENTAGE:
            return round(100 * v / b) if b else None
        return v

    sortie = {"total": valeur(("total", None))}
    for ventilation in definition.ventilations:
        cellules = sorted(
            (c for c in set(cumul.valeur) | set(cumul.base) if c[0] == ventilation), key=lambda c: str(c[1])
        )
        par = {}
        for cellule in cellules:
            cle = cellule[1]
            if ventilation == Ventilation.ACADEMIE:
                cle = territoires.code_academie.get(cle, NON_RENSEIGNE)
            elif ventilation == Ventilation.REGION:
                cle = territoires.code_region.get(cle, NON_RENSEIGNE)
            par[cle if cle is not None else NON_RENSEIGNE] = valeur(cellule)
        sortie[f"par_{ventilation}"] = dict(sorted(par.items()))
    return sortie


# --- The engine ------------------------------------------------------------------------------------

TYPE_OP = "lycee__affectations__operateur__type"
ACADEMIE = "lycee__organisation__academie"
SATISFAIT = Q(note__gte=NOTE_SATISFAIT_MIN)


def calculer(source: Source, portee: Portee | PorteeResolue, fenetre: Fenetre) -> dict:
    """Every indicator of the definitions for ``portee`` over ``fenetre``: a JSON-ready dict."""
    r = portee if isinstance(portee, PorteeResolue) else resoudre(portee)
    # A small scope's counts are narrowed by their join (its lycées, their years) before a user's grants
    # apply: the grants are then tested row by row, not combined by index for each lycée of the join.
    with parmi_en_filtre() if r.portee.sous_regional else contextlib.nullcontext():
        return _calculer(source, r, fenetre)


def _calculer(source: Source, r: PorteeResolue, fenetre: Fenetre) -> dict:
    territoires = Territoires.charger()
    rpa = territoires.region_par_academie
    cumuls = {d.code: _Cumul() for d in DEFINITIONS}
    periode = Q(date__gte=fenetre.du, date__lte=fenetre.au)

    # Lycées engagés: assignments of the school year the period ends in.
    annee_fin = AnneeScolaire.annee_debut_pour(fenetre.au)
    affectations = (
        source.lister(Affectation)
        .filter(annee__annee_debut=annee_fin)
        .filter(_q_affectations(r))
        .values("operateur__type", "lycee__organisation__academie")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for ligne in affectations:
        cumuls["lycees_engages"].ajouter(
            _cellules(ligne["operateur__type"], ligne["lycee__organisation__academie"], rpa), ligne["n"]
        )

    # Séances held, grouped by lycée (for the participants) — the counts and the minutes.
    participants: dict[int, tuple] = {}
    seances = (
        source.compter(Seance)
        .filter(periode, statut=StatutSeance.REALISEE)
        .filter(_q_lycees(r, "lycee", "annee"))
        .values("lycee", TYPE_OP, ACADEMIE)
        .annotate(n=Count("pk"), minutes=Sum("duree_minutes"))
        .order_by()
    )
    for ligne in seances:
        cellules = _cellules(ligne[TYPE_OP], ligne[ACADEMIE], rpa)
        cumuls["interventions_collectives"].ajouter(cellules, ligne["n"])
        cumuls["duree_moyenne_interventions"].ajouter(cellules, ligne["minutes"], ligne["n"])
        participants[ligne["lycee"]] = (ligne[TYPE_OP], ligne[ACADEMIE])

    # Lycées that took part in an event of the period.
    liens = (
        source.compter(EvenementLycee)
        .filter(evenement__date__gte=fenetre.du, evenement__date__lte=fenetre.au)
        .filter(_q_lycees(r, "lycee", "evenement__annee"))
        .values("lycee", TYPE_OP, ACADEMIE)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for ligne in liens:
        participants.setdefault(ligne["lycee"], (ligne[TYPE_OP], ligne[ACADEMIE]))

    # Échanges individuels: interviews held, grouped by lycée (they make it a participant too).
    entretiens = (
        source.agreger(Entretien)
        .filter(periode, statut=StatutEntretien.REALISE)
        .filter(_q_lycees(r, "lycee", "annee"))
        .values("lycee", TYPE_OP, ACADEMIE)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for ligne in entretiens:
        cumuls["echanges_individuels"].ajouter(_cellules(ligne[TYPE_OP], ligne[ACADEMIE], rpa), ligne["n"])
        participants.setdefault(ligne["lycee"], (ligne[TYPE_OP], ligne[ACADEMIE]))
    for type_op, academie in participants.values():
        cumuls["lycees_participants"].ajouter(_cellules(type_op, academie, rpa), 1)

    # Lycéens bénéficiaires: distinct students present at a held séance, received in a held interview or
    # taking part in an event (a student is one row, whatever their activities). National, network and
    # regional scopes (the jobs): ``IN`` each, hashed once over the period. Smaller scopes (a lycée, an
    # operator, an académie, counted live by their pages): ``EXISTS`` per student of the scope, by index —
    # hashing the whole country's attendance of the period for 150 students cost 220 ms.
    presents = Presence.objects.unscoped(RAISON_SOUS_REQUETE).filter(
        present=True,
        seance__statut=StatutSeance.REALISEE,
        seance__date__gte=fenetre.du,
        seance__date__lte=fenetre.au,
    )
    recus = Entretien.objects.unscoped(RAISON_SOUS_REQUETE).filter(periode, statut=StatutEntretien.REALISE)
    participants_evenements = EvenementEleve.objects.unscoped(RAISON_SOUS_REQUETE).filter(
        evenement__date__gte=fenetre.du, evenement__date__lte=fenetre.au
    )
    annees_touchees = (AnneeScolaire.annee_debut_pour(fenetre.du), AnneeScolaire.annee_debut_pour(fenetre.au))
    beneficiaires = (
        source.agreger(Eleve)
        # A student's activities are dated within their own school year (the services refuse a séance,
        # an interview or an event outside it): only the rosters of the years the period touches.
        .filter(annee__annee_debut__range=annees_touchees)
        .filter(_q_lycees(r, "lycee", "annee"))
        .filter(_un_de(r, presents, recus, participants_evenements))
        .values(TYPE_OP, ACADEMIE, "diplome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for ligne in beneficiaires:
        cellules = _cellules(ligne[TYPE_OP], ligne[ACADEMIE], rpa, (Ventilation.DIPLOME, ligne["diplome"]))
        cumuls["lyceens_beneficiaires"].ajouter(cellules, ligne["n"])

    # Events, by their organiser.
    evenements = (
        source.compter(Evenement)
        .filter(periode)
        .filter(_q_evenements(r))
        .values("organisateur__type", "organisateur__region", "organisateur__academie", "type")
        .annotate(n=Count("pk", distinct=True), employeurs=Sum("nombre_employeurs"))
        .order_by()
    )
    for ligne in evenements:
        cellules = _cellules(
            ligne["organisateur__type"],
            ligne["organisateur__academie"],
            rpa,
            (Ventilation.TYPE, ligne["type"]),
            region_id=ligne["organisateur__region"],
        )
        cumuls["evenements"].ajouter(cellules, ligne["n"])
        cumuls["employeurs_mobilises"].ajouter(cellules, ligne["employeurs"])
        if ligne["type"] == TypeEvenement.INTERVENTION_EMPLOYEURS:
            cumuls["interventions_employeurs"].ajouter(cellules, ligne["n"])

    # Satisfaction: anonymous answers (no personal data; the séance's lycée gives the territory).
    chemin = "questionnaire__seance__lycee"
    reponses = (
        autoriser_jointures(ReponseSeance.objects.all(), "indicateurs : réponses anonymes par territoire")
        .filter(
            questionnaire__seance__statut=StatutSeance.REALISEE,
            questionnaire__seance__date__gte=fenetre.du,
            questionnaire__seance__date__lte=fenetre.au,
        )
        .filter(source.territoire(chemin))
        .filter(_q_lycees(r, chemin, "questionnaire__seance__annee"))
        .values(f"{chemin}__affectations__operateur__type", f"{chemin}__organisation__academie")
        .annotate(n=Count("pk"), satisfaits=Count("pk", filter=SATISFAIT))
        .order_by()
    )
    for ligne in reponses:
        cellules = _cellules(
            ligne[f"{chemin}__affectations__operateur__type"], ligne[f"{chemin}__organisation__academie"], rpa
        )
        cumuls["reponses_lyceens"].ajouter(cellules, ligne["n"])
        cumuls["satisfaction_lyceens"].ajouter(cellules, ligne["satisfaits"], ligne["n"])

    chemin = "questionnaire__lycee"
    reponses = (
        ReponseEquipe.objects.filter(cree_le__gte=fenetre.du, cree_le__lte=fenetre.au)
        .filter(source.territoire(chemin))
        .filter(_q_lycees(r, chemin, "questionnaire__annee"))
        .values(f"{chemin}__affectations__operateur__type", f"{chemin}__organisation__academie")
        .annotate(n=Count("pk"), satisfaits=Count("pk", filter=SATISFAIT))
        .order_by()
    )
    for ligne in reponses:
        cellules = _cellules(
            ligne[f"{chemin}__affectations__operateur__type"], ligne[f"{chemin}__organisation__academie"], rpa
        )
        cumuls["reponses_equipes"].ajouter(cellules, ligne["n"])
        cumuls["satisfaction_equipes"].ajouter(cellules, ligne["satisfaits"], ligne["n"])

    _avenirplus(source, r, fenetre, cumuls, rpa)

    indicateurs = {d.code: _resultat(d, cumuls[d.code], territoires) for d in DEFINITIONS}
    if r.portee.sous_regional:
        for d in DEFINITIONS:
            for ventilation in TYPOLOGIE:
                cle = f"par_{ventilation}"
                if cle in indicateurs[d.code]:
                    indicateurs[d.code][cle] = masquer(indicateurs[d.code][cle])
    return {
        "portee": str(r.portee),
        "libelle_portee": r.libelle,
        "fenetre": fenetre.as_dict(),
        "version_definitions": VERSION_DEFINITIONS,
        "indicateurs": indicateurs,
    }


# --- AvenirPro+ (phase 2) ----------------------------------------------------------------------------

ML = TypeOrganisation.MISSION_LOCALE
ACADEMIE_INSCRIPTION = "lycee__organisation__academie"
MINEUR, MAJEUR = "mineur", "majeur"
DIPLOME_OBTENU, NON_DIPLOME = "diplome", "non_diplome"
RESULTATS = {ResultatExamen.ADMIS: DIPLOME_OBTENU, ResultatExamen.NON_ADMIS: NON_DIPLOME}


def _q_avenirplus(r: PorteeResolue, inscription: str = "") -> Q:
    """Enrolments of the scope: by their lycée's territory, their partner mission locale (operator), the
    missions locales' network (all of them) — a France Travail scope has none."""
    n, p = r.portee.niveau, inscription
    if n == Niveau.RESEAU:
        return Q() if r.portee.cle == Reseau.MISSIONS_LOCALES else Q(pk__in=[])
    if n == Niveau.REGION:
        return Q(**{f"{p}lycee__organisation__region": r.pk})
    if n == Niveau.ACADEMIE:
        return Q(**{f"{p}lycee__organisation__academie": r.pk})
    if n == Niveau.OPERATEUR:
        return Q(**{f"{p}mission_locale": r.pk})
    if n == Niveau.LYCEE:
        return Q(**{f"{p}lycee": r.pk})
    return Q()


def _avenirplus(source: Source, r: PorteeResolue, fenetre: Fenetre, cumuls: dict, rpa: dict) -> None:
    """Students supported (with their typology), lycées, actions by type, ended enrolments and their mean
    duration: four grouped counts."""
    fin_effective = Coalesce(F("sortie__date"), F("fin"))
    en_cours = (
        source.agreger(Inscription)
        .filter(_q_avenirplus(r))
        .alias(fin_effective=fin_effective)
        .filter(debut__lte=fenetre.au, fin_effective__gte=fenetre.du)
    )
    # Frozen at enrolment (the birth date is anonymised to its year after the retention period).
    age = Case(When(mineur_au_debut=True, then=Value(MINEUR)), default=Value(MAJEUR))
    eleves = (
        en_cours.annotate(age=age)
        .values(ACADEMIE_INSCRIPTION, "eleve__diplome", "eleve__sexe", "eleve__resultat_examen", "age")
        .annotate(n=Count("eleve", distinct=True))
        .order_by()
    )
    for ligne in eleves:
        extra = [
            (Ventilation.DIPLOME, ligne["eleve__diplome"]),
            (Ventilation.SEXE, ligne["eleve__sexe"]),
            (Ventilation.AGE, ligne["age"]),
            (Ventilation.RESULTAT, RESULTATS.get(ligne["eleve__resultat_examen"], NON_RENSEIGNE)),
        ]
        cumuls["avenirplus_eleves"].ajouter(
            _cellules(ML, ligne[ACADEMIE_INSCRIPTION], rpa, extra), ligne["n"]
        )

    lycees = en_cours.values("lycee", ACADEMIE_INSCRIPTION).annotate(n=Count("pk")).order_by()
    for ligne in lycees:
        cumuls["avenirplus_lycees"].ajouter(_cellules(ML, ligne[ACADEMIE_INSCRIPTION], rpa), 1)

    duree = ExpressionWrapper(F("fin_effective") - F("debut"), output_field=DurationField())
    terminees = (
        source.agreger(Inscription)
        .filter(_q_avenirplus(r))
        .alias(fin_effective=fin_effective)
        .filter(fin_effective__gte=fenetre.du, fin_effective__lte=fenetre.au)
        .values(ACADEMIE_INSCRIPTION, "sortie__issue")
        .annotate(n=Count("pk"), duree=Sum(duree))
        .order_by()
    )
    for ligne in terminees:
        cellules = _cellules(
            ML, ligne[ACADEMIE_INSCRIPTION], rpa, (Ventilation.ISSUE, ligne["sortie__issue"] or "")
        )
        jours = ligne["duree"].total_seconds() / 86400 if ligne["duree"] is not None else 0
        cumuls["avenirplus_sorties"].ajouter(cellules, ligne["n"])
        cumuls["avenirplus_duree_moyenne"].ajouter(cellules, jours, ligne["n"])

    academie_action = f"inscription__{ACADEMIE_INSCRIPTION}"
    actions = (
        source.agreger(Action)
        .filter(_q_avenirplus(r, "inscription__"))
        .filter(debut__lte=fenetre.au, fin__gte=fenetre.du)
        .exclude(statut=StatutAction.ABANDONNEE)
        .values(academie_action, "type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for ligne in actions:
        cellules = _cellules(ML, ligne[academie_action], rpa, (Ventilation.TYPE_ACTION, ligne["type"]))
        cumuls["avenirplus_actions"].ajouter(cellules, ligne["n"])


# Breakdowns that describe who the students are (typology): masked below the regional level.
TYPOLOGIE = (Ventilation.DIPLOME, Ventilation.SEXE, Ventilation.AGE, Ventilation.RESULTAT)
MASQUE = "< 5"


def masquer(cellules: dict) -> dict:
    """Counts of 1 to 4 become « < 5 »; when that leaves a single masked cell (which the total minus the
    others would give back), the smallest other non-zero cell is masked too."""
    sortie = {cle: MASQUE if isinstance(v, int) and 1 <= v <= 4 else v for cle, v in cellules.items()}
    masquees = [cle for cle, v in sortie.items() if v == MASQUE]
    if len(masquees) == 1:
        autres = sorted(
            (v, cle) for cle, v in sortie.items() if isinstance(v, int) and v > 0 and cle not in masquees
        )
        if autres:
            sortie[autres[0][1]] = MASQUE
    return sortie


def _q_affectations(r: PorteeResolue) -> Q:
    n = r.portee.niveau
    if n == Niveau.RESEAU:
        return Q(operateur__type=TYPE_DU_RESEAU[r.portee.cle])
    if n == Niveau.REGION:
        return Q(lycee__organisation__region=r.pk)
    if n == Niveau.ACADEMIE:
        return Q(lycee__organisation__academie=r.pk)
    if n == Niveau.OPERATEUR:
        return Q(operateur=r.pk)
    if n == Niveau.LYCEE:
        return Q(lycee=r.pk)
    return Q()


def definition(code: str):
    return PAR_CODE[code]
