from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path(
        "mijn-groep/koppelingen/<int:pk>/contactmoment/",
        views.coach_checkin,
        name="coach_checkin",
    ),
    path("koppelen/", views.overview, name="overview"),
    path("koppelen/nieuwkomers/", views.newcomer_list, name="newcomer_list"),
    path("koppelen/nieuwkomer/<int:pk>/", views.suggestions, name="suggestions"),
    path("koppelen/nieuwkomer/<int:pk>/koppelen/", views.match_create, name="match_create"),
    path("koppelen/nieuwkomer/<int:pk>/uitsluiten/", views.exclusion_add, name="exclusion_add"),
    path(
        "koppelen/nieuwkomer/<int:pk>/uitsluiting/<int:exclusion_pk>/opheffen/",
        views.exclusion_remove,
        name="exclusion_remove",
    ),
    path("koppelen/nieuwkomer/<int:pk>/notitie/", views.note_set, name="note_set"),
    path("koppelen/lichting/<int:pk>/", views.cohort_proposal, name="cohort_proposal"),
    path("koppelen/lichting/<int:pk>/wijzigen/", views.proposal_change, name="proposal_change"),
    path("koppelen/lichting/<int:pk>/bevestigen/", views.proposal_confirm, name="proposal_confirm"),
    path("koppelen/instellingen/", views.weights, name="weights"),
    path("koppelingen/", views.match_list, name="match_list"),
    path("koppelingen/<int:pk>/", views.match_detail, name="match_detail"),
    path("koppelingen/<int:pk>/kennismaking/", views.match_introduce, name="match_introduce"),
    path("koppelingen/<int:pk>/actief/", views.match_activate, name="match_activate"),
    path("koppelingen/<int:pk>/beeindigen/", views.match_end, name="match_end"),
    path("koppelingen/<int:pk>/contactmoment/", views.checkin_add, name="checkin_add"),
]
