"""Demo workshops, attendance, events and satisfaction answers for the demo lycées (``manage.py seed_demo``).

The school year so far: themes 1 and 2 held in November for most classes (about 85 % present), themes 3 and
4 planned from December to February, 2 or 3 events per region, students' and a few teams' answers. Dates
before today are held, later ones planned, so the demo reads right whenever it is loaded. Everything goes
through ateliers/services.py as the counsellor named on the lycée's assignment. Idempotent: a lycée that
already has séances, an event that already exists, a questionnaire that already has answers are left alone.
Runs after lycees/demo.py (INSTALLED_APPS order); a lycée without classes is skipped.
"""

import datetime
import random

from django.utils import timezone

from ateliers import services
from ateliers.enums import Note, Partenaire, ServiceNumerique, Theme, TypeEvenement
from ateliers.models import (
    Evenement,
    QuestionnaireEquipe,
    QuestionnaireSeance,
    ReponseEquipe,
    ReponseSeance,
    Seance,
)
from avenirpro.demo import Demo
from lycees.models import Affectation, Division, Eleve, Lycee

HEURES = [datetime.time(8, 30), datetime.time(10, 15), datetime.time(13, 30), datetime.time(15, 15)]
MEMBRES_EQUIPE = [
    ("Mme Lefebvre", "Professeure principale"),
    ("M. Caron", "Professeur d'économie-gestion"),
    ("Mme Diallo", "CPE"),
    ("M. Masson", "Professeur de lettres-histoire"),
    ("Mme Roussel", "DDFPT"),
    ("M. Hoarau", "Professeur d'atelier"),
]
COMMENTAIRES_ELEVES = [
    "J'ai appris à parler de mes compétences.",
    "Bien, mais un peu long.",
    "Les exemples d'entretien étaient utiles.",
    "Je ne connaissais pas 1jeune1solution.",
    "Intéressant pour mon stage.",
    "",
]
COMMENTAIRES_EQUIPE = [
    "Conseillère très disponible, ateliers adaptés à nos élèves de CAP.",
    "Bonne coordination avec le bureau des entreprises.",
    "Il faudrait caler les ateliers plus tôt, avant les PFMP.",
    "",
]


def _jours_ouvres(debut: datetime.date, fin: datetime.date) -> list[datetime.date]:
    jours = []
    jour = debut
    while jour <= fin:
        if jour.weekday() < 5:
            jours.append(jour)
        jour += datetime.timedelta(days=1)
    return jours


def seed(demo: Demo) -> None:
    annee = demo.annee
    lycees = [lycee for liste in demo.objets.get("lycees", {}).values() for lycee in liste]
    if not lycees:
        lycees = list(Lycee.objects.filter(affectations__annee=annee).order_by("uai"))
    for lycee in lycees:
        seed_lycee(demo, lycee)
    seed_evenements(demo, lycees)
    premiers = {liste[0].pk for liste in demo.objets.get("lycees", {}).values() if liste}
    seed_equipes(demo, [lycee for lycee in lycees if lycee.pk not in premiers])


def _conseiller(lycee, annee):
    affectation = Affectation.objects.filter(lycee=lycee, annee=annee).first()
    return affectation.conseillers.order_by("pk").first() if affectation else None


