"""The platform staff's workflow steps: imports of directories, territorial bodies, first administrators,
deactivating an account. Each is one function called by the pages, the CLI and the tests; bad input is a
French ``ValidationError`` and changes nothing.

Who: the platform's staff (``is_staff``) who set up their second factor; anyone else gets 404 on every
page (the area does not exist for them).
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from avenirpro import plateforme
from avenirpro.comptes import services as comptes
from avenirpro.enums import Role, TypeOrganisation
from avenirpro.jobs import duree, envoyer_apres_commit
from avenirpro.models import (
    Academie,
    ImportAnnuaire,
    Invitation,
    Organisation,
    RegionAcademique,
    StatutImportAnnuaire,
    User,
)
from avenirpro.plateforme.fichiers import lire_csv

logger = logging.getLogger(__name__)

TAILLE_LOT = 100
REFUSEES_GARDEES_MAX = 1000


# --- Who ------------------------------------------------------------------------------------------


def est_personnel(user) -> bool:
    """Staff with a second factor (the MFA middleware already sends staff without one to its set-up)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and comptes.mfa_active(user)
    )


def verifier_personnel(request) -> User:
    """The platform's staff member of this request; 404 for anyone else (the area is not theirs)."""
    user = getattr(request, "user", request)
    if not est_personnel(user):
        raise Http404
    return user


def get_organisation_for_user(request, uuid) -> Organisation:
    verifier_personnel(request)
    return get_object_or_404(Organisation.objects.select_related("region", "academie"), uuid=uuid)


def get_compte_for_user(request, uuid) -> User:
    verifier_personnel(request)
    return get_object_or_404(User, uuid=uuid)


def get_import_for_user(request, uuid) -> ImportAnnuaire:
    verifier_personnel(request)
    return get_object_or_404(ImportAnnuaire, uuid=uuid)


# --- Imports of directories -----------------------------------------------------------------------


def importeur_de(nature: str) -> plateforme.Importeur:
    imp = plateforme.importeur(nature)
    if imp is None:
        raise Http404
    return imp


@transaction.atomic
def deposer(par, nature: str, fichier) -> ImportAnnuaire:
    """Read the file and keep its preview: the rows retained (creation or update), refused (and why),
    left out (closed, no professional track…). Nothing but the import row is written.

    ``par``: the staff request (or user); None for the command line, run by whoever holds the server."""
    user = None if par is None else verifier_personnel(par)
    importeur = importeur_de(nature)
    lignes = lire_csv(fichier, importeur.colonnes)
    apercu = importeur.analyser(lignes)
    retenues = [
        {"ligne": ligne.numero, "cle": ligne.cle, "nom": ligne.nom, "donnees": ligne.donnees}
        for ligne in apercu.retenues
    ]
    for ligne, action in zip(retenues, importeur.actions([r["donnees"] for r in retenues]), strict=True):
        ligne["action"] = action
    return ImportAnnuaire.objects.create(
        nature=nature,
        nom_fichier=(getattr(fichier, "name", "") or "fichier.csv").rsplit("/", 1)[-1][:255],
        auteur=user,
        nb_lignes=len(lignes),
        apercu={
            "retenues": retenues,
            "refusees": [
                {"ligne": ligne.numero, "cle": ligne.cle, "nom": ligne.nom, "raison": raison}
                for ligne, raison in apercu.refusees[:REFUSEES_GARDEES_MAX]
            ],
            "nb_refusees": len(apercu.refusees),
            "ecartees": apercu.ecartees,
        },
    )


@transaction.atomic
def confirmer(par, imp: ImportAnnuaire) -> ImportAnnuaire:
    """Send the job that writes the retained rows after the commit (a lost message waits for the relance)."""
    verifier_personnel(par)
    imp = ImportAnnuaire.objects.select_for_update().get(pk=imp.pk)
    if imp.statut != StatutImportAnnuaire.APERCU:
        raise ValidationError(
            f"Cet import est à l'étape « {imp.get_statut_display()} » : il ne peut plus être lancé."
        )
    if not imp.retenues:
        raise ValidationError(
            "Aucune ligne n'est à importer : corrigez le fichier, puis déposez-le à nouveau."
        )
    imp.statut = StatutImportAnnuaire.EN_ATTENTE
    imp.envoye_le = timezone.now()
    imp.save(update_fields=["statut", "envoye_le"])
    from avenirpro.tasks import importer_annuaire

    envoyer_apres_commit(importer_annuaire, imp.pk)
    return imp


