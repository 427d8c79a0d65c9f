from django.core.management.base import BaseCommand

from reviews.services import publicity_close_due


class Command(BaseCommand):
    help = "Move applications whose publicity period has ended to 待单位上报 (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        moved = publicity_close_due()
        self.stdout.write(f"公示期满转入待单位上报：{moved} 份")
