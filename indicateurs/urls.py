from django.urls import path

from indicateurs import views

app_name = "indicateurs"

urlpatterns = [
    path("", views.indicateurs, name="indicateurs"),
    path("notes/", views.notes_comite, name="notes_comite"),
    path("a-completer/", views.a_completer, name="a_completer"),
    path("remontees/", views.remontees, name="remontees"),
    path("remontees/<uuid:uuid>/", views.remontee, name="remontee"),
    path("remontees/<uuid:uuid>/valider/", views.remontee_valider, name="remontee_valider"),
    path("remontees/<uuid:uuid>/transmettre/", views.remontee_transmettre, name="remontee_transmettre"),
    path(
        "remontees/<uuid:uuid>/remontee.pdf",
        views.remontee_fichier,
        {"extension": "pdf"},
        name="remontee_pdf",
    ),
    path(
        "remontees/<uuid:uuid>/remontee.xlsx",
        views.remontee_fichier,
        {"extension": "xlsx"},
        name="remontee_xlsx",
    ),
    path(
        "remontees/<uuid:uuid>/remontee.csv",
        views.remontee_fichier,
        {"extension": "csv"},
        name="remontee_csv",
    ),
]
