"""Reading score tables the way a coordinator reads them: the numbers shown on the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


def shown_number(text: str) -> int:
    """``"+12"``, ``"0"`` or ``"−4"`` (a real minus sign) as an integer."""
    return int(text.strip().replace("\N{MINUS SIGN}", "-").replace("+", ""))


@dataclass
class ScoreRow:
    attrs: dict
    points: dict[str, int] = field(default_factory=dict)  # criterion -> points shown
    point_attrs: dict[str, int] = field(default_factory=dict)
    total: int | None = None  # the score shown
    total_attr: int | None = None

    @property
    def shown_sum(self) -> int:
        return sum(self.points.values())


class _ScoreRows(HTMLParser):
    def __init__(self, testid: str):
        super().__init__()
        self.testid = testid
        self.rows: list[ScoreRow] = []
        self.row: ScoreRow | None = None
        self.criterion: str | None = None
        self.capture: str | None = None  # "points" or "total"
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "tr" and attrs.get("data-testid") == self.testid:
            self.row = ScoreRow(attrs)
            self.rows.append(self.row)
        elif self.row is None:
            return
        elif tag == "td" and "data-criterion" in attrs:
            self.criterion = attrs["data-criterion"]
            self.row.point_attrs[self.criterion] = int(attrs["data-points"])
        elif tag == "td" and "data-total" in attrs:
            self.row.total_attr = int(attrs["data-total"])
        elif tag == "span" and "points" in classes and self.criterion:
            self.capture, self.text = "points", ""
        elif tag == "strong" and "total-points" in classes:
            self.capture, self.text = "total", ""

    def handle_data(self, data):
        if self.capture:
            self.text += data

    def handle_endtag(self, tag):
        if self.row is None:
            return
        if self.capture == "points" and tag == "span":
            self.row.points[self.criterion] = shown_number(self.text)
            self.capture, self.criterion = None, None
        elif self.capture == "total" and tag == "strong":
            self.row.total = shown_number(self.text)
            self.capture = None
        elif tag == "tr":
            self.row = None


def score_rows(html: str, testid: str) -> list[ScoreRow]:
    parser = _ScoreRows(testid)
    parser.feed(html)
    return parser.rows
