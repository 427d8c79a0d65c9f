from django.conf import settings

from reviews.scopes import is_reviewer


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_FOOTER": {
            "host": settings.SITE_HOST,
            "contact": settings.SITE_CONTACT,
            "icp": settings.SITE_ICP,
            "gov_code": settings.SITE_GOV_CODE,
        },
        "SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE,
        "SESSION_WARNING_SECONDS": settings.SESSION_WARNING_SECONDS,
        # Called by the template only where it shows the 审核 menu item (signed-in pages).
        "is_reviewer": lambda: is_reviewer(request),
    }
