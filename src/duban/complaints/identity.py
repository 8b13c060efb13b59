"""Sealing the complainant's identity (信访工作条例 Art. 30; 检举控告工作规则 Art. 47).

The identity is one JSON object encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a
named key. `DUBAN_COMPLAINT_KEYS` lists "id:key" pairs, newest first: new identities are
sealed with the first; any listed key opens; `duban complaints rekey` re-seals every identity
with the first so an old key can then be dropped (docs/complaints.md, "Keys"). Unset, a key
derived from SECRET_KEY serves the demo and the tests.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DERIVED_KEY_ID = "derived"


@dataclass(frozen=True)
class Identity:
    """Who complained and how to reach them; every field may be empty (anonymous)."""

    name: str = ""
    phone: str = ""
    address: str = ""
    id_number: str = ""
    email: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(asdict(self).values())


def _derived() -> Fernet:
    digest = hashlib.sha256(b"duban-complaint-identity:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def keys() -> list[tuple[str, Fernet]]:
    """The configured keys, newest first; ImproperlyConfigured names a malformed entry.
    The entry "derived" (no secret) is the key derived from SECRET_KEY: listed after a new
    key, it lets `rekey` move a demo's identities off it."""
    raw = getattr(settings, "DUBAN_COMPLAINT_KEYS", "")
    if not raw.strip():
        return [(DERIVED_KEY_ID, _derived())]
    found: list[tuple[str, Fernet]] = []
    for entry in raw.split(","):
        if entry.strip() == DERIVED_KEY_ID:
            found.append((DERIVED_KEY_ID, _derived()))
            continue
        key_id, _, secret = entry.strip().partition(":")
        try:
            found.append((key_id, Fernet(secret.encode())))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"DUBAN_COMPLAINT_KEYS: key {key_id!r} is not a Fernet key (32 bytes, "
                "url-safe base64)"
            ) from error
        if not key_id:
            raise ImproperlyConfigured("DUBAN_COMPLAINT_KEYS: every key needs an id ('id:key')")
    return found


def seal(identity: Identity) -> tuple[str, str]:
    """(key id, token) for the identity, under the newest key."""
    key_id, fernet = keys()[0]
    plain = json.dumps(asdict(identity), ensure_ascii=False).encode()
    return key_id, fernet.encrypt(plain).decode()


class KeyMissing(Exception):
    """The identity was sealed with a key no longer configured."""


def unseal(key_id: str, token: str) -> Identity:
    for known_id, fernet in keys():
        if known_id == key_id:
            try:
                return Identity(**json.loads(fernet.decrypt(token.encode())))
            except InvalidToken as error:
                raise KeyMissing(key_id) from error
    raise KeyMissing(key_id)


def new_key() -> str:
    """A fresh key to put in DUBAN_COMPLAINT_KEYS."""
    return Fernet.generate_key().decode()


def derived_key_in_use() -> bool:
    """Whether identities are sealed with the key derived from SECRET_KEY: the demo's and the
    tests', refused by `duban manage check --deploy` and warned of by `duban serve`."""
    raw = getattr(settings, "DUBAN_COMPLAINT_KEYS", "")
    return raw.split(",")[0].strip() in ("", DERIVED_KEY_ID)


DERIVED_KEY_WARNING = (
    "DUBAN_COMPLAINT_KEYS is not set: complainants' identities are encrypted with a key "
    "derived from SECRET_KEY; set DUBAN_COMPLAINT_KEYS=id:key (duban complaints new-key)"
)
