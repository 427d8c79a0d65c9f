"""What an application holds: 基本信息, rows of the 17 sections, their files, and the frozen copy reviewers read.

The frozen copy (Submission.data) is built from the generated values directly, in the shape
titles.rendering.render_application() gives, so no application has to be read back to freeze it.
"""

import datetime
import decimal
import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfWriter

from reviews.datagen import Weighted, words
from titles.models import LEVEL_ORDER, ApplicationType, Attachment, BasicInfo, PersonnelType, Sex
from titles.rendering import BASIC_FIELDS, REQUIRED_BASIC
from titles.sections import ROW_SECTIONS, Files

# The columns each section generator below returns, in order; checked against the registry at start.
SECTION_FIELDS = {
    "education": ("education", "degree", "certificate_no", "is_highest", "major", "study_mode", "school",
                  "graduated_on"),
    "current-title": ("title_name", "level", "specialty", "obtained_on", "issuer", "certificate_no"),
    "admin-post": ("post_name", "unit_name", "post_type", "started_on", "ended_on"),
    "academic-post": ("society", "post"),
    "social-post": ("society", "post", "started_on", "ended_on"),
    "training": ("started_on", "ended_on", "content", "institution", "hours"),
    "work-history": ("started_on", "ended_on", "unit_name", "work", "post"),
    "achievement": ("name", "started_on", "ended_on", "role", "content"),
    "research": ("name", "source", "level", "role", "started_on", "ended_on", "outcome"),
    "book": ("name", "publisher", "published_on", "isbn", "role", "words"),
    "paper": ("title", "journal", "issn", "published_on", "rank"),
    "report": ("title", "occasion", "reported_on", "role"),
    "exam": ("name", "subject", "score", "exam_on", "certificate_no"),
    "patent": ("name", "kind", "number", "granted_on", "rank"),
    "award": ("name", "grade", "issuer", "awarded_on", "rank"),
    "continuing-education": ("year", "content", "hours", "way"),
    "other": ("name", "note"),
}  # fmt: skip
# Sections drawn for rows beyond the required ones, with their weights.
OPTIONAL = {
    "paper": 3, "training": 3, "other": 2, "research": 2, "award": 2, "admin-post": 2, "academic-post": 1.5,
    "exam": 1.5, "work-history": 1.5, "report": 1, "education": 1, "book": 0.7, "patent": 0.7, "social-post": 0.7,
}  # fmt: skip
EDUCATION = Weighted({"bachelor": 60, "master": 28, "doctor": 4, "college": 8})
PROJECT_LEVEL = Weighted({"national": 1, "provincial": 4, "municipal": 8, "other": 6})
BOOK_ROLE = Weighted({"sole": 2, "chief": 3, "deputy": 3, "contributor": 6, "translator": 1})
AUTHOR_RANK = Weighted({"sole": 4, "first": 5, "corresponding": 1, "other": 2})
PATENT_KIND = Weighted({"invention": 3, "utility": 6, "design": 1})
STUDY_WAY = Weighted({"online": 6, "classroom": 3, "other": 1})
REQUIRED_CORE = ["education", "work-history", "achievement", "continuing-education"]

ATTACHMENT_KEYS = ("id", "application_id", "section", "row_id", "file", "original_name", "content_type", "size",
                   "uploaded_at")  # fmt: skip
BASIC_KEYS = ("application_id", "application_type", "qualification_direction", "name", "id_number", "photo_id", "sex",
              "birth_date", "work_started_on", "unit_id", "personnel_type", "archive_centre_id", "phone", "email",
              "updated_at")  # fmt: skip
FILE_NAMES = {
    "education": ["毕业证书.jpg", "学位证书.png"], "current-title": ["职称证书.png"], "academic-post": ["聘书.png"],
    "social-post": ["聘书.png"], "training": ["结业证书.png"], "achievement": ["业绩证明.pdf"],
    "research": ["结题证书.pdf"], "book": ["封面及版权页.pdf"], "paper": ["刊物封面目录正文.pdf"],
    "report": ["会议通知.pdf"], "exam": ["成绩单.png"], "patent": ["专利证书.png"], "award": ["获奖证书.png"],
    "continuing-education": ["学时证明.png"], "other": ["证明材料.pdf"],
}  # fmt: skip
EPOCH = datetime.date(1970, 1, 1).toordinal()


def _png(size, color) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg(size, color) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def store_files() -> dict[str, tuple[str, str, int]]:
    """A few real small files, stored once: kind → (stored name, content type, size). Many rows point at each."""
    made = {
        "photo": ("photo.jpg", "image/jpeg", _jpeg((295, 413), (210, 225, 240))),
        "certificate": ("certificate.png", "image/png", _png((480, 340), (235, 240, 250))),
        "certificate2": ("certificate2.png", "image/png", _png((340, 480), (250, 245, 230))),
        "page": ("page.png", "image/png", _png((420, 594), (255, 255, 255))),
        "pdf": ("scan.pdf", "application/pdf", _pdf()),
    }
    stored = {}
    for kind, (name, content_type, content) in made.items():
        path = f"applications/generated/{name}"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(content))
        stored[kind] = (path, content_type, len(content))
    return stored


