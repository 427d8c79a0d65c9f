from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "审核流程"

    def ready(self):
        from reviews import scopes  # noqa: F401 - connects the reviewer-role cache's signals
