from django.urls import path

from avenirpro.comptes import views

app_name = "comptes"
urlpatterns = [
    path("membres/", views.membres, name="membres"),
    path("membres/inviter/", views.inviter, name="inviter"),
    path("membres/<uuid:uuid>/retirer/", views.retirer, name="retirer"),
    path("invitations/<uuid:uuid>/annuler/", views.annuler_invitation, name="annuler_invitation"),
    path("invitation/<str:jeton>/", views.invitation, name="invitation"),
]
