"""Redis down when a head confirms an import: the request succeeds, nothing is lost, the relance sends it."""

import datetime

from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from lycees.enums import StatutImport
from lycees.models import ImportEffectifs
from lycees.services import imports
from lycees.tasks import importer_effectifs, relancer_imports
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import RAISON, eleves_de


def _confirme(monde, annee, n=1000):
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lf.lignes_eleves(n))), annee)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    return imp


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
    ImportEffectifs.objects.unscoped(RAISON).filter(pk=imp.pk).update(
        cree_le=timezone.now() - datetime.timedelta(minutes=6)
    )
    assert relancer_imports() == 1
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE, imp.erreurs
    assert eleves_de(monde.lycee_a, annee_2026).count() == 1000


def test_un_import_pris_par_un_worker_n_est_pas_repris_par_un_autre(monde, annee_2026):
    imp = imports.confirmer_import(monde.chef_a, _confirme(monde, annee_2026), {})
    assert imp.statut == StatutImport.EN_ATTENTE
    assert imports.prendre_import(imp.pk) is not None
    assert importer_effectifs(imp.pk) == "ignoré", "a duplicate message while the first worker runs"
    assert eleves_de(monde.lycee_a, annee_2026).count() == 0


def test_un_import_dont_le_worker_est_mort_est_repris(monde, annee_2026):
    imp = imports.confirmer_import(monde.chef_a, _confirme(monde, annee_2026), {})
    ImportEffectifs.objects.unscoped(RAISON).filter(pk=imp.pk).update(
        statut=StatutImport.EN_COURS, demarre_le=timezone.now() - datetime.timedelta(hours=1)
    )
    assert relancer_imports() == 1
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE
