"""The permission matrix: every URL the resolver knows, for anonymous users and every role.

``EXPECTED`` is the specification, written independently of the views: for each URL name, who may
open it. The test fails when a URL has no entry here, when its view declares no access rule, when
the declared rule differs from the entry, and when a request does not get the expected answer:
anonymous users go to the login page, a role without access gets 403 (or 404 where existence must
not leak), a role with access gets neither.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver, path, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django_otp.plugins.otp_totp.models import TOTPDevice

from participants.models import ImportBatch, Neighbourhood
from tests.cohorts.factories import CohortFactory
from tests.factories import DocumentFactory, JobFactory, UserFactory
from tests.participants.factories import (
    BuddyFactory,
    ConsentFactory,
    ContactPersonFactory,
    NewcomerFactory,
)
from tests.volunteers.factories import ClosedPeriodFactory, VolunteerFactory
from vvsite.access import LOGIN_ONLY, PUBLIC, rule_of
from vvsite.models import Role

EVERYONE = PUBLIC
ANY_ROLE = LOGIN_ONLY

EXPECTED: dict[str, object] = {
    # Foundation
    "home": ANY_ROLE,
    "login": EVERYONE,
    "logout": EVERYONE,
    "account": ANY_ROLE,
    "password_change": ANY_ROLE,
    "password_change_done": ANY_ROLE,
    "otp_setup": ANY_ROLE,
    "otp_verify": ANY_ROLE,
    "otp_recovery_codes": ANY_ROLE,
    "password_reset": EVERYONE,
    "password_reset_done": EVERYONE,
    "password_reset_confirm": EVERYONE,
    "password_reset_complete": EVERYONE,
    "set_language": EVERYONE,
    "invitation_accept": EVERYONE,
    "accounts": {Role.ADMIN},
    "account_detail": {Role.ADMIN},
    "account_deactivate": {Role.ADMIN},
    "account_second_factor_reset": {Role.ADMIN},
    "account_unlock": {Role.ADMIN},
    "account_invite": {Role.ADMIN},
    "jobs": {Role.ADMIN},
    "job_start_diagnostic": {Role.ADMIN},
    "job_detail": {Role.ADMIN},
    "job_retry": {Role.ADMIN},
    "healthz": EVERYONE,
    "healthz_live": EVERYONE,
    # Volunteer hours
    "volunteers:portal": {Role.VOLUNTEER, Role.COACH},
    "volunteers:hour_create": {Role.VOLUNTEER, Role.COACH},
    "volunteers:hour_update": {Role.VOLUNTEER, Role.COACH},
    "volunteers:hour_delete": {Role.VOLUNTEER, Role.COACH},
    "volunteers:hour_export": {Role.VOLUNTEER, Role.COACH},
    "volunteers:reminders_toggle": {Role.VOLUNTEER, Role.COACH},
    "volunteers:suggestion_accept": {Role.VOLUNTEER, Role.COACH},
    "volunteers:suggestion_dismiss": {Role.VOLUNTEER, Role.COACH},
    "volunteers:queue": {Role.COORDINATOR, Role.ADMIN},
    "volunteers:overview": {Role.COORDINATOR, Role.ADMIN},
    "volunteers:volunteer_detail": {Role.COORDINATOR, Role.ADMIN},
    "volunteers:summary_current": {Role.COORDINATOR, Role.ADMIN},
    "volunteers:summary": {Role.COORDINATOR, Role.ADMIN},
    "volunteers:periods": {Role.COORDINATOR, Role.ADMIN},
    "volunteers:period_reopen": {Role.ADMIN},
    "volunteers:settings": {Role.ADMIN},
    # Reporting: generated documents (the document's kind narrows further, out of scope is 404)
    "documents:document_detail": {Role.BOARD, Role.COORDINATOR, Role.ADMIN},
    "documents:document_download": {Role.BOARD, Role.COORDINATOR, Role.ADMIN},
    "documents:document_retry": {Role.BOARD, Role.COORDINATOR, Role.ADMIN},
    # Reporting: the board's key figures, the annual report, exports and targets
    "reporting:dashboard": {Role.BOARD, Role.COORDINATOR, Role.ADMIN},
    "reporting:kpis_refresh": {Role.COORDINATOR, Role.ADMIN},
    "reporting:annual_report": {Role.BOARD, Role.COORDINATOR, Role.ADMIN},
    "reporting:export": {Role.COORDINATOR, Role.ADMIN},
    "reporting:targets_current": {Role.ADMIN},
    "matching:coach_checkin": {Role.COACH},
    "reporting:targets": {Role.ADMIN},
    # Participants: intake of newcomers and buddies
    "participants:newcomer_list": {Role.COORDINATOR, Role.ADMIN},
    "participants:newcomer_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:newcomer_export": {Role.COORDINATOR, Role.ADMIN},
    "participants:newcomer_detail": {Role.COORDINATOR, Role.ADMIN},
    "participants:newcomer_intake": {Role.COORDINATOR, Role.ADMIN},
    "participants:newcomer_status": {Role.COORDINATOR, Role.ADMIN},
    "participants:waiting_list": {Role.COORDINATOR, Role.ADMIN},
    "participants:buddy_list": {Role.COORDINATOR, Role.ADMIN},
    "participants:buddy_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:buddy_export": {Role.COORDINATOR, Role.ADMIN},
    "participants:buddy_detail": {Role.COORDINATOR, Role.ADMIN},
    "participants:buddy_intake": {Role.COORDINATOR, Role.ADMIN},
    "participants:buddy_status": {Role.COORDINATOR, Role.ADMIN},
    "participants:person_detail": {Role.COORDINATOR, Role.ADMIN},
    "participants:person_edit": {Role.COORDINATOR, Role.ADMIN},
    "participants:person_anonymise": {Role.COORDINATOR, Role.ADMIN},
    "participants:profile_add": {Role.COORDINATOR, Role.ADMIN},
    "participants:consent_add": {Role.COORDINATOR, Role.ADMIN},
    "participants:consent_withdraw": {Role.COORDINATOR, Role.ADMIN},
    "participants:health_assessment_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:evaluation_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:organisation_list": {Role.COORDINATOR, Role.ADMIN},
    "participants:organisation_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:organisation_detail": {Role.COORDINATOR, Role.ADMIN},
    "participants:organisation_edit": {Role.COORDINATOR, Role.ADMIN},
    "participants:person_invite": {Role.COORDINATOR, Role.ADMIN},
    "participants:person_invitation_revoke": {Role.COORDINATOR, Role.ADMIN},
    "participants:contact_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:contact_edit": {Role.COORDINATOR, Role.ADMIN},
    "participants:municipality_list": {Role.COORDINATOR, Role.ADMIN},
    "participants:municipality_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:municipality_edit": {Role.COORDINATOR, Role.ADMIN},
    "participants:neighbourhood_create": {Role.COORDINATOR, Role.ADMIN},
    "participants:neighbourhood_edit": {Role.COORDINATOR, Role.ADMIN},
    "participants:import_upload": {Role.COORDINATOR, Role.ADMIN},
    "participants:import_preview": {Role.COORDINATOR, Role.ADMIN},
    "participants:buddy_signup": EVERYONE,
    "participants:buddy_signup_thanks": EVERYONE,
    # Matching
    "matching:overview": {Role.COORDINATOR, Role.ADMIN},
    "matching:newcomer_list": {Role.COORDINATOR, Role.ADMIN},
    "matching:suggestions": {Role.COORDINATOR, Role.ADMIN},
    "matching:match_create": {Role.COORDINATOR, Role.ADMIN},
    "matching:exclusion_add": {Role.COORDINATOR, Role.ADMIN},
    "matching:exclusion_remove": {Role.COORDINATOR, Role.ADMIN},
    "matching:note_set": {Role.COORDINATOR, Role.ADMIN},
    "matching:cohort_proposal": {Role.COORDINATOR, Role.ADMIN},
    "matching:proposal_change": {Role.COORDINATOR, Role.ADMIN},
    "matching:proposal_confirm": {Role.COORDINATOR, Role.ADMIN},
    "matching:weights": {Role.COORDINATOR, Role.ADMIN},
    "matching:match_list": {Role.COORDINATOR, Role.ADMIN},
    "matching:match_detail": {Role.COORDINATOR, Role.ADMIN},
    "matching:match_introduce": {Role.COORDINATOR, Role.ADMIN},
    "matching:match_activate": {Role.COORDINATOR, Role.ADMIN},
    "matching:match_end": {Role.COORDINATOR, Role.ADMIN},
    "matching:checkin_add": {Role.COORDINATOR, Role.ADMIN},
    # Cohorts: programmes, cohorts, enrolment, groups, schedule, closing (coordinators)
    "cohorts:programme_list": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:programme_create": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:programme_edit": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_list": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_create": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_detail": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_edit": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_status": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_place": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_buddies": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:enrolment_leave": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_groups": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:group_create": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:group_edit": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:group_delete": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_sessions": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:sessions_generate": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:holiday_add": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:school_holidays_add": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:holiday_delete": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_feed": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:cohort_close": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:growth_notes": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:certificates_request": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:certificate_request": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:session_list": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:session_create": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:session_detail": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:session_edit": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:session_cancel": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:register": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:register_rest": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:register_visitors": {Role.COORDINATOR, Role.ADMIN},
    "cohorts:register_mark": {Role.COORDINATOR, Role.ADMIN},
    # Cohorts: a coach's group, a leader's attendance, a volunteer's own sessions (others' 404)
    "cohorts:my_group": {Role.COACH},
    "cohorts:attendance": {Role.COACH, Role.VOLUNTEER},
    "cohorts:attendance_rest": {Role.COACH, Role.VOLUNTEER},
    "cohorts:attendance_mark": {Role.COACH, Role.VOLUNTEER},
    "cohorts:visitors": {Role.COACH, Role.VOLUNTEER},
    "cohorts:my_sessions": {Role.COACH, Role.VOLUNTEER},
    "cohorts:my_feed": {Role.COACH, Role.VOLUNTEER},
    "cohorts:my_reminders": {Role.COACH, Role.VOLUNTEER},
    "cohorts:my_session_detail": {Role.COACH, Role.VOLUNTEER},
    "cohorts:my_session_ics": {Role.COACH, Role.VOLUNTEER},
    # Cohorts: calendar feeds (the secret token is the key) and the reminders' opt-out link
    "cohorts:feed": EVERYONE,
    "cohorts:feed_revoke": ANY_ROLE,
    "cohorts:reminders_opt_out": EVERYONE,
}

#: Every URL in these namespaces is for these roles only.
EXPECTED_NAMESPACES: dict[str, set] = {"admin": {Role.ADMIN}}

#: Admin pages that refuse even administrators for reasons of their own (read-only models,
#: an autocomplete without its query parameters): the role gets in, the page then says no.
REFUSED_INSIDE = {
    "admin:autocomplete",
    "admin:axes_accessattempt_add",
    "admin:axes_accessfailurelog_add",
    "admin:axes_accesslog_add",
}

#: URL names whose out-of-scope answer is 404 instead of 403 for roles without access.
NOT_FOUND_OK: set[str] = set()


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry


def all_url_patterns() -> list[tuple[str, URLPattern]]:
    seen = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        seen.setdefault(name, pattern)  # reverse() uses the first pattern of a name
    return sorted(seen.items())


def _kwarg_names(pattern: URLPattern) -> dict[str, str]:
    if isinstance(pattern.pattern, RoutePattern):
        return {name: type(conv).__name__ for name, conv in pattern.pattern.converters.items()}
    if isinstance(pattern.pattern, RegexPattern):
        return dict.fromkeys(pattern.pattern.regex.groupindex, "regex")
    return {}


@pytest.fixture
def sample_kwargs(db):
    """Keyword arguments that reverse each URL to an existing object where one is needed."""
    job = JobFactory(status="failed")
    device = TOTPDevice.objects.create(user=UserFactory(), name="sample")
    annual_report = DocumentFactory(kind="annual_report")  # a kind every allowed role may see
    newcomer = NewcomerFactory()
    buddy = BuddyFactory()
    consent = ConsentFactory(person=newcomer.person)
    contact = ContactPersonFactory()
    batch = ImportBatch.objects.create(
        kind="newcomers",
        filename="sample.csv",
        table={"header": ["Voornamen"], "rows": [[2, ["Amal"]]]},
        created_by=UserFactory(),
    )
    person = {"pk": newcomer.pk}
    hood = Neighbourhood.objects.first()
    neighbourhood = {"pk": hood.municipality_id, "neighbourhood_pk": hood.pk}
    return {
        "participants:newcomer_detail": person,
        "participants:newcomer_intake": person,
        "participants:newcomer_status": person,
        "participants:buddy_detail": {"pk": buddy.pk},
        "participants:buddy_intake": {"pk": buddy.pk},
        "participants:buddy_status": {"pk": buddy.pk},
        "participants:person_detail": person,
        "participants:person_edit": person,
        "participants:person_anonymise": person,
        "participants:person_invite": person,
        "participants:person_invitation_revoke": person,
        "participants:profile_add": {"pk": newcomer.pk, "profile": "maatje"},
        "participants:consent_add": person,
        "participants:consent_withdraw": {"pk": newcomer.pk, "consent_pk": consent.pk},
        "participants:health_assessment_create": person,
        "participants:evaluation_create": person,
        "participants:organisation_detail": {"pk": contact.organisation.pk},
        "participants:organisation_edit": {"pk": contact.organisation.pk},
        "participants:contact_create": {"pk": contact.organisation.pk},
        "participants:contact_edit": {"pk": contact.organisation.pk, "contact_pk": contact.pk},
        "participants:import_preview": {"pk": batch.pk},
        "participants:municipality_edit": {"pk": newcomer.person.municipality_id},
        "participants:neighbourhood_create": {"pk": newcomer.person.municipality_id},
        "participants:neighbourhood_edit": neighbourhood,
        "admin:otp_totp_totpdevice_config": {"pk": device.pk},
        "admin:otp_totp_totpdevice_qrcode": {"pk": device.pk},
        "job_detail": {"pk": job.pk},
        "job_retry": {"pk": job.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "admin:app_list": {"app_label": "vvsite"},
        "volunteers:volunteer_detail": {"pk": VolunteerFactory().pk},
        "volunteers:summary": {"year": 2025},
        "volunteers:period_reopen": {"pk": ClosedPeriodFactory().pk},
        "documents:document_detail": {"pk": annual_report.pk},
        "documents:document_download": {"pk": annual_report.pk},
        "documents:document_retry": {"pk": annual_report.pk},
        "reporting:targets": {"year": 2025},
        **_matching_samples(newcomer),
        **_cohort_samples(),
    }


def _matching_samples(newcomer) -> dict:
    from tests.matching.factories import ExclusionFactory, MatchFactory

    match = MatchFactory()
    exclusion = ExclusionFactory(newcomer=newcomer)
    cohort = {"pk": CohortFactory().pk}
    return {
        "matching:suggestions": {"pk": newcomer.pk},
        "matching:match_create": {"pk": newcomer.pk},
        "matching:exclusion_add": {"pk": newcomer.pk},
        "matching:exclusion_remove": {"pk": newcomer.pk, "exclusion_pk": exclusion.pk},
        "matching:note_set": {"pk": newcomer.pk},
        "matching:cohort_proposal": cohort,
        "matching:proposal_change": cohort,
        "matching:proposal_confirm": cohort,
        **{
            name: {"pk": match.pk}
            for name in (
                "matching:match_detail",
                "matching:match_introduce",
                "matching:match_activate",
                "matching:match_end",
                "matching:checkin_add",
                "matching:coach_checkin",
            )
        },
    }


def _cohort_samples() -> dict:
    from tests.cohorts.factories import CoachGroupFactory, enrol, group_session

    group = CoachGroupFactory()
    cohort = group.cohort
    enrolment = enrol(cohort, group=group)
    session = group_session(group)
    holiday = cohort.holidays.create(
        name="Herfstvakantie", first_day=cohort.start_date, last_day=cohort.start_date
    )
    in_cohort = {"pk": cohort.pk}
    with_enrolment = {"pk": cohort.pk, "enrolment_pk": enrolment.pk}
    on_session = {"pk": session.pk}
    return {
        "cohorts:programme_edit": {"pk": cohort.programme_id},
        **dict.fromkeys(
            [
                "cohorts:cohort_detail",
                "cohorts:cohort_edit",
                "cohorts:cohort_status",
                "cohorts:cohort_place",
                "cohorts:cohort_buddies",
                "cohorts:cohort_groups",
                "cohorts:group_create",
                "cohorts:cohort_sessions",
                "cohorts:sessions_generate",
                "cohorts:holiday_add",
                "cohorts:school_holidays_add",
                "cohorts:cohort_feed",
                "cohorts:cohort_close",
                "cohorts:certificates_request",
            ],
            in_cohort,
        ),
        "cohorts:enrolment_leave": with_enrolment,
        "cohorts:growth_notes": with_enrolment,
        "cohorts:certificate_request": with_enrolment,
        "cohorts:group_edit": {"pk": cohort.pk, "group_pk": group.pk},
        "cohorts:group_delete": {"pk": cohort.pk, "group_pk": group.pk},
        "cohorts:holiday_delete": {"pk": cohort.pk, "holiday_pk": holiday.pk},
        **dict.fromkeys(
            [
                "cohorts:session_detail",
                "cohorts:session_edit",
                "cohorts:session_cancel",
                "cohorts:register",
                "cohorts:register_rest",
                "cohorts:register_visitors",
                "cohorts:attendance",
                "cohorts:attendance_rest",
                "cohorts:visitors",
                "cohorts:my_session_detail",
                "cohorts:my_session_ics",
            ],
            on_session,
        ),
        "cohorts:register_mark": {"pk": session.pk, "enrolment_pk": enrolment.pk},
        "cohorts:attendance_mark": {"pk": session.pk, "enrolment_pk": enrolment.pk},
    }


def _url(name: str, pattern: URLPattern, samples: dict) -> str:
    if name in samples:
        return reverse(name, kwargs=samples[name])
    if isinstance(pattern.pattern, RegexPattern):
        regex = pattern.pattern.regex
        if regex.groups > len(regex.groupindex):  # unnamed groups: positional arguments
            return reverse(name, args=["1"] * regex.groups)
    kwargs = {
        key: 1 if kind == "IntConverter" else "1" for key, kind in _kwarg_names(pattern).items()
    }
    return reverse(name, kwargs=kwargs)


def _expected_roles(name: str):
    if name in EXPECTED:
        return EXPECTED[name]
    namespace = name.split(":", 1)[0] if ":" in name else ""
    return EXPECTED_NAMESPACES.get(namespace)


def test_every_url_has_an_expected_rule_and_declares_it():
    problems = undeclared_or_unexpected()
    assert not problems, "\n".join(problems)


def undeclared_or_unexpected() -> list[str]:
    problems = []
    for name, pattern in all_url_patterns():
        expected = _expected_roles(name)
        rule = rule_of(pattern.callback)
        if expected is None:
            problems.append(f"{name}: no entry in EXPECTED")
        elif rule is None:
            problems.append(f"{name}: the view declares no access rule")
        elif expected in (PUBLIC, LOGIN_ONLY):
            if rule.kind != expected:
                problems.append(f"{name}: declares {rule.kind}, expected {expected}")
        elif rule.roles != frozenset(expected):
            problems.append(f"{name}: declares {sorted(rule.roles)}, expected {sorted(expected)}")
    return problems


def _bare_view(request):
    return HttpResponse("no rule")


#: Used by the next test as a URLconf: the project's URLs plus one view that declares no rule.
urlpatterns = [
    path("zonder-regel/", _bare_view, name="home"),
    *get_resolver("vvsite.urls").url_patterns,
]


def test_a_new_view_without_a_rule_makes_the_matrix_fail(settings):
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    try:
        problems = undeclared_or_unexpected()
    finally:
        clear_url_caches()
    assert "home: the view declares no access rule" in problems


def test_the_expectations_name_no_url_that_is_gone():
    names = {name for name, _ in all_url_patterns()}
    assert set(EXPECTED) <= names, sorted(set(EXPECTED) - names)


def _check_answers(role, client, samples, *, admin: bool) -> list[str]:
    login_url = reverse("login")
    problems = []
    for name, pattern in all_url_patterns():
        expected = _expected_roles(name)
        if expected is None or name.startswith("admin:") != admin:
            continue  # unknown names are reported by the test above
        url = _url(name, pattern, samples)
        response = client.get(url)
        status = response.status_code
        location = response.get("Location", "")
        if expected == PUBLIC:
            allowed = True
        elif role is None:
            if not (status == 302 and location.startswith(login_url)):
                problems.append(f"{name} ({url}): anonymous got {status} {location}")
            continue
        else:
            allowed = expected == LOGIN_ONLY or role in expected
        if allowed:
            if status == 403 and name in REFUSED_INSIDE:
                continue
            if status in (401, 403) or status >= 500 or location.startswith(login_url):
                problems.append(f"{name} ({url}): {role or 'anonymous'} may, got {status}")
        else:
            denied = {403, 404} if name in NOT_FOUND_OK else {403}
            if status not in denied:
                problems.append(f"{name} ({url}): {role} may not, got {status}")
    return problems


ROLES = pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r or "anonymous")


@ROLES
def test_each_role_gets_the_answer_its_rule_gives(role, client_for, sample_kwargs):
    problems = _check_answers(role, client_for(role), sample_kwargs, admin=False)
    assert not problems, "\n".join(problems)


@ROLES
@pytest.mark.ignore_template_errors  # the admin's own templates use optional variables
def test_only_administrators_reach_the_django_admin(role, client_for, sample_kwargs):
    problems = _check_answers(role, client_for(role), sample_kwargs, admin=True)
    assert not problems, "\n".join(problems)
