from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"

    def ready(self):
        # The app's menu entries register themselves on import (it declares no grant: no personal data).
        from indicateurs import navigation, perms  # noqa: F401
