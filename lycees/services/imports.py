"""Roster import by the lycée's direction, step by step (each step one function):

1. ``deposer_fichier``: the file is checked as a whole (size, format, zip limits, encoding, row limit,
   UAI of a SIECLE export) and stored; nothing else is written.
2. ``associer_colonnes`` (CSV/XLSX): which column holds what; the mapping is remembered for the lycée.
   Then every row is checked and the preview lists the classes and the errors by line.
3. ``confirmer_import``: the lycée picks the classes (SIECLE) and the diploma of new classes; the import
   runs at once below ``SEUIL_SYNCHRONE`` students, else as a Celery job (``executer_import``).
   All or nothing: re-importing updates, never duplicates.

The file is read and checked once, for the preview: its valid rows are kept beside it
(``FichierImport.lignes``) and the execution writes them without reading the file again (issue 13: a
5,000-row import end to end within a second or two).
"""

import contextlib
import datetime
import io
import logging
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.jobs import ERREURS_CACHE, battement, duree, envoyer_apres_commit
from avenirpro.models import AnneeScolaire
from avenirpro.requetes import objet_ou_404
from lycees.enums import ChampImport, Diplome, FormatImport, StatutImport
from lycees.imports import (
    ERREURS_LISTEES_MAX,
    LIGNES_MAX,
    SEUIL_SYNCHRONE,
    TAILLE_MAX_FICHIER,
    ErreurFichier,
    analyse,
    ecriture,
    fichiers,
    siecle,
    valeurs,
)
from lycees.models import CorrespondanceColonnes, Division, FichierImport, ImportEffectifs
from lycees.services.effectifs import lycee_gere, verifier_gestion

logger = logging.getLogger(__name__)

RAISON = "import des effectifs (tâche ou service, droits vérifiés au dépôt)"


def cle_progression(imp: ImportEffectifs) -> str:
    return f"lycees:import:{imp.pk}:progression"


def progression(imp: ImportEffectifs) -> int:
    """Progress in percent: the cache while the job writes (inside its transaction), else the row (which
    the job's heartbeat keeps within a few seconds of the truth, so a lost cache costs nothing)."""
    if imp.statut == StatutImport.EN_COURS:
        try:
            en_cache = cache.get(cle_progression(imp))
        except ERREURS_CACHE:
            en_cache = None
        if en_cache is not None:
            return max(int(en_cache), imp.progression)
    return imp.progression


def _signaler(imp: ImportEffectifs, pourcent: int) -> None:
    # The cache only makes the progress bar smoother: without Redis the import goes on regardless.
    try:
        cache.set(cle_progression(imp), pourcent, 3600)
    except ERREURS_CACHE:
        logger.info("Cache unreachable: progress of import %s read from the database", imp.pk)


def _oublier_progression(imp: ImportEffectifs) -> None:
    with contextlib.suppress(ERREURS_CACHE):  # else the key expires by itself within the hour
        cache.delete(cle_progression(imp))


def _verifier(user, imp: ImportEffectifs, *statuts) -> None:
    verifier_gestion(user, imp.lycee_id)
    if statuts and imp.statut not in statuts:
        raise ValidationError(f"Cet import est à l'étape « {imp.get_statut_display()} » : action impossible.")


# --- 1. dépôt ------------------------------------------------------------------------------------


def _format(flux) -> str:
    debut = flux.read(8)
    flux.seek(0)
    fmt = fichiers.detecter_format(debut)
    if fmt == "zip":
        archive = fichiers.ouvrir_zip(flux)
        fmt = fichiers.format_du_zip(archive)
        archive.close()
        flux.seek(0)
    return fmt


