"""The WSGI application (gunicorn ``avenirpro.wsgi``).

Once Django and every app are loaded, what they built (modules, settings, URL patterns, the grants'
registry: some 80,000 objects that live as long as the worker) is moved out of the cyclic
garbage collector's reach (``gc.freeze``). A full collection that happens during a request then scans
that request's objects only: on the national data set one such collection cost 60 ms of a counsellor's
170 ms dashboard (docs/scaling.md).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avenirpro.settings")
application = get_wsgi_application()
gc.freeze()
