"""The workflow of AvenirPro+ (convention annex 2), one function per step: pages, API, jobs and tests call
these. Each refuses with one French message (``PermissionDenied``) or errors keyed by field
(``ValidationError``); nothing is saved on a refusal. Dates are passed (``jour``), never read twice.
"""

import datetime
import uuid as uuid_lib
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from avenirplus import perms
from avenirplus.enums import MotifCohorte, MoyenInvitation, OffreOrientation, ReponseContact
from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    Invitation,
    MembreCohorte,
    PartenaireMissionLocale,
    ProfesseurVolontaire,
    Reunion,
    Sortie,
)
from avenirpro.access import Perimetre, en_perimetre
from avenirpro.donnees import historique
from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import AnneeScolaire, Organisation, User
from lycees.enums import ResultatExamen, Solution
from lycees.models import Affectation, Eleve, Lycee

DUREE_MOIS = 4
PREAVIS_FIN_JOURS = 15

REFUS_DIRECTION = "Seule la direction du lycée où l'élève était scolarisé pilote AvenirPro+."
REFUS_PARTENAIRE = (
    "Seuls les pilotes régionaux de la région académique du lycée choisissent sa mission locale partenaire."
)
REFUS_SUIVI = (
    "Seuls le référent de parcours et le conseiller de la mission locale désignés suivent ce parcours."
)


def _aujourdhui(jour: datetime.date | None) -> datetime.date:
    return jour or timezone.localdate()


# --- Which cohort, from when ------------------------------------------------------------------------


def ouverture_cohorte(annee: AnneeScolaire) -> datetime.date:
    """The day the cohort of the students of ``annee`` opens: the second-group results (≈ 8 July)."""
    mois, jour = settings.AVENIRPLUS_OUVERTURE_COHORTE
    return datetime.date(annee.annee_debut + 1, mois, jour)


def annee_cohorte(jour: datetime.date | None = None) -> AnneeScolaire:
    """The cohort a lycée works on at ``jour``: this school year's from the second-group results on,
    the previous one's before (its meeting, enrolments and exits run until the next July)."""
    jour = _aujourdhui(jour)
    courante = AnneeScolaire.objects.courante(jour)
    if jour >= ouverture_cohorte(courante):
        return courante
    # Years are created ahead and kept (a GET never writes); the oldest kept one otherwise.
    return AnneeScolaire.objects.filter(annee_debut=courante.annee_debut - 1).first() or courante


def fin_maximale(debut: datetime.date) -> datetime.date:
    """An enrolment lasts four months at most: 15 September → 15 January."""
    return debut + relativedelta(months=DUREE_MOIS)


# --- 1. The cohort (annex 2.1) ----------------------------------------------------------------------


def motif_cohorte(eleve: Eleve) -> str | None:
    """THE rule of annex 2.1, from the end-of-year outcomes on the student: not graduated (after the
    second group), or graduated with no Parcoursup place accepted and no known solution. A student still
    awaiting the second group (or whose result is unknown) is not selected: the direction adds them."""
    if eleve.resultat_examen == ResultatExamen.NON_ADMIS:
        return MotifCohorte.NON_DIPLOME
    sans_solution = not eleve.parcoursup_accepte and eleve.solution not in Solution.connues()
    if eleve.resultat_examen == ResultatExamen.ADMIS and sans_solution:
        return MotifCohorte.SANS_SOLUTION
    return None


def _verifier_direction(p: Perimetre, lycee_id: int) -> None:
    if not perms.peut_piloter(p, lycee_id):
        raise PermissionDenied(REFUS_DIRECTION)


def _verifier_ouverte(annee: AnneeScolaire, jour: datetime.date) -> None:
    if jour < ouverture_cohorte(annee):
        raise ValidationError(
            f"La cohorte {annee} s'ouvre avec les résultats du second groupe, "
            f"le {ouverture_cohorte(annee):%d/%m/%Y}."
        )


@transaction.atomic
def constituer_cohorte(qui, annee: AnneeScolaire, jour: datetime.date | None = None) -> int:
    """Add to the lycée's cohort the students the rule selects (again after new results: a student
    dropped by the direction stays dropped). Returns how many were added."""
    p = en_perimetre(qui)
    lycee_id = perms.direction_lycee_id(p)
    if lycee_id is None:
        raise PermissionDenied(REFUS_DIRECTION)
    _verifier_ouverte(annee, _aujourdhui(jour))
    eleves = list(Eleve.objects.visible_to(p).filter(lycee_id=lycee_id, annee=annee))
    deja = set(
        MembreCohorte.objects.visible_to(p)
        .select_for_update()
        .filter(lycee_id=lycee_id, annee=annee)
        .values_list("eleve_id", flat=True)
    )
    nouveaux = [
        MembreCohorte(eleve=e, lycee_id=lycee_id, annee=annee, motif=motif)
        for e in eleves
        if e.pk not in deja and (motif := motif_cohorte(e))
    ]
    MembreCohorte.objects.bulk_create(nouveaux, ignore_conflicts=True)
    return len(nouveaux)


