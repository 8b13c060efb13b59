"""The permission vocabulary: who holds what where, who oversees which region, and the
narrowed scopes — asked of Scope, with the role sets of duban.core.roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from duban.core.choices import OrganizationKind, Role
from duban.core.models import Organization
from duban.core.principal import SYSTEM
from duban.core.roles import OVERSIGHT, REVIEWERS, SUPERVISORS, WORKERS, WRITERS, at_least
from duban.core.scope import scope_of
from duban.core.services import membership_grant
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


@dataclass
class City:
    """株洲: a government with its rectification office and a county department; the
    commission with a group stationed in that department; 湘潭 next door."""

    office: Organization
    lukou: Organization
    commission: Organization
    group: Organization
    xiangtan_office: Organization
    reviewer: Any
    reporter: Any
    viewer: Any
    group_supervisor: Any
    commission_supervisor: Any


@pytest.fixture
def city(db) -> City:
    government = make_organization("株洲市人民政府", kind=OrganizationKind.GOVERNMENT)
    office = make_organization(
        "株洲市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, parent=government
    )
    lukou = make_organization("渌口区住建局", region="430212", parent=government)
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    group = make_organization(
        "驻住建局纪检监察组",
        kind=OrganizationKind.STATIONED_GROUP,
        parent=commission,
        stationed_in=lukou,
    )
    xiangtan_office = make_organization(
        "湘潭市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430300"
    )
    return City(
        office=office,
        lukou=lukou,
        commission=commission,
        group=group,
        xiangtan_office=xiangtan_office,
        reviewer=make_user("reviewer", organization=office, role=Role.REVIEWER),
        reporter=make_user("reporter", organization=lukou, role=Role.REPORTER),
        viewer=make_user("viewer", organization=lukou, role=Role.VIEWER),
        group_supervisor=make_user("group", organization=group, role=Role.SUPERVISOR),
        commission_supervisor=make_user(
            "commission", organization=commission, role=Role.SUPERVISOR
        ),
    )


def test_role_sets_name_what_they_mean():
    assert WRITERS == {Role.REPORTER, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}
    assert WORKERS == {Role.REPORTER, Role.REVIEWER, Role.ADMIN}
    assert REVIEWERS == {Role.REVIEWER, Role.ADMIN}
    assert OVERSIGHT == {Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}
    assert SUPERVISORS == {Role.SUPERVISOR, Role.ADMIN}
    assert at_least(Role.REVIEWER) == OVERSIGHT
    assert at_least(Role.VIEWER) == WRITERS | {Role.VIEWER}
    assert at_least(Role.ADMIN) == {Role.ADMIN}


def test_a_unit_reporter_holds_work_roles_in_its_unit_only(city):
    scope = scope_of(city.reporter)
    assert scope.holds(WORKERS, city.lukou) is True
    assert scope.holds(REVIEWERS, city.lukou) is False
    assert scope.holds(WORKERS, city.office) is False
    # A department is a working organization: it oversees no region, not even its own.
    assert scope.oversees(WORKERS, "430212") is False
    assert scope.oversees_anywhere(WRITERS) is False
    assert scope.holds_anywhere(WRITERS) is True
    assert scope.holds_anywhere(REVIEWERS) is False


def test_a_viewer_holds_no_writing_role(city):
    scope = scope_of(city.viewer)
    assert scope.holds_anywhere(WRITERS) is False
    assert scope.holds({Role.VIEWER}, city.lukou) is True


def test_an_office_reviewer_oversees_its_region_and_holds_in_its_office(city):
    scope = scope_of(city.reviewer)
    assert scope.oversees(REVIEWERS, "430212") is True
    assert scope.oversees(REVIEWERS, "430200") is True
    assert scope.oversees(REVIEWERS, "430300") is False
    assert scope.oversees(SUPERVISORS, "430212") is False
    assert scope.oversees(REVIEWERS, None) is False
    assert scope.oversees_anywhere(REVIEWERS) is True
    assert scope.holds(REVIEWERS, city.office) is True
    # Overseeing the county's region is not membership of the county's department.
    assert scope.holds(REVIEWERS, city.lukou) is False


def test_a_stationed_group_holds_in_its_department_and_in_itself(city):
    scope = scope_of(city.group_supervisor)
    assert scope.holds(SUPERVISORS, city.lukou) is True
    assert scope.holds({Role.SUPERVISOR}, city.lukou) is True
    assert scope.holds(SUPERVISORS, city.group) is True  # its own, direct membership
    assert scope.holds(SUPERVISORS, city.commission) is False
    assert scope.holds(WORKERS, city.lukou) is False
    # A stationed group is not a coordinating organization: it oversees no region.
    assert scope.oversees(SUPERVISORS, "430212") is False
    assert scope.oversees_anywhere(SUPERVISORS) is False


def test_the_commission_oversees_its_region_but_not_its_stationed_group(city):
    scope = scope_of(city.commission_supervisor)
    assert scope.oversees(SUPERVISORS, "430212") is True
    assert scope.oversees(REVIEWERS, "430212") is False
    assert scope.holds(SUPERVISORS, city.commission) is True
    assert scope.holds(SUPERVISORS, city.group) is True  # the group is below the commission
    assert scope.holds(SUPERVISORS, city.lukou) is False


def test_with_roles_keeps_only_the_memberships_holding_them(city):
    membership_grant(
        actor=SYSTEM, user=city.reviewer, organization=city.commission, role=Role.SUPERVISOR
    )
    scope = scope_of(get_user_model().objects.get(pk=city.reviewer.pk))  # not the cached one
    supervising = scope.with_roles(SUPERVISORS)
    assert supervising.organization_ids == {city.commission.pk}
    assert supervising.everything is False
    assert supervising.oversees(REVIEWERS, "430212") is False
    assert scope.with_roles(REVIEWERS).organization_ids == {city.office.pk}
    assert scope.with_roles(SUPERVISORS, kinds={OrganizationKind.STATIONED_GROUP}).grants == ()


def test_the_memberships_acting_for_a_task_side(city):
    scope = scope_of(city.group_supervisor)
    assert scope.grant_within(city.lukou).organization_id == city.group.pk
    assert scope.grant_over("430212") is None
    reviewer = scope_of(city.reviewer)
    assert reviewer.grant_over("430212").organization_id == city.office.pk
    assert reviewer.grant_within(city.lukou) is None


def test_a_nationwide_office_oversees_every_region(city):
    central = make_organization(
        "中央整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region=None
    )
    user = make_user("central", organization=central, role=Role.REVIEWER)
    scope = scope_of(user)
    assert scope.everything is True
    assert scope.superuser is False
    assert scope.oversees(REVIEWERS, "430300") is True
    assert scope.oversees(REVIEWERS, None) is True
    assert scope.oversees(SUPERVISORS, "430300") is False
    assert scope.with_roles(REVIEWERS).everything is True
    assert scope.with_roles(SUPERVISORS).everything is False


def test_a_superuser_holds_and_oversees_everything_without_memberships(city):
    scope = scope_of(make_user("root", is_superuser=True))
    assert scope.grants == ()
    assert scope.holds(SUPERVISORS, city.group) is True
    assert scope.oversees(REVIEWERS, "430300") is True
    assert scope.holds_anywhere({Role.ADMIN}) is True
    assert scope.oversees_anywhere(REVIEWERS) is True
    assert scope.with_roles(SUPERVISORS).everything is True


def test_system_holds_and_oversees_everything(city):
    scope = scope_of(SYSTEM)
    assert (scope.everything, scope.superuser, scope.grants) == (True, True, ())
    assert scope.holds(WORKERS, city.lukou) is True
    assert scope.oversees(REVIEWERS, "430300") is True
    assert scope.grant_within(city.lukou) is None  # it acts through no organization


def test_no_user_is_an_error_not_everything():
    with pytest.raises(TypeError, match="no principal"):
        scope_of(None)
