from django.urls import path

from cohorts import views

app_name = "cohorts"

urlpatterns = [
    # Programmes
    path("programmas/", views.programme_list, name="programme_list"),
    path("programmas/nieuw/", views.programme_create, name="programme_create"),
    path("programmas/<int:pk>/", views.programme_edit, name="programme_edit"),
    # Cohorts
    path("lichtingen/", views.cohort_list, name="cohort_list"),
    path("lichtingen/nieuw/", views.cohort_create, name="cohort_create"),
    path("lichtingen/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("lichtingen/<int:pk>/bewerken/", views.cohort_edit, name="cohort_edit"),
    path("lichtingen/<int:pk>/status/", views.cohort_status, name="cohort_status"),
    # Enrolment
    path("lichtingen/<int:pk>/plaatsen/", views.cohort_place, name="cohort_place"),
    path("lichtingen/<int:pk>/maatjes/", views.cohort_buddies, name="cohort_buddies"),
    path(
        "lichtingen/<int:pk>/deelnemers/<int:enrolment_pk>/vertrek/",
        views.enrolment_leave,
        name="enrolment_leave",
    ),
    # Coach groups
    path("lichtingen/<int:pk>/groepen/", views.cohort_groups, name="cohort_groups"),
    path("lichtingen/<int:pk>/groepen/nieuw/", views.group_create, name="group_create"),
    path("lichtingen/<int:pk>/groepen/<int:group_pk>/", views.group_edit, name="group_edit"),
    path(
        "lichtingen/<int:pk>/groepen/<int:group_pk>/verwijderen/",
        views.group_delete,
        name="group_delete",
    ),
    # The schedule
    path("lichtingen/<int:pk>/bijeenkomsten/", views.cohort_sessions, name="cohort_sessions"),
    path(
        "lichtingen/<int:pk>/bijeenkomsten/genereren/",
        views.sessions_generate,
        name="sessions_generate",
    ),
    path("lichtingen/<int:pk>/vakanties/", views.holiday_add, name="holiday_add"),
    path(
        "lichtingen/<int:pk>/vakanties/schoolvakanties/",
        views.school_holidays_add,
        name="school_holidays_add",
    ),
    path(
        "lichtingen/<int:pk>/vakanties/<int:holiday_pk>/verwijderen/",
        views.holiday_delete,
        name="holiday_delete",
    ),
    path("lichtingen/<int:pk>/agenda/", views.cohort_feed, name="cohort_feed"),
    # Closing
    path("lichtingen/<int:pk>/afsluiten/", views.cohort_close, name="cohort_close"),
    path(
        "lichtingen/<int:pk>/afsluiten/<int:enrolment_pk>/",
        views.growth_notes,
        name="growth_notes",
    ),
    path(
        "lichtingen/<int:pk>/certificaten/",
        views.certificates_request,
        name="certificates_request",
    ),
    path(
        "lichtingen/<int:pk>/certificaten/<int:enrolment_pk>/",
        views.certificate_request,
        name="certificate_request",
    ),
    # Sessions (coordinators)
    path("bijeenkomsten/", views.session_list, name="session_list"),
    path("bijeenkomsten/nieuw/", views.session_create, name="session_create"),
    path("bijeenkomsten/<int:pk>/", views.session_detail, name="session_detail"),
    path("bijeenkomsten/<int:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path("bijeenkomsten/<int:pk>/annuleren/", views.session_cancel, name="session_cancel"),
    path("bijeenkomsten/<int:pk>/presentielijst/", views.register, name="register"),
    path("bijeenkomsten/<int:pk>/presentielijst/rest/", views.register_rest, name="register_rest"),
    path(
        "bijeenkomsten/<int:pk>/presentielijst/bezoekers/",
        views.register_visitors,
        name="register_visitors",
    ),
    path(
        "bijeenkomsten/<int:pk>/presentielijst/<int:enrolment_pk>/",
        views.register_mark,
        name="register_mark",
    ),
    # Attendance by the session's leaders
    path("bijeenkomsten/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path(
        "bijeenkomsten/<int:pk>/aanwezigheid/rest/", views.attendance_rest, name="attendance_rest"
    ),
    path(
        "bijeenkomsten/<int:pk>/aanwezigheid/<int:enrolment_pk>/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path("bijeenkomsten/<int:pk>/bezoekers/", views.visitors, name="visitors"),
    # Coaches and volunteers
    path("mijn-groep/", views.my_group, name="my_group"),
    path("mijn-bijeenkomsten/", views.my_sessions, name="my_sessions"),
    path("mijn-bijeenkomsten/agenda/", views.my_feed, name="my_feed"),
    path("mijn-bijeenkomsten/herinneringen/", views.my_reminders, name="my_reminders"),
    path("mijn-bijeenkomsten/<int:pk>/", views.my_session_detail, name="my_session_detail"),
    path("mijn-bijeenkomsten/<int:pk>/agenda.ics", views.my_session_ics, name="my_session_ics"),
    # Calendars and reminders (the token is the key)
    path("agenda/<str:token>.ics", views.feed, name="feed"),
    path("agenda/<int:pk>/intrekken/", views.feed_revoke, name="feed_revoke"),
    path("herinneringen/uit/<str:token>/", views.reminders_opt_out, name="reminders_opt_out"),
]
