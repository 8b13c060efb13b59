"""Every core page and API operation through the permission harness: two sibling counties of
株洲 — 渌口区 (lukou) and 荷塘区 (hetang) — each with a department, a person and a reporter, and
the city office's reviewer who sees both. A county sees its own, never its sibling's."""

from __future__ import annotations

from typing import Any

import pytest

from duban.accountability.tasks import dossier_job
from duban.core.choices import Role
from duban.core.jobs.services import JobFile, JobOutcome, job_finish, job_request
from duban.core.principal import SYSTEM
from duban.core.services import api_token_create
from tests.factories import make_user
from tests.permissions import Endpoint, NotApplicable, check, parametrize

pytestmark = pytest.mark.django_db

READING_NEEDS_NO_ROLE = NotApplicable("every member may read what is in scope")
OWN_ONLY = NotApplicable("every user has one, their own: there is no one else's")
REFERENCE_DATA = NotApplicable("the region table is public reference data, the same for all")
NO_OBJECT = NotApplicable("a list narrowed to the caller's scope has no object out of scope")
SIGNED_IN = {"lukou_reporter": 200, "city_reviewer": 200}


def _admins(s: Any) -> dict[str, Any]:
    """Admins of each county: the right to register people, each in their own county."""
    return {
        "lukou_admin": make_user("lukou_admin", organization=s.lukou, role=Role.ADMIN),
        "hetang_admin": make_user("hetang_admin", organization=s.hetang, role=Role.ADMIN),
    }


def _hetang_token(s: Any) -> dict[str, Any]:
    """A token of hetang's reporter: theirs to revoke, nobody else's (a superuser uses the CLI)."""
    token, _secret = api_token_create(actor=SYSTEM, user=s.hetang_reporter, name="脚本")
    return {"token": token}


def _hetang_job(s: Any) -> dict[str, Any]:
    """A finished job of hetang's reporter, with its file: theirs alone to follow and fetch."""
    job = job_request(
        actor=s.hetang_reporter,
        kind="accountability.dossier",
        label="一案一档",
        params={"code": "HN-ZZ-01", "format": "docx"},
        task=dossier_job,
    )
    job_finish(job, JobOutcome(file=JobFile(b"PK", "一案一档.docx", "application/octet-stream")))
    return {"job": job}


JOB_OWN = {"hetang_reporter": 200}
JOB_NOT_THEIRS = {"lukou_reporter": 404, "city_reviewer": 404}
ANYONE_MAY_ASK = NotApplicable("any signed-in user may have jobs; a job is its requester's")


def _password_change(s: Any) -> dict[str, str]:
    new = "Lukou-river-bridge-77"
    return {"old_password": "Test-password-2026", "new_password1": new, "new_password2": new}


def _person_in(organization: str) -> Any:
    return lambda s: {"name": "越权", "post": "科员", "organization": getattr(s, organization).pk}


