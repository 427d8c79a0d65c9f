"""Login at a province's size: the account is found through an index whatever is typed, and the
password hash is memory-hard and cheap enough for deadline day (Argon2id, OWASP's profile)."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from config import settings as production
from tests.conftest import CAPTCHA, PASSWORD, make_user


def test_new_passwords_are_hashed_with_argon2id_at_owasps_profile(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(encoded).algorithm == "argon2"


def test_an_old_pbkdf2_hash_is_upgraded_at_the_next_login(client, db, settings, captcha_passes):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user()
    User.objects.filter(pk=user.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256")  # as stored before
    )
    response = client.post(reverse("accounts:login"), {"username": "zhangsan", "password": PASSWORD, **CAPTCHA})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.parametrize("typed", ["ZhangSan", "13812345678", "<id>"])
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
@pytest.mark.postgres
def test_the_account_is_found_through_an_index_in_any_of_its_forms(db, typed):
    user = make_user()
    typed = user.id_number if typed == "<id>" else typed
    with CaptureQueriesContext(connection) as queries:
        assert User.objects.find_by_identifier(typed) == user
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as the planner would at 200,000 accounts
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
