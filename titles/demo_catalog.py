"""Demo data for development and tests: a realistic 重庆 catalog, its committees and batches, and organisations.

`load_demo_catalog()` is idempotent: every row is found by its natural key, so running it twice creates no
duplicates (batch dates are moved to match `now`). The organisations' credit codes are plausible but made up;
their check characters are computed so they pass `accounts.identity.validate_credit_code`.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.identity import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS, validate_credit_code
from accounts.models import Department, TalentCentre, Unit
from titles.models import LEVEL_ORDER, Batch, Committee, Education, EligibilityRule, Level, Series, Specialty, Title

# Title names per level, in LEVEL_ORDER: 员级, 助理级, 中级, 副高级, 正高级.
ENGINEER = ("技术员", "助理工程师", "工程师", "高级工程师", "正高级工程师")
ECONOMIST = ("经济员", "助理经济师", "经济师", "高级经济师", "正高级经济师")
ACCOUNTANT = ("会计员", "助理会计师", "会计师", "高级会计师", "正高级会计师")
PHYSICIAN = ("医士", "医师", "主治医师", "副主任医师", "主任医师")
NURSE = ("护士", "护师", "主管护师", "副主任护师", "主任护师")
PHARMACIST = ("药士", "药师", "主管药师", "副主任药师", "主任药师")
TEACHER = ("三级教师", "二级教师", "一级教师", "高级教师", "正高级教师")
AGRONOMIST = ("技术员", "助理农艺师", "农艺师", "高级农艺师", "正高级农艺师")
ANIMAL_HUSBANDRY = ("技术员", "助理畜牧师", "畜牧师", "高级畜牧师", "正高级畜牧师")

# 系列 → [(专业, title names)], in display order.
CATALOG = [
    ("工程技术", [("建筑工程", ENGINEER), ("电子信息", ENGINEER), ("机械工程", ENGINEER)]),
    ("经济", [("经济专业", ECONOMIST), ("人力资源管理", ECONOMIST), ("金融", ECONOMIST), ("工商管理", ECONOMIST)]),
    ("会计", [("会计", ACCOUNTANT)]),
    ("卫生", [("临床医学", PHYSICIAN), ("护理", NURSE), ("药学", PHARMACIST)]),
    ("中小学教师", [("中学数学", TEACHER), ("中学语文", TEACHER), ("小学语文", TEACHER)]),
    ("农业技术", [("农学", AGRONOMIST), ("畜牧兽医", ANIMAL_HUSBANDRY)]),
]

SENIOR_LEVELS = (Level.VICE_SENIOR, Level.SENIOR)

# 评审委员会: (name, series reviewed, levels reviewed, batch plan). Plans: "open" = a batch open now;
# "open+closed" = also last year's closed batch; "future" = only a batch that opens in 10 days.
COMMITTEES = [
    ("重庆市经济专业高级职务评审委员会", "经济", SENIOR_LEVELS, "open+closed"),
    ("重庆市经济专业中级职务评审委员会", "经济", (Level.INTERMEDIATE,), "open"),
    ("重庆市工程技术高级职务评审委员会", "工程技术", SENIOR_LEVELS, "open"),
    ("重庆市工程技术中级职务评审委员会", "工程技术", (Level.INTERMEDIATE,), "open"),
    ("重庆市会计专业高级职务评审委员会", "会计", SENIOR_LEVELS, "open"),
    ("重庆市卫生高级职务评审委员会", "卫生", SENIOR_LEVELS, "future"),
    ("重庆市中小学教师高级职务评审委员会", "中小学教师", SENIOR_LEVELS, "open"),
    ("重庆市农业技术高级职务评审委员会", "农业技术", SENIOR_LEVELS, "open"),
]

# 主管部门: (name, first 17 characters of the credit code). 11 = 机关, 500000 = 重庆市, 500103 = 渝中区.
DEPARTMENTS = [
    ("重庆市发展和改革委员会", "11500000009287615"),
    ("重庆市国有资产监督管理委员会", "11500000759274836"),
    ("重庆市经济和信息化委员会", "11500000009285307"),
    ("重庆市卫生健康委员会", "11500000MB1530842"),
    ("重庆市教育委员会", "11500000009281472"),
    ("重庆市农业农村委员会", "11500000009283056"),
    ("重庆市渝中区人力资源和社会保障局", "11500103MB0172649"),
]

# 工作单位: (name, 主管部门, first 17 characters of the credit code, is_approved).
# 91 = 企业, 12 = 事业单位; 500105 = 江北区, 500112 = 渝北区, 500106 = 沙坪坝区.
UNITS = [
    ("重庆市城市建设投资（集团）有限公司", "重庆市国有资产监督管理委员会", "91500000202814735", True),
    ("重庆渝兴银行股份有限公司", "重庆市国有资产监督管理委员会", "91500000202869413", True),
    ("重庆市宏图工程咨询有限公司", "重庆市发展和改革委员会", "91500103709428156", True),
    ("重庆长江电子信息产业有限公司", "重庆市经济和信息化委员会", "91500112MA5U6K3P0", True),
    ("重庆山城机械制造股份有限公司", "重庆市经济和信息化委员会", "91500106203746918", True),
    ("重庆市第一人民医院", "重庆市卫生健康委员会", "12500000450397261", True),
    ("重庆市妇幼保健院", "重庆市卫生健康委员会", "12500000450412876", True),
    ("重庆市巴蜀中学校", "重庆市教育委员会", "12500000450451937", True),
    ("重庆市渝中区人和街小学校", "重庆市教育委员会", "12500103450836274", True),
    ("重庆市农业科学院", "重庆市农业农村委员会", "12500000450387413", True),
    ("重庆渝中区云帆科技有限公司", "重庆市渝中区人力资源和社会保障局", "91500103MA60R4XL2", True),
    ("重庆渝中区和信财务咨询有限公司", "重庆市渝中区人力资源和社会保障局", "91500103MA61C8TN5", False),
]

TALENT_CENTRES = ["重庆市人才交流服务中心", "重庆市渝中区人才交流服务中心", "重庆市江北区人才交流服务中心"]

# General 申报条件 (series empty): level → (years in previous level, minimum education, CE hours a year, CE years).
RULES = [
    (Level.INTERMEDIATE, 4, Education.COLLEGE, 90, 3),
    (Level.VICE_SENIOR, 5, Education.BACHELOR, 90, 3),
    (Level.SENIOR, 5, Education.BACHELOR, 90, 3),
]


def credit_code(first17: str) -> str:
    """The full 18-character credit code: `first17` and its GB 32100-2015 check character."""
    total = sum(
        CREDIT_CODE_CHARS.index(char) * weight for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return validate_credit_code(first17 + CREDIT_CODE_CHARS[(31 - total % 31) % 31])


def _midnight(moment: datetime.datetime, days: int) -> datetime.datetime:
    """Local midnight of the day `days` days from `moment`."""
    day = timezone.localtime(moment).date() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _batch(committee, name, opens_at, closes_at):
    batch, _ = Batch.objects.update_or_create(
        committee=committee, name=name, defaults={"opens_at": opens_at, "closes_at": closes_at}
    )
    return batch


def load_demo_catalog(now=None) -> dict:
    """Writes the catalog, its committees and batches (dated around `now`), the organisations and the
    general 申报条件; returns them as find_demo_catalog() reads them."""
    now = now or timezone.now()
    with transaction.atomic():
        titles = _write_titles()
        _write_committees(titles, now)
        _write_organisations()
        _write_rules()
    return find_demo_catalog(now)


def _write_titles() -> dict:
    """系列 → 专业 → 申报职称; returns (series, specialty, level) → Title."""
    titles = {}
    for series_order, (series_name, specialties) in enumerate(CATALOG, start=1):
        series, _ = Series.objects.update_or_create(name=series_name, defaults={"order": series_order * 10})
        for specialty_order, (specialty_name, names) in enumerate(specialties, start=1):
            specialty, _ = Specialty.objects.update_or_create(
                series=series, name=specialty_name, defaults={"order": specialty_order * 10}
            )
            for level, title_name in zip(LEVEL_ORDER, names, strict=True):
                title, _ = Title.objects.update_or_create(
                    specialty=specialty, name=title_name, defaults={"level": level}
                )
                titles[series_name, specialty_name, level] = title
    return titles


def _write_committees(titles: dict, now) -> None:
    year = timezone.localtime(now).year
    for committee_name, series_name, levels, plan in COMMITTEES:
        committee, _ = Committee.objects.get_or_create(name=committee_name)
        committee.titles.add(*(t for (s, _, level), t in titles.items() if s == series_name and level in levels))
        if plan == "future":
            _batch(committee, f"{year}年度", _midnight(now, 10), _midnight(now, 55))
            continue
        _batch(committee, f"{year}年度", _midnight(now, -20), _midnight(now, 25))
        if plan == "open+closed":
            _batch(committee, f"{year - 1}年度", _midnight(now, -385), _midnight(now, -335))


def _write_organisations() -> None:
    departments = {}
    for name, code in DEPARTMENTS:
        departments[name], _ = Department.objects.update_or_create(
            name=name, defaults={"credit_code": credit_code(code)}
        )
    for name, department_name, code, approved in UNITS:
        Unit.objects.update_or_create(
            name=name,
            defaults={
                "department": departments[department_name],
                "credit_code": credit_code(code),
                "status": Unit.Status.APPROVED if approved else Unit.Status.PENDING,
            },
        )
    for name in TALENT_CENTRES:
        TalentCentre.objects.get_or_create(name=name)


def _write_rules() -> None:
    for level, years, education, hours, ce_years in RULES:
        EligibilityRule.objects.update_or_create(
            level=level,
            series=None,
            defaults={
                "years_in_previous_level": years,
                "min_education": education,
                "ce_hours_per_year": hours,
                "ce_years": ce_years,
            },
        )


def find_demo_catalog(now=None) -> dict | None:
    """What load_demo_catalog() returns, read from the database in a few queries (no writes); None
    when the catalog is not there. Tests load the catalog once per session and find it in each test."""
    now = now or timezone.now()
    year = timezone.localtime(now).year
    titles = {
        (title.specialty.series.name, title.specialty.name, title.level): title
        for title in Title.objects.select_related("specialty__series")
    }
    if not titles:
        return None
    by_name = {series.name: series for series in Series.objects.all()}
    committees_by_name = {committee.name: committee for committee in Committee.objects.all()}
    batches = {(batch.committee_id, batch.name): batch for batch in Batch.objects.all()}
    committees, open_batches = [], {}
    closed_batch = future_batch = None
    for committee_name, _series, _levels, plan in COMMITTEES:
        committee = committees_by_name[committee_name]
        committees.append(committee)
        if plan == "future":
            future_batch = batches[committee.pk, f"{year}年度"]
            continue
        open_batches[committee_name] = batches[committee.pk, f"{year}年度"]
        if plan == "open+closed":
            closed_batch = batches[committee.pk, f"{year - 1}年度"]
    departments = {department.name: department for department in Department.objects.all()}
    units_by_name = {unit.name: unit for unit in Unit.objects.all()}
    centres_by_name = {centre.name: centre for centre in TalentCentre.objects.all()}
    rules = {(rule.level, rule.series_id): rule for rule in EligibilityRule.objects.all()}
    return _as_dict(
        titles,
        [by_name[name] for name, _specialties in CATALOG],
        committees,
        open_batches,
        closed_batch,
        future_batch,
        {name: departments[name] for name, _code in DEPARTMENTS},
        [units_by_name[name] for name, *_rest in UNITS],
        [centres_by_name[name] for name in TALENT_CENTRES],
        [rules[level, None] for level, *_rest in RULES],
    )


def _as_dict(titles, series_objects, committees, open_batches, closed_batch, future_batch, departments, units,
             centres, rules) -> dict:  # fmt: skip
    return {
        "open_batch": open_batches["重庆市经济专业高级职务评审委员会"],
        "closed_batch": closed_batch,
        "future_batch": future_batch,
        "open_batches": list(open_batches.values()),
        "economics_senior_title": titles["经济", "经济专业", Level.VICE_SENIOR],
        "economics_full_senior_title": titles["经济", "经济专业", Level.SENIOR],
        "economics_intermediate_title": titles["经济", "经济专业", Level.INTERMEDIATE],
        "engineering_senior_title": titles["工程技术", "建筑工程", Level.VICE_SENIOR],
        "physician_senior_title": titles["卫生", "临床医学", Level.VICE_SENIOR],  # its committee has no open batch
        "clerk_title": titles["经济", "经济专业", Level.CLERK],  # no committee reviews it
        "titles": titles,
        "series": series_objects,
        "committees": committees,
        "departments": list(departments.values()),
        "units": units,
        "approved_units": [unit for unit in units if unit.is_approved],
        "pending_unit": next(unit for unit in units if not unit.is_approved),
        "centres": centres,
        "rules": rules,
    }
