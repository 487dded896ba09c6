"""manage.py backup FOLDER: dump the database and archive the private documents, with a manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from revival_portal.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the private documents into a new folder (see README)."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="a new or empty folder for this backup")

    def handle(self, *args, destination: Path, **options):
        try:
            manifest = backup_create(
                destination=destination,
                database=connections["default"].settings_dict,
                media_root=Path(settings.PRIVATE_MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['documents']['files'])} documents into {destination}."
        )
