from django.urls import path

from avenirpro.donnees import views

urlpatterns = [
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("donnees-personnelles/registre/", views.registre_page, name="registre_donnees"),
]
