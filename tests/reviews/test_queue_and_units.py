import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.identity import validate_credit_code
from accounts.models import Unit
from reviews import workflow
from reviews.models import ReviewerRole
from reviews.states import Action, Role
from tests.conftest import client_as, main_text, make_user
from tests.titles.conftest import fill_complete, png_bytes
from titles.models import Application, Batch


def workbook_bytes(response) -> io.BytesIO:
    assert response.streaming  # streamed from a temporary file, never held whole in memory
    return io.BytesIO(b"".join(response.streaming_content))


def more_submitted(catalog, unit, count, start=0):
    committee = catalog["open_batch"].committee
    made = []
    for i in range(start, start + count):
        person = make_user(
            username=f"appl{i:03d}", phone=f"1370000{i:04d}", id17=f"5001031990010{i:04d}", name=f"申请人{i}"
        )
        batch = catalog["open_batch"] if i % 2 == 0 else Batch.objects.filter(committee=committee).first()
        application = Application.objects.create(
            applicant=person, batch=batch, title=catalog["economics_senior_title"], pledged_at=timezone.now()
        )
        fill_complete(application, unit)
        made.append(workflow.fire(Action.SUBMIT, application, person))
    return made


def test_the_queue_shows_what_is_to_do_with_filters_and_paging(submitted, roles, catalog, unit):
    more_submitted(catalog, unit, 21)
    role = roles["unit"]
    client = client_as(role)
    page = client.get(reverse("reviews:queue", args=[role.pk])).content.decode()
    assert "共 22 条" in page and "1 / 2 页" in page
    page = client.get(reverse("reviews:queue", args=[role.pk]), {"name": "申请人1"}).content.decode()
    assert "共 11 条" in page  # 申请人1, 申请人10 … 申请人19
    page = client.get(reverse("reviews:queue", args=[role.pk]), {"status": "passed"}).content.decode()
    assert "共 0 条" in page
    other = roles["other_unit"]
    assert "共 0 条" in client_as(other).get(reverse("reviews:queue", args=[other.pk])).content.decode()
    response = client.get(reverse("reviews:queue", args=[role.pk]), {"status": "nonsense", "unit": "abc"})
    assert response.status_code == 200


def test_the_queue_costs_the_same_queries_however_long(submitted, roles, catalog, unit):
    role = roles["unit"]
    client = client_as(role)
    url = reverse("reviews:queue", args=[role.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    client.get(url)  # the catalog's options are cached from the first page on
    few = count()
    more_submitted(catalog, unit, 6)
    assert count() == few


def test_the_roster_is_a_workbook_of_the_filtered_queue(submitted, roles, catalog, unit):
    more_submitted(catalog, unit, 2)
    role = roles["unit"]
    response = client_as(role).get(reverse("reviews:roster", args=[role.pk]), {"name": "张"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(workbook_bytes(response)).active
    assert sheet["A2"].value == "序号" and sheet["B2"].value == "姓名"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1
    row = rows[0]
    assert row[1] == "张三" and row[9] == "高级经济师" and row[12] == "大学本科"
    assert row[4].startswith("500") and "*" in row[4]  # masked for the unit
    assert "*" in row[19]


def test_formulas_typed_by_applicants_stay_text_in_the_roster(submitted, roles):
    from titles.models import CurrentTitleRow, Submission
    from titles.rendering import render_application

    CurrentTitleRow.objects.create(
        application=submitted, title_name='=HYPERLINK("http://example.invalid","x")', level="intermediate",
        specialty="s", obtained_on="2015-01-01", issuer="i", certificate_no="1",
    )  # fmt: skip
    Submission.objects.filter(application=submitted).update(data=render_application(submitted))
    role = roles["unit"]
    response = client_as(role).get(reverse("reviews:roster", args=[role.pk]))
    cell = load_workbook(workbook_bytes(response)).active["N3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_committee_roster_has_full_numbers(submitted, roles):
    Application.objects.filter(pk=submitted.pk).update(status="committee_review")
    role = roles["committee"]
    response = client_as(role).get(reverse("reviews:roster", args=[role.pk]))
    row = next(load_workbook(workbook_bytes(response)).active.iter_rows(min_row=3, values_only=True))
    assert row[4] == submitted.applicant.id_number


def test_the_unit_prints_its_publicity_sheet(submitted, roles):
    role = roles["unit"]
    client_as(role).post(reverse("reviews:act", args=[role.pk, submitted.pk, "approve"]))
    page = client_as(role).get(reverse("reviews:publicity_print", args=[role.pk])).content.decode()
    assert "职称申报公示表" in page and "张三" in page and "高级经济师" in page
    assert (
        client_as(roles["department"])
        .get(reverse("reviews:publicity_print", args=[roles["department"].pk]))
        .status_code
        == 404
    )


def credit_code(prefix17):
    from accounts.identity import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS

    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(prefix17, CREDIT_CODE_WEIGHTS, strict=True))
    return prefix17 + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def test_a_unit_is_registered_approved_and_then_reviews(client, applicant, roles, catalog, other_applicant):
    code = credit_code("91500103MA60X1234")
    assert validate_credit_code(code) == code
    department = roles["department"].department
    client.force_login(other_applicant)
    licence = SimpleUploadedFile("执照.png", png_bytes(), content_type="image/png")
    data = {"name": "重庆新设科技有限公司", "credit_code": code, "department": department.pk, "licence_file": licence}
    response = client.post(reverse("reviews:my_units"), data)
    assert response.status_code == 302
    unit = Unit.objects.get(name="重庆新设科技有限公司")
    assert not unit.is_approved and unit.registered_by == other_applicant
    assert "待主管部门审核" in client.get(reverse("reviews:my_units")).content.decode()

    # not yet choosable as 现工作单位
    from titles.forms import BasicInfoForm

    assert unit not in BasicInfoForm(account=applicant, has_photo=False).fields["unit"].queryset

    # another department cannot approve it
    other = roles["other_department"]
    response = client_as(other).post(reverse("reviews:unit_decide", args=[other.pk, unit.pk]), {"decision": "approve"})
    assert response.status_code == 404
    role = roles["department"]
    page = client_as(role).get(reverse("reviews:unit_requests", args=[role.pk])).content.decode()
    assert "重庆新设科技有限公司" in page
    client_as(role).post(reverse("reviews:unit_decide", args=[role.pk, unit.pk]), {"decision": "approve"})
    unit.refresh_from_db()
    assert unit.is_approved
    assert ReviewerRole.objects.filter(user=other_applicant, role=Role.UNIT, unit=unit).exists()
    assert unit in BasicInfoForm(account=applicant, has_photo=False).fields["unit"].queryset


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"credit_code": "91500103MA60X12340"}, "统一社会信用代码"),
        ({"credit_code": ""}, "请填写统一社会信用代码"),
        ({"name": ""}, "请填写单位名称"),
        ({"licence_file": SimpleUploadedFile("x.png", b"not an image", content_type="image/png")}, "无法识别为图片"),
    ],
)
def test_unit_registration_errors(client, applicant, roles, overrides, message):
    client.force_login(applicant)
    data = {
        "name": "重庆另一家公司",
        "credit_code": credit_code("91500103MA60X9999"),
        "department": roles["department"].department.pk,
        "licence_file": SimpleUploadedFile("执照.png", png_bytes(), content_type="image/png"),
        **overrides,
    }
    response = client.post(reverse("reviews:my_units"), data)
    assert message in response.content.decode()
    assert not Unit.objects.filter(name="重庆另一家公司").exists()


