from django.apps import AppConfig


class LyceesConfig(AppConfig):
    name = "lycees"

    def ready(self):
        # The app's grants (access policy) and menu entries register themselves on import.
        from lycees import (
            annuaire,  # noqa: F401 — the lycées' import from the Annuaire de l'éducation (platform)
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )
