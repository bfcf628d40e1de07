"""Administrators set the year's targets: for all municipalities together and per municipality."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.catalogue import TargetKpi
from reporting.dashboard import targets_for
from reporting.models import Target
from tests.reporting import world

pytestmark = pytest.mark.django_db


def url(year: int) -> str:
    return reverse("reporting:targets", args=[year])


def form_data(page, **cells) -> dict:
    """The formset as the page shows it, with some cells changed: ``newcomers__all="40"``."""
    formset = page.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for form in formset:
        code = form.initial["kpi"]
        data[form.add_prefix("kpi")] = code
        for _scope, field in form.scopes():
            value = field.value()
            data[field.html_name] = "" if value is None else str(value)
        for key, value in cells.items():
            kpi, _sep, column = key.partition("__")
            if kpi == code:
                data[form.add_prefix(column)] = value
    return data


def test_the_strategic_plans_targets_are_filled_in(administrator_client):
    page = administrator_client.get(url(2027))
    assert page.status_code == 200
    rows = {form.initial["kpi"]: form.initial for form in page.context["formset"]}
    assert set(rows) == set(TargetKpi.values)
    assert rows["newcomers"]["all"] == 40
    assert rows["cohorts_started"]["all"] == 4
    assert "all" not in rows["hours"]


def test_saving_stores_targets_for_the_whole_and_per_municipality(administrator_client):
    assen = world.place("Assen")
    page = administrator_client.get(url(2026))
    data = form_data(
        page, hours__all="7500", newcomers__all="38", **{f"newcomers__m{assen.pk}": "25"}
    )

    response = administrator_client.post(url(2026), data)

    assert response.status_code == 302
    assert targets_for([2026], None)[2026] == {"hours": 7500, "newcomers": 38}
    assert targets_for([2026], assen)[2026] == {"newcomers": 25}
    assert Target.objects.get(year=2026, kpi="hours").updated_by.email.startswith("user")


def test_clearing_a_default_keeps_it_cleared(administrator_client):
    page = administrator_client.get(url(2025))
    data = form_data(page, newcomers__all="")
    administrator_client.post(url(2025), data)

    assert "newcomers" not in targets_for([2025], None)[2025]
    assert targets_for([2025], None)[2025]["buddies"] == 35  # untouched default
    again = administrator_client.get(url(2025))
    rows = {form.initial["kpi"]: form.initial for form in again.context["formset"]}
    assert rows["newcomers"].get("all") is None


def test_a_negative_target_is_refused(administrator_client):
    page = administrator_client.get(url(2026))
    response = administrator_client.post(url(2026), form_data(page, hours__all="-5"))
    assert response.status_code == 200
    assert not Target.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_an_unchanged_page_stores_nothing_new(administrator_client):
    Target.objects.create(year=2026, kpi="hours", value=Decimal("7000"))
    page = administrator_client.get(url(2026))
    administrator_client.post(url(2026), form_data(page))
    assert list(Target.objects.values_list("kpi", "value")) == [("hours", Decimal("7000.00"))]


def test_the_menu_opens_this_years_targets(administrator_client):
    response = administrator_client.get(reverse("reporting:targets_current"))
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
