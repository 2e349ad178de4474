"""Redis down, a message lost, a worker killed: the import row is the source of truth, the relance re-sends
what waits or stopped beating, and the claim makes every duplicate a no-op.

These run in-process (eager Celery); tests/jobs/test_pannes_reelles.py does the same with a real Redis
server and a real worker that it stops and kills.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import ConnectionError as RedisConnectionError

from lycees.enums import StatutImport
from lycees.imports import ecriture
from lycees.models import ImportEffectifs
from lycees.services import imports
from lycees.tasks import importer_effectifs, relancer_imports
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import RAISON, eleves_de


def _confirme(monde, annee, n=1000):
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lf.lignes_eleves(n))), annee)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    return imp


def _en_attente(monde, annee):
    imp = imports.confirmer_import(monde.chef_a, _confirme(monde, annee), {})
    assert imp.statut == StatutImport.EN_ATTENTE
    return imp


def _vieillir(imp, **champs_en_secondes):
    """Move the row's timestamps back in time (the clock of the relance)."""
    ImportEffectifs.objects.unscoped(RAISON).filter(pk=imp.pk).update(
        **{c: timezone.now() - datetime.timedelta(seconds=s) for c, s in champs_en_secondes.items()}
    )


def test_broker_injoignable_l_import_reste_en_attente_puis_est_relance(
    monde, annee_2026, monkeypatch, django_capture_on_commit_callbacks
):
    imp = _confirme(monde, annee_2026)

    def panne(*args, **kwargs):
        raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(importer_effectifs, "apply_async", panne)
    with django_capture_on_commit_callbacks(execute=True):
        imp = imports.confirmer_import(monde.chef_a, imp, {})
    imp.refresh_from_db()
    assert imp.statut == StatutImport.EN_ATTENTE, "the confirmation is kept although the job was not sent"
    assert imports.fichier_present(imp)
    monkeypatch.undo()

    assert relancer_imports() == 0, "too early: the message may still be on its way"
    _vieillir(imp, battement_le=90)
    assert relancer_imports() == 0, "less than 2 minutes: still too early"
    _vieillir(imp, battement_le=121)
    assert relancer_imports() == 1
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE, imp.erreurs
    assert eleves_de(monde.lycee_a, annee_2026).count() == 1000