def test_opening_a_queue_changes_nothing_and_reporting_closes_the_ended_publicity(submitted, roles):
    from tests.reviews.test_workflow import act, status_of

    role = roles["unit"]
    assert act(role, submitted, "approve").status_code == 302
    Publicity = submitted.publicities.model
    Publicity.objects.filter(application=submitted).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    client = client_as(role)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reviews:queue", args=[role.pk])).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == [] or all("django_session" in sql for sql in writes), writes
    assert status_of(submitted) == "unit_publicity"
    assert act(role, submitted, "report").status_code == 302  # 上报 closes the ended publicity itself
    assert status_of(submitted) == "dept_review"


def test_the_unit_filter_is_typed_not_a_list_of_every_unit(submitted, roles, catalog, unit):
    department = roles["department"]
    page = client_as(department).get(reverse("reviews:queue", args=[department.pk])).content.decode()
    others = [u.name for u in catalog["units"] if u.pk != unit.pk]
    assert not any(f">{name}</option>" in page for name in others)
    assert 'name="unit"' in page
    Application.objects.filter(pk=submitted.pk).update(status="dept_review")
    hits = client_as(department).get(reverse("reviews:queue", args=[department.pk]), {"unit": unit.name[2:6]})
    assert "共 1 条" in hits.content.decode()
    misses = client_as(department).get(reverse("reviews:queue", args=[department.pk]), {"unit": "不存在的单位"})
    assert "共 0 条" in misses.content.decode()
    own = roles["unit"]
    assert 'name="unit"' not in client_as(own).get(reverse("reviews:queue", args=[own.pk])).content.decode()


def test_the_roster_costs_the_same_queries_however_many_rows(submitted, roles, catalog, unit):
    role = roles["unit"]
    url = reverse("reviews:roster", args=[role.pk])
    client = client_as(role)

    def count():
        client.get(url)  # what is cached (the catalog's options, the reviewer flag) is cached from here on
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            rows = list(load_workbook(workbook_bytes(response)).active.iter_rows(min_row=3, values_only=True))
        return len(queries), len(rows)

    few, one = count()
    more_submitted(catalog, unit, 5)
    many, six = count()
    assert (one, six) == (1, 6)
    assert many == few


def test_every_title_in_the_queue_filter_is_named_uniquely(roles):
    import re

    role = roles["department"]
    page = client_as(role).get(reverse("reviews:queue", args=[role.pk])).content.decode()
    select = re.search(r'<select[^>]*name="title".*?</select>', page, re.S).group(0)
    labels = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select)
    assert len(labels) > 20 and len(labels) == len(set(labels))
    assert "经济·金融·经济师（中级）" in labels and "经济·经济专业·经济师（中级）" in labels


def test_a_reviewers_home_page_links_to_each_queue_and_my_units_says_what_it_is_for(roles, owner):
    role = roles["unit"]
    page = main_text(client_as(role).get(reverse("home")))
    assert f'href="{reverse("reviews:queue", args=[role.pk])}"' in page and "我的审核" in page
    assert "我的审核" not in main_text(owner.get(reverse("home")))  # an applicant has no queue
    assert "本页供单位管理员注册本单位" in main_text(owner.get(reverse("reviews:my_units")))
