from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.identity import mask_phone
from accounts.models import AuditEvent, Department, PasswordResetRequest, SmsCode, TalentCentre, Unit, User
from accounts.services import manual_reset_decide


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "real_name", "masked_phone", "masked_id_number", "verified_at", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "id_type")
    search_fields = ("username", "real_name", "phone", "id_number")
    ordering = ("-date_joined",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("实名信息"), {"fields": ("real_name", "id_type", "id_number", "phone", "verified_at")}),
        (gettext_lazy("权限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (gettext_lazy("时间"), {"fields": ("last_login", "date_joined")}),
    )

    @admin.display(description=gettext_lazy("手机号"))
    def masked_phone(self, obj):
        return obj.masked_phone

    @admin.display(description=gettext_lazy("证件号码"))
    def masked_id_number(self, obj):
        return obj.masked_id_number


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "identifier", "user", "ip")
    list_filter = ("kind",)
    search_fields = ("identifier", "user__username", "ip")
    date_hierarchy = "created_at"
    list_select_related = ("user",)


@admin.register(SmsCode)
class SmsCodeAdmin(ReadOnlyAdmin):
    list_display = ("masked_phone", "purpose", "created_at", "expires_at", "attempts", "used_at", "ip")
    list_filter = ("purpose",)
    exclude = ("code_hash",)

    @admin.display(description=gettext_lazy("手机号"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(PasswordResetRequest)
class PasswordResetRequestAdmin(admin.ModelAdmin):
    list_display = (
        "created_at", "real_name", "user", "matches_account", "contact_phone", "status", "handled_by", "handled_at",
    )  # fmt: skip
    list_filter = ("status", "matches_account")
    search_fields = ("real_name", "user__username", "id_number", "contact_phone")
    list_select_related = ("user", "handled_by")
    readonly_fields = (
        "user", "real_name", "id_number", "matches_account", "contact_phone", "photo_link", "note", "created_at", "ip",
        "status", "handled_by", "handled_at",
    )  # fmt: skip
    fields = readonly_fields[:7] + ("handling_note",) + readonly_fields[7:]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        photo = path(
            "<int:pk>/photo/", self.admin_site.admin_view(self.photo_view), name="accounts_passwordresetrequest_photo"
        )
        return [photo, *super().get_urls()]

    def photo_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        reset_request = get_object_or_404(PasswordResetRequest, pk=pk)
        return FileResponse(reset_request.id_card_photo.open("rb"))

    @admin.display(description=gettext_lazy("证件照片"))
    def photo_link(self, obj):
        url = reverse("admin:accounts_passwordresetrequest_photo", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("查看"))

    @admin.action(description=gettext_lazy("核实通过：重置为临时密码并短信告知"))
    def approve(self, request, queryset):
        done = sum(
            manual_reset_decide(reset_request=item, staff=request.user, approve=True, request=request)
            for item in queryset
        )
        self.message_user(request, _("已处理%(count)d条申请") % {"count": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("驳回"))
    def reject(self, request, queryset):
        done = sum(
            manual_reset_decide(reset_request=item, staff=request.user, approve=False, request=request)
            for item in queryset
        )
        self.message_user(request, _("已驳回%(count)d条申请") % {"count": done}, messages.WARNING)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code")
    search_fields = ("name", "credit_code")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "credit_code", "status")
    list_filter = ("status", "department")
    search_fields = ("name", "credit_code")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)


@admin.register(TalentCentre)
class TalentCentreAdmin(admin.ModelAdmin):
    search_fields = ("name",)
