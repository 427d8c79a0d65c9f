from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class AccountBackend(ModelBackend):
    """Log in with 用户名, 手机号 or 身份证号 plus password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.find_by_identifier(username)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing tells nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials):
    """The account that the typed identifier names, so lockout holds whichever of the three is typed."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    user = User.objects.find_by_identifier(typed)
    return f"user:{user.pk}" if user else typed.strip().lower()[:150]
