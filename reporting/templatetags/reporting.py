from django import template

from reporting.charts import Chart
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
