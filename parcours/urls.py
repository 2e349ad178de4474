from django.urls import path

from parcours.views import alertes, classes, eleves, permanences, restitutions, suivi

app_name = "parcours"

urlpatterns = [
    path("suivi/", suivi.mes_eleves, name="mes_eleves"),
    path("suivi/selection/", suivi.action_groupee, name="action_groupee"),
    path("suivi/rappels/", suivi.preferences, name="preferences"),
    path("eleves/<uuid:uuid>/", eleves.eleve, name="eleve"),
    path("eleves/<uuid:uuid>/entretien/", eleves.eleve_entretien, name="eleve_entretien"),
    path("eleves/<uuid:uuid>/alerte/", eleves.eleve_alerte, name="eleve_alerte"),
    path("entretiens/<uuid:uuid>/", eleves.entretien, name="entretien"),
    path("entretiens/<uuid:uuid>/statut/", eleves.entretien_statut, name="entretien_statut"),
    path("entretiens/<uuid:uuid>/restitution/", eleves.entretien_restitution, name="entretien_restitution"),
    path("restitutions/", restitutions.restitutions, name="restitutions"),
    path("restitutions/<uuid:uuid>/lue/", restitutions.restitution_lue, name="restitution_lue"),
    path("alertes/", alertes.alertes, name="alertes"),
    path("alertes/<uuid:uuid>/", alertes.alerte, name="alerte"),
    path("alertes/<uuid:uuid>/suivi/", alertes.alerte_suivi, name="alerte_suivi"),
    path("alertes/<uuid:uuid>/clore/", alertes.alerte_clore, name="alerte_clore"),
    path("permanences/", permanences.permanences, name="permanences"),
    path("permanences/rendez-vous/", permanences.rendez_vous_du_jour, name="rendez_vous_du_jour"),
    path("permanences/<uuid:uuid>/", permanences.permanence, name="permanence"),
    path("permanences/<uuid:uuid>/reserver/", permanences.permanence_reserver, name="permanence_reserver"),
    path("classes/<uuid:uuid>/referents/", classes.referents, name="referents"),
    path("classes/<uuid:uuid>/fin-annee/", classes.grille_fin_annee, name="fin_annee"),
]
