from django.apps import AppConfig


class AvenirplusConfig(AppConfig):
    name = "avenirplus"

    def ready(self):
        # The app's grants (access policy), access-log registrations and menu entries register on import.
        from avenirplus import (
            journal,  # noqa: F401
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )
