import random
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from vvsite.demo import DEMO_LOGINS
from vvsite.models import Role, User


class Command(BaseCommand):
    help = (
        "Fill the database with invented demo people and print a demo login per role. "
        "Each app adds its part in <app>/demo.py (a populate(rng=, log=) function)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Empty the database first (all data is lost)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed for reproducible data.")

    def handle(self, *args, reset: bool, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded into a production database.")
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        if User.objects.filter(email=DEMO_LOGINS[0].email).exists():
            self.stdout.write("Demo data is already present (use --reset to start again).")
        else:
            self._populate(random.Random(seed))
        self._print_logins()

    @transaction.atomic
    def _populate(self, rng: random.Random) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.path.startswith(str(settings.BASE_DIR)) and find_spec(module_name):
                module = import_module(module_name)
                if hasattr(module, "populate"):
                    module.populate(rng=rng, log=lambda text: self.stdout.write(f"  {text}"))
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write("Demo logins (password: %s)" % settings.DEMO_PASSWORD)
        for login in DEMO_LOGINS:
            roles = ", ".join(str(Role(role).label) for role in login.roles)
            self.stdout.write(f"  {login.email:<28} {roles}")
        self.stdout.write("")
