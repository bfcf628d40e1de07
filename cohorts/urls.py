from django.urls import path

from cohorts.views import (
    attendance,
    closing,
    enrolment,
    feeds,
    groups,
    lifecycle,
    notifications,
    schedule,
    sessions,
)

app_name = "cohorts"

urlpatterns = [
    # Programmes
    path("programmas/", lifecycle.programme_list, name="programme_list"),
    path("programmas/nieuw/", lifecycle.programme_create, name="programme_create"),
    path("programmas/<int:pk>/", lifecycle.programme_edit, name="programme_edit"),
    # Cohorts
    path("lichtingen/", lifecycle.cohort_list, name="cohort_list"),
    path("lichtingen/nieuw/", lifecycle.cohort_create, name="cohort_create"),
    path("lichtingen/<int:pk>/", lifecycle.cohort_detail, name="cohort_detail"),
    path("lichtingen/<int:pk>/bewerken/", lifecycle.cohort_edit, name="cohort_edit"),
    path("lichtingen/<int:pk>/status/", lifecycle.cohort_status, name="cohort_status"),
    # Enrolment
    path("lichtingen/<int:pk>/plaatsen/", enrolment.cohort_place, name="cohort_place"),
    path("lichtingen/<int:pk>/maatjes/", enrolment.cohort_buddies, name="cohort_buddies"),
    path(
        "lichtingen/<int:pk>/deelnemers/<int:enrolment_pk>/vertrek/",
        enrolment.enrolment_leave,
        name="enrolment_leave",
    ),
    # Coach groups
    path("lichtingen/<int:pk>/groepen/", groups.cohort_groups, name="cohort_groups"),
    path("lichtingen/<int:pk>/groepen/nieuw/", groups.group_create, name="group_create"),
    path("lichtingen/<int:pk>/groepen/<int:group_pk>/", groups.group_edit, name="group_edit"),
    path(
        "lichtingen/<int:pk>/groepen/<int:group_pk>/verwijderen/",
        groups.group_delete,
        name="group_delete",
    ),
    # The schedule
    path("lichtingen/<int:pk>/bijeenkomsten/", schedule.cohort_sessions, name="cohort_sessions"),
    path(
        "lichtingen/<int:pk>/bijeenkomsten/genereren/",
        schedule.sessions_generate,
        name="sessions_generate",
    ),
    path("lichtingen/<int:pk>/vakanties/", schedule.holiday_add, name="holiday_add"),
    path(
        "lichtingen/<int:pk>/vakanties/schoolvakanties/",
        schedule.school_holidays_add,
        name="school_holidays_add",
    ),
    path(
        "lichtingen/<int:pk>/vakanties/<int:holiday_pk>/verwijderen/",
        schedule.holiday_delete,
        name="holiday_delete",
    ),
    path("lichtingen/<int:pk>/agenda/", feeds.cohort_feed, name="cohort_feed"),
    # Closing
    path("lichtingen/<int:pk>/afsluiten/", closing.cohort_close, name="cohort_close"),
    path(
        "lichtingen/<int:pk>/afsluiten/<int:enrolment_pk>/",
        closing.growth_notes,
        name="growth_notes",
    ),
    path(
        "lichtingen/<int:pk>/certificaten/",
        closing.certificates_request,
        name="certificates_request",
    ),
    path(
        "lichtingen/<int:pk>/certificaten/<int:enrolment_pk>/",
        closing.certificate_request,
        name="certificate_request",
    ),
    # Sessions (coordinators)
    path("bijeenkomsten/", sessions.session_list, name="session_list"),
    path("bijeenkomsten/nieuw/", sessions.session_create, name="session_create"),
    path("bijeenkomsten/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("bijeenkomsten/<int:pk>/wijzigen/", sessions.session_edit, name="session_edit"),
    path("bijeenkomsten/<int:pk>/annuleren/", sessions.session_cancel, name="session_cancel"),
    path("bijeenkomsten/<int:pk>/presentielijst/", attendance.register, name="register"),
    path(
        "bijeenkomsten/<int:pk>/presentielijst/rest/",
        attendance.register_rest,
        name="register_rest",
    ),
    path(
        "bijeenkomsten/<int:pk>/presentielijst/bezoekers/",
        attendance.register_visitors,
        name="register_visitors",
    ),
    path(
        "bijeenkomsten/<int:pk>/presentielijst/<int:enrolment_pk>/",
        attendance.register_mark,
        name="register_mark",
    ),
    # Attendance by the session's leaders
    path("bijeenkomsten/<int:pk>/aanwezigheid/", attendance.attendance, name="attendance"),
    path(
        "bijeenkomsten/<int:pk>/aanwezigheid/rest/",
        attendance.attendance_rest,
        name="attendance_rest",
    ),
    path(
        "bijeenkomsten/<int:pk>/aanwezigheid/<int:enrolment_pk>/",
        attendance.attendance_mark,
        name="attendance_mark",
    ),
    path("bijeenkomsten/<int:pk>/bezoekers/", attendance.visitors, name="visitors"),
    # Coaches and volunteers
    path("mijn-groep/", groups.my_group, name="my_group"),
    path("mijn-bijeenkomsten/", sessions.my_sessions, name="my_sessions"),
    path("mijn-bijeenkomsten/agenda/", feeds.my_feed, name="my_feed"),
    path("mijn-bijeenkomsten/herinneringen/", notifications.my_reminders, name="my_reminders"),
    path("mijn-bijeenkomsten/<int:pk>/", sessions.my_session_detail, name="my_session_detail"),
    path("mijn-bijeenkomsten/<int:pk>/agenda.ics", sessions.my_session_ics, name="my_session_ics"),
    # Calendars and reminders (the token is the key)
    path("agenda/<str:token>.ics", feeds.feed, name="feed"),
    path("agenda/<int:pk>/intrekken/", feeds.feed_revoke, name="feed_revoke"),
    path(
        "herinneringen/uit/<str:token>/", notifications.reminders_opt_out, name="reminders_opt_out"
    ),
]
