"""A task sent through a real Celery worker on Redis, against the real database."""

import os
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from avenirpro.celery import app as celery_app
from avenirpro.tasks import purger_sessions_expirees
from tests.horloge import module_a_l_heure_des_tests
from tests.services import require_postgres, require_redis


@pytest.fixture
def worker(transactional_db, tmp_path):
    require_postgres()
    redis_url = require_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "avenirpro.settings",
        "AVENIRPRO_IGNORE_DOTENV": "1",
        "SECRET_KEY": "worker-test-secret",
        "REDIS_URL": redis_url,
        "DATABASE_URL": "postgres://{}@{}:{}/{}".format(
            db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]
        ),
        "CONN_MAX_AGE": "0",
    }
    pidfile = tmp_path / "worker.pid"
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: S603
            module_a_l_heure_des_tests(
                "celery",
                "-A",
                "avenirpro",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                f"--pidfile={pidfile}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
            ),
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.update(task_always_eager=False, broker_url=redis_url)
    try:
        yield queue
    finally:
        celery_app.conf.update(task_always_eager=previous[0], broker_url=previous[1])
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        print(Path(log).read_text())


def test_une_tache_passe_par_un_vrai_worker_celery(worker):
    from django.contrib.sessions.backends.db import SessionStore

    expiree = SessionStore()
    expiree["x"] = 1
    expiree.create()
    Session.objects.filter(session_key=expiree.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    valide = SessionStore()
    valide.create()

    purger_sessions_expirees.apply_async(queue=worker)

    limite = time.monotonic() + 60
    while Session.objects.filter(session_key=expiree.session_key).exists():
        assert time.monotonic() < limite, "le worker n'a pas traité la tâche en 60 s"
        time.sleep(0.3)
    assert Session.objects.filter(session_key=valide.session_key).exists()
