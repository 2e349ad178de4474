from django.apps import AppConfig


class LyceesConfig(AppConfig):
    name = "lycees"

    def ready(self):
        # The app's grants (access policy) and menu entries register themselves on import.
        from lycees import (
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )
