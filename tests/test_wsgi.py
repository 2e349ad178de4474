"""The WSGI entry point: the objects loaded at start-up are frozen out of the cyclic GC (docs/scaling.md)."""

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
GELER = (
    "import gc; avant = gc.get_freeze_count(); import avenirpro.wsgi; print(gc.get_freeze_count() - avant)"
)


def test_l_application_wsgi_gele_les_objets_du_demarrage():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "avenirpro.settings_test", "PYTHONPATH": str(RACINE)}

    commande = [sys.executable, "-c", GELER]
    sortie = subprocess.run(commande, cwd=RACINE, env=env, capture_output=True, text=True)  # noqa: S603

    assert sortie.returncode == 0, sortie.stderr
    assert int(sortie.stdout) > 50_000, "Django, the apps and their modules: tens of thousands of objects"
