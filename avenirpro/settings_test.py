"""Test settings: the real settings, with what makes tests fast and deterministic."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")

from avenirpro.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Tests run tasks in-process; the Celery integration test points the app at Redis itself.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SECURE_SSL_REDIRECT = False
# An undefined template variable fails the test instead of rendering as an empty string.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "«INVALID %s»"  # noqa: F405
# Our SQLite backend is Django's under another name: keep its test database in memory (pytest-django
# recognises in-memory SQLite by the engine's name only).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
# The suite calls the API far faster than a person (matrix tests): throttling is tested with low rates
# in tests/api/test_throttling.py, and kept out of the way elsewhere.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"compte": "100000/min", "adresse": "100000/min"},
}
API_VERIFIER_SERIALISATION = True  # avenirpro.api.serialisation: each row also read by DRF, and compared
