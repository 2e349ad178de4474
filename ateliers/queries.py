"""Read-side summaries of the pages: the four themes per class, satisfaction rates. Bounded queries only."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from ateliers.enums import NOTE_SATISFAIT_MIN, StatutSeance, Theme
from ateliers.models import EvenementEleve, Presence, ReponseEquipe, ReponseSeance, Seance, taux
from avenirpro.models import User
from avenirpro.scoping import autoriser_jointures
from lycees.models import Division, Eleve
from lycees.recherche import ORDRE_ELEVES

SATISFAIT = Q(note__gte=NOTE_SATISFAIT_MIN)


# --- Counts of the rows of a list's page (issue 13) ------------------------------------------------
# Annotating the whole list made PostgreSQL count the attendance (or the participants) of every séance
# (event) in scope, and the paginator's COUNT repeat the join: the page counts its own rows instead.


def compter_presences(seances: list) -> list:
    """``nb_presences`` and ``nb_presents`` of these séances (a page: already read in the périmètre),
    in one query on their ids."""
    ids = [s.pk for s in seances]
    comptes = {
        seance_id: (n, presents)
        for seance_id, n, presents in Presence.objects.unscoped(
            "comptes des présences des séances d'une page, déjà lues dans le périmètre"
        )
        .filter(seance_id__in=ids)
        .values("seance_id")
        .annotate(n=Count("pk"), presents=Count("pk", filter=Q(present=True)))
        .values_list("seance_id", "n", "presents")
        .order_by()
    }
    for seance in seances:
        seance.nb_presences, seance.nb_presents = comptes.get(seance.pk, (0, 0))
    return seances


def compter_participants(evenements: list) -> list:
    """``nb_participants`` of these events (a page: already read in the périmètre), every lycée
    included, in one query on their ids."""
    ids = [e.pk for e in evenements]
    comptes = dict(
        EvenementEleve.objects.unscoped("comptes des participants des évènements d'une page, déjà lus")
        .filter(evenement_id__in=ids)
        .values("evenement_id")
        .annotate(n=Count("eleve_id", distinct=True))
        .values_list("evenement_id", "n")
        .order_by()
    )
    for evenement in evenements:
        evenement.nb_participants = comptes.get(evenement.pk, 0)
    return evenements


def uuids_des_participants(evenements: list, p) -> list:
    """``participants`` of these events (a page, or one event): the uuids of their students ``p`` may
    read, in the students' order, in one query on the events' ids — not a model instance per student
    (a counsellor's page of 50 events lists thousands of participants)."""
    ids = [e.pk for e in evenements]
    par_evenement: dict[int, list[str]] = {pk: [] for pk in ids}
    lignes = (
        EvenementEleve.objects.unscoped("participants des évènements lus, restreints aux élèves visibles")
        .filter(evenement_id__in=ids, eleve_id__in=Eleve.objects.visible_to(p).values("pk"))
        .order_by(*(f"eleve__{champ}" for champ in ORDRE_ELEVES))
        .values_list("evenement_id", "eleve__uuid")
    )
    for evenement_id, uuid in lignes:
        par_evenement[evenement_id].append(str(uuid))
    for evenement in evenements:
        evenement.participants = par_evenement[evenement.pk]
    return evenements


# --- Les quatre thèmes, classe par classe ----------------------------------------------------------


# A theme counts as covered for a class once this share of its students attended it: the tick is green
# only then (field trial: a green tick at 52 % read as « done »).
SEUIL_THEME_COUVERT = 80


@dataclass
class CaseTheme:
    theme: int
    libelle: str
    presents: int = 0
    effectif: int = 0
    seances: list[tuple[str, object]] = field(default_factory=list)  # (statut, date)

    @property
    def taux(self) -> int | None:
        return round(100 * self.presents / self.effectif) if self.effectif else None

    @property
    def realise(self) -> bool:
        return any(statut == StatutSeance.REALISEE for statut, _ in self.seances)

    @property
    def couvert(self) -> bool:
        """Held, and attended by at least ``SEUIL_THEME_COUVERT`` % of the class."""
        return self.realise and self.taux is not None and self.taux >= SEUIL_THEME_COUVERT

    @property
    def prochaine(self):
        dates = [jour for statut, jour in self.seances if statut == StatutSeance.PREVUE]
        return min(dates) if dates else None


@dataclass
class LigneSuivi:
    division: Division
    cases: list[CaseTheme]

    @property
    def themes_realises(self) -> int:
        return sum(1 for case in self.cases if case.realise)


def suivi_themes(user: User, lycee, annee) -> list[LigneSuivi]:
    """For each class of the lycée that year, each theme: share of its students present at a held séance
    of that theme, and the séances held or planned. Three queries whatever the number of classes."""
    divisions = list(
        Division.objects.visible_to(user)
        .filter(lycee=lycee, annee=annee)
        .annotate(effectif=Count("eleves"))
        .order_by("nom")
    )
    presents = (
        Presence.objects.visible_to(user)
        .filter(present=True, seance__statut=StatutSeance.REALISEE, seance__lycee=lycee, seance__annee=annee)
        .values_list("eleve__division_id", "seance__theme")
        .annotate(n=Count("eleve_id", distinct=True))
        .order_by()
    )
    par_case = {(division_id, theme): n for division_id, theme, n in presents}
    seances = (
        Seance.objects.visible_to(user)
        .filter(lycee=lycee, annee=annee)
        .exclude(statut=StatutSeance.ANNULEE)
        .values_list("divisions", "theme", "statut", "date")
        .order_by("date")
    )
    par_seance: dict[tuple[int, int], list] = {}
    for division_id, theme, statut, jour in seances:
        par_seance.setdefault((division_id, theme), []).append((statut, jour))
    return [
        LigneSuivi(
            division=d,
            cases=[
                CaseTheme(
                    theme=t.value,
                    libelle=t.court,
                    presents=par_case.get((d.pk, t.value), 0),
                    effectif=d.effectif,
                    seances=par_seance.get((d.pk, t.value), []),
                )
                for t in Theme
            ],
        )
        for d in divisions
    ]


# --- Satisfaction -----------------------------------------------------------------------------------


def annoter_satisfaction(seances):
    """Séances with their number of answers and satisfied answers (``nb_reponses``, ``nb_satisfaits``)."""
    return seances.annotate(
        nb_reponses=Count("questionnaire__reponses"),
        nb_satisfaits=Count(
            "questionnaire__reponses", filter=Q(questionnaire__reponses__note__gte=NOTE_SATISFAIT_MIN)
        ),
    )


def satisfaction_eleves(user: User, annee) -> dict:
    """Students' satisfaction with the séances this user sees that year: overall, by lycée, by counsellor."""
    seances = Seance.objects.visible_to(user).filter(annee=annee)
    # Anonymous answers, grouped by what the séances (already scoped above) say: lycée, counsellors.
    reponses = autoriser_jointures(
        ReponseSeance.objects.filter(questionnaire__seance__in=seances.values("pk")),
        "réponses anonymes aux séances lues dans le périmètre",
    )
    par_lycee = (
        reponses.values_list("questionnaire__seance__lycee__nom")
        .annotate(n=Count("pk"), s=Count("pk", filter=SATISFAIT))
        .order_by("questionnaire__seance__lycee__nom")
    )
    par_conseiller = (
        reponses.values_list(
            "questionnaire__seance__conseillers__prenom",
            "questionnaire__seance__conseillers__nom",
            "questionnaire__seance__conseillers__email",
        )
        .annotate(n=Count("pk"), s=Count("pk", filter=SATISFAIT))
        .order_by("questionnaire__seance__conseillers__nom", "questionnaire__seance__conseillers__prenom")
    )
    return {
        "ensemble": reponses.resume(),
        "par_lycee": [{"nom": nom, **taux(n, s)} for nom, n, s in par_lycee],
        "par_conseiller": [
            {"nom": f"{prenom} {nom}".strip() or email, **taux(n, s)}
            for prenom, nom, email, n, s in par_conseiller
            if email
        ],
    }


def satisfaction_equipes(lycee_ids, annee) -> list[dict]:
    lignes = (
        ReponseEquipe.objects.filter(questionnaire__lycee__in=lycee_ids, questionnaire__annee=annee)
        .values_list("questionnaire__lycee__nom")
        .annotate(n=Count("pk"), s=Count("pk", filter=SATISFAIT))
        .order_by("questionnaire__lycee__nom")
    )
    return [{"nom": nom, **taux(n, s)} for nom, n, s in lignes]


def satisfaction_seance(seance: Seance) -> dict:
    return ReponseSeance.objects.filter(questionnaire__seance=seance).resume()
