"""The families' notice (convention, art. 5): the lycée's (one page, no names) and a class's (one named
copy per student, then the list to tick).

A class's notice of one page at most is rendered in the request; longer ones (3.8 to 9 s for a class of
26 when the field trial timed it) are rendered by a Celery job (``rendre_notice``), by batches of copies
whose pages are joined at the end, the progress saved after each batch; the page polls it and offers the
file when ready. The row is the source of truth (``avenirpro.jobs``): a lost message is sent again by the
imports' relance, a job whose worker died is taken over. The PDF names students: it is deleted a day after
it was asked for (``purger_notices``).
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.jobs import duree, envoyer_apres_commit
from avenirpro.pdf import render_document
from lycees.enums import StatutNotice
from lycees.models import Affectation, Division, Eleve, NoticeFamilles
from lycees.recherche import ORDRE_ELEVES

logger = logging.getLogger(__name__)

DUREE_CONSERVATION_ANNEES = 3
# A class's notice of this many copies (pages) at most is rendered in the request.
EXEMPLAIRES_SYNCHRONES = 1
# Copies rendered together by the job between two progress updates.
LOT = 5
GABARIT = "lycees/notice_familles.html"
RAISON = "notice aux familles préparée en tâche (droits vérifiés à la demande)"


def contexte_notice(lycee, annee) -> dict:
    affectation = Affectation.objects.filter(lycee=lycee, annee=annee).select_related("operateur").first()
    return {
        "lycee": lycee,
        "annee": annee,
        "operateur": affectation.operateur if affectation else None,
        "duree_conservation": DUREE_CONSERVATION_ANNEES,
        "edite_le": timezone.localdate(),
    }


def en_tache(nombre_eleves: int) -> bool:
    """Whether a class's notice is rendered as a job: more than one page."""
    return nombre_eleves > EXEMPLAIRES_SYNCHRONES


@transaction.atomic
def demander_notice(user, division: Division) -> NoticeFamilles:
    """Ask for a class's notice to be rendered by a job (the caller reached the class through
    ``get_division_for_user``); the job is sent after the commit."""
    p = en_perimetre(user)
    if p.user is None or not Division.objects.visible_to(p).filter(pk=division.pk).exists():
        raise PermissionDenied("Vous n'avez pas accès à cette classe.")
    exemplaires = Eleve.objects.visible_to(p).filter(division=division).count()
    notice = NoticeFamilles.objects.create(
        lycee_id=division.lycee_id,
        annee_id=division.annee_id,
        division=division,
        auteur=p.user,
        exemplaires=exemplaires,
        battement_le=timezone.now(),  # sent now: the relance waits JOBS_ATTENTE_MAX_SECONDES from here
    )
    from lycees.tasks import rendre_notice_familles

    envoyer_apres_commit(rendre_notice_familles, notice.pk)
    return notice


def _notices(raison: str = RAISON):
    return NoticeFamilles.objects.unscoped(raison)


def _morte(maintenant) -> Q:
    return Q(
        statut=StatutNotice.EN_COURS, battement_le__lt=maintenant - duree("JOBS_BATTEMENT_PERIME_SECONDES")
    )


def prendre_notice(pk: int) -> NoticeFamilles | None:
    """Claim a waiting notice (or one whose worker died) for this worker: one atomic UPDATE decides, so a
    message delivered twice renders once."""
    maintenant = timezone.now()
    pris = (
        _notices()
        .filter(pk=pk)
        .filter(Q(statut=StatutNotice.EN_ATTENTE) | _morte(maintenant))
        .update(statut=StatutNotice.EN_COURS, battement_le=maintenant, progression=0)
    )
    if not pris:
        return None
    return _notices().select_related("division", "lycee", "annee").get(pk=pk)


def rendre_notice(notice: NoticeFamilles) -> NoticeFamilles:
    """Render the copies by batches, then the list to tick, and join the pages into one PDF."""
    division = notice.division
    eleves = list(Eleve.objects.unscoped(RAISON).filter(division=division).order_by(*ORDRE_ELEVES))
    contexte = {**contexte_notice(notice.lycee, notice.annee), "division": division}
    lots = [eleves[i : i + LOT] for i in range(0, len(eleves), LOT)] or [[None]]
    documents = []
    try:
        for n, lot in enumerate(lots, start=1):
            documents.append(render_document(GABARIT, {**contexte, "exemplaires": lot, "eleves": []}))
            _avancer(notice, 95 * n // (len(lots) + 1))
        documents.append(render_document(GABARIT, {**contexte, "exemplaires": [], "eleves": eleves}))
        pages = [page for document in documents for page in document.pages]
        contenu = documents[0].copy(pages).write_pdf()
    except Exception as e:  # a rendering error is shown to the user, never retried forever
        logger.exception("Notice aux familles %s : échec du rendu", notice.pk)
        _finir(notice, StatutNotice.ECHEC, erreur=f"La notice n'a pas pu être préparée ({type(e).__name__}).")
        return notice
    _finir(notice, StatutNotice.PRETE, contenu=contenu)
    return notice


def _avancer(notice: NoticeFamilles, pourcent: int) -> None:
    notice.progression = pourcent
    _notices().filter(pk=notice.pk, statut=StatutNotice.EN_COURS).update(
        progression=pourcent, battement_le=timezone.now()
    )


def _finir(notice: NoticeFamilles, statut: str, contenu: bytes | None = None, erreur: str = "") -> None:
    notice.statut, notice.contenu, notice.erreur = statut, contenu, erreur
    notice.progression = 100 if statut == StatutNotice.PRETE else notice.progression
    notice.termine_le = timezone.now()
    _notices().filter(pk=notice.pk).update(
        statut=statut,
        contenu=contenu,
        erreur=erreur,
        progression=notice.progression,
        termine_le=notice.termine_le,
    )


def notices_a_relancer() -> list[int]:
    """Notices whose message was lost (still waiting) or whose worker stopped beating."""
    maintenant = timezone.now()
    attente = Q(
        statut=StatutNotice.EN_ATTENTE, battement_le__lt=maintenant - duree("JOBS_ATTENTE_MAX_SECONDES")
    )
    pks = list(
        _notices("relance des notices").filter(attente | _morte(maintenant)).values_list("pk", flat=True)
    )
    _notices("relance des notices").filter(pk__in=pks, statut=StatutNotice.EN_ATTENTE).update(
        battement_le=maintenant
    )
    return pks


def purger_notices(heures: int = 24) -> int:
    """The PDFs name students: a notice goes a day after it was asked for."""
    limite = timezone.now() - datetime.timedelta(hours=heures)
    supprimees, _ = _notices("purge des notices préparées").filter(cree_le__lt=limite).delete()
    return supprimees