def ajouter_a_cohorte(qui, eleve: Eleve, raison: str, jour: datetime.date | None = None) -> MembreCohorte:
    """The direction adds a student the rule did not select (or takes back one dropped), with a reason."""
    p = en_perimetre(qui)
    _verifier_direction(p, eleve.lycee_id)
    _verifier_ouverte(eleve.annee, _aujourdhui(jour))
    raison = (raison or "").strip()
    if not raison:
        raise ValidationError({"raison": "Indiquez pourquoi cet élève rejoint la cohorte."})
    membre = MembreCohorte.objects.visible_to(p).filter(eleve=eleve).first()
    cree = membre is None
    if cree:
        try:
            with transaction.atomic():
                membre = MembreCohorte.objects.create(
                    eleve=eleve,
                    lycee_id=eleve.lycee_id,
                    annee=eleve.annee,
                    motif=MotifCohorte.AJOUT,
                    raison=raison,
                )
        except IntegrityError:  # added at the same moment by someone else
            raise ValidationError({"eleve": "Cet élève est déjà dans la cohorte."}) from None
    if not cree:
        if not membre.retire:
            raise ValidationError({"eleve": "Cet élève est déjà dans la cohorte."})
        membre.retire, membre.raison = False, raison
        membre.save(update_fields=["retire", "raison", "modifie_le"])
    return membre


def retirer_de_cohorte(qui, membre: MembreCohorte, raison: str) -> MembreCohorte:
    p = en_perimetre(qui)
    _verifier_direction(p, membre.lycee_id)
    raison = (raison or "").strip()
    if not raison:
        raise ValidationError({"raison": "Indiquez pourquoi cet élève quitte la cohorte."})
    if Inscription.objects.visible_to(p).filter(membre=membre).exists():
        raise ValidationError({"raison": "Cet élève est inscrit à AvenirPro+ : il reste dans la cohorte."})
    membre.retire, membre.raison = True, raison
    membre.save(update_fields=["retire", "raison", "modifie_le"])
    return membre


def modifier_coordonnees(qui, membre: MembreCohorte, *, telephone="", email="", adresse="") -> MembreCohorte:
    p = en_perimetre(qui)
    _verifier_direction(p, membre.lycee_id)
    membre.telephone, membre.email, membre.adresse = telephone.strip(), email.strip(), adresse.strip()
    membre.full_clean(validate_unique=False, validate_constraints=False)
    membre.save(update_fields=["telephone", "email", "adresse", "modifie_le"])
    return membre


# --- 2. The July campaign ------------------------------------------------------------------------------


def enregistrer_contact(
    qui,
    membre: MembreCohorte,
    *,
    date: datetime.date,
    moyen: str,
    reponse: str,
    autre_solution: str = "",
    commentaire: str = "",
    jour: datetime.date | None = None,
) -> Contact:
    p = en_perimetre(qui)
    _verifier_direction(p, membre.lycee_id)
    erreurs = {}
    if membre.retire:
        erreurs["membre"] = "Cet élève a été retiré de la cohorte."
    if date > _aujourdhui(jour):
        erreurs["date"] = "Un contact se consigne une fois passé : la date est dans le futur."
    if reponse == ReponseContact.AUTRE_SOLUTION and not (autre_solution or "").strip():
        erreurs["autre_solution"] = "Précisez la solution trouvée."
    if erreurs:
        raise ValidationError(erreurs)
    contact = Contact(
        membre=membre,
        date=date,
        moyen=moyen,
        reponse=reponse,
        autre_solution=(autre_solution or "").strip() if reponse == ReponseContact.AUTRE_SOLUTION else "",
        commentaire=(commentaire or "").strip(),
        auteur=p.user,
    )
    contact.full_clean(exclude=["membre", "auteur"])
    contact.save()
    return contact


def progression_campagne(qui, lycee_id: int, annee: AnneeScolaire) -> dict:
    """The campaign's progress: students of the cohort, how many were reached, their last answers."""
    p = en_perimetre(qui)
    membres = MembreCohorte.objects.visible_to(p).actifs().filter(lycee_id=lycee_id, annee=annee)
    total = membres.count()
    derniers = {}
    for membre_id, reponse in (
        Contact.objects.visible_to(p)
        .filter(membre__lycee_id=lycee_id, membre__annee=annee, membre__retire=False)
        .order_by("membre_id", "date", "cree_le")
        .values_list("membre_id", "reponse")
    ):
        derniers[membre_id] = reponse
    contactes = len(derniers)
    joints = sum(1 for r in derniers.values() if r != ReponseContact.SANS_REPONSE)
    par_reponse = [(r.label, sum(1 for v in derniers.values() if v == r)) for r in ReponseContact]
    return {
        "total": total,
        "contactes": contactes,
        "joints": joints,
        "pourcentage": round(100 * contactes / total) if total else 0,
        "par_reponse": par_reponse,
    }


