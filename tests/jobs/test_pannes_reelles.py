"""Real faults, real processes: the test's own Redis server is killed and restarted, a Celery worker is
killed with ``kill -9`` in the middle of an import; the imports still complete, each exactly once.

The delays are shortened (tests/jobs/banc.py, DELAIS_TEST); with the production values the same recovery
takes up to JOBS_BATTEMENT_PERIME_SECONDES + JOBS_RELANCE_SECONDES (about 2 minutes).
"""

import time

import pytest
from django.db.models import Count
from kombu import pools

from avenirpro.celery import app as celery_app
from avenirpro.enums import Role
from lycees.enums import StatutImport
from lycees.models import Eleve, ImportEffectifs
from lycees.services import imports
from tests import factories as f
from tests.conftest import membre
from tests.jobs.banc import Banc, attendre
from tests.lycees import factories as lf

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

RAISON = "vérification d'un test de panne"


@pytest.fixture
def annee_2026(transactional_db):
    return lf.annee(2026)


def _producteurs_neufs():
    """The test process sends on this test's broker, and the next test on its own: Celery keeps its
    connection pools (and the broker address they were made for) until told otherwise."""
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def banc(transactional_db, tmp_path):
    banc = Banc(tmp_path)
    banc.demarrer_redis()
    avant = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.update(task_always_eager=False, broker_url=banc.url)
    _producteurs_neufs()
    try:
        yield banc
    finally:
        celery_app.conf.update(task_always_eager=avant[0], broker_url=avant[1])
        _producteurs_neufs()
        banc.tout_arreter()
        for nom in ("worker", "worker-1", "worker-2", "beat"):
            journal = banc.journal(nom)
            if journal:
                print(f"----- {nom}\n{journal[-6000:]}")


def _chef(academie_code="01"):
    lycee = f.LyceeFactory(academie=f.academie(academie_code))
    return lycee, membre(Role.CHEF_ETABLISSEMENT, lycee.organisation)


def _pret(chef, annee, n, graine=1):
    lignes = lf.lignes_eleves(n, annee_debut=annee.annee_debut, graine=graine)
    imp = imports.deposer_fichier(chef, lf.upload("e.csv", lf.csv_eleves(lignes)), annee)
    return imports.associer_colonnes(chef, imp, imp.correspondance)


def _etat(imp) -> ImportEffectifs:
    return ImportEffectifs.objects.unscoped(RAISON).get(pk=imp.pk)


def _eleves(lycee):
    return Eleve.objects.unscoped(RAISON).filter(lycee=lycee)


def _sans_doublon(lycee) -> bool:
    return not (
        _eleves(lycee)
        .values("nom", "prenom", "date_naissance")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )


def _termine(imp):
    etat = _etat(imp)
    assert etat.statut != StatutImport.ECHEC, etat.erreurs
    return etat.statut == StatutImport.TERMINE


def test_redis_arrete_puis_redemarre_les_imports_aboutissent(banc, annee_2026):
    """One import running, one queued behind it, Redis killed (the queued message is lost with it), one
    confirmed while Redis is down, Redis restarted: all three complete, the worker never restarted."""
    (lycee_1, chef_1), (lycee_2, chef_2), (lycee_3, chef_3) = _chef(), _chef(), _chef("09")
    en_cours, en_file, pendant = (
        _pret(chef_1, annee_2026, 3000),
        _pret(chef_2, annee_2026, 1000, graine=2),
        _pret(chef_3, annee_2026, 1000, graine=3),
    )
    banc.demarrer_worker("worker", pause_lot=1.0)
    banc.demarrer_beat()
    banc.pid("worker")

    imports.confirmer_import(chef_1, en_cours, {})
    attendre(lambda: _etat(en_cours).statut == StatutImport.EN_COURS, 30, "le worker n'a pas pris l'import")
    imports.confirmer_import(chef_2, en_file, {})
    assert _etat(en_file).statut == StatutImport.EN_ATTENTE, "queued behind the running one"

    banc.arreter_redis()
    debut = time.monotonic()
    imports.confirmer_import(chef_3, pendant, {})
    duree_confirmation = time.monotonic() - debut
    assert duree_confirmation < 5, f"the confirmation waited {duree_confirmation:.1f} s for a dead broker"
    assert _etat(pendant).statut == StatutImport.EN_ATTENTE, "kept in the database, to be sent later"
    time.sleep(2)  # the worker and the beat notice the outage
    banc.demarrer_redis()
    redemarre = time.monotonic()

    for imp in (en_cours, en_file, pendant):
        attendre(lambda imp=imp: _termine(imp), 60, f"import {imp.pk} pas abouti après le retour de Redis")
    print(
        f"confirmation sans Redis : {duree_confirmation:.1f} s ; les trois imports terminés "
        f"{time.monotonic() - redemarre:.1f} s après le redémarrage de Redis"
    )
    assert banc.celery["worker"][0].poll() is None, "the worker waited for Redis instead of exiting"
    for lycee, imp, n in ((lycee_1, en_cours, 3000), (lycee_2, en_file, 1000), (lycee_3, pendant, 1000)):
        etat = _etat(imp)
        assert etat.resultat["crees"] == n and etat.progression == 100
        assert _eleves(lycee).count() == n and _sans_doublon(lycee)
        assert not imports.fichier_present(etat)


