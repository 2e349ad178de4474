from django.apps import AppConfig


class AvenirplusConfig(AppConfig):
    name = "avenirplus"

    def ready(self):
        # The app's grants (access policy) and menu entries register themselves on import.
        from avenirplus import perms  # noqa: F401
