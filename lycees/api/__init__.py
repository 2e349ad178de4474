# Importing the modules registers their viewsets on the shared router.
from lycees.affectations import api as affectations  # noqa: F401
from lycees.api import effectifs  # noqa: F401
