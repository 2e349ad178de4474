app_name = "comptes"
urlpatterns: list = []
