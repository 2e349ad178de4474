from lycees.affectations import views as affectations
from lycees.views import effectifs

app_name = "lycees"
urlpatterns = [*effectifs.urlpatterns, *affectations.urlpatterns]
