from django.urls import path

from avenirpro.plateforme import views

app_name = "plateforme"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("instances/", views.creer_instances, name="creer_instances"),
    path("imports/<str:nature>/nouveau/", views.import_nouveau, name="import_nouveau"),
    path("imports/<uuid:uuid>/", views.import_detail, name="import"),
    path("imports/<uuid:uuid>/confirmer/", views.import_confirmer, name="import_confirmer"),
    path("imports/<uuid:uuid>/annuler/", views.import_annuler, name="import_annuler"),
    path("imports/<uuid:uuid>/progression/", views.import_progression, name="import_progression"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<uuid:uuid>/", views.organisation, name="organisation"),
    path("organisations/<uuid:uuid>/inviter/", views.organisation_inviter, name="organisation_inviter"),
    path("comptes/<uuid:uuid>/desactiver/", views.compte_desactiver, name="compte_desactiver"),
    path("comptes/<uuid:uuid>/reactiver/", views.compte_reactiver, name="compte_reactiver"),
]
