app_name = "mines"

urlpatterns: list = []
