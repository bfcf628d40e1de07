"""Export in the columns of the import (``export_rows``), so a file can go out and come back;
``vvsite.documents.spreadsheets`` writes it as CSV or Excel, with formula-like text escaped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from participants.models import Buddy, Newcomer
from participants.spreadsheets.columns import Column, columns_for


def _referral(profile) -> str:
    if profile.referral_text:
        return profile.referral_text
    return profile.referrer.name if profile.referrer_id else ""


def _export_columns(kind: str) -> list[Column]:
    status_labels = dict((Newcomer if kind == "newcomers" else Buddy).Status.choices)
    columns = [
        Column("Nummer", "person.pk"),
        *columns_for(kind),
        Column("Status", "profile.status", show=lambda value: str(status_labels.get(value, value))),
    ]
    return [
        Column(c.header, "self.referral", show=_referral) if c.name == "referral_text" else c
        for c in columns
    ]


def export_rows(kind: str, profiles: Iterable) -> Iterator[list[object]]:
    """The header and one row per profile, values as a person reads them."""
    columns = _export_columns(kind)
    yield [column.header for column in columns]
    for profile in profiles:
        row = []
        for column in columns:
            if column.owner == "self":
                value = column.show(profile)
            else:
                owner = profile.person if column.owner == "person" else profile
                value = column.show(getattr(owner, column.name))
            row.append("" if value is None else value)
        yield row
