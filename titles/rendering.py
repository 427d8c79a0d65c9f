"""An application as data for the read-only rendering: the preview, the frozen submission, reviewers.

render_application() reads a fixed number of queries however many rows and sections there are, and
returns plain JSON-able data, so what was submitted can be stored and shown unchanged.
"""

import datetime
import decimal
import json
from collections import defaultdict

from django.db.models import CharField, TextField, Value
from django.db.models.base import ModelState
from django.db.models.functions import JSONObject
from django.utils.translation import gettext as _

from accounts.identity import mask_id_number_long, mask_phone
from core import compiled
from core.choices import choice_labels
from titles.models import Application, Attachment, BasicInfo
from titles.sections import BASIC, ROW_SECTIONS, Files, Section

BASIC_FIELDS = [
    "application_type", "qualification_direction", "name", "former_name", "id_number", "sex", "birth_date",
    "work_started_on", "unit", "personnel_type", "archive_centre", "phone", "email",
]  # fmt: skip
REQUIRED_BASIC = {"application_type", "qualification_direction", "name", "id_number", "sex", "birth_date",
                  "work_started_on", "unit", "personnel_type", "phone"}  # fmt: skip


def display(instance, name: str) -> str:
    return _text(instance._meta.get_field(name), getattr(instance, name))


def _text(field, value) -> str:
    """A field's value as the read-only pages show it."""
    if field.choices:
        return str(choice_labels(field).get(value, value or ""))
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return str(value)


def period_text(row) -> str:
    """A started/ended pair as the manual shows it: 2020-11-01至2020-11-10 (or 至今)."""
    start = row.started_on.strftime("%Y-%m-%d")
    return f"{start}至{row.ended_on.strftime('%Y-%m-%d')}" if row.ended_on else f"{start}{_('至今')}"


def _file(attachment) -> dict:
    """A file as the rendered application names it (from an Attachment or its values() row)."""
    if isinstance(attachment, dict):
        return {"id": attachment["pk"], "name": attachment["original_name"],
                "is_image": attachment["content_type"].startswith("image/")}  # fmt: skip
    return {"id": attachment.pk, "name": attachment.original_name, "is_image": attachment.is_image}


def _basic(application: Application, files_by_id: dict) -> dict:
    try:
        basic = BasicInfo.objects.select_related("unit", "archive_centre").get(application=application)
    except BasicInfo.DoesNotExist:
        return {"saved": False, "items": [], "photo": None}
    items = []
    for name in BASIC_FIELDS:
        value = display(basic, name)
        if name == "archive_centre" and not value:
            value = _("本单位")
        label = str(BasicInfo._meta.get_field(name).verbose_name)
        items.append({"name": name, "label": label, "value": value, "required": name in REQUIRED_BASIC})
    photo = files_by_id.get(basic.photo_id)
    return {"saved": True, "items": items, "photo": _file(photo) if photo else None}


def load_rows(application: Application) -> dict[str, list]:
    """Every row of every section, as model instances in each section's order, in ONE query.

    The 17 section tables differ in their columns, so each is read as (section, id, created_at,
    a JSON object of its fields) and the UNION ALL of the 17 comes back together; the instances
    are rebuilt from the JSON (unsaved copies: for reading only). The statement is compiled once
    per process (compiling the 17-part union costs more than running it).
    """
    loaded: dict[str, list] = {section.key: [] for section in ROW_SECTIONS}
    found = compiled.run("section rows", _all_rows, application.pk)
    for key, pk, created_at, values in found:
        model, converters = _READERS[key]
        if isinstance(values, str):
            values = json.loads(values)
        if isinstance(created_at, str):  # SQLite returns the text it stores
            created_at = _CREATED_AT.to_python(created_at)
        loaded[key].append(_reading_copy(model, pk, application.pk, created_at, values, converters))
    for rows in loaded.values():
        rows.sort(key=lambda row: (row.created_at, row.pk))
    return loaded


# section key → (model, {field name: to_python of fields whose JSON form is not their Python form})
_READERS = {
    section.key: (
        section.model,
        {
            name: section.model._meta.get_field(name).to_python
            for name in section.fields
            if not isinstance(section.model._meta.get_field(name), (CharField, TextField))
        },
    )
    for section in ROW_SECTIONS
}
_CREATED_AT = ROW_SECTIONS[0].model._meta.get_field("created_at")


def _all_rows(application_id: int):
    queries = [
        section.model.objects.filter(application_id=application_id)
        .order_by()
        .values_list(
            Value(section.key, output_field=CharField()),
            "pk",
            "created_at",
            JSONObject(**{name: name for name in section.fields}),
        )
        for section in ROW_SECTIONS
    ]
    return queries[0].union(*queries[1:], all=True)


