from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from core import middleware  # noqa: F401  (connects the login receiver of the session refresh)
