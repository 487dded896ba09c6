"""Git tracks only source, and the tests write only to temporary folders."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not shutil.which("git") or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_git_tracks_no_build_metadata_or_test_output():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    produced = [
        path
        for path in tracked.stdout.splitlines()
        if ".egg-info/" in path or path.startswith((".test_media/", "private_media/", "staticfiles/"))
    ]
    assert produced == []
    for path in ("revival_portal.egg-info/PKG-INFO", ".test_media/reports/x.csv", "private_media/a.pdf"):
        assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0, path


def test_private_files_of_a_test_run_live_outside_the_project():
    assert not Path(settings.PRIVATE_MEDIA_ROOT).resolve().is_relative_to(ROOT)
    # Without pytest's folder, the test settings still choose the system's temporary folder.
    env = {key: value for key, value in os.environ.items() if key != "PRIVATE_MEDIA_ROOT"}
    env["DJANGO_SETTINGS_MODULE"] = "revival_portal.settings.test"
    printed = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.PRIVATE_MEDIA_ROOT)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert not Path(printed.stdout.strip()).resolve().is_relative_to(ROOT)


def test_hypothesis_keeps_its_examples_outside_the_project():
    assert not Path(os.environ["HYPOTHESIS_STORAGE_DIRECTORY"]).resolve().is_relative_to(ROOT)
