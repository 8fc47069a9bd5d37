"""Ask signed-in people to accept the privacy notice again when a newer version is published."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from td2035.privacy import notices

# Paths a person may use without accepting the new notice: read it, leave, take their data and go.
EXEMPT_URL_NAMES = (
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "privacy:privacy-notice",
    "privacy:privacy-short",
    "privacy:privacy-consent",
    "privacy:privacy-export",
    "privacy:privacy-delete",
)
EXEMPT_PREFIXES = ("/api/", "/i18n/", "/healthz", "/favicon")


class PrivacyConsentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def exempt_paths(self) -> tuple[str, ...]:
        if self._exempt is None:
            self._exempt = (
                *EXEMPT_PREFIXES,
                settings.STATIC_URL,
                settings.MEDIA_URL or "/media/",
                *(reverse(name) for name in EXEMPT_URL_NAMES),
            )
        return self._exempt

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not request.path.startswith(self.exempt_paths())
            and notices.must_consent(request)
        ):
            return self.redirect(request)
        return self.get_response(request)

    def redirect(self, request: HttpRequest) -> HttpResponse:
        url = reverse("privacy:privacy-consent")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
