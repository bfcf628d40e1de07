"""Pages for intake: thin views over ``services`` (writes) and ``selectors`` (reads)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from django_tables2 import RequestConfig

from participants import privacy, selectors, services
from participants.filters import BuddyFilter, NewcomerFilter, OrganisationFilter, WaitingListFilter
from participants.forms import (
    AnonymiseForm,
    BuddyIntakeForm,
    BuddyRegistrationForm,
    BuddySignupForm,
    ColumnMappingForm,
    ConsentForm,
    ConsentWithdrawForm,
    ContactPersonForm,
    EvaluationForm,
    HealthAssessmentForm,
    ImportForm,
    MunicipalityForm,
    NeighbourhoodForm,
    NewcomerIntakeForm,
    NewcomerRegistrationForm,
    OrganisationForm,
    PersonForm,
    ReferralDecisionForm,
    StatusForm,
)
from participants.models import (
    HEALTH_DIMENSIONS,
    Buddy,
    Consent,
    ContactPerson,
    ImportBatch,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
)
from participants.spreadsheets.checking import import_check, mapping_propose, mapping_remember
from participants.spreadsheets.columns import columns_for
from participants.spreadsheets.exporting import export_rows
from participants.spreadsheets.reading import Table, read_table
from participants.tables import BuddyTable, NewcomerTable, OrganisationTable, WaitingListTable
from vvsite.access import can, public, requires
from vvsite.documents.spreadsheets import export_csv, export_xlsx
from vvsite.forms import error_text, form_errors
from vvsite.history import history_entries
from vvsite.jobs import job_enqueue
from vvsite.selectors import account_state
from vvsite.throttle import client_ip

PER_PAGE = 25


# --- Lists and exports ---------------------------------------------------------------------------


def _list(request, *, kind: str, filterset, table_class, title: str):
    table = table_class(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "participants/person_list.html",
        {"filterset": filterset, "table": table, "kind": kind, "title": title},
    )


@requires("people.manage")
def newcomer_list(request: HttpRequest) -> HttpResponse:
    filterset = NewcomerFilter(request.GET or None, selectors.newcomers_visible_to(request.user))
    return _list(
        request,
        kind="newcomers",
        filterset=filterset,
        table_class=NewcomerTable,
        title=_("Newcomers"),
    )


@requires("people.manage")
def buddy_list(request: HttpRequest) -> HttpResponse:
    filterset = BuddyFilter(request.GET or None, selectors.buddies_visible_to(request.user))
    return _list(
        request, kind="buddies", filterset=filterset, table_class=BuddyTable, title=_("Buddies")
    )


def _export(request, *, kind: str, filterset) -> HttpResponse:
    profiles = filterset.qs.order_by("person__family_name", "person__given_names", "pk")
    rows = export_rows(kind, profiles.iterator(chunk_size=1000))
    stamp = timezone.localdate().isoformat()
    name = f"{_('newcomers') if kind == 'newcomers' else _('buddies')}-{stamp}"
    if request.GET.get("format") == "xlsx":
        content = export_xlsx(rows, title=name)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filename = f"{name}.xlsx"
    else:
        content = export_csv(rows)
        content_type = "text/csv; charset=utf-8"
        filename = f"{name}.csv"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@requires("people.manage")
def newcomer_export(request: HttpRequest) -> HttpResponse:
    filterset = NewcomerFilter(request.GET or None, selectors.newcomers_visible_to(request.user))
    return _export(request, kind="newcomers", filterset=filterset)


@requires("people.manage")
def buddy_export(request: HttpRequest) -> HttpResponse:
    filterset = BuddyFilter(request.GET or None, selectors.buddies_visible_to(request.user))
    return _export(request, kind="buddies", filterset=filterset)


@requires("people.manage")
def waiting_list(request: HttpRequest) -> HttpResponse:
    filterset = WaitingListFilter(request.GET or None, selectors.waiting_list(request.user))
    table = WaitingListTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request, "participants/waiting_list.html", {"filterset": filterset, "table": table}
    )


# --- Registration -------------------------------------------------------------------------------


def _register(request, *, form_class, prefix: str, register, done: str, title, back: str):
    """Register a new person in one role: personal data plus the role's registration form."""
    person_form = PersonForm(request.POST or None, prefix="person")
    form = form_class(request.POST or None, prefix=prefix)
    if request.method == "POST" and all([person_form.is_valid(), form.is_valid()]):
        profile = register(person=person_form.instance, fields=form.cleaned_data, by=request.user)
        messages.success(request, done)
        return redirect(f"participants:{prefix}_detail", pk=profile.pk)
    return render(
        request,
        "participants/person_create.html",
        {
            "forms": [person_form, form],
            "person_form": person_form,
            "title": title,
            "cancel_url": reverse(back),
        },
    )