def _envoyer(sujet: str, gabarit: str, contexte: dict, destinataires: list[str]) -> None:
    texte = render_to_string(gabarit, contexte)
    send_mail(sujet, texte, settings.DEFAULT_FROM_EMAIL, destinataires)


def envoyer_lettres_juillet(qui, lycee: Lycee, annee: AnneeScolaire) -> int:
    """E-mail the July letter (the September meeting is announced) to each student of the cohort with
    an address. Returns how many were sent."""
    p = en_perimetre(qui)
    _verifier_direction(p, lycee.pk)
    membres = (
        MembreCohorte.objects.visible_to(p)
        .actifs()
        .filter(lycee=lycee, annee=annee)
        .exclude(email="")
        .select_related("eleve")
    )
    n = 0
    for membre in membres:
        _envoyer(
            f"{lycee.nom} : votre avenir après le lycée (AvenirPro+)",
            "avenirplus/courriel_lettre.txt",
            {"membre": membre, "lycee": lycee, "annee": annee, "reunion": None},
            [membre.email],
        )
        n += 1
    return n


# --- 3. The September meeting -------------------------------------------------------------------------


def coanimateurs_possibles(lycee: Lycee, annee: AnneeScolaire):
    """The France Travail or mission locale counsellors who followed the students in phase 1 (named on
    the lycée's assignment of the cohort's year), and those of the partner mission locale."""
    ids = set(
        Affectation.objects.filter(lycee=lycee, annee=annee).values_list("conseillers", flat=True)
    ) | set(
        PartenaireMissionLocale.objects.filter(lycee=lycee, annee=annee).values_list("conseillers", flat=True)
    )
    ids.discard(None)
    return User.objects.filter(pk__in=ids).order_by("nom", "prenom")


def creer_reunion(qui, annee: AnneeScolaire, *, date, heure, lieu, coanimateurs) -> Reunion:
    p = en_perimetre(qui)
    lycee_id = perms.direction_lycee_id(p)
    if lycee_id is None:
        raise PermissionDenied(REFUS_DIRECTION)
    lycee = Lycee.objects.get(pk=lycee_id)
    erreurs = {}
    if date < ouverture_cohorte(annee):
        erreurs["date"] = (
            f"La réunion suit la campagne de juillet : après le {ouverture_cohorte(annee):%d/%m/%Y}."
        )
    possibles = set(coanimateurs_possibles(lycee, annee).values_list("pk", flat=True))
    if any(u.pk not in possibles for u in coanimateurs):
        erreurs["coanimateurs"] = "Choisissez parmi les conseillers qui ont accompagné les élèves en phase 1."
    if not (lieu or "").strip():
        erreurs["lieu"] = "Indiquez le lieu de la réunion."
    if erreurs:
        raise ValidationError(erreurs)
    reunion = Reunion.objects.create(lycee=lycee, annee=annee, date=date, heure=heure, lieu=lieu.strip())
    reunion.coanimateurs.set(coanimateurs)
    return reunion


def inviter_cohorte(qui, reunion: Reunion) -> tuple[int, int]:
    """Invite every student of the cohort not yet invited: by e-mail where an address is known, else a
    printed letter. Returns (invited now, of whom by e-mail)."""
    p = en_perimetre(qui)
    _verifier_direction(p, reunion.lycee_id)
    with transaction.atomic():
        Reunion.objects.select_for_update().filter(pk=reunion.pk).first()
        deja = set(
            Invitation.objects.visible_to(p).filter(reunion=reunion).values_list("membre_id", flat=True)
        )
        membres = [
            m
            for m in MembreCohorte.objects.visible_to(p)
            .actifs()
            .filter(lycee_id=reunion.lycee_id, annee=reunion.annee)
            .select_related("eleve")
            if m.pk not in deja
        ]
        Invitation.objects.bulk_create(
            [
                Invitation(
                    reunion=reunion,
                    membre=m,
                    moyen=MoyenInvitation.EMAIL if m.email else MoyenInvitation.COURRIER,
                )
                for m in membres
            ]
        )
    par_courriel = [m for m in membres if m.email]
    for m in par_courriel:
        _envoyer(
            f"Réunion d'information AvenirPro+ le {reunion.date:%d/%m/%Y}",
            "avenirplus/courriel_lettre.txt",
            {"membre": m, "lycee": reunion.lycee, "annee": reunion.annee, "reunion": reunion},
            [m.email],
        )
    return len(membres), len(par_courriel)