ENDPOINTS = [
    # Pages
    Endpoint("GET /jobs/{job.pk}/", given=_hetang_job, anonymous=302,
             without_right=ANYONE_MAY_ASK, out_of_scope=JOB_NOT_THEIRS, in_scope=JOB_OWN),
    Endpoint("GET /jobs/{job.pk}/progress/", given=_hetang_job, anonymous=302,
             without_right=ANYONE_MAY_ASK, out_of_scope=JOB_NOT_THEIRS, in_scope=JOB_OWN),
    Endpoint("GET /jobs/{job.pk}/download/", given=_hetang_job, anonymous=302,
             without_right=ANYONE_MAY_ASK, out_of_scope=JOB_NOT_THEIRS, in_scope=JOB_OWN),
    Endpoint("GET /", anonymous=302, without_right=OWN_ONLY, out_of_scope=OWN_ONLY,
             in_scope=SIGNED_IN),
    Endpoint("GET /todo/count/", anonymous=302, without_right=OWN_ONLY, out_of_scope=OWN_ONLY,
             in_scope=SIGNED_IN),
    Endpoint("GET /profile/", anonymous=302, without_right=OWN_ONLY, out_of_scope=OWN_ONLY,
             in_scope=SIGNED_IN),
    Endpoint("GET /accounts/tokens/", anonymous=302, without_right=OWN_ONLY,
             out_of_scope=OWN_ONLY, in_scope=SIGNED_IN),
    Endpoint("POST /accounts/tokens/", data=lambda s: {"name": "报送脚本", "days": "30"},
             anonymous=302, without_right=OWN_ONLY, out_of_scope=OWN_ONLY,
             in_scope={"lukou_reporter": 200}, records=["token.created"]),
    Endpoint("POST /accounts/tokens/{token.pk}/revoke/", given=_hetang_token, anonymous=302,
             without_right=NotApplicable("anyone may revoke their own tokens"),
             out_of_scope={"lukou_reporter": 404, "city_reviewer": 404},
             in_scope={"hetang_reporter": 302}, records=["token.revoked"]),
    Endpoint("GET /accounts/password/", anonymous=302, without_right=OWN_ONLY,
             out_of_scope=OWN_ONLY, in_scope=SIGNED_IN),
    Endpoint("POST /accounts/password/", data=_password_change, anonymous=302,
             without_right=OWN_ONLY, out_of_scope=OWN_ONLY, in_scope={"lukou_reporter": 302},
             records=["password.changed"]),
    Endpoint("GET /accounts/password/done/", anonymous=302, without_right=OWN_ONLY,
             out_of_scope=OWN_ONLY, in_scope=SIGNED_IN),
    Endpoint("GET /accounts/users/", given=_admins, anonymous=302,
             without_right={"lukou_reporter": 403, "city_reviewer": 403},
             out_of_scope=NO_OBJECT, in_scope={"lukou_admin": 200, "hetang_admin": 200}),
    Endpoint("GET /accounts/users/{hetang_reporter.pk}/password/", given=_admins,
             anonymous=302, without_right={"lukou_reporter": 403, "city_reviewer": 403},
             out_of_scope={"lukou_admin": 404}, in_scope={"hetang_admin": 200}),
    Endpoint("POST /accounts/users/{hetang_reporter.pk}/password/", given=_admins,
             data=lambda s: {"password1": "", "password2": ""}, anonymous=302,
             without_right={"lukou_reporter": 403, "city_reviewer": 403},
             out_of_scope={"lukou_admin": 404}, in_scope={"hetang_admin": 200},
             records=["password.reset"]),
    Endpoint("GET /organizations/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope=NO_OBJECT, in_scope=SIGNED_IN),
    Endpoint("GET /organizations/{hetang.pk}/", anonymous=302,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"lukou_reporter": 404},
             in_scope={"hetang_reporter": 200, "city_reviewer": 200}),
    Endpoint("GET /people/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope=NO_OBJECT, in_scope=SIGNED_IN),
    # Pickers: search fragments, narrowed to the caller's scope (tests/core/test_pickers.py)
    Endpoint("GET /pick/organizations/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope=NO_OBJECT, in_scope=SIGNED_IN),
    Endpoint("GET /pick/people/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope=NO_OBJECT, in_scope=SIGNED_IN),
    Endpoint("GET /pick/regions/?q=4302", anonymous=302, without_right=REFERENCE_DATA,
             out_of_scope=REFERENCE_DATA, in_scope=SIGNED_IN),
    # API
    Endpoint("GET /api/regions", anonymous=401, without_right=REFERENCE_DATA,
             out_of_scope=REFERENCE_DATA, in_scope=SIGNED_IN),
    Endpoint("GET /api/regions/430202", anonymous=401, without_right=REFERENCE_DATA,
             out_of_scope=REFERENCE_DATA, in_scope=SIGNED_IN),
    Endpoint("GET /api/organizations", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope=NO_OBJECT, in_scope=SIGNED_IN),
    Endpoint("GET /api/organizations/{hetang.pk}", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"lukou_reporter": 404},
             in_scope={"hetang_reporter": 200, "city_reviewer": 200}),
    Endpoint("GET /api/people", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope=NO_OBJECT, in_scope=SIGNED_IN),
    Endpoint("POST /api/people", given=_admins, data=_person_in("lukou"), anonymous=401,
             without_right={"lukou_reporter": 403},  # in scope, but a reporter is not an admin
             out_of_scope={"hetang_admin": 404}, in_scope={"lukou_admin": 201},
             records=["person.created"]),
    Endpoint("POST /api/people", name="register a person in the sibling county",
             given=_admins, data=_person_in("hetang"),
             out_of_scope={"lukou_reporter": 404, "lukou_admin": 404}),
    Endpoint("GET /api/people/{hetang_person.pk}", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"lukou_reporter": 404},
             in_scope={"hetang_reporter": 200, "city_reviewer": 200}),
    Endpoint("GET /api/me", anonymous=401, without_right=OWN_ONLY, out_of_scope=OWN_ONLY,
             in_scope=SIGNED_IN),
    Endpoint("GET /api/events/core.organization/{hetang.pk}", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"lukou_reporter": 404},
             in_scope={"hetang_reporter": 200, "city_reviewer": 200}),
    Endpoint("GET /api/events/core.person/{hetang_person.pk}", name="events of a person",
             anonymous=401, out_of_scope={"lukou_reporter": 404},
             in_scope={"hetang_reporter": 200, "city_reviewer": 200}),
]  # fmt: skip


@parametrize(ENDPOINTS)
def test_permissions(counties, endpoint):
    check(endpoint, counties)
