from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from core.views import healthz, readyz

admin.site.site_header = admin.site.site_title = "职称申报系统管理"
# The admin signs in through the site's own login: captcha, lockout and audit included.
admin.site.login = account_views.admin_login

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("accounts/", include("accounts.urls")),
    path("applications/", include("titles.urls")),
    path("", include("reviews.urls")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
]
