"""`duban demo` serves with a background worker in its own process: a dossier asked for on
the page is made without any `duban worker` running, and its job page ends with the file."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from duban.demo.accountability import JIWEI
from tests.cli.test_demo_end_to_end import free_port

pytestmark = pytest.mark.xdist_group("demo_worker")


def wait_until_up(base: str, process: subprocess.Popen[str], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds  # the demo is built first (about a minute)
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=10)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("demo did not come up")


def test_the_demo_runs_background_jobs_in_its_own_process(tmp_path):
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "duban.cli",
            "demo",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, demo)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

        def post(path: str, fields: dict[str, str]) -> str:
            form = opener.open(f"{base}{path}").read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
            answer = opener.open(
                urllib.request.Request(
                    f"{base}{path}", data=body, headers={"Referer": f"{base}{path}"}
                )
            )
            return answer.url

        username, password, *_ = JIWEI
        assert post("/accounts/login/", {"username": username, "password": password}) == f"{base}/"
        responsibility = "/problems/AH-DX-2021-05/responsibility/"
        form = opener.open(f"{base}{responsibility}").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "format": "docx"}).encode()
        job_page = opener.open(
            urllib.request.Request(
                f"{base}/problems/AH-DX-2021-05/dossier/",
                data=body,
                headers={"Referer": f"{base}{responsibility}"},
            )
        ).url
        assert re.fullmatch(rf"{base}/jobs/[0-9a-f-]{{36}}/", job_page), job_page
        deadline = time.monotonic() + 120
        while 'data-testid="job-download"' not in (
            fragment := opener.open(f"{job_page}progress/").read().decode()
        ):
            assert 'data-state="failed"' not in fragment, fragment
            assert time.monotonic() < deadline, fragment
            time.sleep(0.5)
        document = opener.open(f"{job_page}download/")
        assert "attachment" in document.headers["Content-Disposition"]
        assert document.read().startswith(b"PK")  # a .docx is a zip
    finally:
        demo.terminate()
        demo.wait(timeout=30)
    assert "background jobs: one worker runs inside this process" in (demo.stdout.read() or "")
