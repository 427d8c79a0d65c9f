import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from reviews.models import CommitteeVote, Objection, Publicity
from reviews.states import Status
from reviews.workdays import WorkCalendar
from reviews.workflow import close_due_publicities, vote_passes
from tests.conftest import client_as
from tests.reviews.test_workdays import working_days_between
from titles.models import Application, ApplicationEvent, Submission


def act(role, application, action, **data):
    url = reverse("reviews:act", args=[role.pk, application.pk, action])
    return client_as(role).post(url, data)


def status_of(application) -> str:
    return Application.objects.get(pk=application.pk).status


def end_publicity(application):
    Publicity.objects.filter(application=application).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    close_due_publicities()


def move_to(application, status, **extra):
    Application.objects.filter(pk=application.pk).update(status=status, **extra)


def test_the_route_through_the_talent_centre(submitted, roles, applicant):
    assert act(roles["unit"], submitted, "approve").status_code == 302
    assert status_of(submitted) == Status.UNIT_PUBLICITY
    publicity = Publicity.objects.get(application=submitted)
    assert working_days_between(publicity.starts_on, publicity.ends_on) == 5
    assert WorkCalendar().is_working_day(publicity.ends_on)
    end_publicity(submitted)
    assert status_of(submitted) == Status.UNIT_REPORT
    assert act(roles["unit"], submitted, "report").status_code == 302
    assert status_of(submitted) == Status.DEPT_REVIEW
    act(roles["department"], submitted, "approve", comment="材料齐全")
    assert status_of(submitted) == Status.CENTRE_REVIEW  # the archive is at a talent centre
    act(roles["centre"], submitted, "approve")
    assert status_of(submitted) == Status.COMMITTEE_REVIEW
    act(roles["committee"], submitted, "accept")
    act(roles["committee"], submitted, "vote", experts_present=9, votes_for=6)
    assert status_of(submitted) == Status.PASSED
    trail = list(ApplicationEvent.objects.filter(application=submitted).values_list("action", "to_status", "role"))
    assert trail == [
        ("submit", "unit_review", "applicant"),
        ("approve", "unit_publicity", "unit"),
        ("close_publicity", "unit_report", "system"),
        ("report", "dept_review", "unit"),
        ("approve", "centre_review", "department"),
        ("approve", "committee_review", "centre"),
        ("accept", "committee_review", "committee"),
        ("vote", "passed", "committee"),
    ]
    event = ApplicationEvent.objects.get(application=submitted, action="approve", role="department")
    assert event.actor == roles["department"].user and event.comment == "材料齐全"
    assert CommitteeVote.objects.get(application=submitted).passed


def test_the_direct_route_when_the_unit_keeps_the_archive(submitted, roles):
    Application.objects.filter(pk=submitted.pk).update(archive_centre=None)
    move_to(submitted, Status.DEPT_REVIEW)
    act(roles["department"], submitted, "approve")
    assert status_of(submitted) == Status.COMMITTEE_REVIEW
    assert (
        client_as(roles["centre"]).get(reverse("reviews:detail", args=[roles["centre"].pk, submitted.pk])).status_code
        == 404
    )


ACTING = {
    Status.UNIT_REVIEW: "unit",
    Status.DEPT_REVIEW: "department",
    Status.CENTRE_REVIEW: "centre",
}


@pytest.mark.parametrize("state", list(ACTING))
@pytest.mark.parametrize(
    "who",
    ["unit", "department", "centre", "committee", "other_unit", "other_department", "other_centre", "other_committee"],
)
def test_only_the_right_role_in_scope_approves(submitted, roles, state, who):
    move_to(submitted, state)
    events = ApplicationEvent.objects.count()
    response = act(roles[who], submitted, "approve")
    if who == ACTING[state]:
        assert response.status_code == 302
        assert status_of(submitted) != state
    else:
        assert response.status_code in (400, 404)
        assert status_of(submitted) == state
        assert ApplicationEvent.objects.count() == events


