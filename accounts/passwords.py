import re

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    """A password must mix letters and digits."""

    def validate(self, password, user=None):
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValidationError(_("密码必须同时包含字母和数字"), code="password_letters_digits")

    def get_help_text(self):
        return _("密码必须同时包含字母和数字。")


PASSWORD_RULES = "密码至少8位，须同时包含字母和数字，不能与用户账号、姓名、手机号相似，不能使用常见密码。"  # noqa: S105 (help text, not a secret)


class MinimumLengthValidator:
    def __init__(self, min_length=8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码长度太短，至少需要%(min_length)d位") % {"min_length": self.min_length}, code="password_too_short"
            )

    def get_help_text(self):
        return _("密码至少%(min_length)d位。") % {"min_length": self.min_length}


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's profile (19 MiB, 2 passes, 1 lane): about 40 ms of one core per login here,
    memory-hard, instead of Django's default profile (100 MiB, 8 lanes) or PBKDF2 (~0.5 s of CPU).
    Hashes with other parameters or algorithms are upgraded at the account's next login."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
