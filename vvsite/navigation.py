"""The main navigation: each app lists its entries, each shown only to users its view lets in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.urls import resolve, reverse

if TYPE_CHECKING:
    from vvsite.access import Rule


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "circle"  # a Bootstrap Icons name


@cache
def _rule_for(url_name: str) -> Rule:
    # Imported here because every app's apps.py imports NavItem while Django is still loading
    # the apps, and vvsite.access imports models, which must wait until they are loaded.
    from vvsite.access import rule_of

    rule = rule_of(resolve(reverse(url_name)).func)
    if rule is None:
        raise LookupError(f"The view behind {url_name!r} declares no access rule")
    return rule


@dataclass(frozen=True)
class NavSection:
    """One app's entries: a single link in the menu, or a drop-down when there are several."""

    label: str
    items: tuple[NavItem, ...]


def nav_sections_for(user) -> list[NavSection]:
    """The menu of ``user``: per app (in app order) the entries its views let the user open.
    An app names its section with ``nav_label`` (default: its verbose name)."""
    sections = []
    for config in apps.get_app_configs():
        items = tuple(
            item
            for item in getattr(config, "nav_items", ())
            if _rule_for(item.url_name).allows(user)
        )
        if items:
            sections.append(NavSection(getattr(config, "nav_label", config.verbose_name), items))
    return sections


def nav_items_for(user) -> list[NavItem]:
    """The navigation entries ``user`` may open, in app order."""
    return [item for section in nav_sections_for(user) for item in section.items]
