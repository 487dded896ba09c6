"""Production settings: refuse to start without a secret key; pass the deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="revival_portal.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", ALLOWED_HOSTS="portal.example.ir")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_check_deploy_with_zero_issues():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.ir",
        DATABASE_URL="sqlite:////tmp/revival-check.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_a_shared_cache_fails_the_check():
    """Several workers each with a cache of their own would not see one another's invalidations."""
    result = manage(
        "check",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.ir",
        DATABASE_URL="sqlite:////tmp/revival-check.sqlite3",
        REDIS_URL="",
    )
    assert result.returncode != 0
    assert "accounts.E001" in result.stderr


def test_local_settings_need_nothing_from_the_environment():
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_"))
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "revival_portal.settings.local"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"], result.stderr


def test_every_environment_variable_the_settings_read_is_in_the_readme():
    import re

    source = "\n".join(path.read_text() for path in (ROOT / "revival_portal" / "settings").glob("*.py"))
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    assert names, "no environment variables found"
    assert {name for name in names if f"`{name}`" not in readme} == set()


def test_every_scheduled_task_exists():
    from django.conf import settings

    from revival_portal.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled
    assert scheduled - set(app.tasks) == set()
