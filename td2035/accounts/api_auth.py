"""`Authorization: Bearer <token>` for /api/v1/.

Read endpoints stay public (a valid token only raises the rate limit); write endpoints use `TokenAuth`,
which answers 401 for a missing, unknown, revoked or expired token and 403 for a read-only token.
"""

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from td2035.accounts.models import ApiToken, User
from td2035.accounts.tokens import PROBLEM_MESSAGES, Scope, TokenCheck, check_token, mark_used

_CHECK_ATTRIBUTE = "_td2035_token_check"


def bearer_secret(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer` header; None without one, "" if it is malformed."""
    value = request.headers.get("Authorization")
    if value is None:
        return None
    scheme, _sep, secret = value.strip().partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def request_token(request: HttpRequest) -> TokenCheck | None:
    """The request's token check (None without a bearer header), done once per request."""
    if not hasattr(request, _CHECK_ATTRIBUTE):
        secret = bearer_secret(request)
        setattr(request, _CHECK_ATTRIBUTE, None if secret is None else check_token(secret))
    check: TokenCheck | None = getattr(request, _CHECK_ATTRIBUTE)
    return check


class TokenAuth(HttpBearer):
    """A valid personal token with at least `scope`; the endpoint finds it in `request.auth`."""

    def __init__(self, scope: str = Scope.WRITE) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        check = request_token(request)
        if check is None:
            raise AuthenticationError(
                message="Se requiere un token. / Authentication required: Authorization: Bearer <token>."
            )
        if not check.ok or check.token is None:
            raise AuthenticationError(message=PROBLEM_MESSAGES[check.problem or "invalid"])
        return self.authenticate(request, check.token)

    def authenticate(self, request: HttpRequest, token: Any) -> ApiToken:
        assert isinstance(token, ApiToken)
        if self.scope == Scope.WRITE and token.scope != Scope.WRITE:
            raise AuthorizationError(
                message="Este token es de sólo lectura. / This token is read-only; create a write token."
            )
        mark_used(token)
        request.user = token.user
        return token


def token_user(request: HttpRequest) -> User:
    """The owner of the request's token, for endpoints behind read_auth or write_auth (which checked it)."""
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token.user


read_auth = TokenAuth(Scope.READ)
write_auth = TokenAuth(Scope.WRITE)