def enregistrer_presences(qui, reunion: Reunion, absents: list[str]) -> tuple[int, int]:
    """Everyone invited is present except the ``absents`` (uuids of invitations). Returns (present, total)."""
    p = en_perimetre(qui)
    _verifier_direction(p, reunion.lycee_id)
    with transaction.atomic():
        invitations = list(Invitation.objects.visible_to(p).select_for_update().filter(reunion=reunion))
        connus = {str(i.uuid) for i in invitations}
        absents = {str(a) for a in absents}
        if absents - connus:
            raise ValidationError(
                "Un des élèves cochés n'est pas invité à cette réunion : rien n'est enregistré."
            )
        for i in invitations:
            i.present = str(i.uuid) not in absents
        Invitation.objects.visible_to(p).bulk_update(invitations, ["present"])
    return sum(1 for i in invitations if i.present), len(invitations)


# --- 4. Volunteer teachers and the partner mission locale ---------------------------------------------


def professeurs_du_lycee(lycee: Lycee):
    return (
        User.objects.filter(memberships__organisation=lycee.organisation, memberships__role=Role.PROFESSEUR)
        .order_by("nom", "prenom")
        .distinct()
    )


def volontaires(lycee: Lycee, annee: AnneeScolaire):
    return (
        User.objects.filter(
            volontariats_avenirplus__lycee=lycee,
            volontariats_avenirplus__annee=annee,
            memberships__organisation=lycee.organisation,
            memberships__role=Role.PROFESSEUR,
        )
        .order_by("nom", "prenom")
        .distinct()
    )


@transaction.atomic
def marquer_volontaires(qui, lycee: Lycee, annee: AnneeScolaire, professeurs) -> None:
    """The direction marks which professeurs of the lycée are référents de parcours for this cohort."""
    p = en_perimetre(qui)
    _verifier_direction(p, lycee.pk)
    possibles = set(professeurs_du_lycee(lycee).values_list("pk", flat=True))
    choisis = {u.pk for u in professeurs}
    if choisis - possibles:
        raise ValidationError({"professeurs": "Choisissez parmi les professeurs du lycée."})
    ProfesseurVolontaire.objects.filter(lycee=lycee, annee=annee).exclude(professeur__in=choisis).delete()
    ProfesseurVolontaire.objects.bulk_create(
        [ProfesseurVolontaire(lycee=lycee, annee=annee, professeur_id=pk) for pk in choisis],
        ignore_conflicts=True,
    )


def mission_locale_partenaire(lycee: Lycee, annee: AnneeScolaire):
    """The partner mission locale: the one chosen for the cohort, else the phase 1 operator when it is
    a mission locale; None when the regional pilot has yet to choose one."""
    partenaire = (
        PartenaireMissionLocale.objects.filter(lycee=lycee, annee=annee)
        .select_related("mission_locale")
        .first()
    )
    if partenaire:
        return partenaire.mission_locale
    affectation = Affectation.objects.filter(lycee=lycee, annee=annee).select_related("operateur").first()
    if affectation and affectation.operateur.type == TypeOrganisation.MISSION_LOCALE:
        return affectation.operateur
    return None


def conseillers_partenaires(lycee: Lycee, annee: AnneeScolaire):
    """The counsellors one may pair with a référent: those the partner mission locale's administrator
    named available for the lycée (none until they do), still counsellors of that mission locale."""
    ml = mission_locale_partenaire(lycee, annee)
    if ml is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__organisation=ml,
            memberships__role=Role.CONSEILLER,
            partenariats_avenirplus__lycee=lycee,
            partenariats_avenirplus__annee=annee,
            partenariats_avenirplus__mission_locale=ml,
        )
        .order_by("nom", "prenom")
        .distinct()
    )


def missions_locales_de_la_region(region_id: int | None):
    """The missions locales a regional pilot chooses among: those of the région académique."""
    if region_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(type=TypeOrganisation.MISSION_LOCALE, region_id=region_id).order_by(
        "nom"
    )


def conseillers_de_la_mission_locale(ml: Organisation):
    return (
        User.objects.filter(memberships__organisation=ml, memberships__role=Role.CONSEILLER)
        .order_by("nom", "prenom")
        .distinct()
    )


@dataclass(frozen=True, slots=True)
class OrganisationLue:
    """A mission locale or a phase 1 operator as a row shows it."""

    uuid: uuid_lib.UUID
    nom: str


