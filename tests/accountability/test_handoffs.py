"""A decided sanction reaches the person concerned, once."""

from __future__ import annotations

from duban.accountability.choices import Measure
from duban.accountability.services import sanction_decide
from duban.accountability.services.handoffs import sanction_decided
from duban.core import clock
from duban.rectification.models import Notification
from tests.accountability.conftest import proven_finding
from tests.factories import make_user


def test_a_sanction_reaches_the_sanctioned_persons_login_once(scene):
    w = scene.w
    zhou = make_user("zhou")
    w.responsible.user = zhou
    w.responsible.save(update_fields=["user"])
    finding = proven_finding(scene.case, scene.supervisor, person=w.responsible)
    sanction = sanction_decide(
        actor=scene.supervisor,
        case_id=scene.case.pk,
        finding_id=finding.pk,
        measure=Measure.GOV_WARNING,
        rank="division",
        decided_by="株洲市监委",
        decided_on=clock.today(),
    )
    (note,) = Notification.objects.filter(user=zhou)
    decision = "株洲市纪委监委 作出处理决定：周建国，警告（政务）"
    assert note.message == f"{decision}（{scene.case.number}）"
    assert note.link == "/accountability/my-sanctions/" and note.task is None
    assert not Notification.objects.filter(user=scene.supervisor).exists()
    assert sanction_decided(actor=scene.supervisor, sanction=sanction) == []
