"""Office hours: a named counsellor publishes slots in a lycée; the lycée's direction or the counsellor
books students into them; a booked slot is a planned interview."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.models import AnneeScolaire
from lycees.imports import valeurs
from lycees.models import Eleve, Lycee
from lycees.perms import lycees_affectes
from parcours import perms
from parcours.enums import Modalite, Moment, StatutEntretien
from parcours.models import Entretien, Permanence

RAISON = "permanences (droits vérifiés par le service)"


def _minutes(heure: datetime.time) -> int:
    return heure.hour * 60 + heure.minute


def creneaux(permanence: Permanence) -> list[datetime.time]:
    """The start time of each slot."""
    debut, fin, pas = _minutes(permanence.debut), _minutes(permanence.fin), permanence.duree_creneau
    return [datetime.time(m // 60, m % 60) for m in range(debut, fin - pas + 1, pas)]


@transaction.atomic
def publier_permanence(request, lycee: Lycee, **donnees) -> Permanence:
    p = en_perimetre(request)
    annee = AnneeScolaire.objects.courante()
    perms.verifier(
        p.est_conseiller and lycee.pk in lycees_affectes(p, annee.pk),
        "Seuls les conseillers désignés dans ce lycée cette année y tiennent des permanences.",
    )
    erreurs = {}
    date, debut, fin = donnees.get("date"), donnees.get("debut"), donnees.get("fin")
    pas = donnees.get("duree_creneau") or 30
    if not isinstance(date, datetime.date):
        erreurs["date"] = "Indiquez la date de la permanence (JJ/MM/AAAA)."
    elif date < timezone.localdate():
        erreurs["date"] = "Une permanence se publie pour aujourd'hui ou plus tard."
    elif not annee.date_debut <= date <= annee.date_fin:
        erreurs["date"] = f"La permanence a lieu pendant l'année scolaire {annee}."
    if not isinstance(debut, datetime.time):
        erreurs["debut"] = "Indiquez l'heure de début (HH:MM)."
    if not isinstance(fin, datetime.time):
        erreurs["fin"] = "Indiquez l'heure de fin (HH:MM)."
    if not isinstance(pas, int) or not 10 <= pas <= 120:
        erreurs["duree_creneau"] = "Un créneau dure de 10 à 120 minutes."
    elif "debut" not in erreurs and "fin" not in erreurs and _minutes(fin) - _minutes(debut) < pas:
        erreurs["fin"] = "La fin suit le début d'au moins un créneau."
    salle = valeurs.texte(donnees.get("salle") or "")
    if len(salle) > 100:
        erreurs["salle"] = "La salle compte 100 caractères au plus."
    if erreurs:
        raise ValidationError(erreurs)
    return Permanence.objects.create(
        lycee=lycee,
        annee=annee,
        conseiller=p.user,
        operateur=p.organisation,
        date=date,
        debut=debut,
        fin=fin,
        salle=salle,
        duree_creneau=pas,
    )


def reservations(permanence: Permanence) -> dict[datetime.time, Entretien]:
    qs = (
        Entretien.objects.unscoped(RAISON)
        .filter(permanence=permanence)
        .exclude(statut=StatutEntretien.MANQUE)
    )
    return {e.heure: e for e in qs.select_related("eleve")}


@transaction.atomic
def reserver(request, permanence: Permanence, eleve: Eleve, heure: datetime.time) -> Entretien:
    """Book ``eleve`` into the slot at ``heure``: a planned interview with the permanence's counsellor.
    Refused: a slot already booked, a student of another lycée, a slot in the past."""
    p = en_perimetre(request)
    perms.verifier(
        perms.peut_reserver(p, eleve),
        "Seuls le conseiller désigné et la direction du lycée réservent un créneau.",
    )
    permanence = Permanence.objects.select_for_update().get(pk=permanence.pk)
    erreurs = {}
    if eleve.lycee_id != permanence.lycee_id or eleve.annee_id != permanence.annee_id:
        erreurs["eleve"] = "Cet élève n'est pas inscrit dans le lycée de la permanence cette année."
    if heure not in creneaux(permanence):
        erreurs["heure"] = "Choisissez un des créneaux de la permanence."
    elif timezone.localtime() > timezone.make_aware(datetime.datetime.combine(permanence.date, heure)):
        erreurs["heure"] = "Ce créneau est passé."
    elif heure in reservations(permanence):
        erreurs["heure"] = "Ce créneau est déjà réservé."
    if erreurs:
        raise ValidationError(erreurs)
    try:
        with transaction.atomic():
            return Entretien.objects.create(
                eleve=eleve,
                lycee_id=eleve.lycee_id,
                annee_id=eleve.annee_id,
                operateur=permanence.operateur,
                conseiller=permanence.conseiller,
                date=permanence.date,
                heure=heure,
                duree_minutes=permanence.duree_creneau,
                modalite=Modalite.PERMANENCE,
                moment=Moment.PERIODE_SCOLAIRE,
                statut=StatutEntretien.PREVU,
                permanence=permanence,
            )
    except IntegrityError:
        raise ValidationError({"heure": "Ce créneau est déjà réservé."}) from None
