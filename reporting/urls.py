from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/bijwerken/", views.kpis_refresh, name="kpis_refresh"),
    path("jaarverslag/", views.annual_report, name="annual_report"),
    path("exports/", views.export, name="export"),
    path("doelen/", views.targets_current, name="targets_current"),
    path("doelen/<int:year>/", views.targets, name="targets"),
]
