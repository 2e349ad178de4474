app_name = "profil"
urlpatterns: list = []