@transaction.atomic
def deposer_fichier(user, fichier, annee: AnneeScolaire | None = None) -> ImportEffectifs:
    """Check the file as a whole and store it; a bad file leaves nothing behind."""
    lycee = lycee_gere(user)
    annee = annee or AnneeScolaire.objects.courante()
    if fichier.size > TAILLE_MAX_FICHIER:
        raise ValidationError(
            f"Le fichier pèse {fichier.size / 1024 / 1024:.1f} Mo : la limite est de "
            f"{TAILLE_MAX_FICHIER // 1024 // 1024} Mo. Pour un gros lycée, importez une partie des classes."
        )
    if fichier.size == 0:
        raise ValidationError("Le fichier est vide.")
    fichier.seek(0)
    imp = ImportEffectifs(
        lycee=lycee,
        annee=annee,
        auteur=en_perimetre(user).user,
        nom_fichier=valeurs.texte(Path(fichier.name or "fichier").name)[:255] or "fichier",
    )
    try:
        imp.format = _format(fichier)
        if imp.format == FormatImport.SIECLE:
            export = siecle.lire(fichier, lycee.uai, timezone.localdate())
            if export.annee_debut and export.annee_debut != annee.annee_debut:
                raise ErreurFichier(
                    f"Ce fichier est l'export de l'année scolaire {export.annee_debut}-"
                    f"{export.annee_debut + 1}, et vous importez pour {annee}. Exportez depuis SIECLE les "
                    "élèves de l'année voulue."
                )
            imp.lecture = {"uai": export.uai, "annee": export.annee_debut, "sortis": export.sortis}
            imp.lecture["sans_classe"] = export.sans_classe
            imp.nb_lignes = len(export.eleves)
            if not export.eleves:
                raise ErreurFichier("L'export ne contient aucun élève inscrit dans une classe.")
        else:
            tableau = _tableau(imp.format, fichier)
            imp.nb_lignes = sum(1 for _ in tableau.lignes)
            if not imp.nb_lignes:
                raise ErreurFichier("Le fichier ne contient que la ligne d'en-têtes : aucun élève.")
            imp.lecture = {**tableau.lecture, "entetes": tableau.entetes}
            memorisee = CorrespondanceColonnes.objects.filter(lycee=lycee).values_list("colonnes", flat=True)
            imp.correspondance = valeurs.deviner_correspondance(tableau.entetes, next(iter(memorisee), None))
    except ErreurFichier as e:
        raise ValidationError(str(e)) from None
    fichier.seek(0)
    contenu = fichier.read()
    imp.statut = StatutImport.A_ASSOCIER
    imp.save()
    FichierImport.objects.create(import_effectifs=imp, contenu=contenu, taille=len(contenu))
    if imp.format == FormatImport.SIECLE:
        _preparer_apercu(imp, export)
    return imp


def _tableau(fmt: str, flux) -> fichiers.Tableau:
    if fmt == FormatImport.XLSX:
        return fichiers.lire_xlsx(flux)
    return fichiers.lire_csv(flux.read())


# --- 2. colonnes et aperçu -----------------------------------------------------------------------


def exemples(imp: ImportEffectifs, n: int = 3) -> list[list[str]]:
    """The first rows of a CSV/XLSX file, to help map its columns (read again, never stored)."""
    if imp.format == FormatImport.SIECLE or not fichier_present(imp):
        return []
    lignes = []
    try:
        tableau = _tableau(imp.format, _flux(imp))
        colonnes = len(tableau.entetes)
        for _, cellules in tableau.lignes:
            # Cells past the header row have no column to map: a row of 20,000 would only weigh the page.
            lignes.append([valeurs.texte(c)[:60] for c in cellules[:colonnes]])
            if len(lignes) >= n:
                break
    except ErreurFichier as e:
        raise ValidationError(str(e)) from None
    return lignes


def _fichiers():
    return FichierImport.objects.unscoped(RAISON)


def fichier_present(imp: ImportEffectifs) -> bool:
    return _fichiers().filter(import_effectifs=imp).exists()


def _flux(imp: ImportEffectifs) -> io.BytesIO:
    contenu = _fichiers().filter(import_effectifs=imp).values_list("contenu", flat=True).first()
    if contenu is None:
        raise ValidationError("Le fichier de cet import n'est plus disponible : déposez-le à nouveau.")
    return io.BytesIO(bytes(contenu))


