"""Importing a team's daily list (services/importing.py, importer.py): all or nothing,
every row's reasons, idempotent on 受理编号, identity sealed and never echoed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from duban.complaints import errors
from duban.complaints.choices import Channel, ComplaintState, Priority, Verb
from duban.complaints.identity import unseal
from duban.complaints.importer import RegionMatcher, number_date, parse_date
from duban.complaints.models import Complaint, ComplaintIdentity
from duban.complaints.services.importing import complaints_import
from duban.core import clock
from duban.core.attachments import Upload
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.errors import NotPermitted
from tests.complaints.lists import daily_list, daily_rows, number_of, row_values

pytestmark = pytest.mark.django_db


def _import(scene, content: bytes, *, actor=None, **kwargs):
    return complaints_import(
        actor=actor or scene.w.reviewer,
        office=scene.w.office,
        upload=Upload(name="第3批.xlsx", content=content),
        **kwargs,
    )


def _reasons(result) -> list[tuple[int, str, str]]:
    return [(r.row, r.column, r.reason.code) for r in result.reasons]


def test_a_200_row_list_imports_and_a_reimport_changes_nothing(scene):
    content = daily_list(daily_rows(200))
    before = Complaint.objects.count()
    result = _import(scene, content, team=scene.team, batch_number=3)
    assert result.reasons == []
    assert len(result.created) == 200 and result.written
    assert Complaint.objects.count() == before + 200
    first = Complaint.objects.get(number=number_of(clock.today() - timedelta(days=1), 101))
    assert first.region_id == "430212" and first.channel == Channel.PHONE
    assert first.priority == Priority.URGENT and first.team == scene.team
    assert Complaint.objects.get(number=first.number.replace("0101", "0104")).region_id == "430204"
    assert Event.objects.filter(verb=Verb.RECEIVED).count() == 201  # with the scene's
    summary = Event.objects.get(verb=Verb.IMPORTED)
    assert summary.data["created"] == 200 and summary.data["rows"] == 200

    events, rows = Event.objects.count(), list(Complaint.objects.order_by("pk").values())
    again = _import(scene, content, team=scene.team, batch_number=3)
    assert again.reasons == [] and again.created == [] and len(again.unchanged) == 200
    assert not again.written
    assert Event.objects.count() == events
    assert list(Complaint.objects.order_by("pk").values()) == rows


def test_one_bad_row_among_good_ones_rejects_all_with_its_reason(scene):
    rows = daily_rows(5)
    rows[3]["行政区域"] = "火星市"
    events = Event.objects.count()
    result = _import(scene, daily_list(rows))
    assert _reasons(result) == [(6, "行政区域", errors.IMPORT_UNKNOWN_REGION.code)]
    assert result.refused and not result.written
    assert Complaint.objects.count() == 1 and Event.objects.count() == events


def test_every_rows_reasons_are_given_not_the_first(scene):
    rows = daily_rows(6)
    rows[0]["受理时间"] = "2026年13月45日"
    rows[1]["交办问题基本情况"] = ""
    rows[2]["受理编号"] = rows[1]["受理编号"]
    rows[3]["行政区域"] = "湘潭市岳塘区"  # another city's: outside 株洲's office
    rows[4]["来电/来信"] = "飞鸽传书"
    rows[5]["是否重点"] = "也许"
    result = _import(scene, daily_list(rows))
    assert _reasons(result) == [
        (3, "受理时间", errors.IMPORT_BAD_DATE.code),
        (4, "交办问题基本情况", errors.IMPORT_REQUIRED.code),
        (5, "受理编号", errors.IMPORT_DUPLICATE_NUMBER.code),
        (6, "行政区域", errors.OUTSIDE_OFFICE_REGION.code),
        (7, "举报方式", errors.IMPORT_UNKNOWN_CHANNEL.code),
        (8, "重点", errors.IMPORT_UNKNOWN_PRIORITY.code),
    ]
    assert "row 4" in result.reasons[2].reason
    assert Complaint.objects.count() == 1


def test_changed_content_on_reimport_is_a_reason_never_an_overwrite(scene):
    rows = daily_rows(3)
    assert _import(scene, daily_list(rows)).written
    rows[1]["交办问题基本情况"] = "改过的内容"
    result = _import(scene, daily_list(rows))
    assert _reasons(result) == [(4, "受理编号", errors.IMPORT_CHANGED.code)]
    assert "交办问题基本情况" in result.reasons[0].reason
    complaint = Complaint.objects.get(number=rows[1]["受理编号"])
    assert complaint.content != "改过的内容"


def test_a_number_the_scene_registered_with_other_content_is_refused(scene):
    row = row_values(0, scene.complaint.received_on)
    row["受理编号"] = scene.complaint.number
    result = _import(scene, daily_list([row]))
    assert _reasons(result) == [(3, "受理编号", errors.IMPORT_CHANGED.code)]


def test_number_date_contradicting_the_date_column(scene):
    rows = daily_rows(2)
    rows[1]["受理时间"] = clock.today() - timedelta(days=5)
    result = _import(scene, daily_list(rows))
    assert _reasons(result) == [(4, "受理编号", errors.IMPORT_NUMBER_DATE_MISMATCH.code)]


def test_without_a_date_column_the_number_gives_the_day_and_channel(scene):
    header = ("受理编号", "行政区域", "被举报对象", "交办问题基本情况")
    day = clock.today() - timedelta(days=2)
    rows = [dict(row_values(0, day)), dict(row_values(1, day))]
    rows[1]["受理编号"] = number_of(day, 102, letter="X")
    result = _import(scene, daily_list(rows, header=header, title=None))
    assert result.reasons == []
    phone, letter = (Complaint.objects.get(number=row["受理编号"]) for row in rows)
    assert phone.received_on == day and phone.channel == Channel.PHONE
    assert letter.channel == Channel.LETTER


def test_unicode_oddities_are_reasons_or_read_never_a_500(scene):
    day = clock.today() - timedelta(days=1)
    rows = daily_rows(5, day)
    full_width = str.maketrans("0123456789-", "０１２３４５６７８９－")
    rows[0]["受理时间"] = day.isoformat().translate(full_width)  # read as a date
    rows[0]["受理编号"] = rows[0]["受理编号"].translate(full_width)
    rows[1]["交办问题基本情况"] = "排污口冒黑水😡😡，附近鱼死了🐟"  # kept as written
    rows[2]["被举报对象"] = "某公司_x0000__x0007_"  # as Excel escapes control characters
    rows[3]["行政区域"] = "🏭区"
    rows[4]["详细地址"] = "渌口区\u200b南洲镇"  # a zero-width space pasted from a web page
    result = _import(scene, daily_list(rows))
    assert _reasons(result) == [
        (5, "被举报对象", errors.IMPORT_CONTROL_CHARACTERS.code),
        (6, "行政区域", errors.IMPORT_UNKNOWN_REGION.code),
        (7, "地址", errors.IMPORT_CONTROL_CHARACTERS.code),
    ]
    del rows[2:]
    assert _import(scene, daily_list(rows)).reasons == []
    assert Complaint.objects.filter(number=number_of(day, 101)).exists()
    assert "😡" in Complaint.objects.get(number=number_of(day, 102)).content


def test_identity_columns_are_sealed_and_never_echoed(scene):
    rows = daily_rows(2)
    for row in rows:
        row.update({"举报人": "钱保密", "联系电话": "13811112222"})
    rows[1]["行政区域"] = "火星市"
    extra = ("举报人", "联系电话")
    refused = _import(scene, daily_list(rows, extra_columns=extra))
    assert refused.refused
    assert all("钱保密" not in r.reason and "1381111" not in r.reason for r in refused.reasons)
    rows[1]["行政区域"] = "株洲市渌口区"
    assert _import(scene, daily_list(rows, extra_columns=extra)).written
    complaint = Complaint.objects.get(number=rows[0]["受理编号"])
    sealed = ComplaintIdentity.objects.get(complaint=complaint)
    assert "钱保密" not in sealed.token
    assert unseal(sealed.key_id, sealed.token).name == "钱保密"
    assert not complaint.anonymous
    payloads = str(list(Event.objects.values_list("data", flat=True)))
    assert "钱保密" not in payloads and "13811112222" not in payloads


def test_repeats_inside_the_list_are_linked_not_accepted_anew(scene):
    rows = daily_rows(3)
    rows[2]["被举报对象"] = rows[0]["被举报对象"]  # the same firm, in the same county
    rows[2]["行政区域"] = rows[0]["行政区域"]
    result = _import(scene, daily_list(rows))
    assert result.linked == [rows[2]["受理编号"]]
    repeat = Complaint.objects.get(number=rows[2]["受理编号"])
    assert repeat.state == ComplaintState.LINKED
    assert repeat.repeat_of == Complaint.objects.get(number=rows[0]["受理编号"])


def test_a_dry_run_counts_and_writes_nothing(scene):
    rows = daily_rows(3)
    rows[2]["被举报对象"] = rows[0]["被举报对象"]  # the same firm, in the same county
    rows[2]["行政区域"] = rows[0]["行政区域"]
    events = Event.objects.count()
    result = _import(scene, daily_list(rows), dry_run=True)
    assert len(result.created) == 3 and len(result.linked) == 1 and not result.written
    assert Complaint.objects.count() == 1 and Event.objects.count() == events


def test_who_may_not_receive_is_refused_and_nothing_changes(scene):
    content = daily_list(daily_rows(2))
    events = Event.objects.count()
    for actor in (scene.office_viewer, scene.unit_worker, scene.far_reviewer):
        with pytest.raises(NotPermitted):
            _import(scene, content, actor=actor)
    assert Complaint.objects.count() == 1 and Event.objects.count() == events
    assert _import(scene, content, actor=SYSTEM).written


@pytest.mark.parametrize(
    "content, code",
    [
        (b"not a spreadsheet", errors.IMPORT_NOT_XLSX.code),
        (b"\xd0\xcf\x11\xe0 old xls", errors.IMPORT_NOT_XLSX.code),
        (daily_list([], header=("甲", "乙", "丙")), errors.IMPORT_NO_HEADER.code),
        (daily_list([], header=("受理编号", "行政区域")), errors.IMPORT_MISSING_COLUMN.code),
    ],
)
def test_files_that_are_no_list(scene, content, code):
    result = _import(scene, content)
    assert _reasons(result) == [(0, "", code)]


def test_a_list_without_rows(scene):
    assert _reasons(_import(scene, daily_list([]))) == [(0, "", errors.IMPORT_EMPTY.code)]


@pytest.mark.parametrize(
    "text, code",
    [
        ("湖南省株洲市渌口区", "430212"),
        ("株洲市渌口区", "430212"),
        ("渌口区", "430212"),
        ("株洲 渌口", "430212"),
        ("渌口", "430212"),
        ("攸县", "430223"),
        ("株洲市", "430200"),
        ("430212", "430212"),
    ],
)
def test_region_names_as_lists_write_them(scene, text, code):
    region, reason = RegionMatcher(scene.w.office).match(text)
    assert reason is None and region is not None and region.code == code


def test_region_names_that_fit_nothing_or_fall_outside(scene):
    matcher = RegionMatcher(scene.w.office)
    assert matcher.match("攸")[1].code == errors.IMPORT_UNKNOWN_REGION.code
    assert matcher.match("长沙县")[1].code == errors.OUTSIDE_OFFICE_REGION.code
    province = scene.w.office.parent.parent or scene.w.office
    province.region_id = "430000"
    assert RegionMatcher(province).match("长沙")[1].code == errors.IMPORT_AMBIGUOUS_REGION.code


@pytest.mark.parametrize(
    "value, day",
    [
        ("2026-05-28", date(2026, 5, 28)),
        ("2026年5月28日", date(2026, 5, 28)),
        ("2026/5/28", date(2026, 5, 28)),
        ("2026.05.28 10:20", date(2026, 5, 28)),
        (46170, date(2026, 5, 28)),
        ("２０２６－０５－２８", date(2026, 5, 28)),  # full-width, NFKC
        ("5月28日", None),
        ("2026-02-30", None),
        (True, None),
    ],
)
def test_dates(value, day):
    assert parse_date(value) == day


def test_the_day_in_a_number():
    assert number_date("D3SX202505280018") == date(2025, 5, 28)
    assert number_date("X2CQ201908110030") == date(2019, 8, 11)
    assert number_date("018") is None
    assert number_date("D3SX202513280018") is None
