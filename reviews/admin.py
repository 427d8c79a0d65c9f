from django.contrib import admin

from reviews.models import CalendarDay, CalendarYear, CommitteeVote, Objection, Publicity, ReviewerRole


@admin.register(ReviewerRole)
class ReviewerRoleAdmin(admin.ModelAdmin):
    """Department, talent-centre and committee reviewers are assigned here."""

    list_display = ("user", "role", "unit", "department", "centre", "committee", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__real_name")
    list_select_related = ("user", "unit", "department", "centre", "committee")
    autocomplete_fields = ("user",)


@admin.register(Publicity)
class PublicityAdmin(admin.ModelAdmin):
    list_display = ("application", "unit", "starts_on", "ends_on")
    list_select_related = ("application", "unit")
    readonly_fields = ("application", "unit", "created_by", "created_at")


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ("publicity", "status", "created_at", "settled_at")
    list_filter = ("status",)
    list_select_related = ("publicity__application",)


@admin.register(CommitteeVote)
class CommitteeVoteAdmin(admin.ModelAdmin):
    list_display = ("application", "experts_present", "votes_for", "passed", "recorded_at")
    readonly_fields = ("application", "experts_present", "votes_for", "passed", "recorded_by", "recorded_at")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Holidays and adjusted work days, for years the chinese-calendar package does not know yet."""

    list_display = ("date", "is_working_day", "note")
    list_filter = ("is_working_day",)
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year",)
