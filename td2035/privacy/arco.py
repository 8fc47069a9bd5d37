"""ARCO rights (Acceso, Rectificación, Cancelación, Oposición): every request is logged with its legal
deadline and answered in a staff queue. Requests the product carries out by itself (download, deletion,
name and preference changes) are logged already resolved."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.accounts import audit
from td2035.accounts.actors import Actor, is_platform_admin, require, signed_in
from td2035.accounts.models import User
from td2035.core.cleaning import limited_text
from td2035.privacy.business_days import arco_due_date
from td2035.privacy.models import ArcoRequest

Kind = ArcoRequest.Kind
Status = ArcoRequest.Status
MAX_TEXT = 4000  # a request's details, a staff answer (as the forms allow)
OWN_REQUEST, ANSWERED = "own_request", "answered"  # resolve_request's refusals (403 and 409 in the view)


def reference_for(user: User) -> str:
    """How a request names its person: stable, and meaningless once the account is anonymised."""
    return f"TD-{user.pk:06d}"


def log_request(
    *, user: User, kind: str, details: str = "", automatic: bool = False, now: datetime | None = None
) -> ArcoRequest:
    now = now or timezone.now()
    item = ArcoRequest(
        user=user,
        reference=reference_for(user),
        kind=kind,
        details=details,
        automatic=automatic,
        created_at=now,
        due_date=arco_due_date(timezone.localdate(now)),
    )
    if automatic:
        item.status, item.resolved_at, item.resolved_by = Status.RESOLVED, now, user
    item.save()
    return item


@transaction.atomic
def submit_request(
    *, actor: Actor, kind: str, details: str, request: HttpRequest | None = None
) -> ArcoRequest:
    """A request that needs a person at the Coordination to answer it."""
    user = signed_in(actor)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Elige uno de los derechos ARCO. / Choose one of the ARCO rights.")})
    item = log_request(user=user, kind=kind, details=limited_text("details", details, MAX_TEXT))
    audit.record(user, "arco.request", item, data={"kind": kind}, request=request)
    return item


def log_name_rectification(sender: object, *, user: User, **kwargs: object) -> None:
    """The person corrected their name in their account (accounts.signals.name_changed): a rectification,
    logged already resolved, in the same transaction."""
    log_request(user=user, kind=Kind.RECTIFICATION, details="full_name", automatic=True)


@transaction.atomic
def set_preferences(
    *, actor: Actor, email_opt_out: bool, show_contact: bool, request: HttpRequest | None = None
) -> bool:
    """Opposition: optional e-mails and the contact on profiles. Returns whether anything changed."""
    user = signed_in(actor)
    changed = [
        name
        for name, value in (("email_opt_out", email_opt_out), ("show_contact", show_contact))
        if getattr(user, name) != value
    ]
    if not changed:
        return False
    user.email_opt_out, user.show_contact = email_opt_out, show_contact
    user.save(update_fields=changed)
    details = ", ".join(f"{name}={getattr(user, name)}" for name in changed)
    log_request(user=user, kind=Kind.OPPOSITION, details=details, automatic=True)
    return True


def my_requests(user: User) -> QuerySet[ArcoRequest]:
    return ArcoRequest.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Queue:
    requests: list[ArcoRequest]
    show: str
    open_count: int
    overdue_count: int
    today: date


def require_staff(actor: Actor) -> None:
    """The ARCO queue is for platform admins (TD2035 Coordination staff)."""
    require(is_platform_admin(actor))


def arco_queue(*, actor: Actor, show: str = "open") -> Queue:
    """The staff queue: open requests by deadline (or all, newest first), with overdue ones counted."""
    require_staff(actor)
    today = timezone.localdate()
    base = ArcoRequest.objects.select_related("user", "resolved_by")
    if show == "all":
        items = list(base.order_by("-created_at", "-pk")[:500])
    else:
        show = "open"
        items = list(base.filter(status=Status.OPEN).order_by("due_date", "pk"))
    counts = ArcoRequest.objects.aggregate(
        open=Count("pk", filter=Q(status=Status.OPEN)),
        overdue=Count("pk", filter=Q(status=Status.OPEN, due_date__lt=today)),
    )
    return Queue(items, show, counts["open"], counts["overdue"], today)


@transaction.atomic
def resolve_request(
    *, actor: Actor, request_id: int, status: str, resolution: str, request: HttpRequest | None = None
) -> ArcoRequest:
    """A platform admin answers an open request of someone else (resolved or rejected, with the answer
    given). The answer is final: the person was told it, and the log keeps what they were told."""
    require_staff(actor)
    if status not in (Status.RESOLVED, Status.REJECTED):
        raise ValidationError(
            {
                "status": _(
                    "Indica si se atendió o es improcedente. / Say whether it was resolved or rejected."
                )
            }
        )
    answer = limited_text("resolution", resolution, MAX_TEXT)
    item = get_object_or_404(ArcoRequest.objects.select_for_update(), pk=request_id)
    if item.user_id == actor.pk:
        raise ValidationError(
            _(
                "Es tu propia solicitud: la responde otra persona de la Coordinación. / "
                "It is your own request: another member of the Coordination answers it."
            ),
            code=OWN_REQUEST,
        )
    if item.status != Status.OPEN:
        raise ValidationError(
            _(
                "Esta solicitud ya tiene respuesta; no se puede cambiar. / "
                "This request was already answered; the answer cannot be changed."
            ),
            code=ANSWERED,
        )
    item.status, item.resolution = status, answer
    item.resolved_at, item.resolved_by = timezone.now(), actor  # type: ignore[assignment]
    item.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])
    audit.record(actor, "arco.resolve", item, data={"status": status, "kind": item.kind}, request=request)
    return item
