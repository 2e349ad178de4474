from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"

    def ready(self):
        # The app's grants (access policy), access-log declarations and menu entries register on import.
        from parcours import (
            journal,  # noqa: F401
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )
