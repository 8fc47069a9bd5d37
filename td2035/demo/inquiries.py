"""Demo inquiries: the demo company's member asks two demo plants about their published needs, so that
/consultas/ has something to show after `make demo`. Runs after the demo listings and the demo accounts
(local use only, like them); does nothing when the demo company already has inquiries."""

from django.db.models import Case, IntegerField, Value, When

from td2035.accounts.models import User
from td2035.demo.people import ORG_ADMIN, ORG_MEMBER
from td2035.inquiries.models import Inquiry
from td2035.inquiries.services import reply, start_inquiry
from td2035.market.models import Listing, ListingKind, ListingStatus, Visibility
from td2035.roles.models import OrganizationRole

QUESTIONS = [
    (
        "Buen día. Somos una empresa de Querétaro y nos interesa cotizar. ¿Podrían compartir el volumen "
        "mensual esperado y si aceptan entregas parciales? Podemos enviar referencias de clientes.",
        "Agrego: podemos entregar en su planta con transporte propio y facturar en pesos.",
    ),
    (
        "Hola, ¿el alcance incluye soporte después de la entrega? Nos gustaría agendar una llamada breve "
        "para entender los requisitos.",
        "",
    ),
]


def load_demo_inquiries() -> str:
    member = User.objects.filter(email=ORG_MEMBER).first()
    admin = User.objects.filter(email=ORG_ADMIN).first()
    role = OrganizationRole.objects.filter(user=member).select_related("organization").first()
    if member is None or admin is None or role is None:
        return "Demo inquiries: skipped (no demo accounts)"
    company = role.organization
    if Inquiry.objects.filter(asking_organization=company).exists():
        return "Demo inquiries: already loaded"
    needs = _needs_for(company.scian_id or "")
    for need, (question, follow_up) in zip(needs, QUESTIONS, strict=False):
        inquiry = start_inquiry(member, need, company, question)
        if follow_up:
            reply(admin, inquiry, follow_up)
    return f"Demo inquiries: {min(len(needs), len(QUESTIONS))}"


def _needs_for(scian: str) -> list[Listing]:
    """Published public demo needs of other organisations, those closest to the company's activity
    first (same subsector, then same sector digits), by id for a deterministic choice."""
    closeness = Case(
        When(scian__code__startswith=scian[:3], then=Value(0)),
        When(scian__code__startswith=scian[:2], then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        Listing.objects.filter(
            is_demo=True, kind=ListingKind.NEED, status=ListingStatus.PUBLISHED, visibility=Visibility.PUBLIC
        )
        .exclude(organization__person_roles__user__email__in=[ORG_MEMBER, ORG_ADMIN])
        .annotate(closeness=closeness)
        .order_by("closeness", "pk")[: len(QUESTIONS)]
    )