@transaction.atomic
def associer_colonnes(user, imp: ImportEffectifs, correspondance: dict[str, int | None]) -> ImportEffectifs:
    """Which column holds which field; remembered for the lycée's next file. Then the preview."""
    _verifier(user, imp, StatutImport.A_ASSOCIER, StatutImport.A_VALIDER)
    if imp.format == FormatImport.SIECLE:
        raise ValidationError("Un export SIECLE n'a pas de colonnes à associer.")
    entetes = imp.lecture.get("entetes", [])
    propre: dict[str, int] = {}
    erreurs = []
    for champ in ChampImport:
        i = correspondance.get(champ.value)
        if i in (None, ""):
            continue
        try:
            i = int(i)
        except (TypeError, ValueError):
            i = -1
        if not 0 <= i < len(entetes):
            erreurs.append(f"La colonne choisie pour « {champ.label} » n'existe pas dans le fichier.")
        elif i in propre.values():
            erreurs.append(f"La colonne « {entetes[i]} » est associée à deux champs.")
        else:
            propre[champ.value] = i
    manquants = [ChampImport(c).label for c in ChampImport.obligatoires() if c not in propre]
    if manquants:
        erreurs.append(
            "Colonnes obligatoires manquantes : "
            + ", ".join(manquants)
            + ". Choisissez la colonne du fichier qui les contient, ou ajoutez-les au fichier."
        )
    if erreurs:
        raise ValidationError(erreurs)
    imp.correspondance = propre
    CorrespondanceColonnes.objects.update_or_create(
        lycee=imp.lycee, defaults={"colonnes": {champ: entetes[i] for champ, i in propre.items()}}
    )
    imp.save(update_fields=["correspondance"])
    _preparer_apercu(imp)
    return imp


def _analyser(
    imp: ImportEffectifs,
    selection: set[str] | None = None,
    suivi=None,
    export: siecle.ExportSiecle | None = None,
) -> analyse.Analyse:
    """Check every row of the stored file (only the chosen classes of a SIECLE export); ``export``: the
    SIECLE file already read at the deposit, not read again."""
    try:
        if imp.format == FormatImport.SIECLE:
            if export is None:
                export = siecle.lire(_flux(imp), imp.lycee.uai, timezone.localdate())
            bruts = analyse.bruts_siecle(export)
        else:
            bruts = analyse.bruts_du_tableau(_tableau(imp.format, _flux(imp)), imp.correspondance)
        if selection is not None:
            bruts = (
                b
                for b in bruts
                if valeurs.cle_division(valeurs.texte(b[2].get(ChampImport.DIVISION))) in selection
            )
        if suivi is not None:
            bruts = suivi(bruts)
        return analyse.analyser(bruts, imp.annee.annee_debut)
    except ErreurFichier as e:
        raise ValidationError(str(e)) from None


def _premiere_annee_probable(nom: str) -> bool:
    return nom.startswith(("T", "2CAP", "2 CAP"))


