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
    warnings = []

    position = LEVEL_ORDER.index(level)
    if rule.years_in_previous_level and position > 0:
        previous = LEVEL_ORDER[position - 1]
        levels = set(LEVEL_ORDER[position - 1 :])
        obtained = min(
            (row.obtained_on for row in rows["current-title"] if row.level in levels and row.obtained_on),
            default=None,
        )
        if obtained is None:
            warnings.append(
                _("未填写%(previous)s及以上的现有职称；申报%(level)s一般须取得%(previous)s职称满%(years)d年")
                % {"previous": previous.label, "level": level.label, "years": rule.years_in_previous_level}
            )
        elif full_years(obtained, deadline) < rule.years_in_previous_level:
            warnings.append(
                _("取得%(previous)s职称至申报截止时满%(have)d年，申报%(level)s一般须满%(years)d年")
                % {
                    "previous": previous.label,
                    "have": full_years(obtained, deadline),
                    "level": level.label,
                    "years": rule.years_in_previous_level,
                }
            )

    if rule.min_education:
        educations = [row.education for row in rows["education"]]
        best = min((EDUCATION_RANK.index(e) for e in educations), default=None)
        required = EDUCATION_RANK.index(rule.min_education)
        if best is None or best > required:
            have = Education(EDUCATION_RANK[best]).label if best is not None else _("未填写")
            warnings.append(
                _("最高学历为%(have)s，申报%(level)s一般要求%(required)s及以上学历")
                % {"have": have, "level": level.label, "required": Education(rule.min_education).label}
            )

    if rule.ce_hours_per_year and rule.ce_years:
        years = list(range(deadline.year - rule.ce_years, deadline.year))
        hours = defaultdict(int)
        for row in rows["continuing-education"]:
            if row.year in years:
                hours[row.year] += row.hours or 0
        for year in years:
            if hours.get(year, 0) < rule.ce_hours_per_year:
                warnings.append(
                    _("%(year)d年度继续教育%(hours)d学时，一般要求每年不少于%(required)d学时")
                    % {"year": year, "hours": hours.get(year, 0), "required": rule.ce_hours_per_year}
                )
    return warnings
