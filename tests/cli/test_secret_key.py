"""`duban serve` refuses weak secret keys (issue 16 item 4), naming SECRET_KEY in one line."""

from __future__ import annotations

import secrets

import pytest

from duban.config import weak_secret_key
from duban.settings import BUILTIN_SECRET_KEY
from tests.cli.test_cli_config import run_duban

WEAK_KEYS = {
    "one letter": "a",
    "built-in": BUILTIN_SECRET_KEY,
    "built-in plus a space": BUILTIN_SECRET_KEY + " ",
    "built-in with inner whitespace": BUILTIN_SECRET_KEY.replace("-", "-\t", 2),
    "built-in recased": BUILTIN_SECRET_KEY.upper(),
    "built-in padded to length": BUILTIN_SECRET_KEY + secrets.token_urlsafe(20),
    "sixty a": "a" * 60,
    "four distinct characters": "e2e-" + "k" * 60,
    "49 random characters": secrets.token_urlsafe(50)[:49],
    "django-insecure": "django-insecure-" + secrets.token_urlsafe(50),
}


@pytest.mark.parametrize("key", WEAK_KEYS.values(), ids=WEAK_KEYS.keys())
def test_weak_keys_are_refused_naming_the_variable(key):
    reason = weak_secret_key(key, builtin=BUILTIN_SECRET_KEY)
    assert reason is not None and "SECRET_KEY" in reason
    if len(key) > 8:
        assert key.strip() not in reason  # the reason never repeats the secret


def test_random_key_is_accepted():
    for _ in range(20):
        assert weak_secret_key(secrets.token_urlsafe(50), builtin=BUILTIN_SECRET_KEY) is None


@pytest.mark.parametrize(
    "key",
    ["a", BUILTIN_SECRET_KEY + " ", "a" * 60],
    ids=["one letter", "built-in plus a space", "sixty a"],
)
def test_serve_refuses_weak_key_in_one_line(key, tmp_path):
    result = run_duban("serve", SECRET_KEY=key, DUBAN_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SECRET_KEY" in lines[0]
