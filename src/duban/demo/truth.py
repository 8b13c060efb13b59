"""Data-truth demo: what the rules should catch in the report's cases.

株洲's three submissions to the stationed team in April 2021 (107.5, 112, 115.2 km, illustrative
figures) against 8.84 km found by the data check the 通报 required before the end of May; one photo
offered for two different tasks; one photo taken after its report was filed; a flat series of
"measured" effluent values at 杞麓湖.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.principal import SYSTEM
from duban.demo.cases import ZHUZHOU_CODE
from duban.demo.directory import Directory
from duban.demo.driving import unit_reporter
from duban.demo.images import demo_photo
from duban.rectification.models import Claim, Task
from duban.rectification.services import ClaimInput, report_submit
from duban.verification.services import signals_scan, site_check_record, verification_record


def _task(problem: str, number: int) -> Task:
    return Task.objects.select_related("problem__region", "lead_unit").get(
        problem__code=problem, number=number
    )


def load_truth(directory: Directory) -> None:
    _zhuzhou_verified(directory)
    _shared_photo(directory)
    _photo_after_report()
    _flat_series()
    signals_scan()


def _zhuzhou_verified(directory: Directory) -> None:
    survey = _task(ZHUZHOU_CODE, 1)
    group_leader = directory.people["zz_group_leader"]
    office_director = directory.people["zz_office_director"]
    with clock.frozen(date(2021, 5, 27)):
        check = site_check_record(
            actor=SYSTEM,
            organization=directory.organizations["zz_office"],
            checked_on=date(2021, 5, 27),
            region=survey.problem.region,
            place="株洲市石峰区、荷塘区老旧管网改造片区",
            unannounced=True,
            passed=False,
            latitude=Decimal("27.8710"),
            longitude=Decimal("113.1630"),
            findings="按通报要求逐段核对改造台账与现场：实际完成改造 8.84 公里，"
            "与三次报送的 107.5、112、115.2 公里严重不符。",
            inspectors=[group_leader, office_director],
            tasks=[survey],
        )
        for claim in Claim.objects.filter(task=survey, version__lte=3).order_by("version"):
            verification_record(
                actor=SYSTEM,
                claim_id=claim.pk,
                verified_value=Decimal("8.84"),
                method="site_measurement",
                checker=office_director,
                site_check=check,
                verified_on=date(2021, 5, 27),
                note="按施工图、竣工资料和现场逐段核对",
            )


def _shared_photo(directory: Directory) -> None:
    """The same picture filed for the 株洲 mechanism task and the 渌口 task."""
    picture = demo_photo("渌口区雨污分流改造现场", taken_at=datetime(2026, 10, 20, 10, 15))
    for code, number, user in [
        (ZHUZHOU_CODE, 3, directory.users["reporter"]),
        (ZHUZHOU_CODE, 5, directory.users["reporter_lukou"]),
    ]:
        task = _task(code, number)
        with clock.frozen(date(2026, 10, 29)):
            photo = attachment_store(actor=user, name="施工现场.jpg", content=picture)
            report_submit(
                actor=user,
                task_id=task.pk,
                narrative="管网施工现场照片（补充）",
                percent=task.percent,
                attachments=[photo],
            )


def _photo_after_report() -> None:
    """A 'site photo' whose camera clock says it was taken two days after the report."""
    lake = _task("YN-DX-2021-03", 1)
    reporter = unit_reporter(lake.lead_unit)
    with clock.frozen(date(2026, 11, 2)):
        staged = attachment_store(
            actor=reporter,
            name="湖滨湿地补植.jpg",
            content=demo_photo("杞麓湖湖滨湿地补植", taken_at=datetime(2026, 11, 4, 9, 30)),
        )
        report_submit(
            actor=reporter,
            task_id=lake.pk,
            narrative="完成湖滨湿地补植 1200 平方米",
            percent=45,
            attachments=[staged],
        )


def _flat_series() -> None:
    """Four months of effluent COD reported as exactly the same value."""
    sewage = _task("YN-DX-2021-03", 2)
    reporter = unit_reporter(sewage.lead_unit)
    for month in (7, 8, 9, 10):
        with clock.frozen(date(2026, month, 26)):
            report_submit(
                actor=reporter,
                task_id=sewage.pk,
                narrative="尾水处理设施运行正常",
                percent=80,
                claims=[ClaimInput("尾水COD浓度", "mg/L", Decimal("28.0"), is_cumulative=False)],
            )
