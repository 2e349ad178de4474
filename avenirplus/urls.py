app_name = "avenirplus"

urlpatterns: list = []