def seed_lycee(demo: Demo, lycee: Lycee) -> None:
    annee = demo.annee
    divisions = list(Division.objects.unscoped("démo").filter(lycee=lycee, annee=annee).order_by("nom"))
    conseiller = _conseiller(lycee, annee)
    if not divisions or conseiller is None:
        return
    if Seance.objects.unscoped("démo").filter(lycee=lycee, annee=annee).exists():
        return
    hasard = random.Random(f"avenirpro-demo-ateliers-{lycee.uai}-{annee.annee_debut}")  # noqa: S311 — demo data
    a = annee.annee_debut
    periodes = {
        Theme.SE_CONNAITRE: _jours_ouvres(datetime.date(a, 11, 3), datetime.date(a, 11, 14)),
        Theme.ATTENTES_RECRUTEURS: _jours_ouvres(datetime.date(a, 11, 17), datetime.date(a, 11, 26)),
        Theme.RECHERCHE_EMPLOI: _jours_ouvres(datetime.date(a, 12, 1), datetime.date(a, 12, 18)),
        Theme.PREPARER_ENTRETIENS: _jours_ouvres(datetime.date(a + 1, 1, 12), datetime.date(a + 1, 2, 13)),
    }
    # Theme 1: the first two classes together, the others one by one. Theme 2: all classes but the last.
    # Theme 3: about half the classes in December; theme 4: two classes in January–February.
    groupes = {
        Theme.SE_CONNAITRE: [divisions[:2], *[[d] for d in divisions[2:]]],
        Theme.ATTENTES_RECRUTEURS: [[d] for d in divisions[:-1]] if len(divisions) > 1 else [divisions],
        Theme.RECHERCHE_EMPLOI: [[d] for d in divisions[: max(1, len(divisions) // 2)]],
        Theme.PREPARER_ENTRETIENS: [[d] for d in divisions[:2]],
    }
    for theme, liste in groupes.items():
        for numero, classes in enumerate(liste):
            membre, fonction = hasard.choice(MEMBRES_EQUIPE)
            duree = hasard.choice([90, 120, 120, 105])
            if (
                theme == Theme.ATTENTES_RECRUTEURS
                and numero == 0
                and lycee.uai.endswith(("D", "N", "Z", "A"))
            ):
                duree = 50  # one short séance, to show the flag
            seance = services.planifier_seance(
                conseiller,
                lycee=lycee,
                theme=theme,
                divisions=classes,
                date=hasard.choice(periodes[theme]),
                heure_debut=hasard.choice(HEURES),
                duree_minutes=duree,
                membre_equipe_nom=membre,
                membre_equipe_fonction=fonction,
                services_numeriques=hasard.sample(
                    [s for s in ServiceNumerique.values if s != ServiceNumerique.AUTRE], hasard.randint(1, 3)
                ),
                adaptations_locales=hasard.choice(
                    [
                        "",
                        "",
                        "Exemples tirés des offres du bassin d'emploi.",
                        "Mises en situation par binômes.",
                    ]
                ),
            )
            if seance.date < timezone.localdate():
                _tenir(seance, conseiller, hasard)


def _tenir(seance: Seance, conseiller, hasard: random.Random) -> None:
    """Attendance (about 85 % present), the questionnaire opened at the end, some anonymous answers."""
    eleves = list(
        Eleve.objects.unscoped("démo").filter(division__seances=seance).values_list("uuid", flat=True)
    )
    absents = [uuid for uuid in eleves if hasard.random() < 0.15]
    fin = seance.fin
    services.enregistrer_presences(seance, conseiller, absents, maintenant=fin)
    questionnaire = QuestionnaireSeance.objects.get(seance=seance)
    nb = int((len(eleves) - len(absents)) * hasard.uniform(0.35, 0.7))
    ReponseSeance.objects.bulk_create(
        ReponseSeance(
            questionnaire=questionnaire,
            note=hasard.choices(Note.values, weights=[1, 2, 6, 7])[0],
            commentaire=hasard.choice(COMMENTAIRES_ELEVES),
            cree_le=seance.date + datetime.timedelta(days=hasard.choice([0, 0, 0, 1, 2])),
        )
        for _ in range(nb)
    )


# (title, type, operator key, number of employers, partners, month offset from November, day)
EVENEMENTS_DEMO = [
    (
        "Forum des métiers et de l'alternance",
        TypeEvenement.FORUM,
        "ft",
        18,
        [Partenaire.CHAMBRES_CONSULAIRES, Partenaire.OPCO],
        0,
        20,
    ),
    (
        "Job dating de l'hôtellerie-restauration",
        TypeEvenement.JOB_DATING,
        "ml",
        12,
        [Partenaire.BRANCHES, Partenaire.ENTREPRISES_S_ENGAGENT],
        1,
        11,
    ),
    (
        "Rencontre avec des employeurs du bâtiment et de l'énergie",
        TypeEvenement.INTERVENTION_EMPLOYEURS,
        "ft",
        4,
        [Partenaire.ENTREPRISES_S_ENGAGENT],
        0,
        13,
    ),
]


def seed_evenements(demo: Demo, lycees: list[Lycee]) -> None:
    annee = demo.annee
    aujourd_hui = timezone.localdate()
    for cle, region in demo.regions.items():
        for titre, type_, operateur, employeurs, partenaires, mois, jour in EVENEMENTS_DEMO:
            organisateur = demo.organisations.get(f"{cle}:{operateur}")
            if organisateur is None:
                continue
            ciblees = [
                lycee
                for lycee in lycees
                if lycee.organisation.region_id == region.pk
                and Affectation.objects.filter(lycee=lycee, annee=annee, operateur=organisateur).exists()
            ]
            conseillers = [c for c in (_conseiller(lycee, annee) for lycee in ciblees) if c]
            if not ciblees or not conseillers:
                continue
            date = datetime.date(annee.annee_debut + (mois + 10) // 12, (10 + mois) % 12 + 1, jour)
            titre_complet = f"{titre} — {region.nom}"
            if Evenement.objects.unscoped("démo").filter(titre=titre_complet, annee=annee).exists():
                continue
            # Past events have their participants: the first class of each lycée.
            divisions = []
            if date < aujourd_hui:
                for lycee in ciblees:
                    premiere = (
                        Division.objects.unscoped("démo").filter(lycee=lycee, annee=annee).order_by("nom")
                    )
                    divisions += list(premiere[:1])
            services.creer_evenement(
                conseillers[0],
                type=type_,
                titre=titre_complet,
                date=date,
                lycees=ciblees,
                partenaires=partenaires,
                nombre_employeurs=employeurs,
                description="Co-construit avec le bureau des entreprises des lycées.",
                divisions=divisions,
            )


def seed_equipes(demo: Demo, lycees: list[Lycee]) -> None:
    """A few anonymous team answers (not in the demo staff's own lycée: their accounts may still answer,
    to try the form)."""
    annee = demo.annee
    for lycee in lycees:
        questionnaire, _ = QuestionnaireEquipe.objects.get_or_create(lycee=lycee, annee=annee)
        if questionnaire.reponses.exists():
            continue
        hasard = random.Random(f"avenirpro-demo-equipe-{lycee.uai}")  # noqa: S311 — demo data
        ReponseEquipe.objects.bulk_create(
            ReponseEquipe(
                questionnaire=questionnaire,
                note=hasard.choices(Note.values, weights=[1, 1, 5, 4])[0],
                commentaire=hasard.choice(COMMENTAIRES_EQUIPE),
                cree_le=min(timezone.localdate(), datetime.date(annee.annee_debut, 11, 25)),
            )
            for _ in range(hasard.randint(2, 5))
        )