def test_worker_tue_au_milieu_d_un_import_repris_une_seule_fois(banc, annee_2026):
    """``kill -9`` of the worker while it writes 3,000 students: nothing committed, the import stays « en
    cours » until its heartbeat goes stale, then the relance sends it to the new worker, which completes
    it once (no duplicate student, one result)."""
    lycee, chef = _chef()
    imp = _pret(chef, annee_2026, 3000)
    banc.demarrer_worker("worker-1", pause_lot=1.0)
    banc.demarrer_beat()
    banc.pid("worker-1")

    imports.confirmer_import(chef, imp, {})
    # In the middle of the writing: the heartbeat (every second here) has written some progress.
    attendre(lambda: _etat(imp).progression >= 50, 40, "l'import n'a pas commencé à écrire")
    banc.tuer("worker-1")
    tue = time.monotonic()
    etat = _etat(imp)
    assert etat.statut == StatutImport.EN_COURS and etat.tentatives == 1
    assert _eleves(lycee).count() == 0, "the killed transaction committed nothing"

    banc.demarrer_worker("worker-2", pause_lot=0.2)
    redemarre = time.monotonic()
    attendre(lambda: _termine(imp), 75, "l'import n'a pas été repris par le nouveau worker")
    print(
        f"import repris et terminé {time.monotonic() - redemarre:.1f} s après le démarrage du nouveau worker "
        f"({time.monotonic() - tue:.1f} s après le kill -9)"
    )
    etat = _etat(imp)
    assert etat.tentatives == 2, "taken over exactly once"
    assert etat.resultat["crees"] == 3000
    assert _eleves(lycee).count() == 3000 and _sans_doublon(lycee)
    time.sleep(3)  # further relances and redeliveries change nothing
    assert _etat(imp).tentatives == 2 and _eleves(lycee).count() == 3000


def test_processus_du_pool_tue_l_import_est_repris_une_seule_fois(banc, annee_2026):
    """The production set-up (prefork): ``kill -9`` of the pool process that runs the import. The worker
    gives the message back (reject_on_worker_lost), its redelivery finds the import still beating-fresh
    and does nothing; once the heartbeat is stale the relance sends it again and it completes once."""
    lycee, chef = _chef()
    imp = _pret(chef, annee_2026, 3000)
    banc.demarrer_worker("worker", pause_lot=1.0, pool="prefork")
    banc.demarrer_beat()
    banc.pid("worker")

    imports.confirmer_import(chef, imp, {})
    attendre(lambda: _etat(imp).progression >= 50, 40, "l'import n'a pas commencé à écrire")
    banc.tuer_enfant("worker")
    tue = time.monotonic()
    attendre(lambda: _termine(imp), 75, "l'import n'a pas été repris après la perte du processus")
    print(f"import repris et terminé {time.monotonic() - tue:.1f} s après le kill -9 du processus du pool")
    etat = _etat(imp)
    assert etat.tentatives == 2 and etat.resultat["crees"] == 3000
    assert _eleves(lycee).count() == 3000 and _sans_doublon(lycee)
    assert "WorkerLostError" in banc.journal("worker") or "signal 9" in banc.journal("worker")
