"""A real CalDAV server for the calendar sync tests: Radicale as a subprocess on a free local port,
with a temporary storage folder and plain htpasswd users (so wrong credentials get a real 401)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import caldav

USER, PASSWORD = "alice", "radicale-secret"


@dataclass
class Radicale:
    process: subprocess.Popen
    base: str

    def new_calendar(self) -> str:
        """A fresh, empty calendar of USER: its URL."""
        url = f"{self.base}/{USER}/{uuid.uuid4().hex[:12]}/"
        with caldav.DAVClient(url=url, username=USER, password=PASSWORD, timeout=10) as client:
            response = client.mkcalendar(url)
        assert response.status == 201, response.status
        return url

    def calendar(self, url: str) -> caldav.Calendar:
        """The calendar through the `caldav` client, as another app would see and edit it."""
        return caldav.DAVClient(url=url, username=USER, password=PASSWORD, timeout=10).calendar(url=url)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(folder: Path) -> Radicale:
    port = _free_port()
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, our own config
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Radicale(process, f"http://127.0.0.1:{port}")
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("Radicale did not start")
