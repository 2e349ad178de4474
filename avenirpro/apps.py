from django.apps import AppConfig


class AvenirproConfig(AppConfig):
    name = "avenirpro"
    verbose_name = "AvenirPro (noyau)"

    def ready(self):
        # API tokens are revoked on a password change and on deactivation.
        from avenirpro import signaux  # noqa: F401
        from avenirpro.plateforme import operateurs  # noqa: F401 — the operators' import registers itself

        # The access log's own grant (the data-protection officers).
        from avenirpro import journal  # noqa: F401
