import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Oferta")
    NEED = "need", _("Necesidad (RFQ)")
    COLLABORATION = "collaboration", _("Convocatoria de colaboración")
    JOB = "job", _("Empleo, prácticas o educación dual")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicada")
    CLOSED = "closed", _("Cerrada")
    EXPIRED = "expired", _("Vencida")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Pública")
    NETWORKS = "networks", _("Solo redes elegidas")


class CollaborationType(models.TextChoices):
    RD = "rd", _("Investigación y desarrollo")
    JOINT_VENTURE = "joint_venture", _("Coinversión")
    SUBCONTRACTING = "subcontracting", _("Subcontratación")
    OTHER = "other", _("Otra")


class JobType(models.TextChoices):
    JOB = "job", _("Empleo")
    INTERNSHIP = "internship", _("Prácticas profesionales")
    DUAL = "dual", _("Educación dual")


class PrivateStorage(FileSystemStorage):
    """Files under VAR_DIR/private/market, outside MEDIA_ROOT and without a URL: only market.views serves
    them, after checking who asks. The location is read from the settings on every use."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.VAR_DIR / "private" / "market")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


class Listing(models.Model):
    """What an organisation offers, needs, proposes or hires for, on the production-chain market."""

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="listings"
    )
    kind = models.CharField(_("tipo"), max_length=15, choices=ListingKind.choices, db_index=True)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=ListingStatus.choices,
        default=ListingStatus.DRAFT,
        db_index=True,
    )
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), max_length=5000)
    scian = models.ForeignKey(
        "reference.ScianCode",
        verbose_name=_("clase SCIAN"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listings",
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        verbose_name=_("municipio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listings",
    )
    capabilities = models.TextField(_("capacidades"), blank=True, help_text=_("Una por línea."))
    # Names of directory.Certification: held (offer) or required (need).
    certifications = models.JSONField(_("certificaciones"), default=list, blank=True)
    visibility = models.CharField(
        _("visibilidad"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    networks = models.ManyToManyField(
        "directory.Network", blank=True, related_name="listings", verbose_name=_("redes")
    )
    # need
    quantity = models.DecimalField(_("cantidad"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unidad"), max_length=40, blank=True)
    deadline = models.DateField(_("fecha límite de entrega"), null=True, blank=True)
    budget_min = models.DecimalField(
        _("presupuesto mínimo (MXN)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("presupuesto máximo (MXN)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    # offer
    min_order = models.CharField(_("pedido mínimo"), max_length=100, blank=True)
    lead_time_days = models.PositiveIntegerField(_("tiempo de entrega (días)"), null=True, blank=True)
    service_area = models.ManyToManyField(
        "reference.Municipality",
        blank=True,
        related_name="offers_serving",
        verbose_name=_("zona de servicio"),
    )
    # collaboration
    collaboration_type = models.CharField(
        _("tipo de colaboración"), max_length=20, choices=CollaborationType.choices, blank=True
    )
    partner_profile = models.TextField(_("perfil de socio buscado"), max_length=2000, blank=True)
    # job
    job_type = models.CharField(_("tipo de puesto"), max_length=12, choices=JobType.choices, blank=True)
    positions = models.PositiveIntegerField(_("plazas"), null=True, blank=True)
    # a need closed with a supplier: a deal
    awarded_to = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("adjudicada a"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awarded_listings",
    )
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True, db_index=True)
    closes_at = models.DateTimeField(_("cierra"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("cerrada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Accent-free words of title, description, capabilities, etc. (core.text.index_text).
    search_text = models.TextField(blank=True, default="", editable=False)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("publicación")
        verbose_name_plural = _("publicaciones")
        indexes = [models.Index(fields=["status", "kind", "-published_at"])]

    def __str__(self) -> str:
        return self.title


class ListingAttachment(models.Model):
    """A private file (drawing, specification) of a listing: PDF, PNG, JPEG or WebP."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="listings/%Y/%m/")
    name = models.CharField(_("nombre"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")

    def __str__(self) -> str:
        return self.name
