from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "ateliers"

    def ready(self):
        # The app's grants (access policy), menu entries and what becomes of its planned séances when a
        # lycée changes operator (lycees.affectations.suites) register themselves on import.
        from ateliers import (
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )
        from ateliers.services import changement_operateur  # noqa: F401
