"""The world the site-wide tests run in: one of each kind of user, with something to see."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Unit
from reviews import workflow
from reviews.services import objection_file
from reviews.states import Action, Role, Status
from tests.conftest import CAPTCHA, make_user
from tests.reviews.conftest import reviewer
from tests.titles.conftest import attach, fill_basic, fill_complete, new_application
from titles.models import AchievementRow, Application


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(applicant, catalog, unit, calendar_next_year, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)
    centre = catalog.get("centre")
    draft = new_application(applicant, catalog)
    fill_basic(draft, unit, centre)
    row = AchievementRow.objects.create(
        application=draft, name="分析", started_on=datetime.date(2020, 1, 1), role="负责人", content="内容"
    )
    file = attach(draft, "achievement", row.pk)
    people = [
        make_user(username=f"shen{i}", phone=f"1370000000{i}", id17=f"50010219900301{i}12", name=f"申{i}")
        for i in range(3)
    ]
    waiting, publicised, voting = (
        workflow.fire(Action.SUBMIT, fill_complete(new_application(p, catalog), unit), p) for p in people
    )
    roles = {
        "unit": reviewer("unitrev", "13910000001", "50010319800101101", Role.UNIT, unit=unit),
        "department": reviewer(
            "deptrev", "13910000002", "50010319800101102", Role.DEPARTMENT, department=unit.department
        ),
        "committee": reviewer(
            "commrev", "13910000004", "50010319800101104", Role.COMMITTEE, committee=catalog["open_batch"].committee
        ),
    }
    _starts, ends = workflow.default_publicity_period()
    workflow.fire(Action.APPROVE, publicised, roles["unit"].user, starts_on=timezone.localdate(), ends_on=ends)
    publicised.refresh_from_db()
    publicity = publicised.publicities.get()
    objection = objection_file(publicity=publicity, name="", phone="13800000001", content="异议")
    Application.objects.filter(pk=voting.pk).update(status=Status.COMMITTEE_REVIEW, accepted_at=timezone.now())
    registered = Unit(
        name="新注册的单位", department=unit.department, status=Unit.Status.PENDING, registered_by=applicant,
        registered_at=timezone.now(),
    )  # fmt: skip
    registered.licence.save("l.png", png(), save=True)
    return {
        "applicant": applicant, "draft": draft, "row": row, "file": file, "waiting": waiting,
        "publicised": publicised, "voting": voting, "publicity": publicity, "objection": objection,
        "roles": roles, "registered": registered,
    }  # fmt: skip


def client_for(world, actor: str) -> Client:
    client = Client(raise_request_exception=True)
    if actor == "applicant":
        client.force_login(world["applicant"])
    elif actor in world["roles"]:
        client.force_login(world["roles"][actor].user)
    elif actor == "resetting":
        client.post(reverse("accounts:password_reset"), {"account": "zhangsan", **CAPTCHA})
    return client


def unit_role(w):
    return w["roles"]["unit"].pk