@transaction.atomic
def annuler(par, imp: ImportAnnuaire) -> ImportAnnuaire:
    verifier_personnel(par)
    imp = ImportAnnuaire.objects.select_for_update().get(pk=imp.pk)
    if imp.statut != StatutImportAnnuaire.APERCU:
        raise ValidationError(
            f"Cet import est à l'étape « {imp.get_statut_display()} » : il ne peut plus être annulé."
        )
    imp.statut = StatutImportAnnuaire.ANNULE
    imp.termine_le = timezone.now()
    imp.save(update_fields=["statut", "termine_le"])
    return imp


def _perime() -> datetime.datetime:
    return timezone.now() - duree("JOBS_BATTEMENT_PERIME_SECONDES")


@transaction.atomic
def prendre(pk: int) -> ImportAnnuaire | None:
    """Claim a confirmed import for this worker; None if it runs elsewhere (alive) or is finished."""
    imp = ImportAnnuaire.objects.select_for_update().filter(pk=pk).first()
    if imp is None or imp.est_fini or imp.statut == StatutImportAnnuaire.APERCU:
        return None
    if imp.statut == StatutImportAnnuaire.EN_COURS and imp.battement and imp.battement > _perime():
        return None
    imp.statut = StatutImportAnnuaire.EN_COURS
    imp.battement = timezone.now()
    imp.save(update_fields=["statut", "battement"])
    return imp


