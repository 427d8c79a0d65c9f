from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与实名认证"

    def ready(self):
        from accounts import audit  # noqa: F401  (connects the login signal receivers)
