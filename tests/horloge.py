"""A process the tests start (a real Celery worker) on the tests' clock.

``AVENIRPRO_DATE=2027-04-02 make test`` moves the suite's clock (``tests/conftest.py``), not a worker's:
a session the test made expired « yesterday » was still valid for a worker on the machine's clock, and
was never purged. ``module_a_l_heure_des_tests(module, *arguments)`` gives the command that runs
``python -m module …`` at the tests' present instant, ticking from there; without ``AVENIRPRO_DATE``, the
plain ``python -m``.
"""

import datetime
import os
import sys

_LANCEUR = (
    "import datetime, runpy, sys, time_machine; "
    "instant = datetime.datetime.fromisoformat(sys.argv.pop(1)); "
    "module = sys.argv.pop(1); "
    "time_machine.travel(instant, tick=True).start(); "
    "sys.argv[0] = module; "
    "runpy.run_module(module, run_name='__main__', alter_sys=True)"
)


def module_a_l_heure_des_tests(module: str, *arguments: str) -> list[str]:
    if not os.environ.get("AVENIRPRO_DATE"):
        return [sys.executable, "-m", module, *arguments]
    maintenant = datetime.datetime.now(datetime.UTC).isoformat()
    return [sys.executable, "-c", _LANCEUR, maintenant, module, *arguments]
