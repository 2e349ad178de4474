# Importing the modules registers their viewsets on the shared router.
from lycees.api import affectations, effectifs  # noqa: F401
