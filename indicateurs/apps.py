from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"

    def ready(self):
        # The app's grants (access policy) and menu entries register themselves on import.
        from indicateurs import perms  # noqa: F401
