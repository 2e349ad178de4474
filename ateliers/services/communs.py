"""Rules of the collective phase (one function per workflow step) — communs."""

import datetime
import uuid as uuid_lib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ateliers import perms
from ateliers.models import (
    DUREE_QUESTIONNAIRE,
    QuestionnaireSeance,
    Seance,
)
from ateliers.perms import lycees_animes
from avenirpro.access import en_perimetre
from avenirpro.models import AnneeScolaire
from lycees.models import Lycee

DUREE_MAX_MINUTES = 8 * 60
MOIS_CONVENTION = {11, 12, 1, 2, 3}  # annex 1.1: the four workshops are held between November and March
COMMENTAIRE_MAX = 1000


# --- Helpers ---------------------------------------------------------------------------------------


def annee_de(jour: datetime.date) -> AnneeScolaire | None:
    return AnneeScolaire.objects.filter(annee_debut=AnneeScolaire.annee_debut_pour(jour)).first()


def remplacer_liens(instance, champ: str, cibles: Iterable) -> None:
    """``instance.<champ>.set(cibles)`` for a many-to-many field, on the link table only.

    The related manager's ``set`` reads the current targets through their model's manager, which refuses to
    run unscoped for personal data (classes, students); the links themselves hold ids only.
    """
    field = instance._meta.get_field(champ)
    through = field.remote_field.through
    source, cible = field.m2m_field_name(), field.m2m_reverse_field_name()
    ids = {getattr(c, "pk", c) for c in cibles}
    liens = through.objects.unscoped("liens d'un objet que le service modifie").filter(
        **{source: instance.pk}
    )
    liens.exclude(**{f"{cible}_id__in": ids}).delete()
    existants = set(liens.values_list(f"{cible}_id", flat=True))
    through.objects.bulk_create(
        [through(**{f"{source}_id": instance.pk, f"{cible}_id": pk}) for pk in sorted(ids - existants)]
    )


def _uuids(valeurs: Iterable, libelle: str) -> set[uuid_lib.UUID]:
    resultat = set()
    for valeur in valeurs:
        try:
            resultat.add(valeur if isinstance(valeur, uuid_lib.UUID) else uuid_lib.UUID(str(valeur)))
        except ValueError:
            raise ValidationError(f"Identifiant {libelle} invalide : « {valeur} ».") from None
    return resultat


def verifier_animation(user, lycee: Lycee) -> None:
    """Refuse (403) anyone who is not a counsellor named for this lycée, whatever the year."""
    if lycee.pk not in lycees_animes(en_perimetre(user)):
        raise PermissionDenied(f"Vous n'êtes pas désigné(e) comme conseiller du lycée « {lycee.nom} ».")


def _annee_animee(user, lycee: Lycee, jour: datetime.date | None, champ: str = "date") -> AnneeScolaire:
    """The school year of ``jour``, if the user runs the scheme in this lycée that year.

    A counsellor who never serves this lycée is refused (403); one who serves it another year gets a
    form error on the date.
    """
    verifier_animation(user, lycee)
    if jour is None:
        raise ValidationError({champ: "Indiquez la date."})
    annee = annee_de(jour)
    if annee is None or not perms.peut_animer(en_perimetre(user), lycee.pk, annee.pk):
        debut = AnneeScolaire.annee_debut_pour(jour)
        raise ValidationError(
            {
                champ: f"Cette date tombe dans l'année scolaire {debut}-{debut + 1}, pour laquelle vous "
                f"n'êtes pas désigné(e) au lycée « {lycee.nom} »."
            }
        )
    return annee


def _verrouiller_seance(seance: Seance) -> None:
    """Lock the séance's row until the commit, and read again what may have changed meanwhile.

    Two saves of one séance at once (a double tap, two counsellors) otherwise both delete then re-insert
    its attendance, and the second insert breaks ``presence_unique``: locked, they run one after the
    other and the last one wins whole. Call it first, before reading what the save depends on.
    """
    statut, date = (
        Seance.objects.unscoped("verrou de la séance pendant un enregistrement (droits déjà vérifiés)")
        .select_for_update()
        .filter(pk=seance.pk)
        .values_list("statut", "date")
        .get()
    )
    seance.statut, seance.date = statut, date


def _exiger_animation(user, seance: Seance) -> None:
    if not perms.peut_animer(en_perimetre(user), seance.lycee_id, seance.annee_id):
        raise PermissionDenied(
            "Seuls les conseillers désignés pour ce lycée cette année peuvent modifier ses séances."
        )


def _choix(valeurs: Iterable[str], enum, message: str) -> list[str]:
    valeurs = list(dict.fromkeys(valeurs or []))
    inconnues = [v for v in valeurs if v not in enum.values]
    if inconnues:
        raise ValidationError(message.format(", ".join(map(str, inconnues))))
    # Stored in the enum's order, so that equal selections compare equal.
    return [v for v in enum.values if v in valeurs]


def _maintenant(maintenant: datetime.datetime | None) -> datetime.datetime:
    return maintenant or timezone.now()


def _ouvrir_questionnaire(seance: Seance, maintenant: datetime.datetime) -> QuestionnaireSeance:
    questionnaire, _ = QuestionnaireSeance.objects.get_or_create(
        seance=seance, defaults={"ouvert_le": maintenant, "ferme_le": maintenant + DUREE_QUESTIONNAIRE}
    )
    return questionnaire
