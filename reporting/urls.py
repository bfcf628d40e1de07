from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("documenten/<int:pk>/", views.document_detail, name="document_detail"),
    path("documenten/<int:pk>/download/", views.document_download, name="document_download"),
    path("documenten/<int:pk>/opnieuw/", views.document_retry_view, name="document_retry"),
]
