from django.db import models
from django.utils.translation import gettext_lazy as _

from td2035.reference.company_size import SIZE_LABELS, Size


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Empresa")
    CHAMBER = "chamber", _("Cámara o asociación empresarial")
    CLUSTER = "cluster", _("Clúster")
    UNIVERSITY = "university", _("Universidad o escuela")
    GOVERNMENT = "government", _("Oficina de gobierno")
    CIVIL_SOCIETY = "civil_society", _("Sociedad civil")
    COORDINATION = "coordination", _("Coordinación TD2035")


class SizeChoices(models.TextChoices):
    MICRO = Size.MICRO.value, SIZE_LABELS[Size.MICRO]
    SMALL = Size.SMALL.value, SIZE_LABELS[Size.SMALL]
    MEDIUM = Size.MEDIUM.value, SIZE_LABELS[Size.MEDIUM]
    LARGE = Size.LARGE.value, SIZE_LABELS[Size.LARGE]


class SizeSource(models.TextChoices):
    COMPUTED = "computed", _("Calculado con empleados y ventas (DOF 2009)")
    DENUE_STRATUM = "denue_stratum", _("Estrato de personal ocupado del DENUE")
    DECLARED = "declared", _("Declarado por la organización")


class Source(models.TextChoices):
    SELF_REGISTERED = "self", _("Registro propio")
    DENUE = "denue", _("DENUE (INEGI)")
    DEMO = "demo", _("Datos de demostración")


class Certification(models.Model):
    """A certification a company can hold (ISO 9001, IATF 16949, AS9100...)."""

    name = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("certificación")
        verbose_name_plural = _("certificaciones")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=OrganizationKind.choices, db_index=True)
    name = models.CharField(_("nombre comercial"), max_length=255)
    legal_name = models.CharField(_("razón social"), max_length=255, blank=True)
    rfc = models.CharField("RFC", max_length=13, blank=True, db_index=True)

    scian = models.ForeignKey(
        "reference.ScianCode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actividad principal (SCIAN)"),
    )
    secondary_scian = models.ManyToManyField(
        "reference.ScianCode", blank=True, related_name="+", verbose_name=_("actividades secundarias")
    )
    size = models.CharField(
        _("tamaño"), max_length=10, choices=SizeChoices.choices, blank=True, db_index=True
    )
    size_source = models.CharField(max_length=20, choices=SizeSource.choices, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    annual_sales_mxn = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    denue_stratum = models.CharField(max_length=40, blank=True)

    municipality = models.ForeignKey(
        "reference.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipio"),
    )
    address = models.CharField(_("domicilio"), max_length=300, blank=True)
    postal_code = models.CharField(_("código postal"), max_length=5, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True, help_text="E.164")
    email = models.EmailField(_("correo electrónico"), blank=True)
    website = models.URLField(_("sitio web"), blank=True)

    description_es = models.TextField(_("descripción (español)"), blank=True)
    description_en = models.TextField(_("descripción (inglés)"), blank=True)
    products = models.TextField(_("productos"), blank=True, help_text=_("Uno por línea."))
    capabilities = models.TextField(_("capacidades"), blank=True, help_text=_("Una por línea."))
    certifications = models.ManyToManyField(Certification, blank=True, related_name="organizations")
    year_founded = models.PositiveSmallIntegerField(_("año de fundación"), null=True, blank=True)

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SELF_REGISTERED)
    denue_id = models.CharField(max_length=20, null=True, blank=True, unique=True)
    denue_clee = models.CharField(max_length=40, blank=True, db_index=True)
    is_verified = models.BooleanField(_("verificada"), default=False, db_index=True)
    is_demo = models.BooleanField(default=False)
    logo = models.ImageField(
        _("logotipo"),
        upload_to="logos/",
        blank=True,
        help_text=_("Re-encoded PNG, at most 512 px, random name (see directory.registration.set_logo)."),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organización")
        verbose_name_plural = _("organizaciones")
        indexes = [models.Index(fields=["municipality", "kind"]), models.Index(fields=["scian"])]

    def __str__(self) -> str:
        return self.name

    def product_list(self) -> list[str]:
        return [line.strip() for line in self.products.splitlines() if line.strip()]

    def capability_list(self) -> list[str]:
        return [line.strip() for line in self.capabilities.splitlines() if line.strip()]


class Network(models.Model):
    """A chamber, cluster, association or the Coordination, as a group of organisations and networks."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("nombre"), max_length=255)
    organization = models.OneToOneField(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network",
        help_text=_("La organización que coordina la red."),
    )
    description_es = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    is_founding = models.BooleanField(_("red fundadora"), default=False)
    is_demo = models.BooleanField(default=False)
    members = models.ManyToManyField(Organization, through="NetworkMembership", related_name="networks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("red")
        verbose_name_plural = _("redes")

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "organization"], name="unique_network_member")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} in {self.network_id}"


class NetworkLink(models.Model):
    """`child` is a member network of `parent` (a network of networks). Cycles are refused by services."""

    parent = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="parent_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="unique_network_link"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("child")), name="network_not_own_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} in {self.parent_id}"