@pytest.mark.parametrize(
    ("state", "action", "who"),
    [
        (Status.UNIT_REVIEW, "report", "unit"),
        (Status.UNIT_REVIEW, "vote", "unit"),
        (Status.DEPT_REVIEW, "accept", "department"),
        (Status.COMMITTEE_REVIEW, "approve", "committee"),
        (Status.PASSED, "return", "committee"),
        (Status.PASSED, "reject", "committee"),
        (Status.REJECTED, "approve", "unit"),
        (Status.RETURNED, "approve", "unit"),
        (Status.UNIT_REPORT, "approve", "unit"),
    ],
)
def test_actions_from_the_wrong_state_are_refused(submitted, roles, state, action, who):
    move_to(submitted, state)
    events = ApplicationEvent.objects.count()
    data = {"reason": "x", "experts_present": 5, "votes_for": 5}
    response = act(roles[who], submitted, action, **data)
    assert response.status_code in (400, 404)
    assert status_of(submitted) == state
    assert ApplicationEvent.objects.count() == events


def test_nobody_reviews_their_own_application(submitted, roles):
    role = roles["unit"]
    Application.objects.filter(pk=submitted.pk).update(applicant=role.user)
    response = act(role, submitted, "approve")
    assert "不能审核本人的申请书" in response.content.decode()
    assert status_of(submitted) == Status.UNIT_REVIEW


def test_out_of_scope_reviewers_get_404_for_pages_and_files(submitted, roles):
    photo = submitted.basic.photo_id
    for who in ("other_unit", "other_department", "other_centre", "other_committee", "department", "committee"):
        role = roles[who]
        client = client_as(role)
        assert client.get(reverse("reviews:detail", args=[role.pk, submitted.pk])).status_code == 404, who
        assert client.get(reverse("reviews:attachment", args=[photo])).status_code == 404, who
    unit = roles["unit"]
    assert client_as(unit).get(reverse("reviews:attachment", args=[photo])).status_code == 200
    # someone else's role id is 404 too
    assert client_as(roles["other_unit"]).get(reverse("reviews:queue", args=[unit.pk])).status_code == 404


def test_return_needs_a_reason_and_keeps_everything_for_the_applicant(client, submitted, roles, applicant):
    response = act(roles["unit"], submitted, "return", reason="")
    assert "退回修改必须填写退回原因" in response.content.decode()
    assert status_of(submitted) == Status.UNIT_REVIEW
    deadline = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    act(
        roles["unit"],
        submitted,
        "return",
        reason="学历证书不清晰，请重新上传",
        sections=["education"],
        deadline=deadline,
    )
    assert status_of(submitted) == Status.RETURNED

    client.force_login(applicant)
    page = client.get(reverse("titles:list")).content.decode()
    assert "退回修改" in page and "学历证书不清晰" in page and "编辑/提交" in page
    page = client.get(reverse("titles:section", args=[submitted.pk, "education"])).content.decode()
    assert "申请书已被退回修改" in page and "学历证书不清晰，请重新上传" in page and "需修改" in page
    assert "西南大学" in page  # everything kept
    response = client.post(reverse("titles:submit", args=[submitted.pk]))
    assert response.status_code == 302
    assert status_of(submitted) == Status.UNIT_REVIEW
    assert Submission.objects.filter(application=submitted).count() == 2


