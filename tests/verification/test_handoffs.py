"""A signal reaches the discipline commission over its region: raised to decide, and again
when it is referred; each once."""

from __future__ import annotations

from duban.core.choices import OrganizationKind, Role
from duban.rectification.models import Notification
from duban.verification.handoffs import signal_referred
from duban.verification.services import signal_decide, signal_refer
from tests.factories import make_organization, make_user
from tests.verification.scene import build_scene


def test_a_signal_is_handed_to_the_commission_when_raised_and_when_referred(db):
    commission = make_organization("株洲市纪委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    watcher = make_user("jw_early", organization=commission, role=Role.SUPERVISOR)
    far = make_organization(
        "湘潭市纪委", kind=OrganizationKind.DISCIPLINE_COMMISSION, region="430300"
    )
    far_supervisor = make_user("jw_far", organization=far, role=Role.SUPERVISOR)
    scene = build_scene()  # raises the false-reporting signal on 株洲's task
    signal = scene.signal
    (raised,) = Notification.objects.filter(user=watcher)
    assert raised.key == f"handoff:signal:{signal.pk}"
    assert raised.message.startswith("新问题线索待研判（报送数据多次与核查结果不符）：")
    assert scene.w.task.code in raised.message and raised.link == f"/signals/{signal.pk}/"
    signal_decide(actor=scene.supervisor, signal_id=signal.pk, confirm=True, reason="核实属实")
    signal_refer(actor=scene.supervisor, signal_id=signal.pk, note="移送审查")
    referred = Notification.objects.get(user=watcher, key=f"handoff:referral:{signal.pk}")
    assert referred.message.startswith("jw 移送已确认的问题线索")
    # The referring supervisor is not told of his own referral; another city hears nothing.
    assert not Notification.objects.filter(user=scene.supervisor, key=referred.key).exists()
    assert not Notification.objects.filter(user=far_supervisor).exists()
    assert signal_referred(actor=scene.supervisor, signal=signal) == []
