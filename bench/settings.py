"""The product's settings, DEBUG off, plus the benchmark's minimal page and its measuring middleware.

Only ``make bench`` uses this module (``DJANGO_SETTINGS_MODULE=bench.settings``): every page is served
by the same middleware, sessions and database as in production; the first middleware adds two response
headers, the SQL queries and the CPU milliseconds the request cost in the worker.
"""

from avenirpro.settings import *  # noqa: F403
from avenirpro.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

DEBUG = False
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.mesure.MesureMiddleware", *MIDDLEWARE]
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
