from django import template
from django.utils import timezone

from reporting.charts import Chart
from reporting.dashboard import card, latest_snapshot, snapshot_figures, targets_for
from reporting.privacy import SMALL_COUNT_THRESHOLD
from reporting.privacy import small_count as _small_count

register = template.Library()


@register.filter
def small_count(value, threshold=SMALL_COUNT_THRESHOLD):
    """``{{ count|small_count }}``: the count, or "< 5" for a group smaller than five."""
    return _small_count(value, int(threshold))


@register.inclusion_tag("reporting/includes/chart.html")
def chart(chart: Chart):
    """``{% chart chart %}``: the chart as an image (CSP-safe data URI) with its numbers in a
    table beside it. The same markup works in PDFs."""
    return {"chart": chart}


#: The figures on the board's start page.
HIGHLIGHTS = ("newcomers", "buddies", "hours", "eval:dutch_improved")


@register.inclusion_tag("reporting/_highlights.html")
def kpi_highlights():
    """``{% kpi_highlights %}``: this year's key figures against their targets, from the latest
    snapshot (three queries)."""
    today = timezone.localdate()
    snapshot = latest_snapshot()
    figures = snapshot_figures(snapshot, None).get(today.year, {})
    targets = targets_for([today.year], None).get(today.year, {})
    return {
        "year": today.year,
        "snapshot": snapshot,
        "cards": [
            card(code, figures, targets, year=today.year, today=today) for code in HIGHLIGHTS
        ],
    }
