"""The indicators of the convention's article 6 (DESIGN.md §3): defined ONCE, here, with a version and the
French text that every return, document, dashboard and API answer repeats.

The figures themselves are computed by ``indicateurs.calcul`` (bounded aggregate queries). A definition
that changes takes a new ``version``; ``VERSION_DEFINITIONS`` (stored in every compiled return) changes
with any of them.

Version 2 of « lycées participants » and « lycéens bénéficiaires » counts the individual interviews
(``parcours``); « échanges individuels » and the AvenirPro+ indicators (``avenirplus``: students
supported with their typology, lycées participants, actions by type, exits and average enrolment
duration) were added with it.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db import models

from avenirpro.models import AnneeScolaire


class Ventilation(StrEnum):
    """The breakdowns of a return (art. 6)."""

    RESEAU = "reseau"
    REGION = "region"
    ACADEMIE = "academie"
    DIPLOME = "diplome"
    TYPE = "type"
    SEXE = "sexe"
    AGE = "age"
    RESULTAT = "resultat"
    TYPE_ACTION = "type_action"
    ISSUE = "issue"

    @property
    def libelle(self) -> str:
        return {
            "reseau": "Réseau",
            "region": "Région académique",
            "academie": "Académie",
            "diplome": "Diplôme préparé",
            "type": "Type d'évènement",
            "sexe": "Sexe",
            "age": "Âge à l'inscription",
            "resultat": "Résultat à l'examen",
            "type_action": "Type d'action",
            "issue": "Situation à la sortie",
        }[self.value]


class Unite(StrEnum):
    NOMBRE = "nombre"
    MINUTES = "minutes"
    JOURS = "jours"
    POURCENTAGE = "pourcentage"


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    libelle: str
    texte: str
    unite: Unite = Unite.NOMBRE
    ventilations: tuple[Ventilation, ...] = (Ventilation.RESEAU, Ventilation.REGION, Ventilation.ACADEMIE)
    # The figure a mean or a rate is taken over (its denominator), itself an indicator.
    base: str | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "version": self.version,
            "libelle": self.libelle,
            "definition": self.texte,
            "unite": str(self.unite),
            "ventilations": [str(v) for v in self.ventilations],
        }


_TERRITOIRE = (
    " Réseau : celui de l'opérateur (agence France Travail ou mission locale) affecté au lycée pour "
    "l'année scolaire de l'enregistrement ; région académique et académie : celles du lycée."
)

_AVENIRPLUS = (
    " Réseau : celui des missions locales (AvenirPro+ est mené avec la mission locale partenaire du lycée ;"
    " une remontée du réseau France Travail n'en compte pas) ; opérateur : la mission locale partenaire ;"
    " région académique et académie : celles du lycée où l'élève était inscrit."
)

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "lycees_engages",
        1,
        "Lycées engagés",
        "Lycées confiés à un opérateur (affectation) pour l'année scolaire où finit la période."
        + _TERRITOIRE,
    ),
    Definition(
        "lycees_participants",
        2,
        "Lycées participants",
        "Lycées où au moins une séance d'atelier collectif ou un entretien individuel a été réalisé, ou qui "
        "ont pris part à au moins un évènement, à une date comprise dans la période." + _TERRITOIRE,
    ),
    Definition(
        "lyceens_beneficiaires",
        2,
        "Lycéens bénéficiaires",
        "Élèves distincts marqués présents à au moins une séance réalisée, reçus en au moins un entretien "
        "individuel réalisé, ou participants d'au moins un évènement, à une date comprise dans la période ; "
        "diplôme : celui que l'élève prépare." + _TERRITOIRE,
        ventilations=(Ventilation.RESEAU, Ventilation.REGION, Ventilation.ACADEMIE, Ventilation.DIPLOME),
    ),
    Definition(
        "interventions_collectives",
        1,
        "Interventions collectives réalisées",
        "Séances d'ateliers collectifs au statut « réalisée » dont la date est comprise dans la période "
        "(une séance pour plusieurs classes compte une fois)." + _TERRITOIRE,
    ),
    Definition(
        "duree_moyenne_interventions",
        1,
        "Durée moyenne des interventions collectives",
        "Moyenne, en minutes, de la durée des interventions collectives réalisées de la période."
        + _TERRITOIRE,
        unite=Unite.MINUTES,
        base="interventions_collectives",
    ),
    Definition(
        "echanges_individuels",
        1,
        "Échanges individuels",
        "Entretiens individuels au statut « réalisé » dont la date est comprise dans la période (les "
        "entretiens prévus ou manqués ne comptent pas)." + _TERRITOIRE,
    ),
    Definition(
        "evenements",
        1,
        "Évènements organisés",
        "Évènements (salons, forums, job datings, visites, interventions d'employeurs…) dont la date est "
        "comprise dans la période. Réseau, région académique et académie : ceux de l'opérateur qui "
        "l'organise (un évènement pour plusieurs lycées compte une fois).",
        ventilations=(Ventilation.RESEAU, Ventilation.REGION, Ventilation.ACADEMIE, Ventilation.TYPE),
    ),
    Definition(
        "interventions_employeurs",
        1,
        "Dont interventions d'employeurs",
        "Évènements de la période du type « Intervention d'employeurs » (mêmes règles que les évènements).",
    ),
    Definition(
        "employeurs_mobilises",
        1,
        "Employeurs mobilisés",
        "Somme du nombre d'employeurs déclaré pour chaque évènement de la période (mêmes règles que les "
        "évènements).",
        ventilations=(Ventilation.RESEAU, Ventilation.REGION, Ventilation.ACADEMIE, Ventilation.TYPE),
    ),
    Definition(
        "reponses_lyceens",
        1,
        "Réponses des lycéens au questionnaire de satisfaction",
        "Réponses anonymes au questionnaire des séances réalisées dans la période." + _TERRITOIRE,
    ),
    Definition(
        "satisfaction_lyceens",
        1,
        "Taux de satisfaction des lycéens",
        "Part, en pourcentage arrondi à l'unité, des réponses des lycéens aux deux niveaux les plus hauts "
        "de l'échelle à 4 niveaux (« plutôt satisfait », « très satisfait »).",
        unite=Unite.POURCENTAGE,
        base="reponses_lyceens",
    ),
    Definition(
        "reponses_equipes",
        1,
        "Réponses des équipes éducatives au questionnaire de satisfaction",
        "Réponses anonymes des membres des équipes éducatives au questionnaire annuel du lycée, données "
        "à une date comprise dans la période." + _TERRITOIRE,
    ),
    Definition(
        "satisfaction_equipes",
        1,
        "Taux de satisfaction des équipes éducatives",
        "Part, en pourcentage arrondi à l'unité, des réponses des équipes éducatives aux deux niveaux les "
        "plus hauts de l'échelle à 4 niveaux.",
        unite=Unite.POURCENTAGE,
        base="reponses_equipes",
    ),
    # --- AvenirPro+ (phase 2, annex 2): the missions locales' network -----------------------------------
    Definition(
        "avenirplus_eleves",
        1,
        "Élèves accompagnés dans AvenirPro+",
        "Élèves distincts dont une inscription à AvenirPro+ est en cours à au moins un jour de la période "
        "(début au plus tard le dernier jour, fin — date de sortie, ou date de fin sans sortie — au plus tôt "
        "le premier). Typologie : sexe, âge à la date de début de l'inscription (mineur : moins de 18 ans), "
        "diplôme préparé en classe de terminale, résultat à l'examen (diplômé, non diplômé, non connu). "
        "Sous le niveau régional, les cellules de 1 à 4 de la typologie sont masquées (« < 5 »)."
        + _AVENIRPLUS,
        ventilations=(
            Ventilation.RESEAU,
            Ventilation.REGION,
            Ventilation.ACADEMIE,
            Ventilation.DIPLOME,
            Ventilation.SEXE,
            Ventilation.AGE,
            Ventilation.RESULTAT,
        ),
    ),
    Definition(
        "avenirplus_lycees",
        1,
        "Lycées participants à AvenirPro+",
        "Lycées dont au moins un élève est accompagné dans AvenirPro+ pendant la période (mêmes règles que "
        "les élèves accompagnés)." + _AVENIRPLUS,
    ),
    Definition(
        "avenirplus_actions",
        1,
        "Actions des parcours AvenirPro+",
        "Actions des parcours personnalisés (hors actions abandonnées) dont les dates croisent la période, "
        "par type d'action." + _AVENIRPLUS,
        ventilations=(Ventilation.RESEAU, Ventilation.REGION, Ventilation.ACADEMIE, Ventilation.TYPE_ACTION),
    ),
    Definition(
        "avenirplus_sorties",
        1,
        "Inscriptions AvenirPro+ terminées",
        "Inscriptions dont la fin (date de sortie, ou date de fin sans sortie enregistrée) est comprise dans "
        "la période, par situation à la sortie (« non renseigné » : fin sans sortie enregistrée)."
        + _AVENIRPLUS,
        ventilations=(Ventilation.RESEAU, Ventilation.REGION, Ventilation.ACADEMIE, Ventilation.ISSUE),
    ),
    Definition(
        "avenirplus_duree_moyenne",
        1,
        "Durée moyenne des inscriptions AvenirPro+",
        "Moyenne, en jours, de la durée des inscriptions terminées dans la période : du début à la sortie, "
        "ou à la date de fin sans sortie (quatre mois au plus)." + _AVENIRPLUS,
        unite=Unite.JOURS,
        base="avenirplus_sorties",
    ),
)

PAR_CODE: dict[str, Definition] = {d.code: d for d in DEFINITIONS}

# Changes whenever a definition above changes (the sum of their versions would not: 1+2 == 2+1); the
# leading number changes when indicators are added or removed (2: interviews and AvenirPro+).
VERSION_DEFINITIONS = "2." + ".".join(str(d.version) for d in DEFINITIONS)


def definitions_en_dict() -> list[dict]:
    return [d.as_dict() for d in DEFINITIONS]


# --- Scopes --------------------------------------------------------------------------------------


class Niveau(models.TextChoices):
    NATIONAL = "national", "National"
    RESEAU = "reseau", "Réseau"
    REGION = "region", "Région académique"
    ACADEMIE = "academie", "Académie"
    OPERATEUR = "operateur", "Opérateur"
    LYCEE = "lycee", "Lycée"


@dataclass(frozen=True)
class Portee:
    """What a figure covers: the whole country, a network (``cle``: a ``Reseau`` value), a région
    académique (its code), an académie (its code), an operator or a lycée (its organisation's uuid)."""

    niveau: str = Niveau.NATIONAL
    cle: str = ""

    def __str__(self) -> str:
        return self.niveau if not self.cle else f"{self.niveau}:{self.cle}"

    @classmethod
    def lire(cls, valeur: str | None) -> "Portee":
        """« national », « reseau:france_travail », « region:ile-de-france », « academie:01 »,
        « operateur:<uuid> », « lycee:<uuid> ». Raises ValueError (a French message) otherwise."""
        valeur = (valeur or "national").strip()
        niveau, _, cle = valeur.partition(":")
        if niveau not in Niveau.values or (niveau == Niveau.NATIONAL) != (cle == ""):
            raise ValueError(
                "Périmètre inconnu : écrivez « national », « reseau:france_travail », "
                "« region:<code> », « academie:<code> », « operateur:<uuid> » ou « lycee:<uuid> »."
            )
        return cls(niveau, cle)

    @property
    def sous_regional(self) -> bool:
        """Below the regional level (where typology cells of 1 to 4 are masked)."""
        return self.niveau in (Niveau.ACADEMIE, Niveau.OPERATEUR, Niveau.LYCEE)


@dataclass(frozen=True)
class Fenetre:
    """A period, both days included."""

    du: datetime.date
    au: datetime.date

    def __post_init__(self):
        if self.au < self.du:
            raise ValueError("La fin de la période précède son début.")

    def as_dict(self) -> dict:
        return {"du": self.du.isoformat(), "au": self.au.isoformat()}


# --- Due dates (art. 6) --------------------------------------------------------------------------

# 1 January, 1 March, 1 May, 1 July, 1 November: no return in September.
MOIS_ECHEANCES = (1, 3, 5, 7, 11)


def est_echeance(jour: datetime.date) -> bool:
    return jour.day == 1 and jour.month in MOIS_ECHEANCES


def echeance_precedente(echeance: datetime.date) -> datetime.date:
    """The due date before ``echeance`` (1 November → 1 July)."""
    mois = [m for m in MOIS_ECHEANCES if m < echeance.month]
    if mois:
        return datetime.date(echeance.year, mois[-1], 1)
    return datetime.date(echeance.year - 1, MOIS_ECHEANCES[-1], 1)


def derniere_echeance(jour: datetime.date) -> datetime.date:
    """The latest due date on or before ``jour``."""
    candidat = datetime.date(jour.year, jour.month, 1)
    while not est_echeance(candidat):
        candidat = datetime.date(candidat.year - (candidat.month == 1), (candidat.month - 2) % 12 + 1, 1)
    return candidat


def prochaine_echeance(jour: datetime.date) -> datetime.date:
    """The first due date after ``jour`` (the return the current period leads to)."""
    candidat = datetime.date(jour.year + (jour.month == 12), jour.month % 12 + 1, 1)
    while not est_echeance(candidat):
        candidat = datetime.date(candidat.year + (candidat.month == 12), candidat.month % 12 + 1, 1)
    return candidat


def fenetres_de_remontee(echeance: datetime.date) -> tuple[Fenetre, Fenetre]:
    """(school year to date, period since the previous return) of the return due on ``echeance``:
    1 September → the day before; the previous due date (not before 1 September) → the day before."""
    veille = echeance - datetime.timedelta(days=1)
    debut_annee = AnneeScolaire.date_debut_pour(veille)
    debut_periode = max(echeance_precedente(echeance), debut_annee)
    return Fenetre(debut_annee, veille), Fenetre(debut_periode, veille)
