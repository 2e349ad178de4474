"""A test bench of real processes that each fault test starts, breaks and stops itself: its own Redis server
on a free port (never the shared one), Celery workers and a beat on that Redis, against the test database.

Every wait is bounded; every process is stopped by its own pid (from its pidfile for Celery), even when
the test fails.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.horloge import module_a_l_heure_des_tests
from tests.services import _absent, require_postgres

# Short delays for the tests: the production values (60 s of silence, 120 s of waiting, a relance every
# minute) would make each test last minutes; the mechanism is the same.
DELAIS_TEST = {
    "JOBS_BATTEMENT_SECONDES": "1",
    "JOBS_BATTEMENT_PERIME_SECONDES": "6",
    "JOBS_ATTENTE_MAX_SECONDES": "4",
    "JOBS_RELANCE_SECONDES": "2",
}


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def attendre(condition, delai: float, message: str, pas: float = 0.2):
    limite = time.monotonic() + delai
    while True:
        resultat = condition()
        if resultat:
            return resultat
        if time.monotonic() > limite:
            raise AssertionError(f"{message} (en {delai:.0f} s)")
        time.sleep(pas)


class Banc:
    def __init__(self, dossier: Path):
        require_postgres()
        self.redis_server = shutil.which("redis-server")
        if not self.redis_server:
            _absent("redis-server absent : apt-get install redis-server")
        self.dossier = dossier
        self.port = port_libre()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.redis: subprocess.Popen | None = None
        self.celery: dict[str, tuple[subprocess.Popen, Path]] = {}
        db = connection.settings_dict
        self.env = {
            **os.environ,
            **DELAIS_TEST,
            "DJANGO_SETTINGS_MODULE": "avenirpro.settings",
            "AVENIRPRO_IGNORE_DOTENV": "1",
            "SECRET_KEY": "worker-test-secret",
            "REDIS_URL": self.url,
            "DATABASE_URL": "postgres://{}@{}:{}/{}".format(
                db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]
            ),
            "CONN_MAX_AGE": "0",
        }

    # --- Redis ---------------------------------------------------------------------------------------

    def demarrer_redis(self) -> None:
        with (self.dossier / "redis.log").open("a") as log:
            self.redis = subprocess.Popen(  # noqa: S603
                [
                    self.redis_server,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        attendre(self._redis_repond, 10, "le serveur Redis du test ne répond pas")

    def _redis_repond(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def arreter_redis(self) -> None:
        """Kill it (nothing is kept on disk: the queued messages are lost, as on a real crash)."""
        if self.redis and self.redis.poll() is None:
            self.redis.kill()
            self.redis.wait(timeout=10)
        self.redis = None

    # --- Celery --------------------------------------------------------------------------------------

    def demarrer(self, nom: str, *arguments: str, pause_lot: float = 0) -> None:
        """A worker (``worker``) or a beat (``beat``) under the name ``nom``, with its own pidfile."""
        pidfile = self.dossier / f"{nom}.pid"
        pidfile.unlink(missing_ok=True)
        env = {**self.env, "AVENIRPRO_TEST_PAUSE_LOT": str(pause_lot)}
        with (self.dossier / f"{nom}.log").open("a") as log:
            proc = subprocess.Popen(  # noqa: S603
                module_a_l_heure_des_tests(
                    "tests.jobs.worker_lent", *arguments, f"--pidfile={pidfile}", "--loglevel=INFO"
                ),
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.celery[nom] = (proc, pidfile)

    def demarrer_worker(self, nom: str, pause_lot: float = 0, pool: str = "solo") -> None:
        self.demarrer(
            nom,
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={nom}@test",
            pause_lot=pause_lot,
        )

    def demarrer_beat(self) -> None:
        self.demarrer("beat", "beat", f"--schedule={self.dossier / 'beat-schedule'}")

    def pid(self, nom: str) -> int:
        _, pidfile = self.celery[nom]
        return attendre(
            lambda: pidfile.exists() and pidfile.read_text().strip().isdigit() and int(pidfile.read_text()),
            30,
            f"{nom} n'a pas écrit son pidfile",
        )

    def enfants(self, nom: str) -> list[int]:
        """The pool processes of a prefork worker (the processes whose parent is the worker)."""
        parent = self.pid(nom)
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                # "pid (comm) state ppid …": comm may hold spaces, so split after its closing parenthesis.
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    pids.append(int(stat.parent.name))
        return pids

    def tuer_enfant(self, nom: str) -> int:
        """``kill -9`` of the pool process running the task; the worker's main process survives."""
        (pid,) = attendre(lambda: self.enfants(nom), 30, f"{nom} n'a pas de processus de pool")
        os.kill(pid, signal.SIGKILL)
        return pid

    def tuer(self, nom: str) -> None:
        """``kill -9``: no shutdown, no acknowledgement, no rollback sent by the worker itself."""
        proc, _ = self.celery[nom]
        os.kill(self.pid(nom), signal.SIGKILL)
        proc.wait(timeout=10)

    def arreter(self, nom: str) -> None:
        proc, pidfile = self.celery.pop(nom)
        if proc.poll() is None:
            pid = int(pidfile.read_text()) if pidfile.exists() else proc.pid
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def journal(self, nom: str) -> str:
        chemin = self.dossier / f"{nom}.log"
        return chemin.read_text(errors="replace") if chemin.exists() else ""

    def tout_arreter(self) -> None:
        for nom in list(self.celery):
            self.arreter(nom)
        self.arreter_redis()