@dataclass(frozen=True, slots=True)
class ConseillerLu:
    """A counsellor named available, as a row shows them."""

    uuid: uuid_lib.UUID
    prenom: str
    nom: str


@dataclass
class LignePartenaire:
    """A lycée with its partner mission locale for a cohort: the one chosen, else the phase 1 operator
    when it is a mission locale (``par_defaut``), else none yet; and the counsellors it named available."""

    lycee: Lycee
    mission_locale: OrganisationLue | None
    par_defaut: bool
    operateur: OrganisationLue | None
    conseillers: list[ConseillerLu]


def lignes_partenaires(lycees, annee: AnneeScolaire) -> list[LignePartenaire]:
    """The partner of each lycée of a page, in three queries at most whatever their number, as plain values
    (no model instance per partner, operator or counsellor: most of a 50-row page's time was theirs)."""
    lycees = list(lycees)
    ids = [lycee.pk for lycee in lycees]
    partenaires = {
        lycee_id: (pk, OrganisationLue(uuid, nom))
        for pk, lycee_id, uuid, nom in PartenaireMissionLocale.objects.filter(
            lycee_id__in=ids, annee=annee
        ).values_list("pk", "lycee_id", "mission_locale__uuid", "mission_locale__nom")
    }
    conseillers: dict[int, list[ConseillerLu]] = {}
    if partenaires:
        for pm_id, uuid, prenom, nom in (
            PartenaireMissionLocale.conseillers.through.objects.filter(
                partenairemissionlocale_id__in=[pk for pk, _ in partenaires.values()]
            )
            .order_by("user__nom", "user__prenom")
            .values_list("partenairemissionlocale_id", "user__uuid", "user__prenom", "user__nom")
        ):
            conseillers.setdefault(pm_id, []).append(ConseillerLu(uuid, prenom, nom))
    operateurs = {
        lycee_id: (OrganisationLue(uuid, nom), type_ == TypeOrganisation.MISSION_LOCALE)
        for lycee_id, uuid, nom, type_ in Affectation.objects.filter(
            lycee_id__in=ids, annee=annee
        ).values_list("lycee_id", "operateur__uuid", "operateur__nom", "operateur__type")
    }
    lignes = []
    for lycee in lycees:
        pk, choisie = partenaires.get(lycee.pk, (None, None))
        operateur, est_mission_locale = operateurs.get(lycee.pk, (None, False))
        defaut = operateur if est_mission_locale else None
        lignes.append(
            LignePartenaire(
                lycee=lycee,
                mission_locale=choisie or defaut,
                par_defaut=choisie is None and defaut is not None,
                operateur=operateur,
                conseillers=conseillers.get(pk, []),
            )
        )
    return lignes


def lycees_de_la_mission_locale(ml: Organisation, annee: AnneeScolaire):
    """The lycées a mission locale is the AvenirPro+ partner of (``perms.q_lycees_partenaires``)."""
    return (
        Lycee.objects.filter(perms.q_lycees_partenaires(ml, annee))
        .select_related("organisation")
        .order_by("nom", "pk")
    )


@transaction.atomic
def choisir_partenaire(qui, lycee: Lycee, annee: AnneeScolaire, mission_locale) -> PartenaireMissionLocale:
    """The regional pilot of the lycée's région académique chooses its partner mission locale. Changing
    it forgets the counsellors the former one had named."""
    p = en_perimetre(qui)
    if not perms.choisit_partenaire(p, lycee):
        raise PermissionDenied(REFUS_PARTENAIRE)
    if (
        mission_locale is None
        or mission_locale.type != TypeOrganisation.MISSION_LOCALE
        or mission_locale.region_id != lycee.organisation.region_id
    ):
        raise ValidationError(
            {"mission_locale": "Choisissez une mission locale de la région académique du lycée."}
        )
    partenaire = PartenaireMissionLocale.objects.select_for_update().filter(lycee=lycee, annee=annee).first()
    if partenaire is None:
        try:
            with transaction.atomic():
                return PartenaireMissionLocale.objects.create(
                    lycee=lycee, annee=annee, mission_locale=mission_locale
                )
        except IntegrityError:  # chosen at the same moment by another pilot
            partenaire = PartenaireMissionLocale.objects.select_for_update().get(lycee=lycee, annee=annee)
    if partenaire.mission_locale_id != mission_locale.pk:
        partenaire.mission_locale = mission_locale
        partenaire.save(update_fields=["mission_locale", "modifie_le"])
        partenaire.conseillers.clear()
    return partenaire


