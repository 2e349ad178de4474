"""Celery application. With REDIS_URL unset, tasks run eagerly in-process (demo and bare laptops)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avenirpro.settings")

# DjangoTask gives every task ``delay_on_commit``: work is enqueued only once the transaction commits.
app = Celery("avenirpro", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
