"""Charts for pages and PDFs: pygal SVG, the same image on screen and on paper.

pygal's SVG carries its own ``<style>`` and a ``<script>`` (its configuration, even with
``js=[]``). We render without pygal's JavaScript, strip every ``<script>`` and put the SVG in
an ``<img>`` as a ``data:`` URI: an image runs no script, its styles are its own, and the
page's Content-Security-Policy (no inline scripts or styles; ``img-src 'self' data:``) holds.
WeasyPrint's URL fetcher accepts the same data URI, so a PDF embeds the identical chart. The
numbers go in a table beside the chart (``{% chart %}`` in the ``reporting`` template tags).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import pygal
from django.utils.formats import number_format
from pygal.style import Style

from reporting.privacy import SMALL_COUNT_THRESHOLD, is_small, small_count

COLOURS = ("#1f5f8b", "#e07b39", "#5a9e6f", "#8c6bb1", "#c44e52", "#7f7f7f")
WIDTH, HEIGHT = 800, 400


@dataclass(frozen=True)
class Series:
    title: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A line or bar chart with its numbers. With ``people``, the values are counts of people
    and groups smaller than ``SMALL_COUNT_THRESHOLD`` are left out of the chart and shown as
    "< 5" in the table."""

    kind: str  # "line" or "bar"
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    people: bool = False
    label_title: str = ""

    @cached_property
    def svg(self) -> str:
        return _render_svg(self)

    @cached_property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT

    def plotted(self, series: Series) -> list[float | None]:
        if not self.people:
            return list(series.values)
        return [None if is_small(value) else value for value in series.values]

    @property
    def has_data(self) -> bool:
        """Whether anything is plotted (with ``people``, every group may be under five)."""
        return any(value is not None for one in self.series for value in self.plotted(one))

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """Per label, the value of each series as shown in the table."""
        return [
            (label, [self._cell(series.values[i]) for series in self.series])
            for i, label in enumerate(self.labels)
        ]

    def _cell(self, value: float | None) -> str:
        if value is None:
            return "–"
        if self.people:
            return str(small_count(int(value), SMALL_COUNT_THRESHOLD))
        return number_format(value, use_l10n=True, force_grouping=True)


def _chart(kind: str, title: str, labels, series: Mapping[str, Sequence], **options) -> Chart:
    labels = tuple(str(label) for label in labels)
    built = tuple(Series(str(name), tuple(values)) for name, values in series.items())
    for one in built:
        if len(one.values) != len(labels):
            raise ValueError(f"{one.title!r} has {len(one.values)} values for {len(labels)} labels")
    return Chart(kind=kind, title=str(title), labels=labels, series=built, **options)


def line_chart(title: str, labels, series: Mapping[str, Sequence], **options) -> Chart:
    """A trend over ``labels`` (years, months): ``series`` maps a name to one value per label."""
    return _chart("line", title, labels, series, **options)


def bar_chart(title: str, labels, series: Mapping[str, Sequence], **options) -> Chart:
    """Bars per label (e.g. actual against target per year)."""
    return _chart("bar", title, labels, series, **options)


def _strip_scripts(root):
    """A pygal XML filter: drop every ``<script>`` element."""
    for parent in list(root.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _render_svg(chart: Chart) -> str:
    style = Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1d2733",
        foreground_strong="#1d2733",
        foreground_subtle="#6c7a89",
        colors=COLOURS,
        font_family='"Noto Sans", "Noto Naskh Arabic", "Noto Sans Ethiopic", sans-serif',
        title_font_size=18,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=12,
        guide_stroke_color="#d5dde5",
        major_guide_stroke_color="#b7c4d0",
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
        stroke_width="2.5",
        opacity=".85",
    )
    config = pygal.Config(
        js=[],
        disable_xml_declaration=True,
        style=style,
        width=WIDTH,
        height=HEIGHT,
        explicit_size=True,
        title=chart.title,
        show_legend=len(chart.series) > 1,
        legend_at_bottom=True,
        print_values=False,
        include_x_axis=True,  # counts start at zero
        max_scale=6,  # a few round ticks, not one per unit
        no_data_text="–",
        truncate_label=-1,
        truncate_legend=-1,
    )
    graph = (pygal.Line if chart.kind == "line" else pygal.Bar)(config)
    graph.add_xml_filter(_strip_scripts)
    graph.x_labels = list(chart.labels)
    for series in chart.series:
        graph.add(series.title, chart.plotted(series))
    return graph.render(is_unicode=True)
