from django.contrib import admin

from titles.models import (
    Application,
    ApplicationEvent,
    Batch,
    Committee,
    EligibilityRule,
    Series,
    Specialty,
    Submission,
    Title,
)


class SpecialtyInline(admin.TabularInline):
    model = Specialty
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    inlines = [SpecialtyInline]


class TitleInline(admin.TabularInline):
    model = Title
    extra = 0


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ("name", "series", "order")
    list_filter = ("series",)
    search_fields = ("name", "series__name")
    list_select_related = ("series",)
    inlines = [TitleInline]


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "specialty")
    list_filter = ("level", "specialty__series")
    search_fields = ("name", "specialty__name")
    list_select_related = ("specialty__series",)


class BatchInline(admin.TabularInline):
    model = Batch
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("titles",)
    inlines = [BatchInline]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("name", "committee", "opens_at", "closes_at", "is_open")
    list_filter = ("committee",)
    list_select_related = ("committee",)
    date_hierarchy = "closes_at"

    @admin.display(boolean=True, description="开放中")
    def is_open(self, obj):
        return obj.is_open


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ("level", "series", "years_in_previous_level", "min_education", "ce_hours_per_year", "ce_years")
    list_filter = ("level",)


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "actor", "role", "action", "from_status", "to_status", "comment", "ip")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("pk", "applicant_name", "title", "batch", "unit", "status", "submitted_at")
    list_filter = ("status", "batch__committee")
    search_fields = ("applicant_name", "applicant__username")
    list_select_related = ("title", "batch__committee", "unit")
    readonly_fields = ("applicant", "batch", "title", "status", "submitted_at", "pledged_at", "created_at")
    fields = readonly_fields
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was submitted and decided is kept


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("application", "number", "submitted_at")
    readonly_fields = ("application", "number", "submitted_at", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
