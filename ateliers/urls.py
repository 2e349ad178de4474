from django.urls import path

from ateliers.views import evenements, presences, satisfaction, seances

app_name = "ateliers"
urlpatterns = [
    path("", seances.seances, name="seances"),
    path("aujourdhui/", seances.aujourdhui, name="aujourdhui"),
    path("seances/nouvelle/", seances.seance_nouvelle, name="seance_nouvelle"),
    path("seances/calendrier.ics", seances.seances_ics, name="seances_ics"),
    path("seances/<uuid:uuid>/", seances.seance_detail, name="seance"),
    path("seances/<uuid:uuid>/modifier/", seances.seance_modifier, name="seance_modifier"),
    path("seances/<uuid:uuid>/realiser/", seances.seance_realiser, name="seance_realiser"),
    path("seances/<uuid:uuid>/annuler/", seances.seance_annuler, name="seance_annuler"),
    path("seances/<uuid:uuid>/presences/", presences.seance_presences, name="seance_presences"),
    path("seances/<uuid:uuid>/emargement.pdf", presences.seance_emargement, name="seance_emargement"),
    path(
        "seances/<uuid:uuid>/questionnaire/", satisfaction.seance_questionnaire, name="seance_questionnaire"
    ),
    path("suivi/", seances.suivi, name="suivi"),
    path("evenements/", evenements.evenements, name="evenements"),
    path("evenements/nouveau/", evenements.evenement_nouveau, name="evenement_nouveau"),
    path("evenements/<uuid:uuid>/", evenements.evenement_detail, name="evenement"),
    path("evenements/<uuid:uuid>/modifier/", evenements.evenement_modifier, name="evenement_modifier"),
    path(
        "evenements/<uuid:uuid>/participants/",
        evenements.evenement_participants,
        name="evenement_participants",
    ),
    path("satisfaction/", satisfaction.satisfaction, name="satisfaction"),
    path("satisfaction/equipe/", satisfaction.questionnaire_equipe, name="questionnaire_equipe"),
    # Public (no account): the students' questionnaire, reached by the QR code.
    path("q/<str:jeton>/", satisfaction.questionnaire, name="questionnaire"),
    path("q/<str:jeton>/merci/", satisfaction.questionnaire_merci, name="questionnaire_merci"),
]
