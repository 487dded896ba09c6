"""Run the mine export tests on SQLite, whatever database this session uses (CI uses PostgreSQL).

``make run`` serves the portal from SQLite, where a to-many column is aggregated with GROUP_CONCAT instead
of STRING_AGG; a second pytest process without ``DATABASE_URL`` runs ``tests/mines/test_exports.py`` there
(other mineral codes, filters, scope, formulas, the import round trip).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mine_exports_work_on_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["EXPORTS_DATABASE_VENDOR"] = "sqlite"
    env["PRIVATE_MEDIA_ROOT"] = str(tmp_path / "media")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/mines/test_exports.py", "-q", "-p", "no:cacheprovider"],
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
