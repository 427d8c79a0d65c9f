"""Deleting what generate_data made: bench_* accounts with everything that hangs off them, and generated units."""

from django.db import connection, transaction
from django.db.models import Q

from accounts.models import Unit, User
from reviews.datagen.people import UNIT_MARK_REGEX
from reviews.models import CommitteeVote, Objection, Publicity, ReviewerRole
from titles.models import Application, ApplicationEvent, Attachment, BasicInfo, Submission
from titles.sections import ROW_SECTIONS


def reset() -> None:
    """Delete bench_* accounts with what hangs off them, and the generated units (marked in their credit code)."""
    users = User.objects.filter(username__startswith="bench_")
    units = Unit.objects.filter(credit_code__regex=UNIT_MARK_REGEX)
    apps = Application.objects.filter(Q(applicant__in=users) | Q(unit__in=units)).values("pk")
    app_sql, app_params = apps.query.sql_with_params()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:

        def delete(model, where: str, params=()):
            # Table names come from the models and the conditions from the ORM: nothing here is user input.
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} WHERE {where}", params)  # noqa: S608

        publicities = f"SELECT id FROM {quote(Publicity._meta.db_table)} WHERE application_id IN ({app_sql})"  # noqa: S608
        delete(Objection, f"publicity_id IN ({publicities})", app_params)
        for model in [Publicity, CommitteeVote, ApplicationEvent, Submission, BasicInfo, Attachment]:
            delete(model, f"application_id IN ({app_sql})", app_params)
        for section in ROW_SECTIONS:
            delete(section.model, f"application_id IN ({app_sql})", app_params)
        delete(Application, f"id IN ({app_sql})", app_params)
        ReviewerRole.objects.filter(Q(user__in=users) | Q(unit__in=units)).delete()
        ids = list(users.values_list("pk", flat=True))
        for start in range(0, len(ids), 10000):
            User.objects.filter(pk__in=ids[start : start + 10000]).delete()
        units.delete()
