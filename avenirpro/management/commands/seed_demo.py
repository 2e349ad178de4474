from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from avenirpro.demo import Demo
from avenirpro.models import AnneeScolaire


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et écrit var/demo-accounts.json."

    def handle(self, *args, **options):
        with transaction.atomic():
            demo = Demo(annee=AnneeScolaire.objects.courante())
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    import_module(f"{config.name}.demo").seed(demo)
        chemin = demo.ecrire_comptes()
        self.stdout.write(f"Données de démonstration prêtes ({demo.annee}). Comptes : {chemin}")
