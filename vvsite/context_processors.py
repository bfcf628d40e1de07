from django.utils.functional import SimpleLazyObject

from vvsite.access import CAPABILITIES, can
from vvsite.navigation import nav_sections_for


class _Capabilities:
    """``{% if can.people_manage %}`` in templates: capability names with ``_`` for ``.``."""

    def __init__(self, user):
        self._user = user

    names = {capability.replace(".", "_"): capability for capability in CAPABILITIES}

    def __getitem__(self, name: str) -> bool:
        return can(self._user, self.names[name])


def navigation(request):
    user = request.user
    return {
        "nav_sections": SimpleLazyObject(lambda: nav_sections_for(user)),
        "can": _Capabilities(user),
    }
