from lycees.affectations import views as affectations
from lycees.views import donnees, effectifs

app_name = "lycees"
urlpatterns = [*effectifs.urlpatterns, *donnees.urlpatterns, *affectations.urlpatterns]
