"""Time the pages applicants and reviewers use most, with many applications in the database.

    make bench                      # SQLite in a temporary file
    DATABASE_URL=postgres://… make bench

Prints, per page, the median time of a request and its number of queries, for a queue of
BENCH_APPLICATIONS submitted applications (default 300). The numbers are for comparing
one change with another on the same machine, not targets to assert in tests.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from reviews.models import ReviewerRole, Role  # noqa: E402
from tests.conftest import make_user  # noqa: E402
from tests.titles.conftest import fill_complete  # noqa: E402
from titles.demo_catalog import load_demo_catalog  # noqa: E402
from titles.models import Application  # noqa: E402
from titles.services import application_submit  # noqa: E402

COUNT = int(os.environ.get("BENCH_APPLICATIONS", "300"))
ROUNDS = 15


def measure(client, url):
    times = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(queries)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    catalog = load_demo_catalog()
    unit = catalog["units"][0]
    reviewer = make_user(username="benchunit", phone="13990000000", id17="50010319800101901", name="单位")
    role = ReviewerRole.objects.create(user=reviewer, role=Role.UNIT, unit=unit)
    first = None
    for i in range(COUNT):
        person = make_user(
            username=f"bench{i:05d}", phone=f"137{i:08d}", id17=f"50010319900101{i % 1000:03d}", name="申请人"
        )
        application = Application.objects.create(
            applicant=person, batch=catalog["open_batch"], title=catalog["economics_senior_title"],
            pledged_at=timezone.now(),
        )  # fmt: skip
        application_submit(application=fill_complete(application, unit), user=person)
        first = first or (person, application)

    applicant = Client()
    applicant.force_login(first[0])
    unit_client = Client()
    unit_client.force_login(reviewer)
    pages = [
        ("我的申请书", applicant, "/applications/"),
        ("申请书预览 (submitted)", applicant, f"/applications/{first[1].pk}/preview/"),
        ("单位审核 queue", unit_client, f"/review/{role.pk}/"),
        ("单位审核 detail", unit_client, f"/review/{role.pk}/app/{first[1].pk}/"),
        ("公示公告", Client(), "/publicity/"),
    ]
    print(f"{COUNT} submitted applications, {connection.vendor}, median of {ROUNDS} requests")
    for name, client, url in pages:
        ms, queries = measure(client, url)
        print(f"  {name:<24} {ms:7.1f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()
