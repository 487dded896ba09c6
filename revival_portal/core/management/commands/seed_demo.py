"""manage.py seed_demo: one user per role with known passwords, then each app's demo data.

Each app that has a ``demo`` module with ``seed(*, users, stdout)`` adds its own records, in
INSTALLED_APPS order. Running the command again changes nothing and prints the sign-ins again.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import module_has_submodule

from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.accounts.services import user_create_with_role

DEMO_PASSWORD = "Demo-pass-1404"

# username, role, first name, last name, national id, mobile
DEMO_USERS = [
    ("admin", Role.ADMIN, "Sara", "Ahmadi", None, None),
    ("reviewer", Role.REVIEWER, "Reza", "Karimi", None, None),
    ("reviewer2", Role.REVIEWER, "Leila", "Moradi", None, None),
    ("fund_officer", Role.FUND_OFFICER, "Hamid", "Rostami", None, None),
    ("partner", Role.PARTNER, "Navid", "Fazeli", None, None),
    ("partner2", Role.PARTNER, "Mina", "Hosseini", None, None),
    ("association", Role.ASSOCIATION_REPRESENTATIVE, "Kaveh", "Bahrami", None, None),
    ("association2", Role.ASSOCIATION_REPRESENTATIVE, "Shirin", "Nazari", None, None),
    ("operator", Role.OPERATOR, "Ali", "Rezaei", "0499370899", "09121234567"),
    ("operator2", Role.OPERATOR, "Maryam", "Jafari", "0013542419", "09351234567"),
]


class Command(BaseCommand):
    help = "Create demo users (one per role, known passwords) and demo data for every app."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="the host the server will listen on")
        parser.add_argument("--port", default="8000", help="the port the server will listen on")

    def handle(self, *args, **options):
        if User.objects.filter(username="operator").exists():
            self.stdout.write("Demo data is already present; nothing was changed.")
        else:
            # The demo's people have example addresses: their notifications stay in the inbox.
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
                transaction.atomic(),
            ):
                users = self._create_users()
                for app_config in apps.get_app_configs():
                    if app_config.name.startswith("django") or not module_has_submodule(
                        app_config.module, "demo"
                    ):
                        continue
                    import_module(f"{app_config.name}.demo").seed(users=users, stdout=self.stdout)
        address = f"http://{options['host']}:{options['port']}/accounts/login/"
        self.stdout.write(self.style.SUCCESS(f"\nSign in at {address} with:"))
        for username, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {DEMO_PASSWORD}   ({Role(role).label})")

    def _create_users(self) -> dict[str, User]:
        users = {}
        for username, role, first_name, last_name, national_id, mobile in DEMO_USERS:
            users[username] = user_create_with_role(
                username=username,
                email=f"{username}@example.ir",
                password=DEMO_PASSWORD,
                role=role,
                first_name=first_name,
                last_name=last_name,
                national_id=national_id,
                mobile=mobile,
                company_name="Kavir Lead & Zinc Co." if username == "operator" else "",
                company_legal_id="10380284790" if username == "operator" else "",
            )
        self.stdout.write(f"Created {len(users)} demo users.")
        return users
