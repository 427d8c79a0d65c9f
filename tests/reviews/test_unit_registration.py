"""单位注册 (reviews:my_units): a look-alike of a registered unit name is refused."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField, Value
from django.db.models.functions import Concat
from django.urls import reverse

from accounts.identity import unit_name_key
from accounts.models import Unit
from tests.reviews.test_queue_and_units import credit_code
from tests.titles.conftest import png_bytes

EXISTING = "重庆市城市建设投资（集团）有限公司"  # a demo unit


def register(client, department, name, code="91500103MA60X7777"):
    data = {
        "name": name,
        "credit_code": credit_code(code),
        "department": department.pk,
        "licence_file": SimpleUploadedFile("执照.png", png_bytes(), content_type="image/png"),
    }
    return client.post(reverse("reviews:my_units"), data)


@pytest.mark.parametrize(
    "look_alike",
    [
        "重庆市城市建设投资(集团)有限公司",
        "重庆市城市建设投资【集团】有限公司",
        "重庆市城市建设投资\u200b（集团）有限公司",
        "重庆市城市建设投资 （集团）  有限公司",
        EXISTING,
    ],
)
def test_it_refuses_a_look_alike_of_a_registered_name(client, applicant, catalog, look_alike):
    client.force_login(applicant)
    response = register(client, catalog["departments"][0], look_alike)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == [f"该单位已存在：{EXISTING}，请勿重复注册"]
    assert f"该单位已存在：{EXISTING}，请勿重复注册" in response.content.decode()
    assert Unit.objects.filter(name_key=unit_name_key(EXISTING)).count() == 1
    assert not Unit.objects.filter(registered_by=applicant).exists()


def test_a_new_name_is_registered_with_its_key(client, applicant, catalog):
    client.force_login(applicant)
    response = register(client, catalog["departments"][0], "重庆新设\u200b（科技）有限公司")
    assert response.status_code == 302
    unit = Unit.objects.get(registered_by=applicant)
    assert unit.name_key == "重庆新设(科技)有限公司"


def test_a_name_of_invisible_characters_only_is_refused(client, applicant, catalog):
    client.force_login(applicant)
    response = register(client, catalog["departments"][0], "\u200b\u200b")
    assert response.status_code == 200
    assert "请填写单位名称" in response.content.decode()
    assert not Unit.objects.filter(registered_by=applicant).exists()


def test_a_look_alike_saved_in_between_is_refused_not_500(client, applicant, catalog, monkeypatch):
    # Another request registers the look-alike after this form's check and before its save.
    monkeypatch.setattr(Unit, "clean", lambda self: None)
    client.force_login(applicant)
    response = register(client, catalog["departments"][0], "重庆市城市建设投资(集团)有限公司")
    assert response.status_code == 200
    assert f"该单位已存在：{EXISTING}，请勿重复注册" in response.content.decode()
    assert not Unit.objects.filter(registered_by=applicant).exists()


def test_demo_units_have_distinct_keys(catalog):
    units = list(Unit.objects.all())
    assert units and all(u.name_key == unit_name_key(u.name) != "" for u in units)
    assert len({u.name_key for u in units}) == len(units)


def test_the_migration_fills_keys_and_keeps_existing_look_alikes_apart(catalog):
    import importlib

    fill_name_keys = importlib.import_module("accounts.migrations.0007_unit_name_key").fill_name_keys
    first = Unit.objects.get(name=EXISTING)
    # A look-alike that got in before the key existed.
    Unit.objects.bulk_create(
        [Unit(name="重庆市城市建设投资(集团)有限公司", name_key="stale", department=first.department)]
    )
    Unit.objects.exclude(pk=first.pk).update(name_key=Concat(Value("stale"), "pk", output_field=CharField()))
    fill_name_keys(apps, None)
    twin = Unit.objects.get(name="重庆市城市建设投资(集团)有限公司")
    assert Unit.objects.get(pk=first.pk).name_key == "重庆市城市建设投资(集团)有限公司"
    assert twin.name_key == f"重庆市城市建设投资(集团)有限公司#{twin.pk}"
    assert all(u.name_key == unit_name_key(u.name) for u in Unit.objects.exclude(pk=twin.pk))
