from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"

    def ready(self):
        # The app's grants (access policy) and menu entries register themselves on import.
        from parcours import perms  # noqa: F401
