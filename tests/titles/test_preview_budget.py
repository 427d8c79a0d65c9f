"""The 200-row preview costs a fixed, small number of queries, and reading the rows in one query
renders them exactly as the rows themselves."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.titles.conftest import attach, fill_complete, new_application
from tests.titles.test_row_dates import valid_row
from titles.models import EducationRow, WorkHistoryRow
from titles.rendering import display, load_rows, period_text, render_application
from titles.sections import ROW_SECTIONS

PREVIEW_BUDGET = 20


def test_the_preview_of_200_rows_stays_within_its_query_budget(client, applicant, catalog, unit):
    application = fill_complete(new_application(applicant, catalog), unit)
    for i in range(100):
        WorkHistoryRow.objects.create(
            application=application, started_on=datetime.date(2001, 1, 1), unit_name=f"单位{i}", work="工作"
        )
        row = EducationRow.objects.create(
            application=application, education="master", degree="master", certificate_no=str(i), major="经济",
            study_mode="full_time", school="大学", graduated_on=datetime.date(2015, 1, 1),
        )  # fmt: skip
        attach(application, "education", row.pk)
    client.force_login(applicant)
    url = reverse("titles:preview", args=[application.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= PREVIEW_BUDGET, [q["sql"][:80] for q in queries]
    assert response.content.decode().count("单位99") == 1


def test_rows_read_in_one_query_render_like_the_rows_themselves(client, applicant, catalog, unit):
    from tests.titles.conftest import fill_basic

    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    client.force_login(applicant)
    for section in ROW_SECTIONS:
        response = client.post(reverse("titles:section", args=[application.pk, section.key]), valid_row(section))
        assert response.status_code == 302, section.key
    with CaptureQueriesContext(connection) as queries:
        loaded = load_rows(application)
    assert len(queries) == 1
    data = render_application(application)
    for section, rendered in zip(ROW_SECTIONS, data["sections"], strict=True):
        stored = list(section.model.objects.filter(application=application))
        assert [row.pk for row in loaded[section.key]] == [row.pk for row in stored]
        expected = [
            period_text(stored[0]) if name == "period" else display(stored[0], name) for name, _ in section.columns()
        ]
        assert rendered["rows"][0]["cells"] == expected, section.key
