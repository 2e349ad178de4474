from django.apps import AppConfig


class LyceesConfig(AppConfig):
    name = "lycees"

    def ready(self):
        # The app's grants (access policy), access-log registrations and menu entries register on import.
        from avenirpro.access import lire_avec_l_organisation
        from lycees import (
            annuaire,  # noqa: F401 — the lycées' import from the Annuaire de l'éducation (platform)
            journal,  # noqa: F401
            navigation,  # noqa: F401
            perms,  # noqa: F401
        )

        # The lycée of lycée staff, read with their memberships (``perms.lycee_id``): no query per page.
        lire_avec_l_organisation("lycee")
