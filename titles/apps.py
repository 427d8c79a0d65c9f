from django.apps import AppConfig


class TitlesConfig(AppConfig):
    name = "titles"
    verbose_name = "职称申报"

    def ready(self):
        from titles import options  # noqa: F401 - connects the catalog's change signals
