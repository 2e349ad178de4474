from django.apps import AppConfig


class LyceesConfig(AppConfig):
    name = "lycees"

    def ready(self):
        # The app's grants (access policy), access-log registrations and menu entries register on import.
        from lycees import (
            annuaire,  # noqa: F401 — the lycées' import from the Annuaire de l'éducation (platform)
            journal,  # noqa: F401
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )
