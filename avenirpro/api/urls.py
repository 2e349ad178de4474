from importlib import import_module

from django.apps import apps
from django.urls import path
from django.utils.module_loading import module_has_submodule
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from avenirpro.api.journal import JournalAccesView
from avenirpro.api.router import router
from avenirpro.api.views import MoiView

# Each app's ``api`` module registers its viewsets on the shared router when imported.
for config in apps.get_app_configs():
    if config.name != "avenirpro" and module_has_submodule(config.module, "api"):
        import_module(f"{config.name}.api")

urlpatterns = [
    path("moi/", MoiView.as_view(), name="api-moi"),
    path("journal-acces/", JournalAccesView.as_view(), name="api-journal-acces"),
    # The schema is YAML by default, JSON with ?format=json; the docs page is Swagger UI served from our
    # own static files (drf-spectacular-sidecar), its inline script carrying the CSP nonce.
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
