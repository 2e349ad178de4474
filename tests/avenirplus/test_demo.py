"""The demo shows each AvenirPro+ feature (seed_demo), on the clock of these tests (1 October 2026)."""

import datetime

from django.core.management import call_command

from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    Invitation,
    MembreCohorte,
    Sortie,
)
from avenirpro.models import User


def test_la_demo_montre_la_phase_2(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    assert MembreCohorte.objects.unscoped("test").filter(annee__annee_debut=2025).count() >= 12
    assert Contact.objects.unscoped("test").exists()
    assert Invitation.objects.unscoped("test").filter(present=True).exists()
    assert Invitation.objects.unscoped("test").filter(present=False).exists()
    assert Sortie.objects.unscoped("test").filter(issue="apprentissage").count() == 2
    assert EntretienConjoint.objects.unscoped("test").count() == 6
    assert Action.objects.unscoped("test").count() >= 6
    bientot = datetime.date(2026, 10, 1) + datetime.timedelta(days=15)
    assert Inscription.objects.unscoped("test").filter(fin__lte=bientot, sortie__isnull=True).count() == 2
    for region in ("idf", "hdf"):
        referent = User.objects.get(email=f"referent.{region}@demo.avenirpro.fr")
        conseiller = User.objects.get(email=f"conseiller.ml.{region}@demo.avenirpro.fr")
        assert Inscription.objects.visible_to(referent).count() == 3
        assert Inscription.objects.visible_to(conseiller).count() == 3
    assert (
        MembreCohorte.objects.unscoped("test").filter(refus_le__isnull=False, offre_orientee="cej").count()
        == 2
    )
