"""`make run` as a newcomer sees it: the demo logins are the last thing printed before the server
starts, not buried under a line of task log per in-process task."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_seed_demo_ends_with_the_logins(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'run.sqlite3'}"  # as `make run`: SQLite, tasks in-process
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, cwd=ROOT, check=True, capture_output=True)
    # stderr folded into stdout, in the order a terminal shows them
    run = subprocess.run(
        [*manage, "seed_demo"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = run.stdout.strip().splitlines()
    assert not [line for line in lines if line.startswith("Task ") or "No hostname" in line], run.stdout[-2000:]
    logins_at = next(i for i, line in enumerate(lines) if line.startswith("Demo data ready. Logins"))
    assert all(line.startswith("  ") for line in lines[logins_at + 1 :]), lines[logins_at:]
    assert lines[-1].split()[0] == "bluewave-ambassador"
