"""Settings of the server that .ci/fuzz starts: the production settings (DEBUG off, whitenoise, French
errors, throttles), with only what saves time on a throw-away database and keeps SQLite honest."""

import os

os.environ.setdefault("SECRET_KEY", "fuzz-only-secret-key-not-for-production")

from avenirpro.settings import *  # noqa: F403

# The fuzzer authenticates with API tokens only; PBKDF2 on the demo's 20 accounts would cost ~25 s.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Pages (Django's 404 page for an unrouted path) render without collectstatic and its ~35 s.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Two server workers write to one SQLite file: take the write lock when the request's transaction opens
# (a deferred transaction that later writes fails at once with « database is locked ») and wait for it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)  # noqa: F405
