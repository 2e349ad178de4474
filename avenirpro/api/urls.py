from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from avenirpro.api.router import router

# Each app's ``api`` module registers its viewsets on the shared router when imported.
for config in apps.get_app_configs():
    if config.name != "avenirpro" and module_has_submodule(config.module, "api"):
        import_module(f"{config.name}.api")

urlpatterns = [*router.urls]
