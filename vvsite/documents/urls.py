from django.urls import path

from vvsite.documents import views

app_name = "documents"

urlpatterns = [
    path("documenten/<int:pk>/", views.document_detail, name="document_detail"),
    path("documenten/<int:pk>/download/", views.document_download, name="document_download"),
    path("documenten/<int:pk>/opnieuw/", views.document_retry_view, name="document_retry"),
]
