"""The returns' workflow, one function per step: compile (a new immutable version, or the existing one when
nothing changed), validate, transmit. The HTML pages, the API, the Celery job and the tests call these.

Who validates (art. 6, DESIGN.md §3): the network's national pilot — France Travail (national) for the
France Travail network, the UNML for the missions locales, either of them for the national return — and
a regional pilot of the région for a regional return. The validator transmits; the DGESCO and DGEFP
pilots are then told by e-mail and find it on their « Remontées » page.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core import mail
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from ateliers.enums import StatutSeance
from ateliers.models import Evenement, Seance
from avenirpro import cache
from avenirpro.access import Perimetre
from avenirpro.enums import Reseau, Role, TypeOrganisation
from avenirpro.models import AnneeScolaire, Membership, RegionAcademique
from indicateurs.calcul import (
    ACADEMIE,
    RESEAU_DU_TYPE,
    TYPE_OP,
    PorteeResolue,
    Source,
    Territoires,
    _q_lycees,
    calculer,
    resoudre,
)
from indicateurs.definitions import (
    VERSION_DEFINITIONS,
    Fenetre,
    Niveau,
    Portee,
    definitions_en_dict,
    est_echeance,
    fenetres_de_remontee,
)
from indicateurs.models import NoteComite, Remontee, StatutRemontee, TableauDeBord, TypeRemontee
from indicateurs.qualite import controler
from parcours.enums import StatutEntretien
from parcours.models import Entretien

SOURCE_JOB = "compilation des remontées (art. 6) : chiffres agrégés du périmètre de la remontée"


class RemonteeErreur(ValidationError):
    """A step refused: the message says why, in French; nothing was changed."""


# --- Compile ---------------------------------------------------------------------------------------


def empreinte(contenu: dict) -> str:
    """SHA-256 of the canonical JSON of a return's content (its figures, scope, due date, definitions)."""
    texte = json.dumps(contenu, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(texte.encode("utf-8")).hexdigest()


def differences(avant: dict, apres: dict) -> list[dict]:
    """What changed between two versions' figures: one line per (window, indicator, cell)."""
    lignes = []
    for fenetre in ("annee", "periode"):
        a = avant.get(fenetre, {}).get("indicateurs", {})
        b = apres.get(fenetre, {}).get("indicateurs", {})
        for code in sorted(set(a) | set(b)):
            va, vb = a.get(code, {}), b.get(code, {})
            for cle in sorted(set(va) | set(vb)):
                if cle == "total":
                    if va.get(cle) != vb.get(cle):
                        lignes.append(_difference(fenetre, code, "total", va.get(cle), vb.get(cle)))
                    continue
                ca, cb = va.get(cle, {}), vb.get(cle, {})
                for cellule in sorted(set(ca) | set(cb)):
                    if ca.get(cellule) != cb.get(cellule):
                        lignes.append(
                            _difference(fenetre, code, f"{cle}:{cellule}", ca.get(cellule), cb.get(cellule))
                        )
    return lignes


def _difference(fenetre, code, cellule, avant, apres) -> dict:
    return {"fenetre": fenetre, "indicateur": code, "cellule": cellule, "avant": avant, "apres": apres}


def verifier_echeance(
    echeance: datetime.date, aujourd_hui: datetime.date | None = None, type: str = TypeRemontee.BIMESTRIELLE
) -> None:
    aujourd_hui = aujourd_hui or timezone.localdate()
    if type == TypeRemontee.BILAN and not (echeance.month == 10 and echeance.day == 1):
        raise RemonteeErreur(
            {
                "echeance": "Le bilan annuel de l'année scolaire passée se compile au 1er octobre "
                "(dû fin octobre)."
            }
        )
    if type == TypeRemontee.BIMESTRIELLE and not est_echeance(echeance):
        raise RemonteeErreur(
            {
                "echeance": "Les remontées sont dues le 1er janvier, 1er mars, 1er mai, 1er juillet "
                "et 1er novembre."
            }
        )
    if echeance > aujourd_hui:
        raise RemonteeErreur(
            {"echeance": "Cette échéance n'est pas encore passée : la remontée ne se compile pas."}
        )


def fenetres(type: str, echeance: datetime.date) -> dict:
    """The windows of a return: the school year to date and the period since the previous return; for the
    annual report, the past school year (1 September → 31 August)."""
    if type == TypeRemontee.BILAN:
        return {"annee": Fenetre(datetime.date(echeance.year - 1, 9, 1), datetime.date(echeance.year, 8, 31))}
    annee, periode = fenetres_de_remontee(echeance)
    return {"annee": annee, "periode": periode}


def compiler_remontee(
    portee: Portee,
    echeance: datetime.date,
    *,
    demandeur=None,
    source: Source | None = None,
    aujourd_hui: datetime.date | None = None,
    type: str = TypeRemontee.BIMESTRIELLE,
) -> tuple[Remontee, bool]:
    """The return of ``portee`` due on ``echeance``: (its latest version, whether it was just written).

    Idempotent: when the latest version has the same content, it is returned as is; two compilations at
    once write one version (the unique constraint on scope, due date and version decides, the loser
    reads the winner's). ``source`` defaults to the job's (every row of the scope). ``type``: the bimonthly
    return (default) or the annual report (``TypeRemontee.BILAN``, due date 1 October)."""
    verifier_echeance(echeance, aujourd_hui, type)
    resolue: PorteeResolue = resoudre(portee)
    source = source or Source.systeme(SOURCE_JOB)
    periodes = fenetres(type, echeance)
    chiffres = {cle: calculer(source, resolue, fenetre) for cle, fenetre in periodes.items()}
    qualite = controler(resolue, periodes["annee"], chiffres["annee"])
    notes = notes_de_la_periode(resolue, echeance)
    contenu = {
        "type": type,
        "portee": str(portee),
        "echeance": echeance.isoformat(),
        "chiffres": chiffres,
        "version_definitions": VERSION_DEFINITIONS,
        "qualite": qualite,
        "notes": notes,
    }
    hachage = empreinte(contenu)
    cle = {
        "type": type,
        "niveau": portee.niveau,
        "cle": portee.cle,
        "echeance": echeance,
    }
    for _ in range(3):
        derniere = Remontee.objects.filter(**cle).order_by("-version").first()
        if derniere is not None and derniere.empreinte == hachage:
            return derniere, False
        try:
            with transaction.atomic():
                remontee = Remontee.objects.create(
                    **cle,
                    version=(derniere.version + 1) if derniere else 1,
                    libelle_portee=resolue.libelle,
                    chiffres=chiffres,
                    definitions=definitions_en_dict(),
                    version_definitions=VERSION_DEFINITIONS,
                    qualite=qualite,
                    notes=notes,
                    differences=differences(derniere.chiffres, chiffres) if derniere else [],
                    empreinte=hachage,
                    genere_le=timezone.now(),
                    demandeur=demandeur,
                )
            return remontee, True
        except IntegrityError:
            continue  # another compilation wrote this version first: read it again
    raise RemonteeErreur("La remontée est compilée au même moment ailleurs : réessayez dans un instant.")


def portees_des_bilans() -> list[Portee]:
    """The annual reports: national, and one per network (France Travail and the UNML each report theirs)."""
    return [Portee(), *(Portee(Niveau.RESEAU, reseau) for reseau in Reseau.values)]


def portees_des_remontees() -> list[Portee]:
    """The returns compiled on each due date: national, one per network, one per région académique."""
    regions = RegionAcademique.objects.order_by("code").values_list("code", flat=True)
    return [
        Portee(),
        *(Portee(Niveau.RESEAU, reseau) for reseau in Reseau.values),
        *(Portee(Niveau.REGION, code) for code in regions),
    ]


# The months of a school year, September first, and the activity the dashboards follow month by month.
MOIS_SCOLAIRES = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)
ANNEES_COMPAREES = 3  # the school year and the two before (the years kept)
SERIES_MENSUELLES = {
    "interventions_collectives": "Interventions collectives réalisées",
    "echanges_individuels": "Échanges individuels",
    "evenements": "Évènements organisés",
}
RAISON_TENDANCES = "tableaux de bord : activité mois par mois, comptages groupés"


