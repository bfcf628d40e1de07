"""Demo logins, one per role. Other apps add their own demo data in ``<app>/demo.py``."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from vvsite import services
from vvsite.models import Role, User


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    roles: tuple[str, ...]


DEMO_LOGINS = (
    DemoLogin("coordinator@demo.example", "Ingrid Postma", (Role.COORDINATOR,)),
    DemoLogin("coach@demo.example", "Sander Veenstra", (Role.COACH, Role.VOLUNTEER)),
    DemoLogin("vrijwilliger@demo.example", "Marieke Dijkstra", (Role.VOLUNTEER,)),
    DemoLogin("bestuur@demo.example", "Henk Zijlstra", (Role.BOARD,)),
    DemoLogin("beheerder@demo.example", "Wouter Brouwer", (Role.ADMIN,)),
)


def populate(*, rng, log) -> None:
    for login in DEMO_LOGINS:
        if not User.objects.filter(email=login.email).exists():
            services.user_create(
                email=login.email,
                full_name=login.full_name,
                roles=list(login.roles),
                password=settings.DEMO_PASSWORD,
            )
    log(f"{len(DEMO_LOGINS)} demo logins")
