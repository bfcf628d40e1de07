"""The audit trail of a record, as coordinators read it: who changed what, when, from what to what.

Every model that holds personal data carries ``history = HistoricalRecords()``
(django-simple-history); ``HistoryRequestMiddleware`` records the user of each change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _


def acting_user(by):
    """The user to record as a change's author: ``None`` for the system or an anonymous visitor."""
    return by if getattr(by, "pk", None) else None


KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def _display(model_field: models.Field, value) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "–"
    return str(value)


def history_entries(obj: models.Model, *, limit: int = 100) -> list[HistoryEntry]:
    """The newest ``limit`` changes of ``obj``, each with its field-by-field differences.
    One query, however long the history."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    model = type(obj)
    entries = []
    for newer, older in pairwise([*records, None]):
        if len(entries) == limit:
            break
        entry = HistoryEntry(
            when=newer.history_date,
            who=str(newer.history_user) if newer.history_user else str(_("system")),
            kind=str(KINDS.get(newer.history_type, newer.history_type)),
            reason=newer.history_change_reason or "",
        )
        if older is not None:
            for change in newer.diff_against(older).changes:
                model_field = model._meta.get_field(change.field)
                entry.changes.append(
                    Change(
                        field=str(model_field.verbose_name),
                        old=_display(model_field, change.old),
                        new=_display(model_field, change.new),
                    )
                )
        entries.append(entry)
    return entries
