app_name = "ateliers"
urlpatterns: list = []
