from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("register/", views.register, name="register"),
    path("register/verify/", views.register_verify, name="register_verify"),
    path("register/done/", views.register_done, name="register_done"),
    path("agreement/", views.agreement, name="agreement"),
    path("session/keepalive/", views.session_keepalive, name="keepalive"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/method/", views.password_reset_method, name="password_reset_method"),
    path("password/reset/phone/", views.password_reset_phone, name="password_reset_phone"),
    path("password/reset/face/", views.password_reset_face, name="password_reset_face"),
    path("password/reset/manual/", views.password_reset_manual, name="password_reset_manual"),
    path("password/reset/new/", views.password_reset_new, name="password_reset_new"),
    path("password/reset/done/", views.password_reset_done, name="password_reset_done"),
]