def _reading_copy(model, pk, application_id, created_at, values, converters):
    """A row instance without Model.__init__ (a tenth of its cost): attributes only, never saved."""
    for name, to_python in converters.items():
        values[name] = to_python(values[name])
    row = model.__new__(model)
    row._state = ModelState()
    row._state.adding = False
    row.__dict__.update(values, id=pk, application_id=application_id, created_at=created_at)
    return row


def _rows(section: Section, rows: list, files_by_row: dict) -> list[dict]:
    """Each row's cells as text, through a table of the section's columns built once per call."""
    fields = section.model._meta
    columns = [(name, None if name == "period" else fields.get_field(name)) for name, _label in section.columns()]
    rendered = []
    for row in rows:
        cells = [period_text(row) if field is None else _text(field, getattr(row, name)) for name, field in columns]
        files = [_file(a) for a in files_by_row.get((section.key, row.pk), [])]
        rendered.append({"id": row.pk, "cells": cells, "files": files})
    return rendered


def render_application(application: Application, rows: dict[str, list] | None = None) -> dict:
    """The application as plain data; `rows` from load_rows() when the caller has them already."""
    rows = load_rows(application) if rows is None else rows
    attachments = (
        Attachment.objects.filter(application=application, deleted_at__isnull=True)
        .order_by("pk")
        .values("pk", "original_name", "content_type", "section", "row_id")
    )
    files_by_row, files_by_id = defaultdict(list), {}
    for attachment in attachments:
        files_by_id[attachment["pk"]] = attachment
        files_by_row[(attachment["section"], attachment["row_id"])].append(attachment)
    title = application.title
    sections = []
    for section in ROW_SECTIONS:
        columns = [label for _name, label in section.columns()]
        if section.files != Files.NONE:
            columns.append(str(section.files_label))
        sections.append(
            {
                "key": section.key,
                "label": str(section.label),
                "columns": columns,
                "has_files": section.files != Files.NONE,
                "rows": _rows(section, rows[section.key], files_by_row),
            }
        )
    return {
        "choice": {
            "series": title.specialty.series.name,
            "specialty": title.specialty.name,
            "title": title.name,
            "committee": application.batch.committee.name,
            "closes_at": application.batch.closes_at.isoformat(),
        },
        "basic": _basic(application, files_by_id),
        "sections": sections,
    }


def find_gaps(data: dict) -> list[dict]:
    """What is missing before submitting (漏填): each gap names its section and what to fill."""
    gaps = []
    basic = data["basic"]
    if not basic["saved"]:
        gaps.append({"section": BASIC.key, "label": str(BASIC.label), "message": _("请先填写完基本信息，点击保存")})
    else:
        for item in basic["items"]:
            if item["required"] and not item["value"]:
                gaps.append({"section": BASIC.key, "label": str(BASIC.label), "message": _("未填写%s") % item["label"]})
        if not basic["photo"]:
            gaps.append({"section": BASIC.key, "label": str(BASIC.label), "message": _("未上传免冠照")})
    for section, rendered in zip(ROW_SECTIONS, data["sections"], strict=True):
        if section.required and not rendered["rows"]:
            message = _("至少填写一条%(label)s") % {"label": section.label}
            gaps.append({"section": section.key, "label": str(section.label), "message": message})
        if section.files == Files.REQUIRED:
            for number, row in enumerate(rendered["rows"], start=1):
                if not row["files"]:
                    message = _("第%(n)d条未上传%(files)s") % {"n": number, "files": section.files_label}
                    gaps.append({"section": section.key, "label": str(section.label), "message": message})
    return gaps


def file_ids(data: dict) -> set[int]:
    """The ids of every file a rendered application shows (its photo and the rows' files)."""
    ids = {data["basic"]["photo"]["id"]} if data["basic"].get("photo") else set()
    for section in data["sections"]:
        for row in section["rows"]:
            ids.update(file["id"] for file in row["files"])
    return ids


# The personal numbers in 基本信息, and how they are masked (as in the roster).
PERSONAL_NUMBERS = {"id_number": mask_id_number_long, "phone": mask_phone}


def mask_personal_numbers(data: dict) -> dict:
    """A copy of rendered data with the ID and phone numbers masked; `data` itself is not changed."""
    basic = data["basic"]
    items = [
        {**item, "value": PERSONAL_NUMBERS[item["name"]](item["value"])}
        if item["name"] in PERSONAL_NUMBERS and item["value"]
        else item
        for item in basic.get("items", [])
    ]
    return {**data, "basic": {**basic, "items": items}}
