app_name = "indicateurs"

urlpatterns: list = []
