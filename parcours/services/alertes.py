"""Dropout-risk alerts (annex 1.2): raised, followed up with dated notes, closed with an outcome."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.donnees import historique
from lycees.imports import valeurs
from lycees.models import Eleve
from parcours import perms
from parcours.enums import IssueAlerte, MotifAlerte, StatutAlerte
from parcours.models import AlerteDecrochage, SuiviAlerte

RAISON = "alertes décrochage (droits vérifiés par le service)"
MESSAGE = "Seuls les conseillers désignés et les personnels du lycée de l'élève suivent ses alertes."


@transaction.atomic
def lever_alerte(request, eleve: Eleve, *, motif: str, description: str = "") -> AlerteDecrochage:
    p = en_perimetre(request)
    perms.verifier(perms.peut_lever_alerte(p, eleve), MESSAGE)
    erreurs = {}
    if motif not in MotifAlerte.values:
        erreurs["motif"] = "Choisissez le motif de l'alerte."
    description = valeurs.texte(description or "")
    if len(description) > 2000:
        erreurs["description"] = "La description compte 2 000 caractères au plus."
    if motif == MotifAlerte.AUTRE and not description:
        erreurs["description"] = "Décrivez la situation (motif « Autre »)."
    if erreurs:
        raise ValidationError(erreurs)
    return AlerteDecrochage.objects.create(
        eleve=eleve,
        lycee_id=eleve.lycee_id,
        annee_id=eleve.annee_id,
        auteur=p.user,
        organisation=p.organisation,
        motif=motif,
        description=description,
    )


@transaction.atomic
def suivre_alerte(request, alerte: AlerteDecrochage, *, date: datetime.date, texte: str) -> SuiviAlerte:
    p = en_perimetre(request)
    perms.verifier(perms.peut_lever_alerte(p, alerte.eleve), MESSAGE)
    erreurs = {}
    texte = valeurs.texte(texte or "")
    if not texte:
        erreurs["texte"] = "Écrivez le suivi."
    if not isinstance(date, datetime.date):
        erreurs["date"] = "Indiquez la date du suivi (JJ/MM/AAAA)."
    elif date > timezone.localdate():
        erreurs["date"] = "La date du suivi ne peut pas être dans le futur."
    elif date < alerte.cree_le.date():
        erreurs["date"] = "Le suivi ne peut pas précéder l'alerte."
    if alerte.statut != StatutAlerte.OUVERTE:
        erreurs["texte"] = "Cette alerte est close."
    if erreurs:
        raise ValidationError(erreurs)
    return SuiviAlerte.objects.create(alerte=alerte, auteur=p.user, date=date, texte=texte)


@transaction.atomic
def clore_alerte(request, alerte: AlerteDecrochage, *, issue: str) -> AlerteDecrochage:
    p = en_perimetre(request)
    perms.verifier(perms.peut_lever_alerte(p, alerte.eleve), MESSAGE)
    if issue not in IssueAlerte.values:
        raise ValidationError({"issue": "Choisissez l'issue de l'alerte."})
    faites = (
        AlerteDecrochage.objects.unscoped(RAISON)
        .filter(pk=alerte.pk, statut=StatutAlerte.OUVERTE)
        .update(statut=StatutAlerte.CLOSE, issue=issue, close_le=timezone.now())
    )
    if not faites:
        raise ValidationError({"issue": "Cette alerte est déjà close."})
    alerte.refresh_from_db()
    historique.noter_en_masse([alerte], historique.MODIFICATION, p)
    return alerte
