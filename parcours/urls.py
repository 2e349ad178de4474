app_name = "parcours"

urlpatterns: list = []
