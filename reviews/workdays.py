"""Working days in China: weekends and statutory holidays off, adjusted work days (调休) on.

The State Council's schedule comes from the chinese-calendar package for the years it knows;
the admin-editable calendar (CalendarDay, CalendarYear) overrides it and covers later years.
For a year neither knows, nothing is guessed: CalendarUnknown is raised.
"""

import datetime

import chinese_calendar
from django.utils.translation import gettext as _

from reviews.models import CalendarDay, CalendarYear


class CalendarUnknown(Exception):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year
        self.message = _("尚未录入%(year)d年的法定节假日安排，无法计算工作日，请联系管理员在“节假日调整”中录入") % {
            "year": year
        }


class WorkCalendar:
    """Answers is_working_day for dates, reading the admin's overrides once per year asked."""

    def __init__(self):
        self._overrides: dict[int, dict[datetime.date, bool]] = {}
        self._entered_years: set[int] | None = None

    def _year(self, year: int) -> dict[datetime.date, bool]:
        if year not in self._overrides:
            days = CalendarDay.objects.filter(date__year=year).values_list("date", "is_working_day")
            self._overrides[year] = dict(days)
        return self._overrides[year]

    def is_working_day(self, day: datetime.date) -> bool:
        overrides = self._year(day.year)
        if day in overrides:
            return overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            pass
        if self._entered_years is None:
            self._entered_years = set(CalendarYear.objects.values_list("year", flat=True))
        if day.year in self._entered_years:
            return day.weekday() < 5
        raise CalendarUnknown(day.year)


def add_working_days(start: datetime.date, days: int, calendar: WorkCalendar | None = None) -> datetime.date:
    """The last day of a period of `days` working days that starts on `start` (or the next working day)."""
    calendar = calendar or WorkCalendar()
    day = start
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    counted = 1
    while counted < days:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day