def _preparer_apercu(imp: ImportEffectifs, export: siecle.ExportSiecle | None = None) -> None:
    resultat = _analyser(imp, export=export)
    devines = {cle: d.diplome_devine for cle, d in resultat.divisions.items()}
    simulation = ecriture.simuler(resultat.lignes, imp.lycee, imp.annee, devines)
    existantes = simulation["existantes"]
    for conflit in simulation["conflits"]:
        resultat.erreurs.append(conflit)
        resultat.divisions[conflit["division"]].erreurs += 1
    divisions = []
    for cle, d in sorted(resultat.divisions.items()):
        existante = existantes.get(cle)
        compte = simulation["compte"].get(cle, {"nouveaux": 0, "mis_a_jour": 0, "inchanges": 0})
        derniere = d.derniere_annee
        if imp.format == FormatImport.SIECLE:
            importer = derniere if derniere is not None else _premiere_annee_probable(d.nom)
        else:
            importer = True
        divisions.append(
            {
                "cle": cle,
                "nom": existante.nom if existante else d.nom,
                # Shown when the file spells an existing class otherwise (« TCAP EPC » for « TCAPEPC »).
                "nom_fichier": d.nom,
                "effectif": d.effectif,
                "erreurs": d.erreurs,
                "existante": existante is not None,
                "uuid": str(existante.uuid) if existante else "",
                "diplome": existante.diplome if existante else d.diplome_devine,
                "specialite": existante.specialite if existante else d.specialite_devinee,
                "derniere_annee": derniere,
                "importer": importer,
                **compte,
            }
        )
    imp.apercu = {"divisions": divisions, "valides": len(resultat.lignes), "total": resultat.total}
    imp.erreurs = resultat.erreurs[:ERREURS_LISTEES_MAX]
    imp.nb_erreurs = len(resultat.erreurs)
    imp.nb_lignes = resultat.total
    imp.statut = StatutImport.A_VALIDER
    imp.save(update_fields=["apercu", "erreurs", "nb_erreurs", "nb_lignes", "statut"])
    stocker_lignes(imp, resultat.lignes)


def stocker_lignes(imp: ImportEffectifs, lignes: list[analyse.LigneEleve]) -> None:
    """Keep the rows the preview checked beside the file, for the execution (``lignes_verifiees``)."""
    _fichiers().filter(import_effectifs=imp).update(lignes=analyse.vers_json(lignes))


def lignes_verifiees(
    imp: ImportEffectifs, selection: set[str] | None = None
) -> list[analyse.LigneEleve] | None:
    """The rows checked by the preview (of the chosen classes when ``selection``), or None when they were
    not kept (an import previewed before they were): the file is then read and checked again."""
    gardees = _fichiers().filter(import_effectifs=imp).values_list("lignes", flat=True).first()
    if gardees is None:
        return None
    return analyse.depuis_json(gardees, selection)


def erreurs_retenues(imp: ImportEffectifs, selection: set[str]) -> int:
    """Rows in error that the import would take: every one of a CSV/XLSX (all its rows are imported),
    those of the chosen classes of a SIECLE export and those whose class could not be read."""
    if imp.format != FormatImport.SIECLE:
        return imp.nb_erreurs
    divisions = imp.apercu.get("divisions", [])
    sans_division = imp.nb_erreurs - sum(d["erreurs"] for d in divisions)
    return sans_division + sum(d["erreurs"] for d in divisions if d["cle"] in selection)


# --- 2 bis. une classe du fichier rattachée à une classe existante --------------------------------
# The file may name a class differently enough that no spelling rule can tell (« TCAP EPC A » for the
# lycée's « TCAP EPC ») : in the preview, the head maps it to one of the lycée's classes of that year,
# « nouvelle classe » by default. The choice is kept with the others (``imp.choix[cle]["vers_nom"]``)
# and applied to the rows just before they are written.


def classes_rattachables(user, imp: ImportEffectifs) -> list[Division]:
    """The lycée's classes of the import's year that a class of the file may be mapped to."""
    return list(
        Division.objects.visible_to(user).filter(lycee=imp.lycee, annee=imp.annee).order_by("nom", "pk")
    )


def _rattachements(user, imp: ImportEffectifs, choix: dict[str, dict], propres: dict[str, dict]) -> dict:
    """Add to the validated choices the existing class each mapped class goes to. A uuid that is not one
    of the lycée's classes of that year is a 404, as any foreign uuid (nothing said of what it is)."""
    rattachables = Division.objects.visible_to(user).filter(lycee=imp.lycee, annee=imp.annee)
    for d in imp.apercu.get("divisions", []):
        valeur = (choix.get(d["cle"]) or {}).get("rattacher")
        if d["existante"] or not valeur or d["cle"] not in propres:
            continue
        cible = objet_ou_404(rattachables, valeur)
        propres[d["cle"]] = {"importer": True, "vers": str(cible.uuid), "vers_nom": cible.nom}
    return propres