def executer(imp: ImportAnnuaire) -> ImportAnnuaire:
    """Write the retained rows by batches, each batch in its own transaction (writing a row again changes
    nothing, so a job taken over after a crash simply starts again), the progress and heartbeat saved
    after each (visible at once: the batch is committed)."""
    importeur = importeur_de(imp.nature)
    retenues = [r["donnees"] for r in imp.retenues]
    totaux = {"crees": 0, "mis_a_jour": 0, "inchanges": 0}

    try:
        for debut in range(0, len(retenues), TAILLE_LOT):
            with transaction.atomic():
                for cle, nombre in importeur.ecrire(retenues[debut : debut + TAILLE_LOT]).items():
                    totaux[cle] = totaux.get(cle, 0) + nombre
            # A batch takes well under a second: the progress doubles as the heartbeat.
            imp.progression = min(99, (debut + TAILLE_LOT) * 100 // max(len(retenues), 1))
            ImportAnnuaire.objects.filter(pk=imp.pk).update(
                progression=imp.progression, battement=timezone.now()
            )
    except (ValidationError, IntegrityError) as e:
        logger.exception("Directory import %s failed", imp.pk)
        imp.statut = StatutImportAnnuaire.ECHOUE
        imp.erreur = " ".join(getattr(e, "messages", [str(e)]))[:2000]
    else:
        imp.statut = StatutImportAnnuaire.TERMINE
        imp.progression = 100
    imp.resultat = totaux
    imp.termine_le = timezone.now()
    imp.save(update_fields=["statut", "progression", "resultat", "erreur", "termine_le"])
    return imp


def imports_a_relancer() -> list[int]:
    """Confirmed imports whose message was lost, or whose worker stopped beating."""
    attente = timezone.now() - duree("JOBS_ATTENTE_MAX_SECONDES")
    return list(
        ImportAnnuaire.objects.filter(
            Q(statut=StatutImportAnnuaire.EN_ATTENTE, envoye_le__lt=attente)
            | Q(statut=StatutImportAnnuaire.EN_COURS, battement__lt=_perime())
        ).values_list("pk", flat=True)
    )


def importer_fichier(nature: str, fichier) -> ImportAnnuaire:
    """The command line's path: preview, then write at once in this process (no worker needed)."""
    imp = deposer(None, nature, fichier)
    if not imp.retenues:
        return imp
    with transaction.atomic():
        ImportAnnuaire.objects.filter(pk=imp.pk).update(
            statut=StatutImportAnnuaire.EN_COURS, envoye_le=timezone.now(), battement=timezone.now()
        )
    imp.refresh_from_db()
    return executer(imp)


# --- Regional and national bodies (reference data) ------------------------------------------------

NOMS_REGIONAUX = {
    TypeOrganisation.REGION_ACADEMIQUE: "Région académique {region}",
    TypeOrganisation.DIRECTION_REGIONALE_FT: "Direction régionale France Travail {region}",
    TypeOrganisation.ARML: "ARML {region}",
    TypeOrganisation.DREETS: "DREETS {region}",
}
NOMS_NATIONAUX = {
    TypeOrganisation.DGESCO: "DGESCO",
    TypeOrganisation.DGEFP: "DGEFP",
    TypeOrganisation.UNML: "Union nationale des missions locales",
    TypeOrganisation.FRANCE_TRAVAIL_NATIONAL: "France Travail — direction générale",
}


def nom_academie(nom: str) -> str:
    return f"Académie d'{nom}" if nom[0] in "AEIOUÉ" else f"Académie de {nom}"


@transaction.atomic
def creer_instances_territoriales(par) -> int:
    """Create what is missing of the pilots' bodies: per région académique its rectorat, DR France
    Travail, ARML and DREETS; per académie its rectorat; the four national bodies. Idempotent (one body
    of each kind per territory; an existing one keeps its name). Returns how many were created."""
    verifier_personnel(par)
    existantes = set(
        Organisation.objects.filter(
            type__in=TypeOrganisation.regionaux() | TypeOrganisation.nationaux()
        ).values_list("type", "region_id", "academie_id")
    )
    cles = {(t, r) for t, r, a in existantes if t != TypeOrganisation.ACADEMIE}
    academies = {a for t, _, a in existantes if t == TypeOrganisation.ACADEMIE}
    a_creer = []
    for region in RegionAcademique.objects.all():
        for type_, nom in NOMS_REGIONAUX.items():
            if (type_, region.pk) not in cles:
                a_creer.append(Organisation(nom=nom.format(region=region.nom), type=type_, region=region))
    for academie in Academie.objects.select_related("region"):
        if academie.pk not in academies:
            a_creer.append(
                Organisation(
                    nom=nom_academie(academie.nom),
                    type=TypeOrganisation.ACADEMIE,
                    region=academie.region,
                    academie=academie,
                )
            )
    for type_, nom in NOMS_NATIONAUX.items():
        if (type_, None) not in cles:
            a_creer.append(Organisation(nom=nom, type=type_))
    Organisation.objects.bulk_create(a_creer)
    return len(a_creer)


# --- First administrators, members ----------------------------------------------------------------


def roles_invitables(organisation: Organisation) -> list[str]:
    """What the platform gives: the administrator, and for a lycée its chef d'établissement; they
    invite the rest of their organisation themselves."""
    roles = [Role.ADMINISTRATEUR]
    if organisation.type == TypeOrganisation.LYCEE:
        roles.insert(0, Role.CHEF_ETABLISSEMENT)
    return roles


def inviter_responsable(par, organisation: Organisation, *, email: str, role: str, adresse_site: str):
    user = verifier_personnel(par)
    if role not in roles_invitables(organisation):
        raise ValidationError(
            {
                "role": "La plateforme invite l'administrateur ou le chef d'établissement ; "
                "les autres rôles sont donnés par l'organisation elle-même."
            }
        )
    return comptes.envoyer_invitation(user, organisation, email=email, role=role, adresse_site=adresse_site)


@transaction.atomic
def desactiver_compte(par, compte: User) -> User:
    """Close an account: every session and API token stops at the next request (sessions check
    ``is_active``; tokens are revoked by ``avenirpro.signaux``), its pending invitations are cancelled."""
    user = verifier_personnel(par)
    compte = User.objects.select_for_update().get(pk=compte.pk)
    if compte.pk == user.pk:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre compte.")
    if not compte.is_active:
        raise ValidationError("Ce compte est déjà désactivé.")
    compte.is_active = False
    compte.save(update_fields=["is_active"])
    Invitation.objects.filter(invite_par=compte, acceptee_le__isnull=True, annulee_le__isnull=True).update(
        annulee_le=timezone.now()
    )
    return compte


@transaction.atomic
def reactiver_compte(par, compte: User) -> User:
    verifier_personnel(par)
    compte = User.objects.select_for_update().get(pk=compte.pk)
    if compte.is_active:
        raise ValidationError("Ce compte est déjà actif.")
    compte.is_active = True
    compte.save(update_fields=["is_active"])
    return compte