@transaction.atomic
def nommer_conseillers_partenaires(
    qui, lycee: Lycee, annee: AnneeScolaire, conseillers
) -> PartenaireMissionLocale:
    """The partner mission locale's administrator names its counsellors available for the lycée (the
    partnership is recorded then when the mission locale is the phase 1 operator's default)."""
    p = en_perimetre(qui)
    refus = "Seuls les administrateurs de la mission locale partenaire nomment ses conseillers."
    if not (p.est_administrateur and p.organisation is not None):
        raise PermissionDenied(refus)
    ml = p.organisation
    if not lycees_de_la_mission_locale(ml, annee).filter(pk=lycee.pk).exists():
        raise PermissionDenied(refus)
    membres = set(conseillers_de_la_mission_locale(ml).values_list("pk", flat=True))
    if any(u.pk not in membres for u in conseillers):
        raise ValidationError({"conseillers": "Choisissez parmi les conseillers de la mission locale."})
    partenaire, _ = PartenaireMissionLocale.objects.select_for_update().get_or_create(
        lycee=lycee, annee=annee, defaults={"mission_locale": ml}
    )
    partenaire.conseillers.set(conseillers)
    return partenaire


# --- 5. Enrolment --------------------------------------------------------------------------------------


def inscrire(
    qui,
    membre: MembreCohorte,
    *,
    debut: datetime.date,
    fin: datetime.date | None = None,
    jour: datetime.date | None = None,
) -> Inscription:
    """Enrol a student of the cohort for four months at most (end computed when not given); no second
    enrolment overlapping one of theirs."""
    p = en_perimetre(qui)
    _verifier_direction(p, membre.lycee_id)
    fin = fin or fin_maximale(debut)
    erreurs = {}
    if membre.retire:
        erreurs["membre"] = "Cet élève n'est pas dans la cohorte AvenirPro+ : il n'est pas inscrit."
    if debut < ouverture_cohorte(membre.annee):
        erreurs["debut"] = "L'inscription suit les résultats des examens : choisissez une date plus tardive."
    if fin < debut:
        erreurs["fin"] = "La date de fin précède la date de début."
    elif fin > fin_maximale(debut):
        erreurs["fin"] = (
            "AvenirPro+ dure quatre mois au plus : "
            f"la fin ne peut dépasser le {fin_maximale(debut):%d/%m/%Y}."
        )
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        MembreCohorte.objects.visible_to(p).select_for_update().get(pk=membre.pk)
        if Inscription.objects.visible_to(p).filter(membre=membre, debut__lte=fin, fin__gte=debut).exists():
            raise ValidationError({"debut": "Cet élève a déjà une inscription sur ces dates."})
        inscription = Inscription.objects.create(
            membre=membre,
            eleve_id=membre.eleve_id,
            lycee_id=membre.lycee_id,
            annee=membre.annee,
            debut=debut,
            fin=fin,
        )
        if membre.refus_le:
            membre.refus_le, membre.offre_orientee = None, ""
            membre.save(update_fields=["refus_le", "offre_orientee", "modifie_le"])
    return inscription


def enregistrer_refus(qui, membre: MembreCohorte, *, date: datetime.date, offre: str) -> MembreCohorte:
    """A student who declines AvenirPro+, with the offer they were pointed to (CEJ, PACEA, PAO, autre)."""
    p = en_perimetre(qui)
    _verifier_direction(p, membre.lycee_id)
    if offre not in OffreOrientation.values:
        raise ValidationError({"offre_orientee": "Choisissez l'offre proposée à l'élève."})
    if (
        Inscription.objects.visible_to(p)
        .filter(membre=membre, sortie__isnull=True, cloturee_le__isnull=True)
        .exists()
    ):
        raise ValidationError({"offre_orientee": "Cet élève est inscrit : enregistrez plutôt sa sortie."})
    membre.refus_le, membre.offre_orientee = date, offre
    membre.save(update_fields=["refus_le", "offre_orientee", "modifie_le"])
    return membre


# --- 6. Référents (annex 2.2b) ---------------------------------------------------------------------------


@transaction.atomic
def designer_referents(qui, inscription: Inscription, *, referent: User, conseiller: User) -> Inscription:
    """The direction pairs a volunteer professeur of the lycée with a counsellor of the partner mission
    locale; from then on both read the student and the enrolment (``avenirplus.perms``)."""
    p = en_perimetre(qui)
    _verifier_direction(p, inscription.lycee_id)
    lycee, annee = inscription.lycee, inscription.annee
    erreurs = {}
    if referent is None or not volontaires(lycee, annee).filter(pk=referent.pk).exists():
        erreurs["referent"] = "Le référent de parcours est un professeur volontaire du lycée pour AvenirPro+."
    ml = mission_locale_partenaire(lycee, annee)
    if ml is None:
        erreurs["conseiller"] = (
            "Le lycée n'a pas encore de mission locale partenaire (choisie par le pilote régional)."
        )
    elif not (possibles := conseillers_partenaires(lycee, annee)).exists():
        erreurs["conseiller"] = (
            f"La mission locale partenaire ({ml.nom}) n'a pas encore nommé ses conseillers disponibles "
            "pour le lycée : son administrateur les nomme."
        )
    elif conseiller is None or not possibles.filter(pk=conseiller.pk).exists():
        erreurs["conseiller"] = f"Choisissez un conseiller de la mission locale partenaire ({ml.nom})."
    if erreurs:
        raise ValidationError(erreurs)
    inscription = Inscription.objects.visible_to(p).select_for_update().get(pk=inscription.pk)
    inscription.referent, inscription.conseiller, inscription.mission_locale = referent, conseiller, ml
    inscription.designes_le = timezone.now()
    inscription.save(update_fields=["referent", "conseiller", "mission_locale", "designes_le"])
    return inscription


