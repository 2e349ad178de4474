from django.contrib import admin
from django.urls import include, path

from avenirpro import journal_vues, legal, views

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("mentions-legales/", legal.mentions_legales, name="mentions_legales"),
    path("accessibilite/", legal.accessibilite, name="accessibilite"),
    path("plan-du-site/", legal.plan_du_site, name="plan_du_site"),
    path("organisation/changer/", views.changer_organisation, name="changer_organisation"),
    path("journal-acces/", journal_vues.journal_acces, name="journal_acces"),
    path("journal-acces/export.csv", journal_vues.journal_acces_csv, name="journal_acces_csv"),
    path("comptes/", include("avenirpro.comptes.urls")),
    path("profil/", include("avenirpro.profil.urls")),
    path("plateforme/", include("avenirpro.plateforme.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("avenirpro.api.urls")),
    path("lycees/", include("lycees.urls")),
    path("ateliers/", include("ateliers.urls")),
    # The follow-up pages, and the student's page /eleves/<uuid>/ (its timeline).
    path("", include("parcours.urls")),
    # Personal data: /donnees-personnelles/, the registre, a student's history and access export.
    path("", include("avenirpro.donnees.urls")),
    path("avenirplus/", include("avenirplus.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("admin/", admin.site.urls),
]

# JSON under /api/ (a client of the API never gets an HTML page), the site's pages elsewhere.
handler400 = "avenirpro.views.requete_invalide"
handler404 = "avenirpro.views.page_introuvable"
