from django.urls import path

from avenirplus import views

app_name = "avenirplus"
urlpatterns = [
    path("", views.tableau, name="tableau"),
    path("cohorte/", views.cohorte, name="cohorte"),
    path("cohorte/constituer/", views.cohorte_constituer, name="cohorte_constituer"),
    path("cohorte/ajouter/", views.cohorte_ajouter, name="cohorte_ajouter"),
    path("cohorte/lettres/envoyer/", views.lettres_envoyer, name="lettres_envoyer"),
    path("cohorte/<uuid:uuid>/", views.membre, name="membre"),
    path("cohorte/<uuid:uuid>/coordonnees/", views.membre_coordonnees, name="membre_coordonnees"),
    path("cohorte/<uuid:uuid>/contact/", views.membre_contact, name="membre_contact"),
    path("cohorte/<uuid:uuid>/retirer/", views.membre_retirer, name="membre_retirer"),
    path("cohorte/<uuid:uuid>/reintegrer/", views.membre_reintegrer, name="membre_reintegrer"),
    path("cohorte/<uuid:uuid>/refus/", views.membre_refus, name="membre_refus"),
    path("cohorte/<uuid:uuid>/inscrire/", views.membre_inscrire, name="membre_inscrire"),
    path("cohorte/<uuid:uuid>/lettre.pdf", views.membre_lettre, name="membre_lettre"),
    path("reunions/", views.reunions, name="reunions"),
    path("reunions/<uuid:uuid>/", views.reunion, name="reunion"),
    path("reunions/<uuid:uuid>/inviter/", views.reunion_inviter, name="reunion_inviter"),
    path("reunions/<uuid:uuid>/presences/", views.reunion_presences, name="reunion_presences"),
    path("reunions/<uuid:uuid>/invitations.pdf", views.reunion_lettres, name="reunion_lettres"),
    path("referents/", views.referents, name="referents"),
    path("inscriptions/", views.inscriptions, name="inscriptions"),
    path("mes-eleves/", views.mes_eleves, name="mes_eleves"),
    path("inscriptions/<uuid:uuid>/", views.inscription, name="inscription"),
    path("inscriptions/<uuid:uuid>/referents/", views.inscription_designer, name="inscription_designer"),
    path("inscriptions/<uuid:uuid>/entretien/", views.inscription_entretien, name="inscription_entretien"),
    path("inscriptions/<uuid:uuid>/actions/", views.inscription_action, name="inscription_action"),
    path("inscriptions/<uuid:uuid>/sortie/", views.inscription_sortie, name="inscription_sortie"),
    path("actions/<uuid:uuid>/", views.action_modifier, name="action"),
    path("missions-locales/", views.partenaires, name="partenaires"),
    path("missions-locales/<uuid:uuid>/", views.partenaire_choisir, name="partenaire_choisir"),
    path("conseillers/", views.conseillers_partenaires, name="conseillers_partenaires"),
    path("conseillers/<uuid:uuid>/", views.conseillers_nommer, name="conseillers_nommer"),
]
