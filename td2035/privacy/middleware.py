"""Ask signed-in people to accept the privacy notice again when a newer version is published."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from td2035.accounts.api_auth import request_token
from td2035.core.api_errors import error_body
from td2035.core.http import absolute_url
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
API_PREFIX = "/api/"


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
        if request.path.startswith(API_PREFIX):
            return self.api_consent(request) or self.get_response(request)
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

    def api_consent(self, request: HttpRequest) -> HttpResponse | None:
        """A personal token acts for its owner: once the owner has accepted a notice, it stops working
        (403, in the API's error shape) while a newer one waits for their consent, as their pages do.
        An account that never went through sign-up (made by a command or in the admin) is not asked,
        as notices.must_consent does for a session. Requests without a usable token are not asked
        either (reads are public; the API answers a bad token itself)."""
        check = request_token(request)
        if check is None or not check.ok or check.token is None:
            return None
        current = notices.current_notice_version()
        accepted = notices.latest_consent_version(check.token.user) if current else 0
        if not accepted or accepted >= current:
            return None
        url = absolute_url(reverse("privacy:privacy-consent"), request)
        message = f"Acepta el nuevo aviso de privacidad en {url}. / Accept the new privacy notice at {url}."
        return JsonResponse(error_body(message), status=403)
