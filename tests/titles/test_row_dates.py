"""Every date field of every row section: a future or a pre-1950 date is refused next to the field,
with everything typed kept (it used to answer 500)."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from tests.titles.conftest import fill_basic, new_application, picture
from titles.forms import row_form
from titles.sections import ROW_SECTIONS, Files

VALID_DATE = "2015-03-02"


def valid_row(section) -> dict:
    """A row that saves: a plausible value for each field, derived from the section's form."""
    data = {}
    for name, field in row_form(section)().fields.items():
        if name == "remove_files":
            continue
        if name == "files":
            if section.files == Files.REQUIRED:
                data["files"] = [picture()]
        elif isinstance(field, forms.DateField):
            data[name] = VALID_DATE
        elif isinstance(field, forms.BooleanField):
            data[name] = "on"
        elif isinstance(field, forms.ChoiceField):
            data[name] = next(str(value) for value, _label in field.choices if value != "")
        elif isinstance(field, forms.IntegerField | forms.DecimalField):
            data[name] = "2015" if "year" in name else "8"
        else:
            data[name] = f"测试内容{name}"
    if "ended_on" in data:
        data["ended_on"] = "2016-04-05"
    return data


DATE_FIELDS = [
    (section, name)
    for section in ROW_SECTIONS
    for name, field in row_form(section)().fields.items()
    if isinstance(field, forms.DateField)
]


@pytest.fixture
def owner_app(client, applicant, catalog, unit):
    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    client.force_login(applicant)
    return client, application


def test_the_sweep_covers_many_sections():
    assert len({section.key for section, _name in DATE_FIELDS}) >= 10


@pytest.mark.parametrize("section,name", DATE_FIELDS, ids=[f"{s.key}-{n}" for s, n in DATE_FIELDS])
@pytest.mark.parametrize("when", ["future", "too_old"])
def test_a_date_out_of_range_is_refused_next_to_the_field_and_nothing_is_lost(owner_app, section, name, when):
    client, application = owner_app
    data = valid_row(section)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    bad = {"future": "2099-01-01", "too_old": "1949-12-31"}[when]
    if when == "future" and name == "ended_on":
        bad = tomorrow.isoformat()
    data[name] = bad
    if name == "started_on" and "ended_on" in data and when == "future":
        data["ended_on"] = ""
    url = reverse("titles:section", args=[application.pk, section.key])
    response = client.post(url, data)
    assert response.status_code == 400
    form = response.context["form"]
    label = form.fields[name].label
    expected = f"{label}不能晚于今天" if when == "future" else f"{label}不能早于1950年"
    assert any(expected in error for error in form.errors[name]), form.errors
    assert set(form.errors) <= {name, "files"}, form.errors
    html = response.content.decode()
    assert bad in html
    typed = [v for f, v in data.items() if f != "files" and isinstance(v, str) and v.startswith("测试内容")]
    assert typed  # every section with a date has text fields too: what was typed is shown again
    for value in typed:
        assert value in html
    assert not section.model.objects.filter(application=application).exists()


@pytest.mark.parametrize("section", ROW_SECTIONS, ids=[s.key for s in ROW_SECTIONS])
def test_the_generated_valid_row_saves(owner_app, section):
    client, application = owner_app
    response = client.post(reverse("titles:section", args=[application.pk, section.key]), valid_row(section))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert section.model.objects.filter(application=application).count() == 1
