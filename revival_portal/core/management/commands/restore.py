"""manage.py restore FOLDER: restore a backup into a database and a documents folder, then verify them."""

from pathlib import Path

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from revival_portal.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` and verify row counts, money totals and document "
        "checksums against its manifest. Without options it replaces the configured database and documents."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the backup folder")
        parser.add_argument(
            "--database-url", help="restore into this (empty) database instead of the configured one"
        )
        parser.add_argument("--media-root", type=Path, help="restore the documents here instead")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing data")

    def handle(self, *args, source: Path, database_url: str | None, media_root: Path | None, **options):
        database = (
            environ.Env.db_url_config(database_url) if database_url else connections["default"].settings_dict
        )
        media_root = media_root or Path(settings.PRIVATE_MEDIA_ROOT)
        if not options["yes"]:
            answer = input(
                f"This replaces the data of database {database['NAME']!r} and the documents in {media_root}. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        connections.close_all()
        try:
            manifest = backup_restore(source=source, database=database, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Restored and verified {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['documents']['files'])} documents from {source}."
        )
