"""The heartbeat helper: it beats while the block runs, survives a failed beat, and stops with the block."""

import threading
import time

from django.db import OperationalError

from avenirpro.jobs import battement


def test_le_battement_bat_pendant_le_bloc_et_s_arrete_apres():
    battements = []

    def battre():
        battements.append(threading.current_thread().name)
        if len(battements) == 2:
            raise OperationalError("connexion perdue")  # one missed beat, the next ones still come

    with battement(battre, intervalle=0.05):
        time.sleep(0.5)
    n = len(battements)
    assert n >= 4, "it beats every interval, also after a failed beat"
    assert set(battements) == {"battement"}, "from its own thread (its own database connection)"
    time.sleep(0.2)
    assert len(battements) == n, "no beat after the block"
    assert not any(t.name == "battement" for t in threading.enumerate())
