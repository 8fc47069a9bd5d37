"""Demo jobs, internships and dual-education places, some shown only to a university's network."""

from td2035.demo.listings.builder import Builder, matches
from td2035.directory.models import OrganizationKind
from td2035.market.models import JobType, Listing, ListingKind, Visibility

JOBS: tuple[tuple[str, str, str, tuple[str, ...], tuple[int, int]], ...] = (
    # (title, description, job type, publisher SCIAN prefixes or kinds, positions range)
    (
        "Prácticas profesionales en ingeniería de calidad",
        "Estudiantes de ingeniería industrial o mecánica para apoyar PPAP, auditorías de producto y "
        "análisis de causa raíz. Apoyo económico y horario compatible con la escuela.",
        JobType.INTERNSHIP,
        ("3363", "3364", "3261"),
        (2, 6),
    ),
    (
        "Lugares de educación dual en mecatrónica",
        "Estudiantes de mecatrónica en modelo dual: rotación por mantenimiento, automatización y "
        "producción con tutor asignado.",
        JobType.DUAL,
        ("3363", "3364", "3352", "university"),
        (3, 12),
    ),
    (
        "Operador(a) de centro de maquinado CNC",
        "Operación de centros de maquinado Haas y Mazak, lectura de planos e instrumentos de medición. "
        "Turnos rotativos, prestaciones superiores a las de ley.",
        JobType.JOB,
        ("332710", "3364"),
        (1, 5),
    ),
    (
        "Desarrollador(a) de software backend",
        "Desarrollo de APIs y servicios para clientes de manufactura; Python o Java, bases de datos "
        "relacionales, trabajo híbrido en Querétaro.",
        JobType.JOB,
        ("5415", "5112"),
        (1, 3),
    ),
    (
        "Prácticas en desarrollo de software e industria 4.0",
        "Estudiantes de sistemas o TI para proyectos de analítica de datos y tableros de producción.",
        JobType.INTERNSHIP,
        ("5415", "5112", "5182"),
        (1, 4),
    ),
    (
        "Técnico(a) de mantenimiento industrial",
        "Mantenimiento preventivo y correctivo de inyectoras, prensas y sistemas neumáticos.",
        JobType.JOB,
        ("3261", "3363", "8112"),
        (1, 3),
    ),
    (
        "Educación dual en procesos alimentarios",
        "Estudiantes de tecnología de alimentos en modelo dual: inocuidad, calidad y producción.",
        JobType.DUAL,
        ("311", "312", "university"),
        (2, 6),
    ),
    (
        "Residencias profesionales en logística y comercio exterior",
        "Estudiantes de logística o comercio internacional para apoyar tráfico, aduanas y almacén.",
        JobType.INTERNSHIP,
        ("4885", "4931", "4842"),
        (1, 3),
    ),
)


def add_jobs(builder: Builder) -> None:
    for title, description, job_type, publishers, positions in JOBS:
        orgs = [o for o in builder.orgs if matches(o, publishers)]
        builder.rng.shuffle(orgs)
        for org in sorted(orgs[:3], key=lambda o: o.slug):
            listing = Listing(
                organization=org,
                kind=ListingKind.JOB,
                title=f"{title} — {org.name}"[:200],
                description=description,
                scian_id=org.scian_id,
                municipality_id=org.municipality_id,
                job_type=job_type,
                positions=builder.rng.randint(*positions),
            )
            builder.publish(listing)
            builder.add(listing)
            if (
                job_type != JobType.JOB
                and "uteq" in builder.networks
                and org.kind == OrganizationKind.UNIVERSITY
            ):
                listing.visibility = Visibility.NETWORKS
                builder.networks_of[id(listing)] = [builder.networks["uteq"]]
