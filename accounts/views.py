from functools import wraps

from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import make_password
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit, identity
from accounts.flows import Flow, requires_step
from accounts.forms import (
    AdminLoginForm,
    LoginForm,
    ManualResetForm,
    NewPasswordForm,
    RegisterForm,
    ResetAccountForm,
    ResetPhoneForm,
    SmsRequestForm,
    show_only,
)
from accounts.models import AuditEvent, SmsPurpose, User
from accounts.services import AccountTaken, manual_reset_throttled, user_register, user_reset_password
from accounts.smscodes import SmsCodeError, sms_code_send, sms_resend_wait
from accounts.verification import get_face_verifier, get_verifier
from core.net import client_ip
from reviews.scopes import roles_of

REGISTER_STEPS = [_("基本信息"), _("实名认证"), _("注册成功")]
RESET_STEPS = [_("确认账号"), _("验证方式"), _("安全验证"), _("重置密码"), _("完成")]


def home(request):
    """首页; for a reviewer, links to each of their queues."""
    roles = roles_of(request) if request.user.is_authenticated else []
    return render(request, "home.html", {"reviewer_roles": roles})


def agreement(request):
    return render(request, "accounts/agreement.html", {"title": settings.REGISTRATION_AGREEMENT_TITLE})


@require_POST
def session_keepalive(request):
    """继续保持登录: any request moves the idle expiry on; this one answers how long it now is."""
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "message": _("登录已超时，请重新登录")}, status=401)
    request.session.modified = True  # saved now, whenever it was saved last
    return JsonResponse({"ok": True, "idle_seconds": settings.SESSION_COOKIE_AGE})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class AdminLoginView(LoginView):
    """/admin/login/ is the site's login for staff accounts (see AdminLoginForm)."""

    form_class = AdminLoginForm
    redirect_authenticated_user = False
    extra_context = {"admin_login": True}

    def get(self, request, *args, **kwargs):
        if request.user.is_active and request.user.is_staff:
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("admin:index")


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes lockout: the login page again, the account kept, and why it is refused."""
    form = LoginForm(request, data=request.POST)
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    message = _("登录失败次数过多，账号已被暂时锁定，请%(minutes)d分钟后再试，或通过“忘记密码？”重置密码。") % {
        "minutes": minutes
    }
    show_only(form, {"username": message})
    admin_login = request.path == reverse("admin:login")
    context = {"form": form, "locked": True, "admin_login": admin_login}
    return render(request, "accounts/login.html", context, status=403)


# SMS codes: the same "获取短信验证码" button works as a plain form submit and through fetch().


def _typed_phone(request) -> str:
    """The phone typed in the form, normalised, or "" unless it is a well-formed mobile number."""
    phone = identity.normalize_phone(request.POST.get("phone", ""))
    return phone if identity.PHONE_RE.fullmatch(phone) else ""


def _captcha_key(purpose: str) -> str:
    return f"sms_captcha_ok:{purpose}"


def _captcha_done(request, purpose: str, phone: str) -> bool:
    return bool(phone) and request.session.get(_captcha_key(purpose)) == phone


def _request_sms_code(request, *, purpose: str, phone: str | None = None):
    """Check the image captcha (unless passed already for this phone) and send a code.

    Returns (sent, errors by field name, message, seconds to wait).
    """
    typed_phone = phone or _typed_phone(request)
    form = SmsRequestForm(request.POST, phone=phone)
    if _captcha_done(request, purpose, typed_phone):
        form.fields.pop("captcha")
    if not form.is_valid():
        return False, {name: errors[0] for name, errors in form.errors.items()}, "", 0
    target = form.cleaned_data["phone"]
    if purpose == SmsPurpose.REGISTER and User.objects.filter(phone=target).exists():
        return False, {"phone": _("该手机号已被注册，如忘记密码请使用“忘记密码”找回")}, "", 0
    try:
        sms_code_send(phone=target, purpose=purpose, ip=client_ip(request))
    except SmsCodeError as error:
        request.session[_captcha_key(purpose)] = target
        return False, {"sms_code": error.message}, "", error.wait
    request.session[_captcha_key(purpose)] = target
    audit.record(AuditEvent.Kind.SMS_SENT, request, identifier=identity.mask_phone(target), detail=purpose)
    message = _("短信验证码已发送至%(phone)s，%(minutes)d分钟内有效") % {
        "phone": identity.mask_phone(target),
        "minutes": settings.SMS_CODE_TTL_SECONDS // 60,
    }
    return True, {}, message, settings.SMS_RESEND_SECONDS


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


def _sms_response(request, *, purpose, phone, form_factory, template, context):
    sent, errors, message, wait = _request_sms_code(request, purpose=purpose, phone=phone)
    typed_phone = phone or _typed_phone(request)
    captcha_done = _captcha_done(request, purpose, typed_phone)
    if _wants_json(request):
        payload = {"ok": sent, "message": message, "errors": errors, "wait": wait, "captcha_done": captcha_done}
        if not captcha_done:
            key = CaptchaStore.generate_key()
            payload["captcha"] = {"key": key, "image_url": captcha_image_url(key)}
        return JsonResponse(payload, status=200 if sent else 400)
    if sent:
        messages.success(request, message)
    form = show_only(form_factory(request.POST, captcha_done=captcha_done), errors)
    return render(request, template, {**context, "form": form, "sms_wait": wait})


# 用户注册: 基本信息 → 实名认证 → 注册成功


@require_http_methods(["GET", "POST"])
def register(request):
    flow = Flow(request, "register")
    template, context = "accounts/register.html", {"steps": REGISTER_STEPS, "step": 1}
    if request.method == "POST":
        phone = _typed_phone(request)
        if "send_sms" in request.POST:
            return _sms_response(
                request,
                purpose=SmsPurpose.REGISTER,
                phone=None,
                form_factory=RegisterForm,
                template=template,
                context=context,
            )
        form = RegisterForm(request.POST, captcha_done=_captcha_done(request, SmsPurpose.REGISTER, phone))
        if form.is_valid():
            data = form.cleaned_data
            flow.start(
                username=data["username"],
                password_hash=make_password(data["password1"]),
                real_name=data["real_name"],
                id_type=data["id_type"],
                id_number=data["id_number"],
                phone=data["phone"],
            )
            flow.advance(2)
            request.session.pop(_captcha_key(SmsPurpose.REGISTER), None)
            return redirect("accounts:register_verify")
    else:
        state = flow.state or {}
        keep = ("username", "real_name", "id_type", "id_number", "phone")
        form = RegisterForm(initial={key: state[key] for key in keep if key in state})
    wait = sms_resend_wait(phone=_typed_phone(request), purpose=SmsPurpose.REGISTER)
    return render(request, template, {**context, "form": form, "sms_wait": wait})


@require_http_methods(["GET", "POST"])
@requires_step("register", 2, "accounts:register")
def register_verify(request, flow):
    state = flow.state
    error = ""
    if state["step"] >= 3:
        return redirect("accounts:register_done")
    if request.method == "POST":
        result = get_verifier().verify(state["real_name"], state["id_type"], state["id_number"])
        if not result.ok:
            error = result.message
        else:
            try:
                user = user_register(
                    request=request,
                    **{
                        key: state[key]
                        for key in ("username", "password_hash", "real_name", "id_type", "id_number", "phone")
                    },
                )
            except AccountTaken:
                error = _("该用户账号、手机号或证件号码刚刚已被注册，请返回修改")
            else:
                flow.advance(3, user_id=user.pk)
                return redirect("accounts:register_done")
    context = {
        "steps": REGISTER_STEPS,
        "step": 2,
        "state": state,
        "id_type_label": identity.IdType(state["id_type"]).label,
        "masked_id": identity.mask_id_number_long(state["id_number"]),
        "masked_phone": identity.mask_phone(state["phone"]),
        "error": error,
    }
    return render(request, "accounts/register_verify.html", context, status=400 if error else 200)


@requires_step("register", 3, "accounts:register")
def register_done(request, flow):
    username = flow.state["username"]
    flow.clear()
    return render(request, "accounts/register_done.html", {"steps": REGISTER_STEPS, "step": 3, "username": username})


# 重置密码: 确认账号 → 验证方式 → 安全验证 → 重置密码 → 完成


def _reset_context(step, **extra):
    return {"steps": RESET_STEPS, "step": step, **extra}


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = ResetAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flow = Flow(request, "reset")
        flow.start(user_id=form.cleaned_data["user"].pk, account=form.cleaned_data["account"].strip())
        flow.advance(2)
        return redirect("accounts:password_reset_method")
    return render(request, "accounts/reset_account.html", _reset_context(1, form=form))


class FlowUserGone(Exception):
    """The account of a reset flow was deleted or disabled meanwhile."""


def _flow_user(flow) -> User:
    user = User.objects.filter(pk=flow.state["user_id"], is_active=True).first()
    if user is None:
        flow.clear()
        raise FlowUserGone
    return user


def reset_flow_view(step: int, *, exact: bool = False):
    """A step of the reset flow: reached only from the one before, for an account that still exists."""

    def decorator(view):
        @requires_step("reset", step, "accounts:password_reset", exact=exact)
        @wraps(view)
        def wrapper(request, flow, *args, **kwargs):
            try:
                user = _flow_user(flow)
            except FlowUserGone:
                messages.error(request, _("该账号不存在或已停用，请重新输入"))
                return redirect("accounts:password_reset")
            return view(request, flow, user, *args, **kwargs)

        return wrapper

    return decorator


@reset_flow_view(2)
def password_reset_method(request, flow, user):
    context = _reset_context(
        2,
        masked_account=identity.mask_account(flow.state["account"]),
        masked_phone=user.masked_phone,
        face_allowed=user.id_type == identity.IdType.RESIDENT and bool(user.id_number),
        masked_name=identity.mask_name(user.real_name),
        masked_id=identity.mask_id_number(user.id_number),
    )
    return render(request, "accounts/reset_method.html", context)


@require_http_methods(["GET", "POST"])
@reset_flow_view(2)
def password_reset_phone(request, flow, user):
    if not user.phone:
        messages.error(request, _("该账号未绑定手机号，请通过人工找回"))
        return redirect("accounts:password_reset_method")
    template, context = "accounts/reset_phone.html", _reset_context(3, masked_phone=user.masked_phone)

    def form_factory(*args, **kwargs):
        return ResetPhoneForm(*args, phone=user.phone, **kwargs)

    if request.method == "POST" and "send_sms" in request.POST:
        return _sms_response(
            request,
            purpose=SmsPurpose.RESET,
            phone=user.phone,
            form_factory=form_factory,
            template=template,
            context=context,
        )
    captcha_done = _captcha_done(request, SmsPurpose.RESET, user.phone)
    form = form_factory(request.POST or None, captcha_done=captcha_done)
    if request.method == "POST" and form.is_valid():
        request.session.pop(_captcha_key(SmsPurpose.RESET), None)
        flow.advance(4)
        return redirect("accounts:password_reset_new")
    wait = sms_resend_wait(phone=user.phone, purpose=SmsPurpose.RESET)
    return render(request, template, {**context, "form": form, "sms_wait": wait})


@reset_flow_view(2)
def password_reset_face(request, flow, user):
    verifier = get_face_verifier()
    if getattr(verifier, "available", False):
        return verifier.start(request, user)
    return render(request, "accounts/reset_face.html", _reset_context(3, message=verifier.message))


@require_http_methods(["GET", "POST"])
@reset_flow_view(2)
def password_reset_manual(request, flow, user):
    form = ManualResetForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        if manual_reset_throttled(user=user, ip=ip):
            audit.record(AuditEvent.Kind.PASSWORD_RESET_REQUEST, request, user=user, detail="throttled")
            form.add_error(None, _("今天提交的人工找回申请过多，请明天再试"))
        else:
            reset_request = form.save(commit=False)
            reset_request.user = user
            reset_request.ip = ip
            reset_request.matches_account = form.matches_account()
            reset_request.save()
            audit.record(AuditEvent.Kind.PASSWORD_RESET_REQUEST, request, user=user, detail=f"#{reset_request.pk}")
            flow.clear()
            return render(request, "accounts/reset_manual_done.html", _reset_context(3))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/reset_manual.html", _reset_context(3, form=form), status=status)


@require_http_methods(["GET", "POST"])
@reset_flow_view(4, exact=True)
def password_reset_new(request, flow, user):
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_reset_password(
            request=request, user=user, password=form.cleaned_data["new_password1"], detail=_("通过手机找回")
        )
        flow.advance(5)
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/reset_new.html", _reset_context(4, form=form))


@requires_step("reset", 5, "accounts:password_reset")
def password_reset_done(request, flow):
    flow.clear()
    return render(request, "accounts/reset_done.html", _reset_context(5))


logout = auth_views.LogoutView.as_view()
login = LoginView.as_view()
admin_login = AdminLoginView.as_view()
