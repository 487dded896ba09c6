"""Run the exact-money checks on SQLite, whatever database this session uses (CI uses PostgreSQL).

The one-machine mode runs on SQLite, whose limits differ from PostgreSQL's; a second pytest process
without ``DATABASE_URL`` runs ``test_exact_money`` there, and its fixture confirms the database is SQLite.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_exact_money_holds_on_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["EXACT_MONEY_DATABASE_VENDOR"] = "sqlite"
    env["PRIVATE_MEDIA_ROOT"] = str(tmp_path / "media")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/core/test_exact_money.py", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in summary and "skipped" not in summary and "failed" not in summary, summary