def test_a_returned_application_cannot_be_resubmitted_after_its_correction_deadline(
    client, submitted, roles, applicant
):
    act(roles["unit"], submitted, "return", reason="补充材料")
    Application.objects.filter(pk=submitted.pk).update(correction_deadline=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(applicant)
    response = client.post(reverse("titles:submit", args=[submitted.pk]))
    assert "已超过申请书提交截止时间" in response.content.decode()
    assert status_of(submitted) == Status.RETURNED


def test_reject_needs_a_reason(submitted, roles, client, applicant):
    response = act(roles["unit"], submitted, "reject", reason="  ")
    assert "不予通过必须填写原因" in response.content.decode()
    act(roles["unit"], submitted, "reject", reason="不符合申报条件")
    assert status_of(submitted) == Status.REJECTED
    client.force_login(applicant)
    page = client.get(reverse("titles:preview", args=[submitted.pk])).content.decode()
    assert "不予通过" in page and "不符合申报条件" in page
    listing = client.get(reverse("titles:list")).content.decode()
    assert '<li class="stage current" aria-current="step">单位审核</li>' in listing  # where it was stopped
    assert "不符合申报条件" in listing


def test_the_applicant_withdraws_until_the_unit_acts(client, submitted, roles, applicant):
    client.force_login(applicant)
    assert "撤回" in client.get(reverse("titles:list")).content.decode()
    client.post(reverse("titles:withdraw", args=[submitted.pk]))
    assert status_of(submitted) == Status.DRAFT
    client.post(reverse("titles:submit", args=[submitted.pk]))
    act(roles["unit"], submitted, "approve")
    response = client.post(reverse("titles:withdraw", args=[submitted.pk]), follow=True)
    assert "不能撤回" in response.content.decode()
    assert status_of(submitted) == Status.UNIT_PUBLICITY


def test_the_publicity_period_must_be_five_working_days(submitted, roles):
    today = timezone.localdate()
    response = act(
        roles["unit"],
        submitted,
        "approve",
        starts_on=today.isoformat(),
        ends_on=(today + datetime.timedelta(days=2)).isoformat(),
    )
    assert "公示期不少于5个工作日" in response.content.decode()
    assert status_of(submitted) == Status.UNIT_REVIEW
    response = act(roles["unit"], submitted, "approve", starts_on=(today - datetime.timedelta(days=3)).isoformat())
    assert "公示开始日期不能早于今天" in response.content.decode()


def test_reporting_waits_for_the_end_of_publicity_and_for_objections(client, submitted, roles, captcha_passes):
    act(roles["unit"], submitted, "approve")
    response = act(roles["unit"], submitted, "report")
    assert "公示期满后才能上报" in response.content.decode()

    # the public sees the notice, masked, and files an objection
    page = client.get(reverse("reviews:notices")).content.decode()
    assert "**三" in page and "张三" not in page and submitted.applicant.id_number not in page
    publicity = Publicity.objects.get(application=submitted)
    response = client.post(
        reverse("reviews:objection", args=[publicity.pk]),
        {"phone": "13700009999", "content": "业绩材料与实际不符", "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    unit_page = client_as(roles["unit"]).get(reverse("reviews:detail", args=[roles["unit"].pk, submitted.pk]))
    assert "业绩材料与实际不符" in unit_page.content.decode()

    end_publicity(submitted)
    response = act(roles["unit"], submitted, "report")
    assert "还有1条异议未处理" in response.content.decode()
    assert status_of(submitted) == Status.UNIT_REPORT

    settle = reverse("reviews:settle", args=[roles["unit"].pk, objection.pk])
    client_as(roles["other_unit"]).post(
        settle.replace(str(roles["unit"].pk), str(roles["other_unit"].pk), 1), {"settlement": "x"}
    )
    assert Objection.objects.get().status == "open"
    client_as(roles["unit"]).post(settle, {"settlement": "经核实，业绩材料属实"})
    assert Objection.objects.get().status == "settled"
    assert act(roles["unit"], submitted, "report").status_code == 302
    assert status_of(submitted) == Status.DEPT_REVIEW


def test_objections_need_a_captcha_and_a_phone(client, submitted, roles):
    act(roles["unit"], submitted, "approve")
    publicity = Publicity.objects.get(application=submitted)
    response = client.post(
        reverse("reviews:objection", args=[publicity.pk]),
        {"phone": "123", "content": "", "captcha_0": "x", "captcha_1": "WRONG"},
    )
    page = response.content.decode()
    assert "图片验证码不正确" in page and "请输入正确的11位手机号码" in page and "请填写异议内容" in page
    assert not Objection.objects.exists()


def test_no_objection_after_the_publicity(client, submitted, roles):
    act(roles["unit"], submitted, "approve")
    publicity = Publicity.objects.get(application=submitted)
    end_publicity(submitted)
    assert client.get(reverse("reviews:objection", args=[publicity.pk])).status_code == 404


@pytest.mark.parametrize(
    ("present", "votes", "passes"),
    [(3, 2, True), (3, 1, False), (6, 4, True), (6, 3, False), (7, 5, True), (7, 4, False), (9, 6, True),
     (9, 5, False), (1, 1, True), (1, 0, False), (15, 10, True), (15, 9, False)],
)  # fmt: skip
def test_two_thirds_of_those_present(present, votes, passes):
    assert vote_passes(present, votes) is passes


@pytest.mark.parametrize(("present", "votes", "status"), [(7, 5, Status.PASSED), (7, 4, Status.FAILED)])
def test_the_vote_decides_the_result(submitted, roles, present, votes, status):
    move_to(submitted, Status.COMMITTEE_REVIEW)
    response = act(roles["committee"], submitted, "vote", experts_present=present, votes_for=votes)
    assert "请先受理" in response.content.decode()
    act(roles["committee"], submitted, "accept")
    act(roles["committee"], submitted, "vote", experts_present=present, votes_for=votes)
    assert status_of(submitted) == status
    event = ApplicationEvent.objects.filter(application=submitted).last()
    assert event.comment == f"出席专家{present}人，同意{votes}票"


@pytest.mark.parametrize(
    ("present", "votes", "message"),
    [(5, 6, "同意票数不能多于出席专家人数"), (0, 0, "大于或等于1"), ("x", 1, "输入整数"), (5, -1, "大于或等于0")],
)
def test_impossible_votes_are_refused(submitted, roles, present, votes, message):
    move_to(submitted, Status.COMMITTEE_REVIEW, accepted_at=timezone.now())
    response = act(roles["committee"], submitted, "vote", experts_present=present, votes_for=votes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert status_of(submitted) == Status.COMMITTEE_REVIEW


def test_every_change_is_texted_to_the_applicant(submitted, roles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        act(roles["unit"], submitted, "return", reason="请补充")
    assert sms.outbox[-1].phone == submitted.applicant.phone
    assert "退回修改" in sms.outbox[-1].text


def test_bulk_approve_in_the_queue(submitted, roles):
    role = roles["unit"]
    client = client_as(role)
    page = client.get(reverse("reviews:queue", args=[role.pk])).content.decode()
    assert "张三" in page and "批量通过" in page
    client.post(reverse("reviews:bulk_approve", args=[role.pk]), {"ids": [submitted.pk]})
    assert status_of(submitted) == Status.UNIT_PUBLICITY


def test_the_daily_command_closes_ended_publicity(submitted, roles):
    from django.core.management import call_command

    act(roles["unit"], submitted, "approve")
    call_command("close_publicity", verbosity=0)
    assert status_of(submitted) == Status.UNIT_PUBLICITY
    Publicity.objects.filter(application=submitted).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    call_command("close_publicity", verbosity=0)
    assert status_of(submitted) == Status.UNIT_REPORT


def test_later_roles_do_not_see_what_the_unit_stopped(submitted, roles):
    act(roles["unit"], submitted, "reject", reason="不符合条件")
    for who in ("department", "centre", "committee"):
        role = roles[who]
        response = client_as(role).get(reverse("reviews:detail", args=[role.pk, submitted.pk]))
        assert response.status_code == 404, who


def test_a_role_keeps_seeing_what_it_stopped(submitted, roles):
    move_to(submitted, Status.DEPT_REVIEW)
    act(roles["department"], submitted, "return", reason="请补充业绩证明")
    role = roles["department"]
    assert client_as(role).get(reverse("reviews:detail", args=[role.pk, submitted.pk])).status_code == 200
    assert (
        client_as(roles["centre"]).get(reverse("reviews:detail", args=[roles["centre"].pk, submitted.pk])).status_code
        == 404
    )


def test_a_resubmitted_application_is_accepted_again_before_the_vote(client, submitted, roles, applicant):
    move_to(submitted, Status.COMMITTEE_REVIEW)
    act(roles["committee"], submitted, "accept")
    act(roles["committee"], submitted, "return", reason="请补充论文")
    client.force_login(applicant)
    client.post(reverse("titles:submit", args=[submitted.pk]))
    move_to(submitted, Status.COMMITTEE_REVIEW)
    response = act(roles["committee"], submitted, "vote", experts_present=5, votes_for=5)
    assert "请先受理" in response.content.decode()


def test_returning_after_the_deadline_needs_a_correction_deadline(submitted, roles):
    from titles.models import Batch

    Batch.objects.filter(pk=submitted.batch_id).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    response = act(roles["unit"], submitted, "return", reason="补充")
    assert "请设置修改截止时间" in response.content.decode()
    deadline = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    act(roles["unit"], submitted, "return", reason="补充", deadline=deadline)
    assert status_of(submitted) == Status.RETURNED


def test_no_withdrawing_after_the_deadline(client, submitted, applicant):
    from titles.models import Batch

    Batch.objects.filter(pk=submitted.batch_id).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(applicant)
    response = client.post(reverse("titles:withdraw", args=[submitted.pk]), follow=True)
    assert "不能撤回" in response.content.decode()
    assert status_of(submitted) == Status.UNIT_REVIEW


def test_a_returned_publicity_leaves_the_notice_board(client, submitted, roles):
    act(roles["unit"], submitted, "approve")
    act(roles["unit"], submitted, "return", reason="请修改")
    assert "**三" not in client.get(reverse("reviews:notices")).content.decode()


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [(0, 400, "公示结束日期不能晚于"), (90, None, "公示开始日期不能晚于"), (-36500, None, "公示开始日期不能早于今天")],
)
def test_publicity_dates_are_bounded(submitted, roles, starts, ends, message):
    today = timezone.localdate()
    data = {"starts_on": (today + datetime.timedelta(days=starts)).isoformat()}
    if ends is not None:
        data["ends_on"] = (today + datetime.timedelta(days=ends)).isoformat()
    response = act(roles["unit"], submitted, "approve", **data)
    assert message in response.content.decode()
    assert status_of(submitted) == Status.UNIT_REVIEW


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "-1", "abc"])
def test_odd_ids_are_ignored_not_500(client, submitted, roles, value):
    assert client.get(reverse("reviews:notices"), {"unit": value, "committee": value}).status_code == 200
    role = roles["unit"]
    assert client_as(role).post(reverse("reviews:bulk_approve", args=[role.pk]), {"ids": [value]}).status_code == 302
    assert status_of(submitted) == Status.UNIT_REVIEW


def test_reviewers_see_only_files_that_were_submitted(client, submitted, roles, applicant):
    from tests.titles.conftest import attach
    from titles.models import EducationRow

    role = roles["unit"]
    url = lambda item: reverse("reviews:attachment", args=[item.pk])  # noqa: E731
    act(role, submitted, "return", reason="请补充学位证")
    row = EducationRow.objects.get(application=submitted)
    added = attach(submitted, "education", row.pk, name="学位证.png")
    assert client_as(role).get(url(added)).status_code == 404  # not submitted yet
    client.force_login(applicant)
    client.post(reverse("titles:submit", args=[submitted.pk]))
    assert client_as(role).get(url(added)).status_code == 200


def test_report_is_offered_only_once_the_publicity_has_ended(submitted, roles):
    """上报 is not offered (then refused) during 公示: the page says when it can be, then offers it."""
    act(roles["unit"], submitted, "approve")
    role = roles["unit"]
    url = reverse("reviews:detail", args=[role.pk, submitted.pk])
    report = reverse("reviews:act", args=[role.pk, submitted.pk, "report"])
    page = client_as(role).get(url).content.decode()
    ends = Publicity.objects.get(application=submitted).ends_on.isoformat()
    assert f"公示期至{ends}结束，公示期满后才能上报" in page and f'action="{report}"' not in page
    Publicity.objects.filter(application=submitted).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = client_as(role).get(url).content.decode()
    assert f'action="{report}"' in page and "公示期满后才能上报" not in page


def test_the_timeline_names_an_action_that_keeps_the_state(submitted, roles):
    """受理 leaves the state as it is: the timeline says 受理, not 待评审委员会审核 → 待评审委员会审核."""
    move_to(submitted, Status.COMMITTEE_REVIEW)
    act(roles["committee"], submitted, "accept")
    role = roles["committee"]
    page = client_as(role).get(reverse("reviews:detail", args=[role.pk, submitted.pk])).content.decode()
    assert "<strong>受理</strong>" in page
    assert "待评审委员会审核 → <strong>待评审委员会审核</strong>" not in page
