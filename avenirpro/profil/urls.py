from django.urls import path

from avenirpro.profil import views

app_name = "profil"
urlpatterns = [
    path("", views.index, name="index"),
    path("jetons/creer/", views.creer_jeton, name="creer_jeton"),
    path("jetons/<uuid:uuid>/revoquer/", views.revoquer_jeton, name="revoquer_jeton"),
]
