from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    # Volunteers
    path("uren/", views.portal, name="portal"),
    path("uren/nieuw/", views.hour_create, name="hour_create"),
    path("uren/<int:pk>/wijzigen/", views.hour_update, name="hour_update"),
    path("uren/<int:pk>/verwijderen/", views.hour_delete, name="hour_delete"),
    path("uren/export.csv", views.hour_export, name="hour_export"),
    path("uren/herinneringen/", views.reminders_toggle, name="reminders_toggle"),
    path("uren/voorstellen/<int:pk>/overnemen/", views.suggestion_accept, name="suggestion_accept"),
    path("uren/voorstellen/<int:pk>/negeren/", views.suggestion_dismiss, name="suggestion_dismiss"),
    # Coordinators
    path("uren/goedkeuren/", views.queue, name="queue"),
    path("uren/overzicht/", views.overview, name="overview"),
    path("uren/vrijwilligers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("uren/jaaroverzicht/", views.summary_current, name="summary_current"),
    path("uren/jaaroverzicht/<int:year>/", views.summary, name="summary"),
    path("uren/perioden/", views.periods, name="periods"),
    path("uren/perioden/<int:pk>/heropenen/", views.period_reopen, name="period_reopen"),
    # Administrators
    path("uren/instellingen/", views.year_settings, name="settings"),
]