@requires("people.manage")
def newcomer_create(request: HttpRequest) -> HttpResponse:
    return _register(
        request,
        form_class=NewcomerRegistrationForm,
        prefix="newcomer",
        register=services.newcomer_register,
        done=_("The newcomer has been registered."),
        title=_("Register a newcomer"),
        back="participants:newcomer_list",
    )


@requires("people.manage")
def buddy_create(request: HttpRequest) -> HttpResponse:
    return _register(
        request,
        form_class=BuddyRegistrationForm,
        prefix="buddy",
        register=services.buddy_register,
        done=_("The buddy has been registered."),
        title=_("Register a buddy"),
        back="participants:buddy_list",
    )


# --- The person page ------------------------------------------------------------------------------


def _person_page(request, person: Person, *, focus: str) -> HttpResponse:
    newcomer = selectors.profile_of(person, "newcomer")
    buddy = selectors.profile_of(person, "buddy")
    consents = list(person.consents.select_related("recorded_by", "withdrawn_by"))
    active = {consent.kind for consent in consents if consent.withdrawn_on is None}
    may_process = Consent.Kind.PROCESSING in active
    assessments = list(person.health_assessments.all()) if may_process else []
    context = {
        "person": person,
        "newcomer": newcomer,
        "buddy": buddy,
        "focus": focus,
        "consents": consents,
        "active_consents": active,
        "may_process": may_process,
        "shares_with_buddy": Consent.Kind.SHARE_WITH_BUDDY in active,
        "may_use_photos": Consent.Kind.PHOTOS in active,
        "missing_consents": [
            (kind, label) for kind, label in Consent.Kind.choices if kind not in active
        ],
        "consent_form": ConsentForm(prefix="consent"),
        "withdraw_form": ConsentWithdrawForm(initial={"withdrawn_on": timezone.localdate()}),
        "health_assessments": assessments,
        "health_rows": [
            {"label": label, "scores": [getattr(a, name) for a in assessments]}
            for name, label in HEALTH_DIMENSIONS
        ],
        "evaluations": list(person.evaluations.all()) if may_process else [],
        "duplicates": services.person_duplicates(
            given_names=person.given_names,
            family_name=person.family_name,
            birth_date=person.birth_date,
            phone=person.phone,
            email=person.email,
            exclude_pk=person.pk,
        ),
        "newcomer_steps": _steps(newcomer, services.newcomer_next_steps) if newcomer else [],
        "buddy_steps": _steps(buddy, services.buddy_next_steps) if buddy else [],
        "stop_reasons": Newcomer.StopReason.choices,
        "account": account_state(person.user),
        "timeline": (
            selectors.person_timeline(person, newcomer=newcomer, buddy=buddy)
            if can(request.user, "people.history")
            else None
        ),
    }
    return render(request, "participants/person_detail.html", context)


def _steps(profile, next_steps) -> list[tuple[str, str]]:
    """The statuses a coordinator can pick; "intake done" comes from recording the intake."""
    labels = dict(profile.Status.choices)
    return [(step, labels[step]) for step in next_steps(profile) if step != "intake_done"]


@requires("people.manage")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.person_for_page(request.user, pk), pk=pk)
    return _person_page(request, person, focus="")


