"""Demo reviewers for every role, and a demo application already waiting for its unit."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from accounts.identity import id_check_char
from accounts.models import TalentCentre, User
from reviews import workflow
from reviews.models import ReviewerRole
from reviews.states import Action, Role
from titles.models import (
    AchievementRow,
    Application,
    Attachment,
    BasicInfo,
    ContinuingEducationRow,
    CurrentTitleRow,
    EducationRow,
    WorkHistoryRow,
)


def _user(username, real_name, phone, id17, password, *, staff=False) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.real_name, user.phone, user.id_number = real_name, phone, id17 + id_check_char(id17)
    user.verified_at = user.verified_at or timezone.now()
    user.is_staff = user.is_superuser = staff
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def _picture(color) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (480, 340), color).save(buffer, "PNG")
    content = ContentFile(buffer.getvalue(), name="demo.png")
    content.content_type = "image/png"
    return content


def _attach(application, section, row_id, name):
    content = _picture((235, 240, 250))
    return Attachment.objects.create(
        application=application, section=section, row_id=row_id, file=content, original_name=name,
        content_type="image/png", size=content.size,
    )  # fmt: skip


def load_demo_reviewers(catalog, password) -> list[tuple[str, User]]:
    unit = catalog["units"][0]
    committee = catalog["open_batch"].committee
    centre = TalentCentre.objects.order_by("pk").first()
    people = [
        ("单位审核人：" + unit.name, "danwei", "刘单位", "13900000011", "50010319800101011", Role.UNIT, {"unit": unit}),
        ("主管部门审核人：" + unit.department.name, "zhuguan", "陈主管", "13900000012", "50010319800101012",
         Role.DEPARTMENT, {"department": unit.department}),
        ("人才交流中心审核人：" + centre.name, "rencai", "王人才", "13900000013", "50010319800101013", Role.CENTRE,
         {"centre": centre}),
        ("评审委员会秘书：" + committee.name, "pingwei", "赵评委", "13900000014", "50010319800101014", Role.COMMITTEE,
         {"committee": committee}),
    ]  # fmt: skip
    result = []
    for label, username, name, phone, id17, role, scope in people:
        user = _user(username, name, phone, id17, password)
        ReviewerRole.objects.get_or_create(user=user, role=role, **scope)
        result.append((label, user))
    return result


def load_demo_application(catalog, password) -> tuple[User, Application]:
    """李明, who works at the first demo unit, with a complete application submitted for unit review."""
    applicant = _user("liming", "李明", "13800000021", "50010819880512002", password)
    batch, unit = catalog["open_batch"], catalog["units"][0]
    centre = TalentCentre.objects.order_by("pk").first()
    application = Application.objects.filter(applicant=applicant, batch=batch).first()
    if application is not None:
        return applicant, application
    application = Application.objects.create(
        applicant=applicant, batch=batch, title=catalog["economics_senior_title"], applicant_name="李明",
        pledged_at=timezone.now(), unit=unit, archive_centre=centre,
    )  # fmt: skip
    basic = BasicInfo.objects.create(
        application=application, application_type="normal", qualification_direction="经济管理", name="李明",
        id_number=applicant.id_number, sex="男", birth_date=datetime.date(1988, 5, 12),
        work_started_on=datetime.date(2010, 7, 1), unit=unit, personnel_type="state_owned", archive_centre=centre,
        phone=applicant.phone, email="liming@example.com",
    )  # fmt: skip
    basic.photo = _attach(application, "basic", None, "免冠照.png")
    basic.save()
    education = EducationRow.objects.create(
        application=application, education="master", degree="master", certificate_no="106351201302000123",
        is_highest=True, major="产业经济学", study_mode="full_time", school="西南大学",
        graduated_on=datetime.date(2013, 6, 30),
    )  # fmt: skip
    _attach(application, "education", education.pk, "硕士毕业证书.png")
    current = CurrentTitleRow.objects.create(
        application=application, title_name="经济师", level="intermediate", specialty="经济专业",
        obtained_on=datetime.date(2016, 10, 20), issuer="重庆市人力资源和社会保障局", certificate_no="JJ20160123",
    )  # fmt: skip
    _attach(application, "current-title", current.pk, "经济师证书.png")
    WorkHistoryRow.objects.create(
        application=application, started_on=datetime.date(2013, 7, 1), unit_name=unit.name, work="经济运行分析",
        post="综合计划部副部长",
    )  # fmt: skip
    AchievementRow.objects.create(
        application=application, name="集团“十四五”经营规划编制", started_on=datetime.date(2020, 3, 1),
        ended_on=datetime.date(2021, 6, 30), role="主要执笔人", content="牵头完成集团五年经营规划的数据分析与编制。",
    )  # fmt: skip
    year = timezone.localtime(batch.closes_at).year
    for offset in (1, 2, 3):
        ContinuingEducationRow.objects.create(
            application=application, year=year - offset, content="专业技术人员继续教育", hours=96, way="online"
        )
    workflow.fire(Action.SUBMIT, application, applicant)
    return applicant, application
