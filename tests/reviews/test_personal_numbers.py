"""Personal numbers on the reviewer's detail page: masked by default, 显示完整信息 (reviews:reveal) shows them."""

import time

import pytest
from django.urls import reverse

from accounts.identity import mask_id_number_long, mask_phone
from accounts.models import AuditEvent
from reviews import workflow
from reviews.states import Action, Status
from reviews.views import detail as detail_view
from tests.conftest import client_as
from titles.models import Application, Submission

# The state in which each role has the application in its scope.
STATE = {"unit": Status.UNIT_REVIEW, "department": Status.DEPT_REVIEW, "centre": Status.CENTRE_REVIEW}


def page(client, role, application):
    response = client.get(reverse("reviews:detail", args=[role.pk, application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def numbers(application):
    return application.applicant.id_number, application.applicant.phone


@pytest.mark.parametrize("who", ["unit", "department", "centre"])
def test_reviewers_see_masked_numbers_until_they_ask(submitted, roles, who):
    Application.objects.filter(pk=submitted.pk).update(status=STATE[who])
    role, (id_number, phone) = roles[who], numbers(submitted)
    client = client_as(role)
    html = page(client, role, submitted)
    assert id_number not in html and phone not in html
    assert mask_id_number_long(id_number) in html and mask_phone(phone) in html
    assert "显示完整信息" in html
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED).exists()

    response = client.post(reverse("reviews:reveal", args=[role.pk, submitted.pk]))
    assert response.status_code == 302
    assert response.url == reverse("reviews:detail", args=[role.pk, submitted.pk])
    html = page(client, role, submitted)
    assert id_number in html and phone in html
    assert "显示完整信息" not in html
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED)
    assert event.user == role.user and "张三" in event.detail
    # The frozen submission is not changed.
    basic = {i["name"]: i["value"] for i in Submission.objects.get(application=submitted).data["basic"]["items"]}
    assert basic["id_number"] == id_number and basic["phone"] == phone


def test_the_full_numbers_show_only_for_a_while(submitted, roles, monkeypatch):
    role, (id_number, _phone) = roles["unit"], numbers(submitted)
    client = client_as(role)
    client.post(reverse("reviews:reveal", args=[role.pk, submitted.pk]))
    assert id_number in page(client, role, submitted)
    later = time.time() + detail_view.REVEAL_SECONDS + 1
    monkeypatch.setattr(detail_view.time, "time", lambda: later)
    assert id_number not in page(client, role, submitted)


def test_a_reveal_is_for_that_application_only(submitted, roles, applicant, other_applicant, catalog, unit):
    from tests.titles.conftest import fill_complete, new_application

    second = workflow.fire(
        Action.SUBMIT, fill_complete(new_application(other_applicant, catalog), unit), other_applicant
    )
    role = roles["unit"]
    client = client_as(role)
    client.post(reverse("reviews:reveal", args=[role.pk, submitted.pk]))
    assert other_applicant.id_number not in page(client, role, second)


@pytest.mark.parametrize("who", ["other_unit", "other_department", "other_centre", "other_committee"])
def test_reveal_refuses_outsiders(submitted, roles, who):
    role = roles[who]
    response = client_as(role).post(reverse("reviews:reveal", args=[role.pk, submitted.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED).exists()


def test_reveal_refuses_someone_elses_role(submitted, roles):
    role = roles["unit"]
    response = client_as(roles["department"]).post(reverse("reviews:reveal", args=[role.pk, submitted.pk]))
    assert response.status_code == 404


def test_reveal_is_post_only(submitted, roles):
    role = roles["unit"]
    assert client_as(role).get(reverse("reviews:reveal", args=[role.pk, submitted.pk])).status_code == 405
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED).exists()


def test_the_committee_sees_the_full_numbers_without_asking(submitted, roles):
    Application.objects.filter(pk=submitted.pk).update(status=Status.COMMITTEE_REVIEW)
    role, (id_number, phone) = roles["committee"], numbers(submitted)
    html = page(client_as(role), role, submitted)
    assert id_number in html and phone in html
    assert "显示完整信息" not in html


def test_the_applicant_preview_shows_the_full_numbers(client, submitted, applicant):
    client.force_login(applicant)
    html = client.get(reverse("titles:preview", args=[submitted.pk])).content.decode()
    assert applicant.id_number in html and applicant.phone in html


def test_a_refused_action_page_is_masked_too(submitted, roles):
    role, (id_number, phone) = roles["unit"], numbers(submitted)
    response = client_as(role).post(reverse("reviews:act", args=[role.pk, submitted.pk, "reject"]), {"reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert id_number not in html and phone not in html and mask_phone(phone) in html
