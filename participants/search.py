"""Search that ignores case and accents and works for every script, on SQLite and Postgres alike.

Each person carries ``search_text``: their names (Latin and own script), contact details and
postcode, normalised by ``normalise``. A query is normalised the same way and each of its words
must occur in that text. No database extension is needed, so both databases behave the same.
"""

from __future__ import annotations

import unicodedata

from django.db.models import QuerySet

# Letters that have variants people type interchangeably, mapped to one form.
_FOLD = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Persian yeh
        "ى": "ی",  # alef maksura
        "ك": "ک",  # Arabic kaf -> Persian keheh
        "ـ": None,  # tatweel (stretching), never meaningful
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
    }
)


def normalise(text: str) -> str:
    """Lower-case, accents and Arabic vowel marks removed: ``"Ayşe"`` -> ``"ayse"``,
    ``"أحمد"`` -> ``"احمد"``. Ethiopic syllables have no separate marks and stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).casefold().translate(_FOLD)


def search_text_for(person) -> str:
    """The text a person is found by."""
    phone = person.phone
    parts = [
        person.given_names,
        person.family_name,
        person.preferred_name,
        person.native_name,
        person.email,
        person.postcode,
        person.postcode.replace(" ", "") if person.postcode else "",
    ]
    if phone:
        parts += [str(phone), "0" + str(phone.national_number) if phone.country_code == 31 else ""]
    return " ".join(normalise(part) for part in parts if part)


def search(queryset: QuerySet, query: str, *, path: str = "") -> QuerySet:
    """Narrow ``queryset`` to rows whose person matches every word of ``query``.
    ``path`` leads from the queryset's model to the person (``"person__"``)."""
    for word in normalise(query).split():
        queryset = queryset.filter(**{f"{path}search_text__contains": word})
    return queryset
