"""Rules of the collective phase (one function per workflow step) — evenements."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ateliers.enums import Partenaire, TypeEvenement
from ateliers.models import (
    Evenement,
    EvenementEleve,
)
from ateliers.perms import lycees_animes, peut_modifier_evenement
from ateliers.services.communs import _choix, _uuids, annee_de, remplacer_liens
from avenirpro.access import en_perimetre
from avenirpro.models import AnneeScolaire
from lycees import perms as lycees_perms
from lycees.models import Division, Eleve

# --- Évènements -------------------------------------------------------------------------------------


CHAMPS_EVENEMENT = (
    "type",
    "titre",
    "date",
    "lycees",
    "partenaires",
    "partenaires_autres",
    "nombre_employeurs",
    "description",
)


def _valider_evenement(
    user, donnees: dict, lycees_deja: set[int] = frozenset(), annee_deja: AnneeScolaire | None = None
) -> tuple[AnneeScolaire, dict]:
    """Check an event's fields. When editing, the lycées already on it (``lycees_deja``, maybe served by a
    colleague of the same operator) stay allowed as long as the school year does not change."""
    p = en_perimetre(user)
    if not p.est_conseiller or not lycees_perms.couples_affectes(p):
        raise PermissionDenied("Seuls les conseillers désignés dans un lycée organisent des évènements.")
    erreurs: dict[str, list[str]] = {}
    propre = dict(donnees)

    def erreur(champ, message):
        erreurs.setdefault(champ, []).append(message)

    if donnees.get("type") not in TypeEvenement.values:
        erreur("type", "Choisissez le type d'évènement.")
    propre["titre"] = (donnees.get("titre") or "").strip()
    if not propre["titre"]:
        erreur("titre", "Indiquez l'intitulé de l'évènement.")
    annee = None
    if not donnees.get("date"):
        erreur("date", "Indiquez la date.")
    else:
        annee = annee_de(donnees["date"])
    lycees = list(donnees.get("lycees") or [])
    if not lycees:
        erreur("lycees", "Choisissez au moins un lycée.")
    animes = lycees_animes(en_perimetre(user), annee.pk if annee else -1)
    if annee is not None and annee == annee_deja:
        animes |= set(lycees_deja)
    for lycee in lycees:
        if lycee.pk not in animes:
            erreur(
                "lycees",
                f"Vous n'êtes pas désigné(e) au lycée « {lycee.nom} » pour l'année scolaire de cette date.",
            )
    propre["lycees"] = lycees
    try:
        propre["partenaires"] = _choix(donnees.get("partenaires"), Partenaire, "Partenaire inconnu : {}.")
    except ValidationError as e:
        erreur("partenaires", e.messages[0])
    propre["partenaires_autres"] = (donnees.get("partenaires_autres") or "").strip()
    try:
        propre["nombre_employeurs"] = int(donnees.get("nombre_employeurs") or 0)
        if propre["nombre_employeurs"] < 0:
            raise ValueError
    except (TypeError, ValueError):
        erreur("nombre_employeurs", "Le nombre d'employeurs est un entier positif ou nul.")
    propre["description"] = (donnees.get("description") or "").strip()
    if erreurs:
        raise ValidationError(erreurs)
    return annee, propre


def _eleves_pour_evenement(user, evenement_lycees, annee, eleves=(), divisions=()) -> list[Eleve]:
    uuids = _uuids(eleves, "d'élève")
    lycee_ids = {lycee.pk for lycee in evenement_lycees}
    for division in divisions:
        if division.lycee_id not in lycee_ids or division.annee_id != annee.pk:
            raise ValidationError(
                {"divisions": f"La classe « {division.nom} » n'est pas une classe des lycées de l'évènement."}
            )
    trouves = list(
        Eleve.objects.visible_to(user)
        .filter(uuid__in=uuids, lycee__in=lycee_ids, annee=annee)
        .only("pk", "uuid")
    )
    manquants = uuids - {e.uuid for e in trouves}
    if manquants:
        raise ValidationError(
            {
                "eleves": f"{len(manquants)} élève(s) ne sont pas des élèves des lycées de l'évènement cette "
                f"année : {', '.join(sorted(map(str, manquants)))}."
            }
        )
    if divisions:
        trouves += list(
            Eleve.objects.visible_to(user).filter(division__in=list(divisions)).only("pk", "uuid")
        )
    return list({e.pk: e for e in trouves}.values())


@transaction.atomic
def creer_evenement(
    user, *, eleves: Iterable = (), divisions: Iterable[Division] = (), **donnees
) -> Evenement:
    """Record an event in lycées the counsellor serves; ``divisions`` adds all their students."""
    inconnus = set(donnees) - set(CHAMPS_EVENEMENT)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    annee, propre = _valider_evenement(user, donnees)
    participants = _eleves_pour_evenement(user, propre["lycees"], annee, eleves, list(divisions))
    evenement = Evenement(
        annee=annee, organisateur=en_perimetre(user).organisation, cree_par=en_perimetre(user).user
    )
    for champ in CHAMPS_EVENEMENT:
        if champ != "lycees":
            setattr(evenement, champ, propre[champ])
    evenement.save()
    evenement.lycees.set(propre["lycees"])
    remplacer_liens(evenement, "eleves", participants)
    return evenement


@transaction.atomic
def modifier_evenement(
    evenement: Evenement,
    user,
    *,
    eleves: Iterable | None = None,
    divisions: Iterable[Division] = (),
    **changements,
) -> Evenement:
    """Change an event. ``eleves`` (when given) replaces the participants this user can see; participants of
    lycées the user does not serve are kept as they are."""
    inconnus = set(changements) - set(CHAMPS_EVENEMENT)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    lycees_avant = list(evenement.lycees.all())
    if not peut_modifier_evenement(en_perimetre(user), evenement, {lycee.pk for lycee in lycees_avant}):
        raise PermissionDenied("Seuls les conseillers de l'opérateur organisateur modifient cet évènement.")
    # Locked before the participants are read: two saves at once then run one after the other, and the
    # participants the second one keeps (those its user cannot see) are read after the first committed.
    list(
        Evenement.objects.unscoped("verrou de l'évènement pendant sa modification (droits déjà vérifiés)")
        .select_for_update()
        .filter(pk=evenement.pk)
        .values_list("pk", flat=True)
    )
    avant = {c: getattr(evenement, c) for c in CHAMPS_EVENEMENT if c != "lycees"}
    avant["lycees"] = lycees_avant
    annee, propre = _valider_evenement(
        user, {**avant, **changements}, {lycee.pk for lycee in lycees_avant}, evenement.annee
    )
    lycee_ids = {lycee.pk for lycee in propre["lycees"]}
    visibles = Eleve.objects.visible_to(user)
    if eleves is None:
        nouveaux = list(visibles.filter(evenements=evenement, lycee__in=lycee_ids, annee=annee))
        nouveaux += _eleves_pour_evenement(user, propre["lycees"], annee, (), list(divisions))
    else:
        nouveaux = _eleves_pour_evenement(user, propre["lycees"], annee, eleves, list(divisions))
    # Participants this user cannot see stay, as long as their lycée is still on the event.
    vus = set(visibles.filter(evenements=evenement).values_list("pk", flat=True))
    caches = [
        pk
        for pk, lycee_id in EvenementEleve.objects.unscoped(
            "participants d'un évènement lu dans le périmètre"
        )
        .filter(evenement=evenement)
        .values_list("eleve_id", "eleve__lycee_id")
        if pk not in vus and lycee_id in lycee_ids
    ]
    for champ in CHAMPS_EVENEMENT:
        if champ != "lycees":
            setattr(evenement, champ, propre[champ])
    evenement.annee = annee
    evenement.save()
    evenement.lycees.set(propre["lycees"])
    remplacer_liens(evenement, "eleves", [*{e.pk for e in nouveaux}, *caches])
    return evenement


@transaction.atomic
def supprimer_evenement(evenement: Evenement, user) -> None:
    """Remove an event entered by mistake (the organising operator's counsellors)."""
    if not peut_modifier_evenement(en_perimetre(user), evenement):
        raise PermissionDenied("Seuls les conseillers de l'opérateur organisateur suppriment cet évènement.")
    evenement.delete()


def participants_visibles(evenement: Evenement, user):
    return (
        Eleve.objects.visible_to(user)
        .filter(evenements=evenement)
        .select_related("division", "lycee")
        .order_by("lycee__nom", "division__nom", "nom", "prenom")
    )
