"""A mail backend for the fault tests: each message becomes one file in MAILBOX_DIR.

Worker processes and the test process share the folder, so the test counts what really left,
and by Message-ID, duplicates included. MAILBOX_DELAY (seconds) stands for a slow mail server,
so that faults land while a task is sending."""

import os
import time
import uuid
from email import message_from_binary_file

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def mailbox_dir():
    return getattr(settings, "MAILBOX_DIR", "") or os.environ["MAILBOX_DIR"]


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = mailbox_dir()
        delay = float(os.environ.get("MAILBOX_DELAY", "0"))
        for message in email_messages:
            if delay:
                time.sleep(delay)
            name = uuid.uuid4().hex
            tmp = os.path.join(folder, f".{name}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(message.message().as_bytes())
            os.replace(tmp, os.path.join(folder, f"{name}.eml"))  # a whole message or none
        return len(email_messages)


def message_ids(folder):
    """The Message-ID of every message in the folder, one entry per message (duplicates kept)."""
    ids = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".eml"):
            with open(os.path.join(folder, name), "rb") as fh:
                ids.append(message_from_binary_file(fh)["Message-ID"])
    return ids
