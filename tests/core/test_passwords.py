"""Passwords through their services, called as an attacker would: who may reset whose
(docs/scope.md, "Passwords"), what is refused, and what the ledger keeps (never the secret)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.core.reasons import localize
from duban.core.selectors import user_password_resettable_by
from duban.core.services import (
    PASSWORD_ALPHABET,
    user_password_change,
    user_password_reset,
)
from duban.errors import ApplicationError, NotFound, NotPermitted
from tests.factories import make_organization, make_user
from tests.permissions import nothing_changes

pytestmark = pytest.mark.django_db

OLD = "Test-password-2026"
NEW = "Lukou-river-bridge-77"


def password_works(user: Any, password: str) -> bool:
    return get_user_model().objects.get(pk=user.pk).check_password(password)


@pytest.fixture
def hunan(counties) -> Any:
    """The counties' city (株洲, under 湖南), a 湖南 province office with its admin, and an
    admin of 江西's province office, who sees nothing of 湖南."""
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    jiangxi = make_organization(
        "江西省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="360000"
    )
    counties.province_admin = make_user("hunan_admin", organization=province, role=Role.ADMIN)
    counties.jiangxi_admin = make_user("jiangxi_admin", organization=jiangxi, role=Role.ADMIN)
    counties.lukou_admin = make_user("lukou_admin", organization=counties.lukou, role=Role.ADMIN)
    return counties


# Who may reset whose


def test_a_reporter_resetting_a_reviewers_password_is_refused(hunan):
    with nothing_changes(), pytest.raises(NotPermitted) as refused:
        user_password_reset(actor=hunan.lukou_reporter, user=hunan.city_reviewer, password=NEW)
    assert refused.value.code == "not_an_administrator"
    assert password_works(hunan.city_reviewer, OLD)


def test_a_reviewer_is_no_administrator_even_over_what_they_review(hunan):
    with nothing_changes(), pytest.raises(NotPermitted):
        user_password_reset(actor=hunan.city_reviewer, user=hunan.lukou_reporter)


def test_an_admin_of_another_province_finds_no_such_user(hunan):
    with nothing_changes(), pytest.raises(NotFound) as refused:
        user_password_reset(actor=hunan.jiangxi_admin, user=hunan.lukou_reporter, password=NEW)
    assert refused.value.code == "user_not_found"
    assert password_works(hunan.lukou_reporter, OLD)


def test_a_county_admin_resets_their_county_not_the_sibling_county(hunan):
    assert set(user_password_resettable_by(hunan.lukou_admin)) == {hunan.lukou_reporter}
    with nothing_changes(), pytest.raises(NotFound):
        user_password_reset(actor=hunan.lukou_admin, user=hunan.hetang_reporter)


def test_an_admin_does_not_reset_someone_who_also_sits_above_them(hunan):
    # The city reviewer takes a seat in the county too: a county admin must not take over
    # the city reviewer's login through it.
    from duban.core.services import membership_grant

    membership_grant(
        actor=SYSTEM, user=hunan.city_reviewer, organization=hunan.lukou, role=Role.VIEWER
    )
    with nothing_changes(), pytest.raises(NotFound):
        user_password_reset(actor=hunan.lukou_admin, user=hunan.city_reviewer)
    user_password_reset(actor=hunan.province_admin, user=hunan.city_reviewer, password=NEW)
    assert password_works(hunan.city_reviewer, NEW)


def test_nobody_resets_their_own_password_or_an_administrators_a_superuser(hunan):
    superuser = make_user("root", is_superuser=True)
    with pytest.raises(NotFound):
        user_password_reset(actor=hunan.province_admin, user=hunan.province_admin)
    with pytest.raises(NotFound):
        user_password_reset(actor=hunan.province_admin, user=superuser)
    user_password_reset(actor=superuser, user=hunan.province_admin, password=NEW)
    assert password_works(hunan.province_admin, NEW)


def test_a_stationed_groups_admin_does_not_run_the_departments_logins(hunan):
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    group = make_organization(
        "驻渌口区住建局纪检组",
        kind=OrganizationKind.STATIONED_GROUP,
        parent=commission,
        stationed_in=hunan.lukou,
    )
    group_admin = make_user("group_admin", organization=group, role=Role.ADMIN)
    group_member = make_user("group_member", organization=group, role=Role.SUPERVISOR)
    assert list(user_password_resettable_by(group_admin)) == [group_member]


# What a reset does and records


def test_a_province_admin_resets_a_county_user_to_a_generated_password(hunan):
    password = user_password_reset(actor=hunan.province_admin, user=hunan.lukou_reporter)

    assert len(password) == 19 and set(password.replace("-", "")) <= set(PASSWORD_ALPHABET)
    assert password_works(hunan.lukou_reporter, password)
    event = Event.objects.get(verb="password.reset")
    assert (event.actor, event.subject_id) == (hunan.province_admin, str(hunan.lukou_reporter.pk))
    assert event.data == {"user": hunan.lukou_reporter.pk, "username": "lukou", "generated": True}
    assert password not in json.dumps(event.data)


def test_two_generated_passwords_differ(hunan):
    first = user_password_reset(actor=SYSTEM, user=hunan.lukou_reporter)
    assert first != user_password_reset(actor=SYSTEM, user=hunan.lukou_reporter)


@pytest.mark.parametrize("weak", ["12345678", "password", "lukou123", "Ab-1"])
def test_a_typed_password_the_validators_reject_is_refused_on_its_field(hunan, weak):
    with nothing_changes(), pytest.raises(ApplicationError) as refused:
        user_password_reset(actor=hunan.province_admin, user=hunan.lukou_reporter, password=weak)
    assert refused.value.code == "password_rejected"
    reason = refused.value.fields["password"]
    assert reason.code == "password_rejected" and reason.isascii()
    with translation.override("zh-hans"):
        assert not localize(reason).isascii()  # the validators' own words, in Chinese


def test_a_typed_password_is_set_and_recorded_as_typed(hunan):
    user_password_reset(actor=hunan.province_admin, user=hunan.lukou_reporter, password=NEW)
    assert password_works(hunan.lukou_reporter, NEW)
    assert Event.objects.get(verb="password.reset").data["generated"] is False


# Changing one's own


def test_a_user_changes_their_own_password_with_the_current_one(hunan):
    user = user_password_change(actor=hunan.lukou_reporter, old_password=OLD, new_password=NEW)
    assert user.check_password(NEW)
    event = Event.objects.get(verb="password.changed")
    assert event.actor == hunan.lukou_reporter
    assert event.data == {"user": hunan.lukou_reporter.pk, "username": "lukou"}


def test_a_wrong_current_password_changes_nothing(hunan):
    with nothing_changes(), pytest.raises(ApplicationError) as refused:
        user_password_change(actor=hunan.lukou_reporter, old_password="guess", new_password=NEW)
    assert refused.value.fields["old_password"].code == "wrong_password"


def test_a_weak_new_password_changes_nothing(hunan):
    with nothing_changes(), pytest.raises(ApplicationError) as refused:
        user_password_change(actor=hunan.lukou_reporter, old_password=OLD, new_password="lukou")
    assert refused.value.fields["new_password"].code == "password_rejected"


def test_the_system_has_no_password_of_its_own(hunan):
    with pytest.raises(NotPermitted):
        user_password_change(actor=SYSTEM, old_password=OLD, new_password=NEW)
    with pytest.raises(TypeError):
        user_password_change(actor=None, old_password=OLD, new_password=NEW)
