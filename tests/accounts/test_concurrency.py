"""Races that only a real database shows: run on PostgreSQL (CI sets DATABASE_URL)."""

import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from accounts.models import SmsPurpose, User
from accounts.services import AccountTaken, user_register
from accounts.smscodes import SmsCodeError, sms_code_check, sms_code_send
from tests.conftest import last_code, valid_id

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]


def run_together(*calls):
    """Start the calls at the same moment in threads, each on its own connection; return outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        from django.db import connections

        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_one_sms_code_used_twice_at_once_is_accepted_once():
    sms_code_send(phone="13611112222", purpose=SmsPurpose.REGISTER, ip=None)
    code = last_code("13611112222")
    outcomes = run_together(*[lambda: sms_code_check(phone="13611112222", purpose=SmsPurpose.REGISTER, code=code)] * 4)
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert all(isinstance(value, SmsCodeError) for kind, value in outcomes if kind == "error")


def test_two_registrations_of_one_id_number_at_once_create_one_account():
    number = valid_id("50010319880808004")

    def register(username, phone):
        return lambda: user_register(
            request=None,
            username=username,
            password_hash=make_password("Pass2026word"),
            real_name="赵六",
            id_type="resident",
            id_number=number,
            phone=phone,
        )

    outcomes = run_together(register("zhaoliu", "13622223333"), register("zhaoliu2", "13622224444"))
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert any(isinstance(value, AccountTaken) for _, value in outcomes)
    assert User.objects.filter(id_number=number).count() == 1


def test_parallel_wrong_guesses_get_no_more_than_five_tries():
    from accounts.models import SmsCode

    sms_code_send(phone="13633334444", purpose=SmsPurpose.RESET, ip=None)
    right = last_code("13633334444")
    wrong = "000000" if right != "000000" else "111111"
    run_together(*[lambda: sms_code_check(phone="13633334444", purpose=SmsPurpose.RESET, code=wrong)] * 12)
    assert SmsCode.objects.get().attempts == 5
    with pytest.raises(SmsCodeError):
        sms_code_check(phone="13633334444", purpose=SmsPurpose.RESET, code=right)


def test_parallel_sends_to_one_phone_send_one_code():
    from accounts import sms
    from accounts.models import SmsCode

    outcomes = run_together(
        *[lambda: sms_code_send(phone="13644445555", purpose=SmsPurpose.REGISTER, ip="10.0.0.1")] * 6
    )
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert SmsCode.objects.filter(phone="13644445555").count() == 1
    assert len([m for m in sms.outbox if m.phone == "13644445555"]) == 1