def rattacher(lignes, choix: dict[str, dict]) -> None:
    """Rows of a mapped class take the name of the class they go to (its key then finds it)."""
    vers = {cle: c["vers_nom"] for cle, c in choix.items() if c.get("vers_nom")}
    if not vers:
        return
    for ligne in lignes:
        nom = vers.get(valeurs.cle_division(ligne.division))
        if nom is not None:
            ligne.division = nom


# --- 3. confirmation et exécution ----------------------------------------------------------------


def _valider_choix(imp: ImportEffectifs, choix: dict[str, dict]) -> dict[str, dict]:
    """Per class key: whether to import it, and the diploma/speciality of a class to create."""
    propres = {}
    erreurs = []
    for d in imp.apercu.get("divisions", []):
        demande = choix.get(d["cle"]) or {}
        importer = True if imp.format != FormatImport.SIECLE else bool(demande.get("importer"))
        if not importer:
            continue
        entree = {"importer": True}
        if not d["existante"] and not demande.get("rattacher"):  # a mapped class needs no diploma
            diplome = demande.get("diplome") or d["diplome"]
            if diplome not in Diplome.values:
                erreurs.append(f"Choisissez le diplôme préparé de la nouvelle classe {d['nom']}.")
            specialite = valeurs.texte(demande.get("specialite", d["specialite"]))
            if len(specialite) > 200:
                erreurs.append(f"Spécialité de la classe {d['nom']} : 200 caractères au plus.")
            entree.update(nom=d["nom"], diplome=diplome, specialite=specialite)
        propres[d["cle"]] = entree
    if not propres:
        erreurs.append("Choisissez au moins une classe à importer.")
    if erreurs:
        raise ValidationError(erreurs)
    return propres


@transaction.atomic
def confirmer_import(user, imp: ImportEffectifs, choix: dict[str, dict] | None = None) -> ImportEffectifs:
    """Start the import with the lycée's choices: now if small, else as a job (after commit)."""
    # Two confirmations at once (a double click, two tabs) must not both run: the second one waits
    # for the first on this row lock, then sees that the import has left « à valider ».
    qs = ImportEffectifs.objects.unscoped("confirmation d'un import, droits vérifiés juste après")
    imp.statut = qs.select_for_update().filter(pk=imp.pk).values_list("statut", flat=True).get()
    _verifier(user, imp, StatutImport.A_VALIDER)
    propres = _valider_choix(imp, choix or {})
    propres = _rattachements(user, imp, choix or {}, propres)
    choisies = [d for d in imp.apercu["divisions"] if d["cle"] in propres]
    avec_erreurs = sum(d["erreurs"] for d in choisies)
    if imp.format != FormatImport.SIECLE:
        # Every row of a CSV/XLSX is imported, also one whose class could not be read (no class key).
        avec_erreurs = max(avec_erreurs, imp.nb_erreurs)
    else:
        avec_erreurs += sum(1 for e in imp.erreurs if not e.get("division"))
    if avec_erreurs:
        raise ValidationError(
            f"Le fichier comporte {avec_erreurs} ligne{'s' if avec_erreurs > 1 else ''} en erreur dans les "
            "classes choisies : corrigez le fichier puis déposez-le à nouveau. Rien n'a été enregistré."
        )
    nombre = sum(d["effectif"] for d in choisies)
    if nombre > LIGNES_MAX:
        raise ValidationError(
            f"{valeurs.nombre(nombre)} élèves dans les classes choisies : un import en compte "
            f"{valeurs.nombre(LIGNES_MAX)} au plus. Importez les classes en plusieurs fois."
        )
    imp.choix = propres
    imp.nb_lignes = nombre
    if nombre < SEUIL_SYNCHRONE:
        imp.save(update_fields=["choix", "nb_lignes"])
        return executer_import(imp)
    from lycees.tasks import importer_effectifs

    imp.statut = StatutImport.EN_ATTENTE
    imp.progression = 0
    imp.battement_le = timezone.now()  # sent now: the relance waits JOBS_ATTENTE_MAX_SECONDES from here
    imp.save(update_fields=["choix", "nb_lignes", "statut", "progression", "battement_le"])
    envoyer_apres_commit(importer_effectifs, imp.pk)
    return imp


