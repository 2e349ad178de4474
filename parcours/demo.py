"""Demo follow-up for the first lycée of each demo region (``manage.py seed_demo``): the demo professeur
named référent of the first class; interviews held (with notes and restitutions, some read, some not),
planned and missed; an office-hours session with bookings; dropout alerts (one followed up, one closed);
a few outcomes already known. Dates are taken around today inside the school year, so the demo reads
right whenever it is loaded. Everything goes through parcours/services as the named counsellor or the
lycée's direction. Idempotent: a lycée that already has interviews is left alone."""

import datetime
import random

from django.utils import timezone

from avenirpro.demo import Demo
from avenirpro.donnees import historique
from avenirpro.enums import Role
from avenirpro.models import Membership
from lycees.enums import Solution
from lycees.models import Affectation, Division, Eleve
from lycees.recherche import ORDRE_ELEVES
from parcours.enums import (
    Besoin,
    IssueAlerte,
    Modalite,
    Moment,
    MotifAlerte,
    StatutEntretien,
    StatutRecherche,
)
from parcours.models import Entretien, Restitution
from parcours.services import alertes, entretiens, permanences

RAISON = "démo"
NOTES = [
    "Situation familiale compliquée, en parler avec la CPE si besoin.",
    "Souhaite travailler dans la restauration ; manque de confiance à l'oral.",
    "",
]
COMMENTAIRES = [
    "CV revu ensemble, deux candidatures à envoyer cette semaine.",
    "Hésite entre apprentissage et poursuite d'études ; à revoir après la PFMP.",
    "Freins de mobilité : pas de permis, à voir avec la mission locale.",
]


def seed(demo: Demo) -> None:
    for liste in demo.objets.get("lycees", {}).values():
        if liste:
            seed_lycee(demo, liste[0])


def _membre(lycee, role):
    m = Membership.objects.filter(organisation=lycee.organisation, role=role).select_related("user").first()
    return m.user if m else None


def seed_lycee(demo: Demo, lycee) -> None:
    annee = demo.annee
    affectation = Affectation.objects.filter(lycee=lycee, annee=annee).first()
    conseiller = affectation.conseillers.order_by("pk").first() if affectation else None
    chef, professeur = _membre(lycee, Role.CHEF_ETABLISSEMENT), _membre(lycee, Role.PROFESSEUR)
    divisions = list(Division.objects.unscoped(RAISON).filter(lycee=lycee, annee=annee).order_by("nom"))
    if conseiller is None or chef is None or not divisions:
        return
    if Entretien.objects.unscoped(RAISON).filter(lycee=lycee, annee=annee).exists():
        return
    hasard = random.Random(f"avenirpro-demo-parcours-{lycee.uai}-{annee.annee_debut}")  # noqa: S311 — demo data
    aujourd_hui = timezone.localdate()
    if professeur is not None:
        entretiens.nommer_referents(chef, divisions[0], [professeur])
    eleves = list(
        Eleve.objects.unscoped(RAISON)
        .filter(division=divisions[0])
        .select_related("annee", "division")
        .order_by(*ORDRE_ELEVES)
    )
    passes = [
        aujourd_hui - datetime.timedelta(days=n)
        for n in range(1, 60)
        if aujourd_hui - datetime.timedelta(days=n) >= annee.date_debut
        and (aujourd_hui - datetime.timedelta(days=n)).weekday() < 5
    ]
    futurs = [
        aujourd_hui + datetime.timedelta(days=n)
        for n in range(1, 30)
        if aujourd_hui + datetime.timedelta(days=n) <= annee.date_fin
        and (aujourd_hui + datetime.timedelta(days=n)).weekday() < 5
    ]
    # Interviews held (the first students), restitutions to the référent: two read, the others waiting.
    for i, eleve in enumerate(eleves[:6] if passes else []):
        jour = hasard.choice(passes)
        avec_restitution = professeur is not None and i < 4
        entretiens.enregistrer_entretien(
            conseiller,
            eleve,
            date=jour,
            heure=datetime.time(hasard.choice([9, 10, 14, 15]), 0),
            duree_minutes=hasard.choice([20, 30, 45]),
            modalite=hasard.choice([Modalite.RENDEZ_VOUS, Modalite.PERMANENCE, Modalite.TELEPHONE]),
            moment=Moment.FIN_ANNEE if jour.month in (6, 7, 8) else Moment.PERIODE_SCOLAIRE,
            statut=StatutEntretien.REALISE,
            besoins=hasard.sample(Besoin.values, 3),
            notes=NOTES[i % len(NOTES)],
            prochaine_etape="Envoyer deux candidatures" if i % 2 else "Revoir le CV",
            relance_le=min(jour + datetime.timedelta(days=14), annee.date_fin),
            restitution_statut=hasard.choice(StatutRecherche.values) if avec_restitution else "",
            restitution_commentaire=COMMENTAIRES[i % len(COMMENTAIRES)] if avec_restitution else "",
        )
    for restitution in Restitution.objects.unscoped(RAISON).filter(lycee=lycee).order_by("pk")[:2]:
        entretiens.accuser_reception(professeur, restitution)
    # Planned and missed interviews.
    for eleve in eleves[6:8] if futurs else []:
        entretiens.enregistrer_entretien(
            conseiller,
            eleve,
            date=hasard.choice(futurs),
            heure=datetime.time(11, 0),
            modalite=Modalite.VISIO,
            moment=Moment.PERIODE_SCOLAIRE,
            statut=StatutEntretien.PREVU,
        )
    for eleve in eleves[8:9] if passes else []:
        entretiens.enregistrer_entretien(
            conseiller,
            eleve,
            date=passes[0],
            modalite=Modalite.RENDEZ_VOUS,
            moment=Moment.PERIODE_SCOLAIRE,
            statut=StatutEntretien.MANQUE,
        )
    # Office hours next week, two students booked.
    if futurs:
        permanence = permanences.publier_permanence(
            conseiller,
            lycee,
            date=futurs[min(3, len(futurs) - 1)],
            debut=datetime.time(13, 30),
            fin=datetime.time(16, 30),
            duree_creneau=30,
            salle="CDI",
        )
        creneaux = permanences.creneaux(permanence)
        for eleve, heure in zip(eleves[9:11], creneaux, strict=False):
            permanences.reserver(chef, permanence, eleve, heure)
    # Alerts: one raised by the lycée, followed up; one raised by the counsellor, closed.
    if len(eleves) > 12:
        alerte = alertes.lever_alerte(
            chef, eleves[11], motif=MotifAlerte.ABSENTEISME, description="Absent depuis deux semaines."
        )
        alertes.suivre_alerte(chef, alerte, date=aujourd_hui, texte="Famille contactée par la CPE.")
        autre = alertes.lever_alerte(conseiller, eleves[12], motif=MotifAlerte.DIFFICULTES_PFMP)
        alertes.clore_alerte(conseiller, autre, issue=IssueAlerte.RACCROCHE)
    # A few outcomes already known (an apprenticeship found, a job).
    for eleve, solution in zip(eleves[:2], [Solution.APPRENTISSAGE, Solution.EMPLOI], strict=False):
        if passes:
            Eleve.objects.unscoped(RAISON).filter(pk=eleve.pk).update(
                solution=solution, solution_le=passes[-1]
            )
            historique.noter_en_masse(
                Eleve.objects.unscoped(RAISON).filter(pk=eleve.pk), historique.MODIFICATION
            )
