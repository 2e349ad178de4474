from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "ateliers"

    def ready(self):
        # The app's grants (access policy) and menu entries register themselves on import.
        from ateliers import (
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )
