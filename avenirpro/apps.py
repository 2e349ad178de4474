from django.apps import AppConfig


class AvenirproConfig(AppConfig):
    name = "avenirpro"
    verbose_name = "AvenirPro (noyau)"

    def ready(self):
        # API tokens are revoked on a password change and on deactivation.
        # The access log's own grant (the data-protection officers).
        # The session's expiry pushed at most once a minute (noted at sign-in).
        from avenirpro import (
            journal,  # noqa: F401
            sessions,  # noqa: F401
            signaux,  # noqa: F401
        )

        # The API's text fields take text only (a JSON number is refused, not turned into a string).
        from avenirpro.api.fields import textes_stricts

        # Personal data: the registre's menu entry (the apps declare their models in their models.py).
        from avenirpro.donnees import navigation  # noqa: F401

        textes_stricts()

        # The operators' import registers itself in the platform's back office.
        from avenirpro.plateforme import operateurs  # noqa: F401