# A job killed this many times (out of memory on every run, say) is failed rather than sent again forever.
TENTATIVES_MAX = 10


class PrisePerdue(Exception):
    """This worker's claim was taken over (it was thought dead): its work must not be committed."""


def _imports(raison: str):
    return ImportEffectifs.objects.unscoped(raison)


def _mort(maintenant) -> Q:
    """A running import whose heartbeat stopped (``JOBS_BATTEMENT_PERIME_SECONDES``): its worker died."""
    perime = maintenant - duree("JOBS_BATTEMENT_PERIME_SECONDES")
    return Q(statut=StatutImport.EN_COURS) & (
        Q(battement_le__lt=perime) | Q(battement_le__isnull=True, demarre_le__lt=perime)
    )


def prendre_import(import_pk: int) -> ImportEffectifs | None:
    """Claim a waiting import for this worker, or None when it is finished or running elsewhere and alive.

    One atomic UPDATE decides, so that a message delivered twice (a relance, a redelivery after a worker
    was lost) never runs the same import twice at once: only one of two racing workers updates the row.
    An import whose worker died (heartbeat too old) is taken over, once, by the first message to come.
    """
    maintenant = timezone.now()
    qs = _imports("tâche d'import, confirmée par la direction du lycée")
    pris = (
        qs.filter(pk=import_pk)
        .filter(Q(statut=StatutImport.EN_ATTENTE) | _mort(maintenant))
        .update(
            statut=StatutImport.EN_COURS,
            demarre_le=maintenant,
            battement_le=maintenant,
            progression=0,
            tentatives=F("tentatives") + 1,
        )
    )
    if not pris:
        return None
    imp = qs.select_related("lycee", "annee").get(pk=import_pk)
    if imp.tentatives > 1:
        logger.warning("Import des effectifs %s repris (tentative %s)", imp.pk, imp.tentatives)
    if imp.tentatives > TENTATIVES_MAX:
        with contextlib.suppress(PrisePerdue):
            _terminer(
                imp,
                StatutImport.ECHEC,
                erreurs=[
                    f"L'import a été interrompu {TENTATIVES_MAX} fois sans aboutir : rien n'a été "
                    "enregistré. Déposez le fichier à nouveau ; contactez l'assistance si cela se reproduit."
                ],
            )
        return None
    return imp


def imports_a_relancer() -> list[int]:
    """Imports whose job message was lost: still waiting ``JOBS_ATTENTE_MAX_SECONDES`` after it was sent
    (broker down, Redis restarted empty), or running with a stopped heartbeat (worker killed).

    The waiting ones count from now again, so that a long queue is not flooded with duplicates; the dead
    ones keep their old heartbeat, which is what lets the next worker take them over.
    """
    maintenant = timezone.now()
    qs = _imports("relance des imports en attente")
    attente = Q(statut=StatutImport.EN_ATTENTE) & (
        Q(battement_le__lt=maintenant - duree("JOBS_ATTENTE_MAX_SECONDES"))
        | Q(battement_le__isnull=True, cree_le__lt=maintenant - duree("JOBS_ATTENTE_MAX_SECONDES"))
    )
    pks = list(qs.filter(attente | _mort(maintenant)).values_list("pk", "statut"))
    # Only if still waiting: a worker may have claimed one since (its fresh heartbeat must stay).
    qs.filter(
        pk__in=[pk for pk, statut in pks if statut == StatutImport.EN_ATTENTE], statut=StatutImport.EN_ATTENTE
    ).update(battement_le=maintenant)
    return [pk for pk, _ in pks]