def _cell_renderer(section):
    """cells(values) → the row's cells as titles.rendering shows them (choices by label, dates ISO, 是/否 …)."""
    fields = section.fields
    yes, no, ongoing = _("是"), _("否"), _("至今")
    parts = []
    for name, _label in section.columns():
        if name == "period":
            parts.append(("period", fields.index("started_on"), fields.index("ended_on")))
            continue
        field = section.model._meta.get_field(name)
        labels = {value: str(label) for value, label in field.flatchoices} if field.choices else None
        parts.append(("choice" if labels else "plain", fields.index(name), labels))

    def text(value):
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return yes if value else no
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, decimal.Decimal):
            return format(value.normalize(), "f")
        return str(value)

    def cells(values):
        out = []
        for kind, index, extra in parts:
            if kind == "period":
                end = values[extra]
                start = values[index].isoformat()
                out.append(f"{start}至{end.isoformat()}" if end else f"{start}{ongoing}")
            elif kind == "choice":
                out.append(extra.get(values[index], values[index]))
            else:
                out.append(text(values[index]))
        return out

    return cells


class Content:
    """Writes 基本信息, section rows and attachments of one application at a time, and freezes them on demand."""

    def __init__(self, rng: random.Random, tables, files: dict, titles_by_specialty: dict):
        for section in ROW_SECTIONS:
            if tuple(section.fields) != SECTION_FIELDS[section.key]:
                raise RuntimeError(f"section {section.key} changed its fields; update reviews/datagen/content.py")
        self.rng, self.files = rng, files
        self.titles_by_specialty = titles_by_specialty  # specialty id → {level: title name}
        self.row_tables = {
            s.key: tables.declare(s.model, ("id", "application_id", "created_at", *s.fields)) for s in ROW_SECTIONS
        }
        self.attachments = tables.declare(Attachment, ATTACHMENT_KEYS)
        self.basic = tables.declare(BasicInfo, BASIC_KEYS)
        self.sections = {s.key: s for s in ROW_SECTIONS}
        self.cells = {s.key: _cell_renderer(s) for s in ROW_SECTIONS}
        self.static = {
            s.key: {
                "label": str(s.label),
                "columns": [label for _name, label in s.columns()]
                + ([str(s.files_label)] if s.files != Files.NONE else []),
                "has_files": s.files != Files.NONE,
            }
            for s in ROW_SECTIONS
        }
        self.basic_labels = {name: str(BasicInfo._meta.get_field(name).verbose_name) for name in BASIC_FIELDS}
        self.type_labels = {v: str(label) for v, label in ApplicationType.choices}
        self.personnel_labels = {v: str(label) for v, label in PersonnelType.choices}
        self.sex_labels = {v: str(label) for v, label in Sex.choices}
        self.own_unit = _("本单位")
        self.optional = Weighted(OPTIONAL)
        self.generators = {key: getattr(self, "_" + key.replace("-", "_")) for key in SECTION_FIELDS}

    # Dates and small helpers.
    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        low, high = start.toordinal(), end.toordinal()
        return datetime.date.fromordinal(low + self.rng.randrange(max(high - low, 1)))

    def plan(self, count: int) -> list[str]:
        """Which section each of `count` rows goes to: the required sections first, eligibility rows, then drawn."""
        keys = list(REQUIRED_CORE)
        if count >= 6:
            keys += ["continuing-education", "continuing-education"]
        if count >= 7:
            keys.append("current-title")
        optional = self.optional
        keys += self.rng.choices(optional.values, cum_weights=optional.cumulative, k=max(count - len(keys), 0))
        order = {s.key: i for i, s in enumerate(ROW_SECTIONS)}
        return sorted(keys, key=order.__getitem__)

    def write(self, app: dict, keys: list[str], *, freeze: bool) -> dict | None:
        """Write 基本信息, the rows named by `keys` and their files; return the frozen data if `freeze`."""
        rng, person = self.rng, app["person"]
        when = app["created_at"]
        photo_path, photo_type, photo_size = self.files["photo"]
        photo_id = self.attachments.new_id()
        self.attachments.add(
            (photo_id, app["id"], "basic", None, photo_path, "免冠照.jpg", photo_type, photo_size, when)
        )
        self.basic.add((
            app["id"], app["application_type"], app["direction"], person["name"], person["id_number"], photo_id,
            person["sex"], person["birth"], app["work_started_on"], app["unit_id"], app["personnel_type"],
            app["centre_id"], person["phone"], person["email"], when,
        ))  # fmt: skip
        state = {"ce_year": app["deadline_year"] - 3, "education_done": False}
        rows: dict[str, list] = {key: [] for key in self.sections}
        for number, key in enumerate(keys):
            section = self.sections[key]
            table = self.row_tables[key]
            values = self.generators[key](app, state)
            row_id = table.new_id()
            table.add((row_id, app["id"], when + datetime.timedelta(seconds=60 * (number + 1)), *values))
            files = []
            if section.files == Files.REQUIRED or (section.files == Files.OPTIONAL and rng.random() < 0.35):
                for _n in range(2 if rng.random() < 0.15 else 1):
                    files.append(self._file(app, key, row_id, when))
            if freeze:
                rows[key].append({"id": row_id, "cells": self.cells[key](values), "files": files})
        if not freeze:
            return None
        return {
            "choice": app["choice"],
            "basic": {
                "saved": True,
                "items": self._basic_items(app),
                "photo": {"id": photo_id, "name": "免冠照.jpg", "is_image": True},
            },
            "sections": [{"key": key, **self.static[key], "rows": rows[key]} for key in self.sections],
        }

    def _file(self, app, key, row_id, when) -> dict:
        kind = (
            "pdf" if FILE_NAMES[key][0].endswith(".pdf") else self.rng.choice(("certificate", "certificate2", "page"))
        )
        path, content_type, size = self.files[kind]
        name = self.rng.choice(FILE_NAMES[key])
        if kind != "pdf" and name.endswith(".pdf"):
            name = name[:-4] + ".png"
        attachment_id = self.attachments.new_id()
        self.attachments.add((attachment_id, app["id"], key, row_id, path, name, content_type, size, when))
        return {"id": attachment_id, "name": name, "is_image": content_type.startswith("image/")}

    def _basic_items(self, app) -> list[dict]:
        person = app["person"]
        values = {
            "application_type": self.type_labels[app["application_type"]],
            "qualification_direction": app["direction"],
            "name": person["name"],
            "former_name": "",
            "id_number": person["id_number"],
            "sex": self.sex_labels[person["sex"]],
            "birth_date": person["birth"].isoformat(),
            "work_started_on": app["work_started_on"].isoformat(),
            "unit": app["unit_name"],
            "personnel_type": self.personnel_labels[app["personnel_type"]],
            "archive_centre": app["centre_name"] or self.own_unit,
            "phone": person["phone"],
            "email": person["email"],
        }
        return [
            {"name": name, "label": self.basic_labels[name], "value": values[name], "required": name in REQUIRED_BASIC}
            for name in BASIC_FIELDS
        ]

    # One generator per section: the row's values in SECTION_FIELDS order.
    def _education(self, app, state):
        rng = self.rng
        graduated = datetime.date(app["work_started_on"].year, 6, 30)
        if not state["education_done"]:
            state["education_done"] = True
            education = EDUCATION.draw(rng)
            highest = True
        else:
            education, highest = "college", False
            graduated = datetime.date(graduated.year - 3, 6, 30)
        degree = {"doctor": "doctor", "master": "master", "bachelor": "bachelor"}.get(education, "none")
        number = f"10{rng.randrange(611, 699)}1{graduated.year}{rng.randrange(10**5, 10**6)}"
        major = rng.choice(words.MAJORS[app["series"]])
        mode = "full_time" if rng.random() < 0.8 else "part_time"
        return (education, degree, number, highest, major, mode, rng.choice(words.SCHOOLS), graduated)

    def _current_title(self, app, state):
        rng = self.rng
        level = app["previous_level"]
        obtained = self.day(app["work_started_on"] + datetime.timedelta(days=1500), app["eligible_since"])
        number = f"{rng.choice('JGKNS')}{obtained.year}{rng.randrange(10**5, 10**6)}"
        return (app["previous_title"], level, app["specialty"], obtained, rng.choice(words.ISSUERS), number)

    def _admin_post(self, app, state):
        rng = self.rng
        started = self.day(app["work_started_on"], app["today"])
        ended = None if rng.random() < 0.7 else self.day(started, app["today"])
        kind = "current" if rng.random() < 0.8 else "concurrent"
        return (rng.choice(words.POSTS), app["unit_name"], kind, started, ended)

    def _academic_post(self, app, state):
        return (self.rng.choice(words.SOCIETIES), self.rng.choice(words.SOCIETY_POSTS))

    def _social_post(self, app, state):
        started = self.day(app["work_started_on"], app["today"])
        ended = None if self.rng.random() < 0.6 else self.day(started, app["today"])
        return (self.rng.choice(words.SOCIAL_GROUPS), self.rng.choice(words.SOCIAL_POSTS), started, ended)

    def _training(self, app, state):
        started = self.day(app["work_started_on"], app["today"] - datetime.timedelta(days=30))
        ended = started + datetime.timedelta(days=self.rng.randrange(2, 20))
        content, institution = self.rng.choice(words.TRAININGS)
        return (started, ended, content, institution, self.rng.randrange(16, 161))

    def _work_history(self, app, state):
        rng = self.rng
        started = app["work_started_on"] if rng.random() < 0.7 else self.day(app["work_started_on"], app["today"])
        return (started, None, app["unit_name"], rng.choice(words.WORK), rng.choice(("", *words.POSTS)))

    def _project_name(self):
        rng = self.rng
        return f"{rng.choice(words.PROJECT_PLACES)}{rng.choice(words.PROJECT_OBJECTS)}{rng.choice(words.PROJECT_VERBS)}"

    def _achievement(self, app, state):
        rng = self.rng
        started = self.day(app["work_started_on"], app["today"] - datetime.timedelta(days=200))
        ended = None if rng.random() < 0.2 else self.day(started + datetime.timedelta(days=90), app["today"])
        content = rng.choice(words.ACHIEVEMENT_TEXT).format(n=rng.randrange(3, 300))
        return (self._project_name(), started, ended, rng.choice(words.ROLES), content)

    def _research(self, app, state):
        rng = self.rng
        started = self.day(app["work_started_on"], app["today"] - datetime.timedelta(days=400))
        ended = None if rng.random() < 0.25 else self.day(started + datetime.timedelta(days=180), app["today"])
        level = PROJECT_LEVEL.draw(rng)
        return (self._project_name(), rng.choice(words.RESEARCH_SOURCES), level, rng.choice(("主持", "主研", "参与")),
                started, ended, rng.choice(words.OUTCOMES))  # fmt: skip

    def _book(self, app, state):
        rng = self.rng
        isbn = f"978-7-{rng.randrange(5600, 5699)}-{rng.randrange(1000, 9999)}-{rng.randrange(10)}"
        role = BOOK_ROLE.draw(rng)
        size = decimal.Decimal(rng.randrange(20, 400)) / 10
        published = self.day(app["work_started_on"], app["today"])
        return (rng.choice(words.BOOK_TOPICS), rng.choice(words.PUBLISHERS), published, isbn, role, size)

    def _paper(self, app, state):
        rng = self.rng
        topic, subject = rng.choice(words.PAPER_TOPICS), rng.choice(words.PAPER_OBJECTS)
        title = f"{topic}背景下{subject}的{rng.choice(words.PAPER_ASPECTS)}"
        journal, issn = rng.choice(words.JOURNALS)
        rank = AUTHOR_RANK.draw(rng)
        return (title, journal, issn, self.day(app["work_started_on"], app["today"]), rank)

    def _report(self, app, state):
        rng = self.rng
        reported = self.day(app["work_started_on"], app["today"])
        occasion = f"{reported.year}年{rng.choice(words.OCCASIONS)}"
        title = f"{rng.choice(words.PAPER_OBJECTS)}{rng.choice(words.PAPER_ASPECTS)}"
        return (title, occasion, reported, rng.choice(words.REPORT_ROLES))

    def _exam(self, app, state):
        rng = self.rng
        name, subject = rng.choice(words.EXAMS)
        score = rng.choice(("合格", str(rng.randrange(60, 96))))
        exam_on = self.day(app["work_started_on"], app["today"])
        number = f"{exam_on.year}{rng.randrange(10**7, 10**8)}" if rng.random() < 0.8 else ""
        return (name, subject, score, exam_on, number)

    def _patent(self, app, state):
        rng = self.rng
        granted = self.day(app["work_started_on"], app["today"])
        kind = PATENT_KIND.draw(rng)
        number = f"ZL{granted.year - 1}{rng.randrange(1, 4)}{rng.randrange(10**7, 10**8)}.{rng.randrange(10)}"
        return (rng.choice(words.PATENT_THINGS), kind, number, granted, rng.randrange(1, 6))

    def _award(self, app, state):
        rng = self.rng
        name, issuer = rng.choice(words.AWARDS)
        awarded = self.day(app["work_started_on"], app["today"])
        return (name, rng.choice(words.AWARD_GRADES), issuer, awarded, rng.randrange(1, 8))

    def _continuing_education(self, app, state):
        rng = self.rng
        year = state["ce_year"]
        state["ce_year"] = year + 1 if year + 1 < app["deadline_year"] else app["deadline_year"] - 3
        way = STUDY_WAY.draw(rng)
        return (year, rng.choice(words.CE_CONTENTS), rng.randrange(90, 121), way)

    def _other(self, app, state):
        return self.rng.choice(words.OTHER_ATTACHMENTS)


def previous_level(level: str) -> str:
    position = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[max(position - 1, 0)]
