from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与实名认证"

    def ready(self):
        from accounts import audit, checks  # noqa: F401  (login signal receivers, deploy checks)