def _battre(imp: ImportEffectifs, pourcent: int) -> None:
    """The heartbeat of a running import, with its progress (read there when the cache is gone). Fenced
    by the claim: a worker that lost its claim does not keep the new owner's import alive."""
    _imports("battement d'un import en cours").filter(
        pk=imp.pk, statut=StatutImport.EN_COURS, tentatives=imp.tentatives
    ).update(battement_le=timezone.now(), progression=pourcent)


def _liberer(imp: ImportEffectifs) -> None:
    """Give a claimed import back (the job retries on a transient error): the retry claims it at once
    instead of waiting for the heartbeat to go stale. Best effort: the database may be the one gone."""
    try:
        _imports("import rendu avant une nouvelle tentative").filter(
            pk=imp.pk, statut=StatutImport.EN_COURS, tentatives=imp.tentatives
        ).update(statut=StatutImport.EN_ATTENTE, battement_le=timezone.now())
    except DatabaseError:
        logger.warning("Import %s not given back: the relance will take it over", imp.pk)


def executer_import(imp: ImportEffectifs, *, en_tache: bool = False) -> ImportEffectifs:
    """Read, check again and write the whole file in one transaction. Idempotent: a finished import is
    left alone, and a re-run after a crash starts over (the crashed transaction left nothing).

    ``en_tache``: run by a worker that claimed it (``prendre_import``), which beats while it works; else
    run inside the web request that confirmed it.
    """
    if imp.est_fini:
        return imp
    if not en_tache:
        imp.statut = StatutImport.EN_COURS
        imp.demarre_le = imp.battement_le = timezone.now()
        imp.progression = 0
        imp.save(update_fields=["statut", "demarre_le", "battement_le", "progression"])
    etat = {"pourcent": 0}

    def signaler(pourcent: int) -> None:
        etat["pourcent"] = pourcent
        _signaler(imp, pourcent)

    signaler(0)
    # Inside a transaction (a test, an eager job in a request) another connection could not even see the
    # row: no heartbeat there, and none is needed since nobody can take the import over meanwhile.
    battre = en_tache and not transaction.get_connection().in_atomic_block
    vivant = battement(lambda: _battre(imp, etat["pourcent"])) if battre else contextlib.nullcontext()
    try:
        with vivant:
            _executer(imp, signaler)
    except PrisePerdue:
        logger.warning("Import des effectifs %s : repris par un autre worker, ce travail est annulé", imp.pk)
    except (OperationalError, InterfaceError):
        if en_tache:
            _liberer(imp)
        raise  # the database is unreachable: the job retries (nothing was written)
    return imp


