"""The demo séances, attendance, events and answers: present, consistent, idempotent."""

from django.core.management import call_command
from django.utils import timezone

from ateliers import demo as demo_ateliers
from ateliers.enums import StatutSeance
from ateliers.models import Evenement, Presence, ReponseEquipe, ReponseSeance, Seance
from avenirpro.demo import Demo
from avenirpro.models import AnneeScolaire
from lycees.models import Affectation


def compter():
    return (
        Seance.objects.unscoped("test").count(),
        Presence.objects.unscoped("test").count(),
        Evenement.objects.unscoped("test").count(),
        ReponseSeance.objects.count(),
        ReponseEquipe.objects.count(),
    )


def test_la_demo_des_ateliers(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    avant = compter()
    seances = Seance.objects.unscoped("test")
    # Séances before today are held, the others planned, whatever the day the demo is loaded.
    aujourd_hui = timezone.localdate()
    assert seances.exists()
    assert not seances.filter(date__lt=aujourd_hui).exclude(statut=StatutSeance.REALISEE).exists()
    assert not seances.filter(date__gte=aujourd_hui).exclude(statut=StatutSeance.PREVUE).exists()
    assert avant[2] >= 4 and avant[4]
    if seances.filter(statut=StatutSeance.REALISEE).exists():  # from November on
        assert avant[1] and avant[3]
        presents = Presence.objects.unscoped("test").filter(present=True).count()
        assert 0.75 < presents / avant[1] < 0.95
    # Each séance is run by the counsellor named on its lycée's assignment.
    for seance in seances.select_related("lycee")[:20]:
        affectation = Affectation.objects.get(lycee=seance.lycee, annee=seance.annee)
        assert set(seance.conseillers.all()) <= set(affectation.conseillers.all())
    assert Evenement.objects.unscoped("test").filter(type="job_dating", nombre_employeurs=12).exists()
    call_command("seed_demo")
    assert compter() == avant


def test_sans_classes_la_demo_des_ateliers_ne_fait_rien(db):
    demo = Demo(annee=AnneeScolaire.objects.courante())
    demo_ateliers.seed(demo)
    assert compter() == (0, 0, 0, 0, 0)
