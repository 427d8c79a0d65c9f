"""主管部门's decision on a registered unit (reviews:unit_decide): every input goes through a form."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit
from reviews.models import ReviewerRole
from reviews.states import Role
from tests.conftest import client_as


@pytest.fixture
def registered(roles, other_applicant):
    department = roles["department"].department
    return Unit.objects.create(
        name="重庆待审科技有限公司", department=department, status=Unit.Status.PENDING,
        registered_by=other_applicant, registered_at=timezone.now(),
    )  # fmt: skip


def decide(role, unit, data):
    return client_as(role).post(reverse("reviews:unit_decide", args=[role.pk, unit.pk]), data, follow=True)


def unchanged(unit):
    fresh = Unit.objects.get(pk=unit.pk)
    role_made = ReviewerRole.objects.filter(unit=unit, role=Role.UNIT).exists()
    return not fresh.is_approved and fresh.review_note == "" and not role_made


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "reject", "note": "资料\x00不全"}, "审核意见含有无效字符"),
        ({"decision": "approve", "note": "同意\x00"}, "审核意见含有无效字符"),
        ({"decision": "reject", "note": "长" * 10_000}, "审核意见不能超过200字"),
        ({"decision": "approve", "note": "长" * 10_000}, "审核意见不能超过200字"),
        ({"decision": "maybe", "note": "x"}, "请选择审核结果"),
        ({"decision": "\x00approve"}, "请选择审核结果"),
        ({"note": "x"}, "请选择审核结果"),
    ],
)
def test_it_refuses_bad_input_without_changing_anything(roles, registered, data, message):
    response = decide(roles["department"], registered, data)
    assert response.status_code == 200  # redirected back to the list, not a 500
    assert response.redirect_chain[-1][0] == reverse("reviews:unit_requests", args=[roles["department"].pk])
    assert message in response.content.decode()
    assert unchanged(registered)


def test_a_rejection_needs_a_reason(roles, registered):
    response = decide(roles["department"], registered, {"decision": "reject", "note": "  "})
    assert "不予通过必须填写原因" in response.content.decode()
    assert unchanged(registered)


def test_it_approves_and_rejects_as_before(roles, registered, other_applicant):
    response = decide(roles["department"], registered, {"decision": "reject", "note": "执照不清晰"})
    assert "已退回重庆待审科技有限公司的单位注册" in response.content.decode()
    assert Unit.objects.get(pk=registered.pk).review_note == "执照不清晰"
    response = decide(roles["department"], registered, {"decision": "approve", "note": "已核实"})
    assert "已通过重庆待审科技有限公司的单位注册" in response.content.decode()
    unit = Unit.objects.get(pk=registered.pk)
    assert unit.is_approved and unit.review_note == "已核实"
    assert ReviewerRole.objects.filter(user=other_applicant, role=Role.UNIT, unit=unit).exists()


def test_it_refuses_outsiders(roles, registered):
    other = roles["other_department"]
    response = client_as(other).post(
        reverse("reviews:unit_decide", args=[other.pk, registered.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert unchanged(registered)