def tendances_mensuelles(aujourd_hui: datetime.date) -> dict[str, dict]:
    """For each scope the job keeps (``str(portee)``): per followed indicator, per school year (this one
    and the two before), the count of each month (``None`` for a month not begun). Three grouped counts in
    all, by (school year, month, network, académie): the national, network and regional series are sums."""
    annee = AnneeScolaire.annee_debut_pour(aujourd_hui)
    annees = list(range(annee - ANNEES_COMPAREES + 1, annee + 1))
    territoires = Territoires.charger()
    national = PorteeResolue(Portee())
    lignes = []  # (code, school year, month, operator type, académie, région, n)
    for code, modele, filtre in (
        ("interventions_collectives", Seance, Q(statut=StatutSeance.REALISEE)),
        ("echanges_individuels", Entretien, Q(statut=StatutEntretien.REALISE)),
    ):
        requete = (
            modele.objects.unscoped(RAISON_TENDANCES)
            .filter(filtre, annee__annee_debut__in=annees, date__lte=aujourd_hui)
            .filter(_q_lycees(national, "lycee", "annee"))
            .values("annee__annee_debut", TYPE_OP, ACADEMIE)
            .annotate(mois=ExtractMonth("date"))
            .values("annee__annee_debut", "mois", TYPE_OP, ACADEMIE)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for ligne in requete:
            academie = ligne[ACADEMIE]
            lignes.append(
                (
                    code,
                    ligne["annee__annee_debut"],
                    ligne["mois"],
                    ligne[TYPE_OP],
                    academie,
                    territoires.region_par_academie.get(academie),
                    ligne["n"],
                )
            )
    evenements = (
        Evenement.objects.unscoped(RAISON_TENDANCES)
        .filter(annee__annee_debut__in=annees, date__lte=aujourd_hui)
        .annotate(mois=ExtractMonth("date"))
        .values("annee__annee_debut", "mois", "organisateur__type", "organisateur__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for ligne in evenements:
        lignes.append(
            (
                "evenements",
                ligne["annee__annee_debut"],
                ligne["mois"],
                ligne["organisateur__type"],
                None,
                ligne["organisateur__region"],
                ligne["n"],
            )
        )
    code_region = territoires.code_region
    sortie = {}
    for portee in portees_des_remontees():
        series = {code: {str(a): _mois_vides(a, aujourd_hui) for a in annees} for code in SERIES_MENSUELLES}
        for code, a, mois, type_op, _, region, n in lignes:
            if portee.niveau == Niveau.RESEAU and RESEAU_DU_TYPE.get(type_op) != portee.cle:
                continue
            if portee.niveau == Niveau.REGION and code_region.get(region) != portee.cle:
                continue
            rang = MOIS_SCOLAIRES.index(mois)
            if series[code][str(a)][rang] is not None:
                series[code][str(a)][rang] += n
        sortie[str(portee)] = {"annees": [str(a) for a in annees], "series": series}
    return sortie


def _mois_vides(annee_debut: int, aujourd_hui: datetime.date) -> list:
    """Twelve zeros, ``None`` for the months of that school year not begun on ``aujourd_hui``."""
    return [0 if datetime.date(annee_debut + (m < 9), m, 1) <= aujourd_hui else None for m in MOIS_SCOLAIRES]


def actualiser_tableaux_de_bord(aujourd_hui: datetime.date | None = None) -> int:
    """The dashboards' aggregates: the school year to date of each scope the job keeps (one row each), with
    the month-by-month trend against the previous years."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    debut = AnneeScolaire.date_debut_pour(aujourd_hui)
    fenetre = Fenetre(debut, aujourd_hui)
    source = Source.systeme("tableaux de bord : chiffres agrégés de chaque périmètre tenu")
    tendances = tendances_mensuelles(aujourd_hui)
    for portee in portees_des_remontees():
        resolue = resoudre(portee)
        chiffres = calculer(source, resolue, fenetre)
        chiffres = {
            **chiffres,
            "tendance": tendances[str(portee)],
            "qualite": controler(resolue, fenetre, chiffres),
        }
        TableauDeBord.objects.update_or_create(
            niveau=portee.niveau,
            cle=portee.cle,
            defaults={"chiffres": chiffres, "calcule_le": timezone.now()},
        )
    return len(portees_des_remontees())


# --- The live dashboards of the smaller scopes (a lycée, an operator, an académie) -----------------------

# Seconds a live count is kept for the same user and scope: the pilots' dashboards are at most 15 minutes
# old (the beat job); a counsellor's or a head's, counted on their own grants, at most this.
DUREE_EN_DIRECT = 300


def _cle_en_direct(p: Perimetre, resolue: PorteeResolue, fenetre: Fenetre) -> str:
    """The cache key of one user's live dashboard: their membership, the scope, the window, and the SQL of
    what their grants let them count (so a new assignment, a lycée left, gives a new key at once)."""
    from lycees.models import Eleve

    try:
        sql, params = Eleve.objects.pour_agregats(p).query.sql_with_params()
        droits = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:16]
    except EmptyResultSet:  # no grant applies (a direction whose lycée is not recorded yet)
        droits = "aucun"
    portee = resolue.portee
    quoi = f"{portee.niveau}:{portee.cle}:{fenetre.du}:{fenetre.au}"
    return f"indicateurs:en-direct:{p.membership.uuid}:{quoi}:{droits}"


def chiffres_en_direct(
    p: Perimetre, resolue: PorteeResolue, fenetre: Fenetre
) -> tuple[dict, datetime.datetime]:
    """The figures of a scope the job does not keep, counted on the user's grants, with the data-quality
    counts, and when they were counted: counted once per ``DUREE_EN_DIRECT`` for the same user, scope and
    window (the « Indicateurs » page and ``/api/v1/indicateurs/`` read the same)."""
    cle = _cle_en_direct(p, resolue, fenetre)
    en_cache = cache.lire(cle)
    if en_cache is not None:
        return en_cache
    resultat = calculer(Source.pour(p), resolue, fenetre)
    valeur = ({**resultat, "qualite": controler(resolue, fenetre, resultat)}, timezone.now())
    cache.ecrire(cle, valeur, DUREE_EN_DIRECT)
    return valeur


def chiffres_de_l_annee(
    p: Perimetre, resolue: PorteeResolue, aujourd_hui: datetime.date
) -> tuple[dict | None, datetime.datetime | None, int | None]:
    """The school year to date of a scope, as the « Indicateurs » page and the API read it, with when it
    was counted and every how many minutes: a kept scope's dashboard (the job, 15 minutes), else the live
    count kept ``DUREE_EN_DIRECT``; (None, None, None) for a kept scope whose dashboard is not counted yet."""
    tableau = TableauDeBord.objects.filter(niveau=resolue.portee.niveau, cle=resolue.portee.cle).first()
    if tableau is not None:
        return tableau.chiffres, tableau.calcule_le, 15
    if resolue.portee.niveau in TableauDeBord.NIVEAUX_TENUS:
        return None, None, None
    debut = AnneeScolaire.date_debut_pour(aujourd_hui)
    chiffres, calcule_le = chiffres_en_direct(p, resolue, Fenetre(debut, aujourd_hui))
    return chiffres, calcule_le, DUREE_EN_DIRECT // 60


# --- The regional committees' notes -----------------------------------------------------------------


def notes_de_la_periode(portee: PorteeResolue, echeance: datetime.date) -> list[dict]:
    """The notes a return carries: its région's for a regional return, every région's for the national one."""
    notes = NoteComite.objects.filter(echeance=echeance).select_related("region").order_by("region__nom")
    if portee.portee.niveau == Niveau.REGION:
        notes = notes.filter(region=portee.pk)
    elif portee.portee.niveau != Niveau.NATIONAL:
        return []
    return [n.as_dict() for n in notes if n.difficultes or n.bonnes_pratiques]


def enregistrer_notes(
    p: Perimetre, echeance: datetime.date, difficultes: str, bonnes_pratiques: str
) -> NoteComite:
    """A regional pilot records (or rewrites) the committee's notes for the period leading to ``echeance``."""
    if not (p.est_pilote_regional and p.organisation.region_id):
        raise RemonteeErreur("Seuls les pilotes régionaux consignent les notes du comité régional.")
    if not est_echeance(echeance):
        raise RemonteeErreur(
            {"echeance": "Choisissez une échéance : 1er janvier, mars, mai, juillet ou novembre."}
        )
    valeurs = {
        "difficultes": difficultes.strip(),
        "bonnes_pratiques": bonnes_pratiques.strip(),
        "auteur": p.user,
    }
    for _ in range(2):
        try:
            with transaction.atomic():
                note, _ = NoteComite.objects.update_or_create(
                    region_id=p.organisation.region_id, echeance=echeance, defaults=valeurs
                )
            return note
        except IntegrityError:
            continue  # written at the same moment by another pilot of the région: update theirs
    raise RemonteeErreur("Les notes sont enregistrées au même moment ailleurs : réessayez.")


# --- Who validates ---------------------------------------------------------------------------------

VALIDEURS_NATIONAUX = {
    Reseau.FRANCE_TRAVAIL: {TypeOrganisation.FRANCE_TRAVAIL_NATIONAL},
    Reseau.MISSIONS_LOCALES: {TypeOrganisation.UNML},
    None: {TypeOrganisation.FRANCE_TRAVAIL_NATIONAL, TypeOrganisation.UNML},
}


def est_valideur(p: Perimetre, remontee: Remontee) -> bool:
    if remontee.niveau == Niveau.REGION:
        return (
            p.est_pilote_regional
            and p.organisation.region is not None
            and p.organisation.region.code == remontee.cle
        )
    if remontee.niveau in (Niveau.NATIONAL, Niveau.RESEAU):
        reseau = remontee.cle or None if remontee.niveau == Niveau.RESEAU else None
        return p.est_pilote_national and p.organisation.type in VALIDEURS_NATIONAUX[reseau]
    return False


def _changer_statut(p: Perimetre, remontee: Remontee, depuis: str, vers: str, champs: dict) -> Remontee:
    if remontee.est_transmise:
        raise RemonteeErreur("Cette remontée est transmise : elle ne change plus.")
    if not est_valideur(p, remontee):
        raise RemonteeErreur("Vous n'êtes pas le valideur de cette remontée.")
    with transaction.atomic():
        actuelle = Remontee.objects.select_for_update().get(pk=remontee.pk)
        if actuelle.statut != depuis:
            raise RemonteeErreur(
                "Cette remontée doit d'abord être validée."
                if vers == StatutRemontee.TRANSMISE
                else "Cette remontée est déjà validée."
            )
        plus_recente = (
            Remontee.objects.filter(
                type=actuelle.type, niveau=actuelle.niveau, cle=actuelle.cle, echeance=actuelle.echeance
            )
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        if vers == StatutRemontee.VALIDEE and plus_recente != actuelle.version:
            raise RemonteeErreur("Une version plus récente de cette remontée existe : validez celle-ci.")
        Remontee.objects.filter(pk=actuelle.pk).update(statut=vers, **champs)
        actuelle.refresh_from_db()
    return actuelle


def valider_remontee(p: Perimetre, remontee: Remontee) -> Remontee:
    return _changer_statut(
        p,
        remontee,
        StatutRemontee.COMPILEE,
        StatutRemontee.VALIDEE,
        {"validee_par": p.user, "validee_le": timezone.now()},
    )


def transmettre_remontee(p: Perimetre, remontee: Remontee) -> Remontee:
    """Transmit a validated return; the DGESCO and DGEFP pilots are told by e-mail after the commit."""
    remontee = _changer_statut(
        p,
        remontee,
        StatutRemontee.VALIDEE,
        StatutRemontee.TRANSMISE,
        {"transmise_par": p.user, "transmise_le": timezone.now()},
    )
    transaction.on_commit(lambda: notifier_transmission(remontee.pk))
    return remontee


def destinataires_transmission() -> list[str]:
    return sorted(
        set(
            Membership.objects.actives()
            .filter(
                role=Role.PILOTE_NATIONAL,
                organisation__type__in=(TypeOrganisation.DGESCO, TypeOrganisation.DGEFP),
            )
            .values_list("user__email", flat=True)
        )
    )


def notifier_transmission(remontee_pk: int) -> int:
    remontee = Remontee.objects.get(pk=remontee_pk)
    adresses = destinataires_transmission()
    if not adresses:
        return 0
    # « La remontée bimestrielle … vous est transmise », « Le bilan annuel … vous est transmis »
    bilan = remontee.type == TypeRemontee.BILAN
    article, accord, pronom = ("Le", "", "Il") if bilan else ("La", "e", "Elle")
    corps = (
        f"Bonjour,\n\n{article} {remontee.get_type_display().lower()} du {remontee.echeance:%d/%m/%Y} "
        f"({remontee.libelle_portee}, version {remontee.version}) vous est transmis{accord}.\n"
        f"{pronom} se télécharge (PDF, XLSX, CSV) depuis la page « Remontées » d'AvenirPro.\n\n"
        f"Empreinte SHA-256 : {remontee.empreinte}\n"
    )
    message = mail.EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Remontée transmise : {remontee.libelle_portee}",
        corps,
        settings.DEFAULT_FROM_EMAIL,
        bcc=adresses,
    )
    return message.send()


# --- The dashboards' landmarks and the régions compared (read by the « Indicateurs » page) -------------


def _entier(valeur) -> int:
    return valeur if isinstance(valeur, int) else 0


def reperes(resultat: dict) -> dict:
    """The committees' landmarks beside the figures: the FT/ML split of the lycées engagés against the
    convention's 50/50, the interviews per student reached, the classes short of their four workshops at
    the end of March (from the data-quality counts, once March is over)."""
    indicateurs = resultat["indicateurs"]
    engages = indicateurs["lycees_engages"]
    par_reseau = engages.get("par_reseau", {})
    ft, ml = _entier(par_reseau.get("france_travail")), _entier(par_reseau.get("missions_locales"))
    beneficiaires = _entier(indicateurs["lyceens_beneficiaires"]["total"])
    echanges = indicateurs.get("echanges_individuels", {}).get("total")
    controles = {c["code"]: c["nombre"] for c in (resultat.get("qualite") or {}).get("controles", [])}
    return {
        "part_ft": round(100 * ft / (ft + ml)) if ft + ml else None,
        "part_ml": round(100 * ml / (ft + ml)) if ft + ml else None,
        "entretiens_par_eleve": (
            f"{_entier(echanges) / beneficiaires:.1f}".replace(".", ",") if beneficiaires else None
        ),
        "classes_sans_quatre_ateliers": controles.get("classes_moins_de_4_themes"),
    }


CODES_COMPARES = (
    "lycees_engages",
    "lycees_participants",
    "lyceens_beneficiaires",
    "interventions_collectives",
    "echanges_individuels",
    "evenements",
    "satisfaction_lyceens",
)


def regions_comparees(resultat: dict) -> list[dict]:
    """The national dashboard's « régions comparées »: one row per région académique (every one, with its
    zeros), the main indicators side by side (one query for the names)."""
    indicateurs = resultat["indicateurs"]
    return [
        {
            "nom": region.nom,
            "valeurs": [
                indicateurs.get(code, {}).get("par_region", {}).get(region.code) for code in CODES_COMPARES
            ],
        }
        for region in RegionAcademique.objects.order_by("nom")
    ]
