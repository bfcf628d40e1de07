"""A page with a chart, for the CSP tests only: the dashboard that will show charts comes later."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from reporting.charts import bar_chart, line_chart
from vvsite.access import public

PAGE = """{% extends "base.html" %}{% load reporting %}
{% block content %}<h1>Grafieken</h1>{% chart trend %}{% chart groups %}{% endblock %}"""


def sample_charts() -> dict:
    return {
        "trend": line_chart(
            "Deelnemers per jaar",
            [2021, 2022, 2023, 2024],
            {"Nieuwkomers": [22, 31, 38, 41], "Maatjes": [20, 29, 35, 40]},
            label_title="Jaar",
        ),
        "groups": bar_chart(
            "Deelnemers per gemeente",
            ["Noordstad", "Zuiddorp", "Westhoek"],
            {"2024": [30, 3, 8]},
            people=True,
            label_title="Gemeente",
        ),
    }


@public
def chart_page(request):
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render(sample_charts(), request))


urlpatterns = [
    path("test-grafieken/", chart_page, name="chart_page"),
    path("", include("vvsite.urls")),
]