# --- 7. Joint interview and personalised path ---------------------------------------------------------


def _verifier_suivi(p: Perimetre, inscription: Inscription) -> None:
    if not perms.suit(p, inscription):
        raise PermissionDenied(REFUS_SUIVI)
    if inscription.referent_id is None or inscription.conseiller_id is None:
        raise PermissionDenied("Les référents de cette inscription ne sont pas encore désignés.")


def _periode(inscription: Inscription) -> str:
    return f"du {inscription.debut:%d/%m/%Y} au {inscription.fin:%d/%m/%Y}"


def _dans_inscription(inscription: Inscription, d: datetime.date | None) -> bool:
    return d is not None and inscription.debut <= d <= inscription.fin


def enregistrer_entretien(
    qui, inscription: Inscription, *, date: datetime.date, besoins: str
) -> EntretienConjoint:
    """The joint interview, recorded by either référent; both are named on it."""
    p = en_perimetre(qui)
    _verifier_suivi(p, inscription)
    erreurs = {}
    if not _dans_inscription(inscription, date):
        erreurs["date"] = f"L'entretien a lieu pendant l'inscription ({_periode(inscription)})."
    if not (besoins or "").strip():
        erreurs["besoins"] = "Indiquez les besoins identifiés."
    if erreurs:
        raise ValidationError(erreurs)
    try:
        with transaction.atomic():
            entretien, _ = EntretienConjoint.objects.visible_to(p).update_or_create(
                inscription=inscription,
                defaults={
                    "date": date,
                    "besoins": besoins.strip(),
                    "referent_id": inscription.referent_id,
                    "conseiller_id": inscription.conseiller_id,
                    "auteur": p.user,
                },
            )
    except IntegrityError:  # the other référent recorded it at the same moment: theirs stands
        raise ValidationError(
            {"date": "L'entretien vient d'être enregistré par l'autre référent : rechargez la page."}
        ) from None
    return entretien


def _valider_action(inscription: Inscription, debut, fin) -> None:
    erreurs = {}
    if not _dans_inscription(inscription, debut):
        erreurs["debut"] = f"L'action se déroule pendant l'inscription ({_periode(inscription)})."
    if fin is None or not _dans_inscription(inscription, fin):
        erreurs["fin"] = (
            f"L'action se termine au plus tard à la fin de l'inscription ({inscription.fin:%d/%m/%Y})."
        )
    elif debut and fin < debut:
        erreurs["fin"] = "La fin de l'action précède son début."
    if erreurs:
        raise ValidationError(erreurs)


def ajouter_action(
    qui, inscription: Inscription, *, type, debut, fin, prestataire="", statut, notes=""
) -> Action:
    p = en_perimetre(qui)
    _verifier_suivi(p, inscription)
    _valider_action(inscription, debut, fin)
    action = Action(
        inscription=inscription,
        type=type,
        debut=debut,
        fin=fin,
        prestataire=(prestataire or "").strip(),
        statut=statut,
        notes=(notes or "").strip(),
        auteur=p.user,
    )
    action.full_clean(exclude=["inscription", "auteur"])
    action.save()
    return action


def modifier_action(qui, action: Action, *, type, debut, fin, prestataire="", statut, notes="") -> Action:
    p = en_perimetre(qui)
    _verifier_suivi(p, action.inscription)
    _valider_action(action.inscription, debut, fin)
    action.type, action.debut, action.fin, action.statut = type, debut, fin, statut
    action.prestataire, action.notes, action.auteur = (
        (prestataire or "").strip(),
        (notes or "").strip(),
        p.user,
    )
    action.full_clean(exclude=["inscription", "auteur"])
    action.save()
    return action


# --- 8. Countdown, alerts, closing ---------------------------------------------------------------------


