"""Generated people (accounts with valid, unique ID numbers and phones) and units (distinct, realistic names)."""

import datetime
import random

from django.utils import timezone

from accounts.identity import id_check_char, unit_name_key
from accounts.models import Unit, User
from reviews.datagen import Weighted, words
from titles.demo_catalog import credit_code

USER_KEYS = ("id", "password", "username", "is_superuser", "is_staff", "is_active", "date_joined", "phone", "id_type",
             "id_number", "real_name", "verified_at", "first_name", "last_name", "email", "last_login")  # fmt: skip
PHONE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
# Generated units carry this in the organisation-code part of their credit code, so --reset can find them.
UNIT_MARK = "MAGN"
UNIT_MARK_REGEX = r"^.{8}" + UNIT_MARK

# Unit kinds: (share, 主管部门 it reports to, personnel types with weights).
UNIT_KINDS = {
    "private": (50, "重庆市渝中区人力资源和社会保障局", {"private": 90, "non_established": 10}),
    "state": (20, "重庆市国有资产监督管理委员会", {"state_owned": 85, "non_established": 15}),
    "institution": (10, "重庆市发展和改革委员会", {"established": 85, "non_established": 15}),
    "hospital": (8, "重庆市卫生健康委员会", {"established": 80, "non_established": 20}),
    "school": (12, "重庆市教育委员会", {"established": 90, "non_established": 10}),
}
TECH = {"电子科技", "信息技术", "机械制造", "软件", "智能装备", "新材料", "汽车零部件", "通信工程", "数据服务"}


class People:
    """Accounts: one shared password hash, real-name verified, ID numbers and phones unique across the table."""

    def __init__(self, rng: random.Random, tables, password_hash: str):
        self.rng, self.password_hash = rng, password_hash
        self.users = tables.declare(User, USER_KEYS)
        self.used_ids = {
            number[:17] for number in User.objects.exclude(id_number="").values_list("id_number", flat=True)
        }
        self.used_phones = set(User.objects.exclude(phone="").values_list("phone", flat=True))
        self.surnames = Weighted({name: 1 / (rank + 2) ** 0.9 for rank, name in enumerate(words.SURNAMES)})

    def name(self) -> str:
        rng = self.rng
        surname = self.surnames.draw(rng)
        return surname + "".join(rng.choice(words.GIVEN) for _n in range(1 if rng.random() < 0.4 else 2))

    def id_number(self, born: datetime.date, sex: str) -> str:
        rng = self.rng
        while True:
            region = rng.choice(words.DISTRICTS)[1] if rng.random() < 0.85 else rng.choice(words.OTHER_REGIONS)
            sequence = rng.randrange(0, 50) * 20 + rng.randrange(0, 10) * 2 + (1 if sex == "男" else 0)
            first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
            if first17 not in self.used_ids:
                self.used_ids.add(first17)
                return first17 + id_check_char(first17)

    def phone(self) -> str:
        rng = self.rng
        while True:
            phone = f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def new(self, username: str, *, born_years: tuple[int, int], joined: datetime.datetime) -> dict:
        """A verified account; returns what 基本信息 copies from it."""
        rng = self.rng
        born = datetime.date(rng.randrange(*born_years), 1, 1) + datetime.timedelta(days=rng.randrange(365))
        sex = "男" if rng.random() < 0.52 else "女"
        person = {
            "id": self.users.new_id(),
            "username": username,
            "name": self.name(),
            "sex": sex,
            "birth": born,
            "phone": self.phone(),
        }
        person["id_number"] = self.id_number(born, sex)
        person["email"] = f"{person['phone']}@163.com" if rng.random() < 0.5 else ""
        verified = joined + datetime.timedelta(minutes=rng.randrange(1, 30))
        self.users.add((
            person["id"], self.password_hash, username, False, False, True, joined, person["phone"], "resident",
            person["id_number"], person["name"], verified, "", "", "", None,
        ))  # fmt: skip
        return person


def make_units(rng: random.Random, tables, count: int, departments: dict[str, int]) -> list[dict]:
    """`count` approved units under the existing 主管部门, named unlike any other unit; the first a big state firm."""
    table = tables.declare(Unit, ("id", "name", "name_key", "credit_code", "department_id", "status"))
    taken = set(Unit.objects.values_list("name_key", flat=True))
    kinds = list(UNIT_KINDS)
    shares = [UNIT_KINDS[kind][0] for kind in kinds]
    units = []
    fallback_department = next(iter(departments.values()))
    while len(units) < count:
        kind = "state" if not units else rng.choices(kinds, shares)[0]
        for _attempt in range(20):
            name, industry, district_code = _unit_name(rng, kind)
            key = unit_name_key(name)
            if key not in taken:
                break
        else:
            continue  # this kind is saturated; draw another
        taken.add(key)
        department = UNIT_KINDS[kind][1]
        if kind == "private" and industry in TECH:
            department = "重庆市经济和信息化委员会"
        elif industry in ("农业开发",) or name.endswith(("农业技术推广中心", "畜牧技术推广站")):
            department = "重庆市农业农村委员会"
        elif kind == "private" and industry in ("工程咨询", "勘察设计", "投资"):
            department = "重庆市发展和改革委员会"
        unit_type = "12" if kind in ("institution", "hospital", "school") else "91"
        first17 = f"{unit_type}{district_code}{UNIT_MARK}{len(units) + 1:05d}"
        unit = {
            "id": table.new_id(),
            "name": name,
            "kind": kind,
            "department_id": departments.get(department, fallback_department),
        }
        table.add((unit["id"], name, key, credit_code(first17), unit["department_id"], Unit.Status.APPROVED))
        units.append(unit)
    return units


def _unit_name(rng, kind) -> tuple[str, str, str]:
    district, code = rng.choice(words.DISTRICTS)
    industry = rng.choice(words.INDUSTRIES)
    brand = rng.choice(words.BRANDS)
    if kind == "private":
        if rng.random() < 0.5:
            return f"重庆市{district}{brand}{industry}有限公司", industry, code
        return f"重庆{brand}{industry}{rng.choice(words.COMPANY_SUFFIXES)}", industry, code
    if kind == "state":
        choice = rng.random()
        if choice < 0.4:
            return f"重庆市{brand}{industry}集团有限公司", industry, "500000"
        if choice < 0.7:
            return f"重庆{brand}{industry}股份有限公司", industry, "500000"
        return f"重庆市{district}{brand}{industry}有限责任公司", industry, code
    if kind == "institution":
        return f"重庆市{district}{rng.choice(words.INSTITUTIONS)}", "", code
    if kind == "hospital":
        return f"重庆市{district}{rng.choice(words.HOSPITALS)}", "", code
    return f"重庆市{district}{rng.choice(words.SCHOOL_NAMES)}{rng.choice(words.SCHOOL_KINDS)}", "", code


def joined_before(rng: random.Random, moment: datetime.datetime, days: int = 200) -> datetime.datetime:
    """A registration time some days before `moment` (and never in the future)."""
    return min(moment, timezone.now()) - datetime.timedelta(minutes=rng.randrange(60, days * 24 * 60))
