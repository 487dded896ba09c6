"""The WSGI entry point leaves what it loaded out of the garbage collector's passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_loaded_application_is_frozen_for_the_garbage_collector():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "revival_portal.settings.test"}
    script = "import gc, revival_portal.wsgi; print(gc.get_freeze_count())"

    frozen = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    assert int(frozen.stdout.strip()) > 10_000
