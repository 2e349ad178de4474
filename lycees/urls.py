from lycees.views import affectations, effectifs

app_name = "lycees"
urlpatterns = [*effectifs.urlpatterns, *affectations.urlpatterns]
