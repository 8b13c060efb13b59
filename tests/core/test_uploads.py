"""Who may put files into the system: the services decide, whoever calls them.

An attacker does not need the page or the API's upload endpoint: they can post straight to
a service's caller. So each refusal is checked at the service, and each asserts that nothing
reached the database, the ledger or the storage folder.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from duban.core import clock
from duban.core.attachments import MAX_ATTACHMENT_BYTES, Upload, attachment_upload, uploads_store
from duban.core.choices import Role
from duban.core.models import Attachment, Event
from duban.errors import NotPermitted
from duban.rectification.models import ProgressReport
from duban.rectification.services import closure_request, report_submit, task_transition
from duban.supervision.choices import NoticeLevel
from duban.supervision.services import notice_issue, notice_respond
from duban.verification.services import site_check_record
from tests.factories import make_user
from tests.images import photo


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_nothing(media, events_before: int) -> bool:
    """No attachment row, no ledger event since, no file written."""
    return (
        Attachment.objects.count() == 0
        and Event.objects.count() == events_before
        and not any(path.is_file() for path in media.rglob("*"))
    )


def evidence(seed: int = 1) -> Upload:
    return Upload(name="现场.jpg", content=photo(seed=seed), declared_type="image/jpeg")


@pytest.fixture
def housing_viewer(workflow):
    """A member of the task's lead unit who only watches."""
    return make_user("housing_viewer", organization=workflow.housing, role=Role.VIEWER)


def test_a_viewer_may_not_upload_a_file_on_its_own(workflow, housing_viewer, media):
    before = Event.objects.count()
    with pytest.raises(NotPermitted) as refused:
        attachment_upload(actor=housing_viewer, upload=evidence())
    assert refused.value.message == "viewers may not upload files"
    assert stored_nothing(media, before)


def test_a_viewer_may_not_store_the_files_of_a_service_call(workflow, housing_viewer, media):
    before = Event.objects.count()
    with pytest.raises(NotPermitted):
        uploads_store(actor=housing_viewer, uploads=[evidence()])
    assert stored_nothing(media, before)


def test_a_viewer_calling_the_report_service_with_files_stores_nothing(
    workflow, housing_viewer, media
):
    before = Event.objects.count()
    with pytest.raises(NotPermitted):
        report_submit(
            actor=housing_viewer,
            task_id=workflow.task.pk,
            narrative="已完成",
            percent=100,
            uploads=[evidence(1), evidence(2)],
        )
    assert stored_nothing(media, before)
    assert ProgressReport.objects.count() == 0


@pytest.mark.parametrize("service", ["closure", "site check", "notice response"])
def test_other_services_refuse_a_viewer_before_storing_files(
    workflow, housing_viewer, media, service
):
    w = workflow
    office_viewer = make_user("office_viewer", organization=w.office, role=Role.VIEWER)
    notice = notice_issue(
        actor=w.reviewer,
        issuer=w.office,
        target=w.housing,
        tasks=[w.task],
        level=NoticeLevel.NOTICE,
        demands="加快进度",
        due_on=clock.today() + timedelta(days=10),
    )
    for action in ("acknowledge", "start", "complete"):  # closure is asked of completed tasks
        note = (
            "整改措施已完成，完工进度未另行报送" if action == "complete" else ""
        )  # short of 80 %: explained
        task_transition(actor=w.reporter, task_id=w.task.pk, action=action, reason=note)
    calls = {
        "closure": lambda: closure_request(
            actor=housing_viewer, task_id=w.task.pk, summary="完成", uploads=[evidence()]
        ),
        "site check": lambda: site_check_record(
            actor=office_viewer,
            organization=w.office,
            checked_on=clock.today(),
            region=w.problem.region,
            place="排口",
            findings="见照片",
            inspectors=[w.signer],
            tasks=[w.task],
            uploads=[evidence()],
        ),
        "notice response": lambda: notice_respond(
            actor=housing_viewer, notice_id=notice.pk, response="已整改", uploads=[evidence()]
        ),
    }
    before = Event.objects.count()
    with pytest.raises(NotPermitted):
        calls[service]()
    assert stored_nothing(media, before)


def test_the_page_goes_through_the_same_check(workflow, housing_viewer, media):
    client = Client()
    client.force_login(housing_viewer)
    before = Event.objects.count()
    upload = SimpleUploadedFile("现场.jpg", photo(seed=3), content_type="image/jpeg")
    response = client.post(
        f"/tasks/{workflow.task.pk}/report/",
        {
            "narrative": "已完成",
            "percent": 100,
            "period_day": workflow.task.assigned_on.isoformat(),
            "attachments": upload,
            "claims-TOTAL_FORMS": 0,
            "claims-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 403
    assert stored_nothing(media, before)


def test_a_reporter_uploads_and_the_report_keeps_the_file(workflow, media):
    report = report_submit(
        actor=workflow.reporter,
        task_id=workflow.task.pk,
        narrative="开工",
        percent=10,
        uploads=[evidence(5)],
    )
    (attachment,) = report.attachments.all()
    assert attachment.uploaded_by == workflow.reporter
    assert attachment.original_name == "现场.jpg"
    assert attachment_upload(actor=workflow.reporter, upload=evidence(5)) == attachment


def test_same_bytes_from_another_user_make_a_new_record_sharing_the_stored_file(workflow, media):
    """Issue 16 item 5, at the service: storage is shared, the record is per uploader."""
    office, reporter = workflow.reviewer, workflow.reporter
    content = photo(seed=16)
    internal = attachment_upload(actor=office, upload=Upload("内部.jpg", content))
    mine = attachment_upload(actor=reporter, upload=Upload("mine.jpg", content))
    assert mine.pk != internal.pk
    assert (mine.original_name, mine.uploaded_by) == ("mine.jpg", reporter)
    assert mine.sha256 == internal.sha256 and mine.file.name == internal.file.name
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1  # bytes stored once
    # the same uploader again: their own record back, nothing new
    assert attachment_upload(actor=reporter, upload=Upload("again.jpg", content)) == mine
    assert uploads_store(actor=reporter, uploads=[Upload("x.jpg", content)]) == [mine]
    assert Attachment.objects.count() == 2


def test_a_file_over_the_size_limit_is_a_field_error_naming_the_limit(workflow, media):
    # A real multipart post through the page: the file goes to a temporary file (it is over
    # FILE_UPLOAD_MAX_MEMORY_SIZE) and is refused by attachment_store's one size rule.
    client = Client()
    client.force_login(workflow.reporter)
    before = Event.objects.count()
    too_large = b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES
    response = client.post(
        f"/tasks/{workflow.task.pk}/report/",
        {
            "narrative": "已完成",
            "percent": 100,
            "period_day": workflow.task.assigned_on.isoformat(),
            "attachments": SimpleUploadedFile("台账.pdf", too_large, "application/pdf"),
            "claims-TOTAL_FORMS": 0,
            "claims-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 400  # the form again, with the reason on its field
    form = response.context["form"]
    assert form.errors["attachments"] == ["台账.pdf 超过 20 MB。"]
    assert ProgressReport.objects.count() == 0 and stored_nothing(media, before)
