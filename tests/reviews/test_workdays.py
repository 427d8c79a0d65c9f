import datetime

import pytest
from django.utils import timezone

from reviews.models import CalendarDay, CalendarYear
from reviews.workdays import CalendarUnknown, WorkCalendar, add_working_days


def working_days_between(start: datetime.date, end: datetime.date, calendar: WorkCalendar | None = None) -> int:
    """How many working days from start to end, both included (counted day by day, to check the code)."""
    calendar = calendar or WorkCalendar()
    count, day = 0, start
    while day <= end:
        count += calendar.is_working_day(day)
        day += datetime.timedelta(days=1)
    return count


D = datetime.date


@pytest.mark.django_db
def test_five_working_days_across_national_day_with_the_adjusted_saturday():
    # 2026: 1–7 October off; Saturday 10 October is an adjusted work day (调休).
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 12)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 5


@pytest.mark.django_db
def test_a_period_starting_on_a_holiday_starts_on_the_next_working_day():
    assert add_working_days(D(2026, 10, 1), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 10, 3), 5) == D(2026, 10, 13)


@pytest.mark.django_db
def test_plain_weeks_skip_the_weekend():
    assert add_working_days(D(2026, 11, 27), 5) == D(2026, 12, 3)  # Friday → next Thursday


@pytest.mark.django_db
def test_a_year_nobody_knows_is_refused_not_guessed():
    unknown = timezone.localdate().year + 3  # later than the package and the admin calendar know
    with pytest.raises(CalendarUnknown) as error:
        add_working_days(D(unknown, 3, 1), 5)
    assert str(unknown) in error.value.message


@pytest.mark.django_db
def test_the_admin_calendar_covers_later_years_with_holidays_and_adjusted_days():
    CalendarYear.objects.get_or_create(year=2027)
    CalendarDay.objects.create(date=D(2027, 10, 1), is_working_day=False, note="国庆节")
    CalendarDay.objects.create(date=D(2027, 10, 4), is_working_day=False, note="国庆节")
    CalendarDay.objects.create(date=D(2027, 10, 9), is_working_day=True, note="调休上班")
    # Thu 30 Sep (1), Fri 1 Oct off, weekend, Mon 4 off, Tue 5 (2) … Fri 8 (5), Sat 9 works (6)
    assert add_working_days(D(2027, 9, 30), 5) == D(2027, 10, 8)
    assert add_working_days(D(2027, 9, 30), 6) == D(2027, 10, 9)


@pytest.mark.django_db
def test_the_admin_calendar_overrides_the_package():
    CalendarDay.objects.create(date=D(2026, 12, 1), is_working_day=False, note="临时调整")
    calendar = WorkCalendar()
    assert not calendar.is_working_day(D(2026, 12, 1))
    assert calendar.is_working_day(D(2026, 12, 2))
