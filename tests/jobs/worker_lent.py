"""A Celery worker (or beat) for the fault tests, whose roster writes can be slowed down so that a test
kills it in the middle of an import: ``python -m tests.jobs.worker_lent worker --pool=solo …``.

The pause (``AVENIRPRO_TEST_PAUSE_LOT`` seconds before each batch of 500 rows) exists only here: the
application's code has no test hook.
"""

import os
import sys
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avenirpro.settings")
    django.setup()
    pause = float(os.environ.get("AVENIRPRO_TEST_PAUSE_LOT") or 0)
    if pause:
        from lycees.imports import ecriture

        inserer = ecriture.inserer

        def inserer_lentement(*args, **kwargs):
            time.sleep(pause)
            return inserer(*args, **kwargs)

        ecriture.inserer = inserer_lentement
    from avenirpro.celery import app

    app.start(argv=sys.argv[1:])


if __name__ == "__main__":
    main()
