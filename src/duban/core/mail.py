"""E-mail to files (the demo's digests in DUBAN_DATA_DIR/mail): Django's file backend, each
batch of messages written as its own file whole or not at all (core.files.atomic_write)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.mail.backends.filebased import EmailBackend

from duban.core.files import atomic_write

SEPARATOR = b"-" * 79 + b"\n"


class AtomicFileEmailBackend(EmailBackend):
    """Like `django.core.mail.backends.filebased.EmailBackend` (same file format), but a job
    stopped while sending leaves complete files only."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        messages = [message for message in email_messages if message.recipients()]
        if not messages:
            return 0
        content = b"".join(message.message().as_bytes() + b"\n" + SEPARATOR for message in messages)
        name = f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(6)}.log"
        atomic_write(Path(self.file_path) / name, content, replace=False)
        return len(messages)
