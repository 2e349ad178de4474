"""Django's postgresql compilers, each checking the compiled query (see ``avenirpro.db``)."""

import importlib

from django.db.backends.postgresql import operations

from avenirpro.db.garde import compilateurs_gardes

_base = importlib.import_module(operations.DatabaseOperations.compiler_module)
globals().update(compilateurs_gardes(_base))
