"""The installed entry point, run as a real process once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crosscheck import __version__

REPO = Path(__file__).resolve().parents[1]


def test_python_dash_m_version():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "crosscheck", "--version"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"crosscheck {__version__}\n", "")