def alerter_fins_prochaines(jour: datetime.date | None = None) -> int:
    """E-mail both référents 15 days before an enrolment ends (once). The daily job; returns how many."""
    jour = _aujourdhui(jour)
    inscriptions = list(
        Inscription.objects.unscoped("tâche quotidienne : alerte de fin d'inscription")
        .filter(
            alerte_fin_le__isnull=True,
            sortie__isnull=True,
            cloturee_le__isnull=True,
            fin__lte=jour + datetime.timedelta(days=PREAVIS_FIN_JOURS),
            fin__gte=jour,
        )
        .select_related("eleve", "referent", "conseiller", "lycee")
    )
    for inscription in inscriptions:
        destinataires = [u.email for u in (inscription.referent, inscription.conseiller) if u]
        if destinataires:
            _envoyer(
                f"AvenirPro+ : l'inscription de {inscription.eleve.prenom} "
                f"se termine le {inscription.fin:%d/%m/%Y}",
                "avenirplus/courriel_fin.txt",
                {"inscription": inscription, "jours": inscription.jours_restants(jour), "cloturee": False},
                destinataires,
            )
        inscription.alerte_fin_le = jour
    Inscription.objects.unscoped("tâche quotidienne").bulk_update(inscriptions, ["alerte_fin_le"])
    historique.noter_en_masse(inscriptions, historique.MODIFICATION)
    return len(inscriptions)


def fins_prochaines(qui, jour: datetime.date | None = None):
    """The enrolments one follows as référent de parcours or ML counsellor that end within 15 days (the
    alert of their « Mon espace » and menu), still running."""
    p = en_perimetre(qui)
    q = perms.q_suivi_par(p)
    if q is None:
        return Inscription.objects.none()
    jour = _aujourdhui(jour)
    return Inscription.objects.visible_to(p).filter(
        q,
        sortie__isnull=True,
        cloturee_le__isnull=True,
        fin__gte=jour,
        fin__lte=jour + datetime.timedelta(days=PREAVIS_FIN_JOURS),
    )


def cloturer_inscriptions_echues(jour: datetime.date | None = None) -> int:
    """Close the enrolments past their end with no exit recorded, and ask the référents to record it."""
    jour = _aujourdhui(jour)
    inscriptions = list(
        Inscription.objects.unscoped("tâche quotidienne : clôture des inscriptions échues")
        .filter(fin__lt=jour, sortie__isnull=True, cloturee_le__isnull=True)
        .select_related("eleve", "referent", "conseiller", "lycee")
    )
    for inscription in inscriptions:
        inscription.cloturee_le = jour
        destinataires = [u.email for u in (inscription.referent, inscription.conseiller) if u]
        if destinataires:
            _envoyer(
                f"AvenirPro+ : enregistrez la sortie de {inscription.eleve.prenom}",
                "avenirplus/courriel_fin.txt",
                {"inscription": inscription, "jours": 0, "cloturee": True},
                destinataires,
            )
    Inscription.objects.unscoped("tâche quotidienne").bulk_update(inscriptions, ["cloturee_le"])
    historique.noter_en_masse(inscriptions, historique.MODIFICATION)
    return len(inscriptions)


# --- 9. Exit ----------------------------------------------------------------------------------------


def enregistrer_sortie(
    qui, inscription: Inscription, *, date: datetime.date, issue: str, precision: str = ""
) -> Sortie:
    """The exit, at the end or earlier: by either référent or the direction."""
    p = en_perimetre(qui)
    if not (perms.suit(p, inscription) or perms.peut_piloter(p, inscription.lycee_id)):
        raise PermissionDenied(REFUS_SUIVI)
    if date < inscription.debut:
        raise ValidationError(
            {"date": f"La sortie ne précède pas le début de l'inscription ({inscription.debut:%d/%m/%Y})."}
        )
    if date > inscription.fin:
        raise ValidationError(
            {"date": f"La sortie a lieu au plus tard à la fin de l'inscription ({inscription.fin:%d/%m/%Y})."}
        )
    try:
        with transaction.atomic():
            sortie, _ = Sortie.objects.visible_to(p).update_or_create(
                inscription=inscription,
                defaults={
                    "date": date,
                    "issue": issue,
                    "precision": (precision or "").strip(),
                    "auteur": p.user,
                },
            )
    except IntegrityError:
        raise ValidationError({"date": "La sortie vient d'être enregistrée : rechargez la page."}) from None
    return sortie


def repartition_inscriptions(qui, lycee_id: int, annee: AnneeScolaire):
    """Counts for the direction's page: enrolments by state (one query)."""
    p = en_perimetre(qui)
    return (
        Inscription.objects.visible_to(p)
        .filter(lycee_id=lycee_id, annee=annee)
        .aggregate(total=Count("pk"), sorties=Count("sortie"))
    )