@requires("people.manage")
def newcomer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        selectors.person_for_page(request.user, pk), pk=pk, newcomer__isnull=False
    )
    return _person_page(request, person, focus="newcomer")


@requires("people.manage")
def buddy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        selectors.person_for_page(request.user, pk), pk=pk, buddy__isnull=False
    )
    return _person_page(request, person, focus="buddy")


@requires("people.manage")
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase what identifies a person, after they asked for it; asks for confirmation first."""
    person = get_object_or_404(selectors.person_for_page(request.user, pk), pk=pk)
    form = AnonymiseForm(request.POST if request.method == "POST" else None)
    blockers = privacy.anonymise_blockers(person)
    if request.method == "POST" and form.is_valid() and not blockers:
        try:
            privacy.person_anonymise(person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The person has been anonymised."))
            return redirect("participants:person_detail", pk=person.pk)
    context = {"person": person, "form": form, "blockers": blockers}
    return render(request, "participants/person_anonymise.html", context)


def _back_to_person(request, person: Person) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    if Newcomer.objects.filter(pk=person.pk).exists():
        return redirect("participants:newcomer_detail", pk=person.pk)
    if Buddy.objects.filter(pk=person.pk).exists():
        return redirect("participants:buddy_detail", pk=person.pk)
    return redirect("participants:person_detail", pk=person.pk)


@requires("people.manage")
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    form = PersonForm(request.POST or None, instance=person, prefix="person")
    if request.method == "POST" and form.is_valid():
        services.person_save(person=form.instance, by=request.user)
        messages.success(request, _("The personal details have been saved."))
        return _back_to_person(request, person)
    return render(
        request,
        "participants/person_edit.html",
        {"form": form, "person": person, "next": request.GET.get("next", "")},
    )


@requires("people.manage")
@require_POST
def profile_add(request: HttpRequest, pk: int, profile: str) -> HttpResponse:
    """Give a person already in the records a second role: a former newcomer becomes a buddy."""
    if profile not in ("nieuwkomer", "maatje"):
        raise Http404
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    try:
        if profile == "nieuwkomer":
            services.newcomer_register(person=person, by=request.user)
            messages.success(
                request,
                _("%(name)s is now also registered as a newcomer.") % {"name": person.display_name},
            )
            return redirect("participants:newcomer_detail", pk=person.pk)
        services.buddy_register(person=person, by=request.user)
        messages.success(
            request,
            _("%(name)s is now also registered as a buddy.") % {"name": person.display_name},
        )
        return redirect("participants:buddy_detail", pk=person.pk)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _back_to_person(request, person)


# --- Intake ---------------------------------------------------------------------------------------


def _intake(request, profile, *, form_class, record, title, detail: str, then=None) -> HttpResponse:
    """The intake conversation of a newcomer or buddy, recorded in one go by ``record``;
    ``then(profile)`` may name the next step (else the person's page)."""
    form = form_class(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            record(profile, by=request.user, **form.intake_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The intake has been recorded."))
            return redirect((then and then(request, profile)) or reverse(detail, args=[profile.pk]))
    return render(
        request,
        "participants/intake_form.html",
        {
            "form": form,
            "person": profile.person,
            "title": title,
            "cancel_url": reverse(detail, args=[profile.pk]),
        },
    )


@requires("people.manage")
def newcomer_intake(request: HttpRequest, pk: int) -> HttpResponse:
    return _intake(
        request,
        get_object_or_404(selectors.newcomers_visible_to(request.user), pk=pk),
        form_class=NewcomerIntakeForm,
        record=lambda newcomer, **data: services.newcomer_intake_record(newcomer=newcomer, **data),
        title=_("Intake of a newcomer"),
        detail="participants:newcomer_detail",
    )


@requires("people.manage")
def buddy_intake(request: HttpRequest, pk: int) -> HttpResponse:
    return _intake(
        request,
        get_object_or_404(selectors.buddies_visible_to(request.user), pk=pk),
        form_class=BuddyIntakeForm,
        record=lambda buddy, **data: services.buddy_intake_record(buddy=buddy, **data),
        title=_("Intake of a buddy"),
        detail="participants:buddy_detail",
        then=_offer_invitation,
    )


def _offer_invitation(request, buddy) -> str | None:
    """Once a buddy's certificate of conduct is in and their training done, the coordinator is
    offered their login in the same step."""
    ready = buddy.vog_received_on and buddy.training_completed_on
    if not (ready and can(request.user, "accounts.invite")):
        return None
    if not account_state(buddy.person.user).may_invite:
        return None
    messages.info(request, _("The intake is complete: invite the buddy to log in now?"))
    return reverse("participants:person_invite", args=[buddy.pk])


def _status_change(request, profile, transition, detail_name: str) -> HttpResponse:
    form = StatusForm(request.POST)
    if form.is_valid():
        kwargs = {
            "to": form.cleaned_data["to"],
            "by": request.user,
            "note": form.cleaned_data["note"],
            "expected": form.cleaned_data["expected"],
        }
        if isinstance(profile, Newcomer):
            kwargs["reason"] = form.cleaned_data["reason"]
        try:
            transition(profile, **kwargs)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("Status changed to “%(status)s”.") % {"status": profile.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a status."))
    return redirect(detail_name, pk=profile.pk)


@requires("people.manage")
@require_POST
def newcomer_status(request: HttpRequest, pk: int) -> HttpResponse:
    newcomer = get_object_or_404(selectors.newcomers_visible_to(request.user), pk=pk)
    return _status_change(
        request,
        newcomer,
        lambda profile, **kw: services.newcomer_transition(newcomer=profile, **kw),
        "participants:newcomer_detail",
    )


@requires("people.manage")
@require_POST
def buddy_status(request: HttpRequest, pk: int) -> HttpResponse:
    buddy = get_object_or_404(selectors.buddies_visible_to(request.user), pk=pk)
    return _status_change(
        request,
        buddy,
        lambda profile, **kw: services.buddy_transition(buddy=profile, **kw),
        "participants:buddy_detail",
    )


# --- Consent and assessments ----------------------------------------------------------------------


@requires("people.manage")
@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        try:
            services.consent_give(
                person=person,
                kind=form.cleaned_data["kind"],
                method=form.cleaned_data["method"],
                given_on=form.cleaned_data["given_on"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The consent has been recorded."))
    else:
        messages.error(request, form_errors(form))
    return _back_to_person(request, person)


@requires("people.manage")
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    consent = get_object_or_404(person.consents.all(), pk=consent_pk)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent,
                by=request.user,
                on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The withdrawal has been recorded."))
    else:
        messages.error(request, form_errors(form))
    return _back_to_person(request, person)


def _assessment_page(request, pk: int, *, form_class, service, title: str) -> HttpResponse:
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(person=person, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Saved."))
            return _back_to_person(request, person)
    return render(
        request,
        "participants/assessment_form.html",
        {"form": form, "person": person, "title": title},
    )


@requires("people.manage")
def health_assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_page(
        request,
        pk,
        form_class=HealthAssessmentForm,
        service=services.health_assessment_add,
        title=_("Positive Health"),
    )


@requires("people.manage")
def evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_page(
        request,
        pk,
        form_class=EvaluationForm,
        service=services.evaluation_add,
        title=_("End-of-programme evaluation"),
    )


# --- Organisations --------------------------------------------------------------------------------


@requires("people.manage")
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_visible_to(request.user).annotate(
        referred=Count("referred_newcomers", distinct=True),
        contact_count=Count("contacts", distinct=True),
    )
    filterset = OrganisationFilter(request.GET or None, organisations)
    table = OrganisationTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request, "participants/organisation_list.html", {"filterset": filterset, "table": table}
    )


@requires("people.manage")
def organisation_create(request: HttpRequest) -> HttpResponse:
    return _organisation_form(request, Organisation())


@requires("people.manage")
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    return _organisation_form(request, organisation)


def _organisation_form(request, organisation: Organisation) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_save(organisation=form.instance, by=request.user)
        messages.success(request, _("The organisation has been saved."))
        return redirect("participants:organisation_detail", pk=form.instance.pk)
    return render(
        request,
        "participants/simple_form.html",
        {
            "form": form,
            "title": organisation.name if organisation.pk else _("New organisation"),
            "cancel_url": (
                reverse("participants:organisation_detail", args=[organisation.pk])
                if organisation.pk
                else reverse("participants:organisation_list")
            ),
        },
    )


@requires("people.manage")
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    referred = organisation.referred_newcomers.select_related("person").order_by("-registered_on")
    return render(
        request,
        "participants/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": organisation.contacts.all(),
            "referred": referred[:20],
            "referred_count": referred.count(),
            "entries": history_entries(organisation) if can(request.user, "people.history") else [],
        },
    )


@requires("people.manage")
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    return _contact_form(request, organisation, ContactPerson(organisation=organisation))


@requires("people.manage")
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    contact = get_object_or_404(organisation.contacts.all(), pk=contact_pk)
    return _contact_form(request, organisation, contact)


def _contact_form(request, organisation, contact) -> HttpResponse:
    form = ContactPersonForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_save(contact=form.instance, by=request.user)
        messages.success(request, _("The contact person has been saved."))
        return redirect("participants:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "participants/simple_form.html",
        {
            "form": form,
            "title": contact.name if contact.pk else _("New contact person"),
            "cancel_url": reverse("participants:organisation_detail", args=[organisation.pk]),
        },
    )


# --- Municipalities and neighbourhoods ----------------------------------------------------------


@requires("people.manage")
def municipality_list(request: HttpRequest) -> HttpResponse:
    municipalities = selectors.municipalities_visible_to(request.user).order_by("-active", "name")
    return render(
        request, "participants/municipality_list.html", {"municipalities": municipalities}
    )


@requires("people.manage")
def municipality_create(request: HttpRequest) -> HttpResponse:
    return _municipality_form(request, Municipality())


@requires("people.manage")
def municipality_edit(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.all(), pk=pk)
    return _municipality_form(request, municipality)


def _municipality_form(request, municipality: Municipality) -> HttpResponse:
    form = MunicipalityForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        services.municipality_save(municipality=form.instance, by=request.user)
        messages.success(request, _("The municipality has been saved."))
        return redirect("participants:municipality_list")
    return render(
        request,
        "participants/simple_form.html",
        {
            "form": form,
            "title": municipality.name if municipality.pk else _("New municipality"),
            "cancel_url": reverse("participants:municipality_list"),
        },
    )


@requires("people.manage")
def neighbourhood_create(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.all(), pk=pk)
    return _neighbourhood_form(request, Neighbourhood(municipality=municipality))


@requires("people.manage")
def neighbourhood_edit(request: HttpRequest, pk: int, neighbourhood_pk: int) -> HttpResponse:
    neighbourhood = get_object_or_404(
        Neighbourhood.objects.select_related("municipality"), pk=neighbourhood_pk, municipality=pk
    )
    return _neighbourhood_form(request, neighbourhood)


def _neighbourhood_form(request, neighbourhood: Neighbourhood) -> HttpResponse:
    form = NeighbourhoodForm(request.POST or None, instance=neighbourhood)
    if request.method == "POST" and form.is_valid():
        services.neighbourhood_save(neighbourhood=form.instance, by=request.user)
        messages.success(request, _("The neighbourhood has been saved."))
        return redirect("participants:municipality_list")
    name = neighbourhood.name if neighbourhood.pk else _("New neighbourhood")
    return render(
        request,
        "participants/simple_form.html",
        {
            "form": form,
            "title": f"{neighbourhood.municipality.name} · {name}",
            "cancel_url": reverse("participants:municipality_list"),
        },
    )


# --- Import ---------------------------------------------------------------------------------------


def _batches(user):
    """Only the uploader sees an uploaded file; files older than a day are gone."""
    ImportBatch.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
    return ImportBatch.objects.filter(created_by=user)


@requires("people.manage")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Read the file once, here; the preview works on what was read."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            table = read_table(upload.read(), upload.name)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            _batches(request.user).delete()
            batch = ImportBatch.objects.create(
                kind=kind,
                filename=upload.name[:200],
                table=table.as_json(),
                mapping=mapping_propose(kind=kind, table=table),
                created_by=request.user,
            )
            return redirect("participants:import_preview", pk=batch.pk)
    return render(request, "participants/import_upload.html", {"form": form})


def _preview_forms(request: HttpRequest, batch: ImportBatch, check):
    """The column mapping and the referral decisions; the one the POST names is bound."""
    action = request.POST.get("action")
    fields = [(column.target, column.header) for column in columns_for(batch.kind)]
    mapping = ColumnMappingForm(
        request.POST if action == "map" else None, columns=check.columns, fields=fields
    )
    referrals = ReferralDecisionForm(
        request.POST if action == "referrals" else None,
        texts=check.open_referrals,
        decisions=batch.referrals,
    )
    return mapping, referrals


def _preview_save(batch: ImportBatch, table: Table, mapping, referrals) -> bool:
    """Save whichever form was sent and is valid; ``True`` when something was saved."""
    if mapping.is_bound and mapping.is_valid():
        batch.mapping = mapping.mapping()
        batch.save(update_fields=["mapping"])
        mapping_remember(kind=batch.kind, table=table, mapping=batch.mapping)
        return True
    if referrals.is_bound and referrals.is_valid():
        batch.referrals = referrals.decisions()
        batch.save(update_fields=["referrals"])
        return True
    return False


@requires("people.manage")
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Show what the upload holds, how its columns map and what its unknown referrals become;
    saving either checks again; confirming hands the writing to a background job whose
    progress this page then shows."""
    batch = get_object_or_404(_batches(request.user).select_related("job"), pk=pk)
    if batch.job is not None:
        template = (
            "participants/_import_status.html"
            if request.htmx
            else "participants/import_status.html"
        )
        return render(request, template, {"batch": batch, "job": batch.job})
    table = Table.from_json(batch.table)
    check = import_check(
        kind=batch.kind, table=table, mapping=batch.mapping, referrals=batch.referrals
    )
    form, referral_form = _preview_forms(request, batch, check)
    if _preview_save(batch, table, form, referral_form):
        return redirect("participants:import_preview", pk=batch.pk)
    if request.method == "POST" and "action" not in request.POST and check.ok:
        with transaction.atomic():
            batch.job = job_enqueue(
                task="participants.tasks.import_people",
                kwargs={"batch": batch.pk},
                by=request.user,
                key=f"import-{batch.pk}",
            )
            batch.save(update_fields=["job"])
        return redirect("participants:import_preview", pk=batch.pk)
    return render(
        request,
        "participants/import_preview.html",
        {"batch": batch, "check": check, "form": form, "referral_form": referral_form},
    )


# --- The public sign-up form ----------------------------------------------------------------------


def _client_ip(group, request) -> str:
    return client_ip(request) or "unknown"


@public
@ratelimit(key=_client_ip, rate="10/h", method="POST", block=False)
def buddy_signup(request: HttpRequest) -> HttpResponse:
    """Anyone may sign up as a buddy; a coordinator reviews the entry."""
    if request.method == "POST" and getattr(request, "limited", False):
        return render(
            request, "participants/buddy_signup.html", {"form": None, "limited": True}, status=429
        )
    form = BuddySignupForm(request.POST or None)
    if request.method == "POST":
        if form.is_spam:
            return redirect("participants:buddy_signup_thanks")  # tell a robot nothing
        if form.is_valid():
            services.buddy_signup(fields=form.cleaned_data, language=translation.get_language())
            return redirect("participants:buddy_signup_thanks")
    return render(request, "participants/buddy_signup.html", {"form": form, "limited": False})


@public
def buddy_signup_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "participants/buddy_signup_thanks.html")
