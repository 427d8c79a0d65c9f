from django.contrib.auth.backends import ModelBackend

from accounts.models import User


def account_for(request, identifier: str):
    """find_by_identifier, once per request: lockout and authentication ask about the same account."""
    memo = getattr(request, "_accounts_by_identifier", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._accounts_by_identifier = memo
    if identifier not in memo:
        memo[identifier] = User.objects.find_by_identifier(identifier)
    return memo[identifier]


class AccountBackend(ModelBackend):
    """Log in with 用户名, 手机号 or 身份证号 plus password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = account_for(request, username)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing tells nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials):
    """The account that the typed identifier names, so lockout holds whichever of the three is typed."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    user = account_for(request, typed)
    return f"user:{user.pk}" if user else typed.strip().lower()[:150]