def _executer(imp: ImportEffectifs, signaler) -> None:
    total = max(imp.nb_lignes, 1)

    def suivi(bruts):
        for n, brut in enumerate(bruts, start=1):
            if n % 500 == 0:
                signaler(min(40, 40 * n // total))
            yield brut

    def ecrits(faits, sur):
        signaler(40 + 60 * faits // max(sur, 1))

    try:
        selection = set(imp.choix)
        choisies = selection if imp.format == FormatImport.SIECLE else None
        lignes = lignes_verifiees(imp, choisies)
        if lignes is None:
            resultat_analyse = _analyser(imp, choisies, suivi)
            if resultat_analyse.erreurs:
                raise ValidationError(
                    [f"{e['ref']} : {e['message']}" for e in resultat_analyse.erreurs[:ERREURS_LISTEES_MAX]]
                )
            lignes = resultat_analyse.lignes
        elif en_erreur := erreurs_retenues(imp, selection):
            # Refused at the confirmation already: the rows kept are the valid ones, never imported alone.
            raise ValidationError(
                f"{en_erreur} ligne(s) en erreur dans les classes choisies : corrigez le fichier puis "
                "déposez-le à nouveau. Rien n'a été enregistré."
            )
        rattacher(lignes, imp.choix)
        signaler(40)
        if len(lignes) > LIGNES_MAX:
            raise ValidationError(f"Plus de {valeurs.nombre(LIGNES_MAX)} élèves : import refusé.")
        nouvelles = {cle: c for cle, c in imp.choix.items() if c.get("diplome")}
        with transaction.atomic():
            resultat = ecriture.appliquer(imp.lycee, imp.annee, lignes, nouvelles, ecrits)
            # In the same transaction as the rows: they commit together, or neither (PrisePerdue).
            _terminer(imp, StatutImport.TERMINE, resultat=resultat)
    except (OperationalError, InterfaceError, PrisePerdue):
        raise
    except ValidationError as e:
        _terminer(imp, StatutImport.ECHEC, erreurs=e.messages)
        return
    except DatabaseError:
        logger.exception("Import des effectifs %s : erreur de base de données", imp.pk)
        _terminer(
            imp,
            StatutImport.ECHEC,
            erreurs=[
                "L'enregistrement a échoué (les élèves ont peut-être été modifiés pendant l'import) : "
                "rien n'a été enregistré. Relancez l'import."
            ],
        )


def _terminer(imp: ImportEffectifs, statut: str, erreurs: list[str] | None = None, resultat=None) -> None:
    """Finish the import if this run still holds its claim (same attempt, not finished), else raise
    ``PrisePerdue``: a worker thought dead that wakes up never finishes an import a second time."""
    imp.statut = statut
    imp.termine_le = timezone.now()
    champs = ["statut", "termine_le"]
    if statut == StatutImport.TERMINE:
        imp.progression = 100
        imp.resultat = resultat or {}
        champs += ["progression", "resultat"]
    if erreurs is not None:
        imp.erreurs = [{"ligne": None, "ref": "", "message": m} for m in erreurs]
        imp.nb_erreurs = len(erreurs)
        champs += ["erreurs", "nb_erreurs"]
    fini = (
        _imports("fin d'un import")
        .filter(pk=imp.pk, tentatives=imp.tentatives)
        .exclude(statut__in=StatutImport.finis())
        .update(**{champ: getattr(imp, champ) for champ in champs})
    )
    if not fini:
        raise PrisePerdue(imp.pk)
    _supprimer_fichier(imp)
    _oublier_progression(imp)


def _supprimer_fichier(imp: ImportEffectifs) -> None:
    """The file holds personal data: it goes as soon as the import ends."""
    _fichiers().filter(import_effectifs=imp).delete()


@transaction.atomic
def annuler_import(user, imp: ImportEffectifs) -> ImportEffectifs:
    _verifier(user, imp, StatutImport.A_ASSOCIER, StatutImport.A_VALIDER)
    imp.statut = StatutImport.ANNULE
    imp.termine_le = timezone.now()
    _supprimer_fichier(imp)
    imp.save()
    return imp


def purger_imports(heures: int = 24, jours_erreurs: int = 30) -> int:
    """Abandoned imports (not confirmed within ``heures``) are cancelled and their files deleted; the error
    lists (which name students) of imports older than ``jours_erreurs`` are emptied."""
    maintenant = timezone.now()
    qs = ImportEffectifs.objects.unscoped("purge des imports abandonnés")
    abandonnes = qs.filter(
        statut__in=StatutImport.en_preparation(), cree_le__lt=maintenant - datetime.timedelta(hours=heures)
    )
    n = 0
    for imp in abandonnes:
        imp.statut = StatutImport.ANNULE
        imp.termine_le = maintenant
        _supprimer_fichier(imp)
        imp.save()
        n += 1
    _fichiers().filter(import_effectifs__statut__in=StatutImport.finis()).delete()
    qs.filter(cree_le__lt=maintenant - datetime.timedelta(days=jours_erreurs)).exclude(erreurs=[]).update(
        erreurs=[]
    )
    return n


def peut_importer(user) -> bool:
    try:
        lycee_gere(user)
    except PermissionDenied:
        return False
    return True