def test_une_erreur_redis_brute_a_l_envoi_n_echoue_pas_la_confirmation(
    monde, annee_2026, monkeypatch, django_capture_on_commit_callbacks
):
    imp = _confirme(monde, annee_2026)
    monkeypatch.setattr(
        importer_effectifs, "apply_async", lambda *a, **k: (_ for _ in ()).throw(RedisConnectionError("111"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        imp = imports.confirmer_import(monde.chef_a, imp, {})
    imp.refresh_from_db()
    assert imp.statut == StatutImport.EN_ATTENTE


def test_un_import_pris_par_un_worker_vivant_n_est_pas_repris(monde, annee_2026):
    imp = _en_attente(monde, annee_2026)
    pris = imports.prendre_import(imp.pk)
    assert pris is not None and pris.tentatives == 1
    assert imports.prendre_import(imp.pk) is None, "a redelivered message while the first worker runs"
    assert importer_effectifs(imp.pk) == "ignoré"
    _vieillir(imp, battement_le=30)
    assert relancer_imports() == 0, "a heartbeat 30 s old: the worker is alive"
    assert eleves_de(monde.lycee_a, annee_2026).count() == 0


def test_un_import_dont_le_battement_s_est_arrete_est_repris_une_fois(monde, annee_2026):
    imp = _en_attente(monde, annee_2026)
    assert imports.prendre_import(imp.pk) is not None
    _vieillir(imp, battement_le=61)
    assert relancer_imports() == 1, "the heartbeat stopped a minute ago: the worker is dead"
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE and imp.tentatives == 2
    assert eleves_de(monde.lycee_a, annee_2026).count() == 1000
    assert importer_effectifs(imp.pk) == "ignoré", "a late redelivery of a finished import is a no-op"
    assert eleves_de(monde.lycee_a, annee_2026).count() == 1000


def test_deux_messages_pour_un_import_mort_un_seul_le_reprend(monde, annee_2026):
    imp = _en_attente(monde, annee_2026)
    imports.prendre_import(imp.pk)
    _vieillir(imp, battement_le=120)
    premier, second = imports.prendre_import(imp.pk), imports.prendre_import(imp.pk)
    assert premier is not None and second is None


def test_un_worker_qui_a_perdu_sa_prise_n_ecrit_rien(monde, annee_2026):
    """A worker thought dead (its heartbeat stalled) goes on after another took the import over: its rows
    roll back with its fenced finishing update, the new owner's run is the only one."""
    imp = _en_attente(monde, annee_2026)
    ancien = imports.prendre_import(imp.pk)
    _vieillir(imp, battement_le=120)
    nouveau = imports.prendre_import(imp.pk)
    assert nouveau.tentatives == 2

    imports.executer_import(ancien, en_tache=True)
    assert eleves_de(monde.lycee_a, annee_2026).count() == 0, "the stale worker's rows are rolled back"
    imp.refresh_from_db()
    assert imp.statut == StatutImport.EN_COURS and imp.tentatives == 2
    assert imports.fichier_present(imp)

    assert imports.executer_import(nouveau, en_tache=True).statut == StatutImport.TERMINE
    assert eleves_de(monde.lycee_a, annee_2026).count() == 1000


def test_un_import_qui_tue_tous_ses_workers_finit_en_echec(monde, annee_2026):
    imp = _en_attente(monde, annee_2026)
    ImportEffectifs.objects.unscoped(RAISON).filter(pk=imp.pk).update(tentatives=imports.TENTATIVES_MAX - 1)
    imports.prendre_import(imp.pk)
    _vieillir(imp, battement_le=120)
    assert relancer_imports() == 1
    imp.refresh_from_db()
    assert imp.statut == StatutImport.ECHEC
    assert f"interrompu {imports.TENTATIVES_MAX} fois" in imp.erreurs[0]["message"]
    assert not imports.fichier_present(imp)


def test_une_base_injoignable_rend_l_import_et_la_tache_reessaie(monde, annee_2026, monkeypatch):
    imp = _en_attente(monde, annee_2026)

    def coupure(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ecriture, "appliquer", coupure)
    with pytest.raises(OperationalError):
        importer_effectifs.run(imp.pk)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.EN_ATTENTE, "given back: the retry claims it without waiting"
    monkeypatch.undo()
    assert importer_effectifs(imp.pk) == StatutImport.TERMINE


def test_les_erreurs_du_broker_sont_reessayees_par_les_taches():
    for tache in (importer_effectifs, relancer_imports):
        assert {BrokerUnavailable, RedisConnectionError} <= set(tache.autoretry_for)
        assert tache.retry_backoff
    assert importer_effectifs.acks_late and importer_effectifs.reject_on_worker_lost


def test_sans_cache_la_progression_vient_de_la_base(monde, annee_2026, monkeypatch):
    imp = _en_attente(monde, annee_2026)
    imports.prendre_import(imp.pk)
    ImportEffectifs.objects.unscoped(RAISON).filter(pk=imp.pk).update(progression=42)
    imp.refresh_from_db()

    def redis_arrete(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for methode in ("get", "set", "delete"):
        monkeypatch.setattr(cache, methode, redis_arrete)
    assert imports.progression(imp) == 42
    imp = imports.executer_import(imp, en_tache=True)
    assert imp.statut == StatutImport.TERMINE, "the import does not need the cache"
    assert eleves_de(monde.lycee_a, annee_2026).count() == 1000


def test_sans_cache_la_page_et_le_fragment_de_progression_repondent(client, monde, annee_2026, monkeypatch):
    from django.urls import reverse

    imp = _en_attente(monde, annee_2026)
    imports.prendre_import(imp.pk)
    ImportEffectifs.objects.unscoped(RAISON).filter(pk=imp.pk).update(progression=42)
    client.force_login(monde.chef_a)

    def redis_arrete(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "get", redis_arrete)
    page = client.get(reverse("lycees:import_detail", args=[imp.uuid]))
    fragment = client.get(reverse("lycees:import_progression", args=[imp.uuid]), HTTP_HX_REQUEST="true")
    assert page.status_code == fragment.status_code == 200
    assert 'value="42"' in fragment.content.decode()
