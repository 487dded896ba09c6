"""Backup and restore of the portal: the PostgreSQL database (pg_dump) and the private documents (a tar).

A backup is a folder holding ``database.dump`` (pg_dump's custom format), ``documents.tar.gz`` and
``manifest.json``: the SHA-256 of both archives and of every document, and per table the row count and the
total of every whole-rial money column. ``restore`` refuses an archive whose checksum differs, restores,
then recomputes the same figures in the restored database and files and refuses to call it done unless
they match. Used by ``manage.py backup`` and ``manage.py restore``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

import psycopg2
from django.utils import timezone
from psycopg2 import sql

FORMAT = 1
DATABASE_FILE = "database.dump"
DOCUMENTS_FILE = "documents.tar.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A backup could not be taken, or a restore could not be verified."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def document_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by path relative to it."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256_of(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _libpq_environment(database: dict) -> dict[str, str]:
    """pg_dump/pg_restore connection settings from a Django DATABASES entry (password never on argv)."""
    if "postgresql" not in database["ENGINE"]:
        raise BackupError("Backup and restore work on PostgreSQL only (DATABASE_URL=postgres://...).")
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _connect(database: dict):
    return psycopg2.connect(
        dbname=database["NAME"],
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    )


def database_summary(database: dict) -> dict[str, dict]:
    """Per table of the public schema: the row count, and the total of each whole-number numeric column
    (the portal's money is whole rials in such columns), as strings so that nothing is rounded."""
    summary: dict[str, dict] = {}
    with _connect(database) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type = 'numeric' AND numeric_scale = 0 ORDER BY table_name, column_name"
        )
        money: dict[str, list[str]] = {}
        for table, column in cursor.fetchall():
            money.setdefault(table, []).append(column)
        for table in tables:
            columns = money.get(table, [])
            totals = [sql.SQL("COALESCE(SUM({}), 0)::text").format(sql.Identifier(c)) for c in columns]
            cursor.execute(
                sql.SQL("SELECT {} FROM {}").format(
                    sql.SQL(", ").join([sql.SQL("COUNT(*)"), *totals]), sql.Identifier(table)
                )
            )
            row = cursor.fetchone()
            summary[table] = {"rows": row[0], "money": dict(zip(columns, row[1:], strict=True))}
    connection.close()
    return summary


def backup_create(*, destination: Path, database: dict, media_root: Path) -> dict:
    """Write the database dump, the documents archive and the manifest into ``destination``."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    if any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; give a new folder for each backup.")
    dump = destination / DATABASE_FILE
    # The PostgreSQL client tools on PATH; arguments are fixed, the connection comes from the environment.
    completed = subprocess.run(  # noqa: S603
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],  # noqa: S607
        env=_libpq_environment(database),
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")
    documents = document_checksums(media_root)
    archive = destination / DOCUMENTS_FILE
    with tarfile.open(archive, "w:gz") as tar:
        for name in documents:
            tar.add(Path(media_root) / name, arcname=name, recursive=False)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"file": DATABASE_FILE, "sha256": sha256_of(dump), "name": database["NAME"]},
        "documents": {"file": DOCUMENTS_FILE, "sha256": sha256_of(archive), "files": documents},
        # Read after the dump: a backup is taken with the portal stopped or idle (see the README).
        "tables": database_summary(database),
    }
    (destination / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def backup_restore(*, source: Path, database: dict, media_root: Path) -> dict:
    """Restore the backup in ``source`` into ``database`` and ``media_root``, then verify both."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} holds no readable {MANIFEST_FILE}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for part in ("database", "documents"):
        path = source / manifest[part]["file"]
        if not path.exists() or sha256_of(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path.name} is missing or damaged (checksum differs); nothing was restored.")

    dump = source / manifest["database"]["file"]
    arguments = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error"]
    completed = subprocess.run(  # noqa: S603
        ["pg_restore", *arguments, f"--dbname={database['NAME']}", str(dump)],  # noqa: S607
        env=_libpq_environment(database),
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        raise BackupError(f"pg_restore failed: {completed.stderr.strip()}")
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / manifest["documents"]["file"], "r:gz") as tar:
        # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
        tar.extractall(media_root, filter="data")

    problems = []
    restored_tables = database_summary(database)
    for table, expected in manifest["tables"].items():
        if restored_tables.get(table) != expected:
            problems.append(f"table {table}: expected {expected}, restored {restored_tables.get(table)}")
    restored_files = document_checksums(media_root)
    for name, checksum in manifest["documents"]["files"].items():
        if restored_files.get(name) != checksum:
            problems.append(f"document {name}: missing or different")
    if problems:
        raise BackupError("The restore does not match the backup:\n" + "\n".join(problems))
    return manifest
