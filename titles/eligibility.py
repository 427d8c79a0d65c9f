"""申报条件 self-check: warnings shown in the preview, never a block (破格 applications exist).

The thresholds are data (EligibilityRule, editable in the admin); this module applies them.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from titles.models import (
    EDUCATION_RANK,
    LEVEL_ORDER,
    Application,
    Education,
    EligibilityRule,
    Level,
)


def rule_for(application: Application) -> EligibilityRule | None:
    series_id = application.title.specialty.series_id
    rules = EligibilityRule.objects.filter(
        Q(series_id=series_id) | Q(series__isnull=True), level=application.title.level
    )
    return min(rules, key=lambda rule: rule.series_id is None, default=None)


def full_years(start, end) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def eligibility_warnings(application: Application, rows: dict[str, list]) -> list[str]:
    """The warnings for an application, from its rows as titles.rendering.load_rows() reads them."""
    rule = rule_for(application)
    if rule is None:
        return []
    level = Level(application.title.level)
    deadline = timezone.localtime(application.batch.closes_at).date()
    return [
        *_years_in_previous_level(rule, level, deadline, rows["current-title"]),
        *_education(rule, level, rows["education"]),
        *_continuing_education(rule, deadline, rows["continuing-education"]),
    ]


def _years_in_previous_level(rule, level: Level, deadline, titles: list) -> list[str]:
    position = LEVEL_ORDER.index(level)
    if not rule.years_in_previous_level or position == 0:
        return []
    previous = LEVEL_ORDER[position - 1]
    levels = set(LEVEL_ORDER[position - 1 :])
    obtained = min((row.obtained_on for row in titles if row.level in levels and row.obtained_on), default=None)
    if obtained is None:
        return [
            _("未填写%(previous)s及以上的现有职称；申报%(level)s一般须取得%(previous)s职称满%(years)d年")
            % {"previous": previous.label, "level": level.label, "years": rule.years_in_previous_level}
        ]
    if full_years(obtained, deadline) < rule.years_in_previous_level:
        return [
            _("取得%(previous)s职称至申报截止时满%(have)d年，申报%(level)s一般须满%(years)d年")
            % {
                "previous": previous.label,
                "have": full_years(obtained, deadline),
                "level": level.label,
                "years": rule.years_in_previous_level,
            }
        ]
    return []


def _education(rule, level: Level, educations: list) -> list[str]:
    if not rule.min_education:
        return []
    best = min((EDUCATION_RANK.index(row.education) for row in educations), default=None)
    required = Education(rule.min_education)
    if best is None:
        return [
            _("未填写学历学位情况；申报%(level)s一般要求%(required)s及以上学历")
            % {"level": level.label, "required": required.label}
        ]
    if best > EDUCATION_RANK.index(required):
        return [
            _("最高学历为%(have)s，申报%(level)s一般要求%(required)s及以上学历")
            % {"have": Education(EDUCATION_RANK[best]).label, "level": level.label, "required": required.label}
        ]
    return []


def _continuing_education(rule, deadline, rows: list) -> list[str]:
    if not (rule.ce_hours_per_year and rule.ce_years):
        return []
    years = list(range(deadline.year - rule.ce_years, deadline.year))
    hours = defaultdict(int)
    for row in rows:
        if row.year in years:
            hours[row.year] += row.hours or 0
    return [
        _("%(year)d年度继续教育%(hours)d学时，一般要求每年不少于%(required)d学时")
        % {"year": year, "hours": hours.get(year, 0), "required": rule.ce_hours_per_year}
        for year in years
        if hours.get(year, 0) < rule.ce_hours_per_year
    ]
