from django.core.management.base import BaseCommand

from reviews.workflow import close_due_publicities


class Command(BaseCommand):
    help = "Move applications whose publicity period has ended to 待单位上报 (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        moved = close_due_publicities()
        self.stdout.write(f"公示期满转入待单位上报：{moved} 份")
