"""Rules of the collective phase (one function per workflow step) — satisfaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ateliers.enums import Note
from ateliers.models import (
    ParticipationEquipe,
    QuestionnaireEquipe,
    QuestionnaireSeance,
    ReponseEquipe,
    ReponseSeance,
    Seance,
)
from ateliers.services.communs import COMMENTAIRE_MAX, _exiger_animation, _maintenant, _ouvrir_questionnaire
from avenirpro.access import en_perimetre
from avenirpro.models import AnneeScolaire
from lycees import perms as lycees_perms
from lycees.models import Lycee

# --- Satisfaction -----------------------------------------------------------------------------------


@transaction.atomic
def ouvrir_questionnaire(
    seance: Seance, user, maintenant: datetime.datetime | None = None
) -> QuestionnaireSeance:
    """The students' questionnaire of a held séance (opened once, for 14 days, when the séance is held)."""
    _exiger_animation(user, seance)
    if not seance.est_realisee:
        raise ValidationError("Le questionnaire s'ouvre une fois la séance réalisée.")
    return _ouvrir_questionnaire(seance, _maintenant(maintenant))


def _valider_reponse(note, commentaire: str, longueur_max: int) -> tuple[int, str]:
    try:
        note = Note(int(note))
    except (TypeError, ValueError):
        raise ValidationError({"note": "Choisissez une réponse sur l'échelle de 1 à 4."}) from None
    commentaire = (commentaire or "").strip()
    if len(commentaire) > longueur_max:
        raise ValidationError({"commentaire": f"Le commentaire est limité à {longueur_max} caractères."})
    return note, commentaire


@transaction.atomic
def repondre_questionnaire(
    questionnaire: QuestionnaireSeance,
    note,
    commentaire: str = "",
    maintenant: datetime.datetime | None = None,
) -> ReponseSeance:
    """A student's anonymous answer (public link). One answer per device is the page's business."""
    maintenant = _maintenant(maintenant)
    if maintenant < questionnaire.ouvert_le:
        raise ValidationError("Ce questionnaire n'est pas encore ouvert.")
    if maintenant >= questionnaire.ferme_le:
        raise ValidationError(
            f"Ce questionnaire est fermé depuis le {timezone.localtime(questionnaire.ferme_le):%d/%m/%Y} : "
            "on peut y répondre pendant 14 jours après la séance."
        )
    note, commentaire = _valider_reponse(note, commentaire, COMMENTAIRE_MAX)
    return ReponseSeance.objects.create(
        questionnaire=questionnaire,
        note=note,
        commentaire=commentaire,
        cree_le=timezone.localdate(maintenant),
    )


def questionnaire_equipe(lycee: Lycee, annee: AnneeScolaire) -> QuestionnaireEquipe:
    questionnaire, _ = QuestionnaireEquipe.objects.get_or_create(lycee=lycee, annee=annee)
    return questionnaire


def a_repondu_equipe(user, lycee: Lycee, annee: AnneeScolaire) -> bool:
    return ParticipationEquipe.objects.filter(
        questionnaire__lycee=lycee, questionnaire__annee=annee, user=en_perimetre(user).user
    ).exists()


@transaction.atomic
def repondre_questionnaire_equipe(
    user, lycee: Lycee, note, commentaire: str = "", maintenant: datetime.datetime | None = None
) -> ReponseEquipe:
    """A member of the lycée's educational team answers, once a year; the answer is not linked to them."""
    p = en_perimetre(user)
    if not (p.est_personnel_lycee and lycees_perms.lycee_id(p) == lycee.pk):
        raise PermissionDenied("Ce questionnaire s'adresse à l'équipe éducative du lycée.")
    maintenant = _maintenant(maintenant)
    annee = AnneeScolaire.objects.courante(timezone.localdate(maintenant))
    note, commentaire = _valider_reponse(note, commentaire, 2 * COMMENTAIRE_MAX)
    questionnaire = questionnaire_equipe(lycee, annee)
    _, nouvelle = ParticipationEquipe.objects.get_or_create(
        questionnaire=questionnaire, user=en_perimetre(user).user
    )
    if not nouvelle:
        raise ValidationError(f"Vous avez déjà répondu au questionnaire de l'année {annee}. Merci !")
    return ReponseEquipe.objects.create(
        questionnaire=questionnaire,
        note=note,
        commentaire=commentaire,
        cree_le=timezone.localdate(maintenant),
    )
