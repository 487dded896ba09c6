"""manage.py create_staff_user: create a reviewer, fund officer, partner or administrator."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from revival_portal.accounts.roles import Role
from revival_portal.accounts.services import user_create_with_role


class Command(BaseCommand):
    help = "Create a user with a given role (reviewer, fund_officer, partner, admin or operator)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", help="Asked for interactively when omitted.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, **options):
        password = options["password"] or getpass.getpass("Password: ")
        try:
            user = user_create_with_role(
                username=options["username"],
                email=options["email"],
                password=password,
                role=options["role"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as error:
            messages = (
                [f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise CommandError("; ".join(messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} with role {options['role']}."))
