"""Demo offers: suppliers (micro to medium companies) offer what their activity makes."""

import datetime as dt

from td2035.demo.listings.builder import Builder
from td2035.market.models import Listing, ListingKind, ListingStatus

INDUSTRIAL_MUNICIPALITIES = ("014", "006", "011", "016", "005", "012", "017")

OFFER_TEXT: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # SCIAN prefix -> (title, description, capabilities)
    "326192": (
        "Capacidad disponible de inyección de autopartes",
        "Inyectoras de 250 a 700 toneladas con capacidad libre en segundo y tercer turno. PP, ABS, PC/ABS y "
        "PA66 con fibra de vidrio; experiencia con Tier 1 del Bajío.",
        ("Inyección de plástico 250-700 t", "PPAP", "Ensamble y soldadura por ultrasonido"),
    ),
    "3261": (
        "Productos de plástico a la medida",
        "Fabricamos piezas y empaques de plástico para la industria, desde prototipos hasta series medias, "
        "con diseño de molde y control de calidad en línea.",
        ("Inyección", "Termoformado", "Extrusión"),
    ),
    "332710": (
        "Maquinado CNC de precisión, 3 y 5 ejes",
        "Centros de maquinado de 3 y 5 ejes y tornos CNC; aluminio, acero, inoxidable y titanio. Prototipos "
        "y series de hasta 5,000 piezas con reporte dimensional.",
        ("Maquinado CNC 5 ejes", "Torneado CNC", "Medición CMM"),
    ),
    "3328": (
        "Recubrimientos y acabados metálicos",
        "Anodizado, pasivado, zincado y pintura electrostática con control de espesores y pruebas de "
        "adherencia; recolección y entrega en la zona metropolitana.",
        ("Anodizado", "Zincado", "Pintura electrostática"),
    ),
    "3323": (
        "Estructuras metálicas y herrería industrial",
        "Diseño, fabricación y montaje de estructuras, mezzanines, barandales y protecciones de maquinaria.",
        ("Soldadura MIG/TIG", "Corte por plasma", "Montaje"),
    ),
    "3321": (
        "Forja y troquelado bajo plano",
        "Piezas forjadas y troqueladas en acero al carbón e inoxidable, con troqueles propios.",
        ("Forja en caliente", "Troquelado"),
    ),
    "3363": (
        "Componentes automotrices con capacidad para nuevos programas",
        "Planta certificada con capacidad para nuevos números de parte; ingeniería de producto y de procesos "
        "en Querétaro.",
        ("APQP", "PPAP", "Ensamble"),
    ),
    "336410": (
        "Componentes y ensambles aeroespaciales",
        "Manufactura de componentes, subensambles y reparación de partes aeroespaciales con trazabilidad "
        "completa.",
        ("Maquinado aeroespacial", "Ensamble", "FAI AS9102"),
    ),
    "3335": (
        "Herramentales, moldes y troqueles",
        "Diseño y fabricación de moldes de inyección, troqueles y dispositivos de control (checking fixtures).",
        ("Moldes de inyección", "Troqueles progresivos", "Electroerosión"),
    ),
    "333": (
        "Maquinaria y equipo a la medida",
        "Diseño y fabricación de maquinaria especial, transportadores y equipo para líneas de producción.",
        ("Automatización", "Diseño mecánico"),
    ),
    "335": (
        "Equipo eléctrico y componentes",
        "Fabricación de equipo eléctrico, tableros y componentes con pruebas en laboratorio propio.",
        ("Tableros eléctricos", "Pruebas eléctricas"),
    ),
    "3391": (
        "Manufactura de dispositivos médicos",
        "Fabricación y empaque de dispositivos y material médico en cuarto limpio ISO 8.",
        ("Cuarto limpio ISO 8", "Validación de procesos"),
    ),
    "4842": (
        "Autotransporte foráneo de carga",
        "Flota propia de tractocamiones con caja seca y refrigerada; rutas a la frontera norte, Bajío y "
        "Ciudad de México con rastreo satelital.",
        ("Caja seca 53 pies", "Refrigerado", "Rastreo GPS"),
    ),
    "4841": (
        "Transporte local de carga y distribución",
        "Reparto y traslado de carga en la zona metropolitana de Querétaro con camiones de 3.5 y 10 toneladas.",
        ("Distribución local", "Milk run"),
    ),
    "4885": (
        "Servicios aduanales y de comercio exterior",
        "Despacho aduanal, IMMEX, anexo 24 y asesoría en comercio exterior para la industria del Bajío.",
        ("IMMEX", "Anexo 24", "Clasificación arancelaria"),
    ),
    "4931": (
        "Almacenaje, cross-dock y logística",
        "Almacén con WMS, cross-dock y maniobras, cerca de los parques industriales de El Marqués y Colón.",
        ("WMS", "Cross-dock", "Maniobras"),
    ),
    "5415": (
        "Desarrollo de software e industria 4.0",
        "Desarrollo de sistemas a la medida, integración de ERP y MES, tableros de producción y analítica de "
        "datos para manufactura.",
        ("Desarrollo web y móvil", "MES y trazabilidad", "Analítica de datos"),
    ),
    "5112": (
        "Software empresarial listo para usar",
        "Software de gestión (inventarios, calidad, mantenimiento) en la nube, con implementación y soporte "
        "local.",
        ("Software en la nube", "Implementación"),
    ),
    "5182": (
        "Nube, hospedaje y respaldo",
        "Centro de datos, nube privada, respaldo y recuperación ante desastres con soporte 24/7.",
        ("Nube privada", "Respaldo"),
    ),
    "5413": (
        "Ingeniería y laboratorio de pruebas",
        "Ingeniería de procesos y de producto, metrología y pruebas de laboratorio para la industria.",
        ("Ingeniería de manufactura", "Metrología"),
    ),
    "5416": (
        "Consultoría para pymes industriales",
        "Consultoría en mejora continua, sistemas de gestión y certificaciones para pequeñas y medianas "
        "empresas.",
        ("Lean manufacturing", "Sistemas de gestión ISO"),
    ),
    "2382": (
        "Instalaciones eléctricas industriales",
        "Subestaciones, tableros, alumbrado y mantenimiento eléctrico para naves industriales.",
        ("Subestaciones", "Media tensión"),
    ),
    "2362": (
        "Construcción de naves industriales",
        "Construcción llave en mano de naves y plantas industriales, con supervisión y gestión de permisos.",
        ("Obra civil", "Estructura metálica"),
    ),
    "8112": (
        "Mantenimiento de equipo industrial y electrónico",
        "Mantenimiento preventivo y correctivo de maquinaria, equipo electrónico e hidráulico.",
        ("Mantenimiento preventivo", "Hidráulica", "Electrónica industrial"),
    ),
    "5629": (
        "Reciclaje de residuos industriales",
        "Recolección y reciclaje de plástico, cartón y metales con manifiesto y certificado de reciclaje.",
        ("Reciclaje de plástico", "Manifiestos"),
    ),
    "6114": (
        "Cursos de capacitación para la industria",
        "Capacitación en Lean, Six Sigma, seguridad y habilidades digitales, en sede o en planta.",
        ("Lean Six Sigma", "Capacitación en planta"),
    ),
    "7223": (
        "Comedor industrial y servicio de alimentos",
        "Servicio de comedor en planta, eventos y alimentos para turnos, con menú nutricional.",
        ("Comedor industrial",),
    ),
    "311": (
        "Alimentos de Querétaro para mayoreo",
        "Producción de alimentos con registro sanitario, disponible para cadenas, comedores y distribuidores.",
        ("Producción por lote", "Etiquetado"),
    ),
    "312": (
        "Bebidas hechas en Querétaro",
        "Bebidas elaboradas en Querétaro, con capacidad para marcas propias y distribución regional.",
        ("Embotellado", "Marca propia"),
    ),
    "111": (
        "Producción agrícola de temporada",
        "Producto fresco de invernadero y campo, con trazabilidad por lote y entregas semanales.",
        ("Invernadero", "Empaque en campo"),
    ),
    "112": (
        "Producción pecuaria",
        "Producción pecuaria con manejo sanitario y entregas programadas a la industria.",
        ("Manejo sanitario",),
    ),
    "434": (
        "Distribución de insumos industriales",
        "Venta al mayoreo de insumos, empaques y materias primas para la industria, con entrega en planta.",
        ("Entrega en planta", "Crédito a 30 días"),
    ),
    "435": (
        "Maquinaria y equipo industrial",
        "Distribución de maquinaria y equipo industrial, refacciones y servicio técnico.",
        ("Servicio técnico", "Refacciones"),
    ),
}


def _offer_text(code: str) -> tuple[str, str, tuple[str, ...]] | None:
    for length in (6, 4, 3):
        if code[:length] in OFFER_TEXT:
            return OFFER_TEXT[code[:length]]
    return None


def add_offers(builder: Builder) -> None:
    """Suppliers (micro to medium companies) offer what their activity makes, with their certificates."""
    candidates = [
        o
        for o in builder.companies
        if o.size in ("micro", "small", "medium") and _offer_text(o.scian_id or "")
    ]
    builder.rng.shuffle(candidates)
    for org in sorted(candidates[:90], key=lambda o: o.slug):
        title, description, capabilities = _offer_text(org.scian_id or "") or ("", "", ())
        listing = Listing(
            organization=org,
            kind=ListingKind.OFFER,
            title=f"{title} — {org.name}"[:200],
            description=description,
            scian_id=org.scian_id,
            municipality_id=org.municipality_id,
            capabilities="\n".join(capabilities),
            certifications=builder.held(org),
            min_order=builder.rng.choice(("", "1 lote", "500 piezas", "$20,000 MXN", "1 viaje", "10 horas")),
            lead_time_days=builder.rng.choice((3, 5, 7, 10, 15, 20, 30)),
        )
        if builder.rng.random() < 0.12:
            builder.close(listing, years_ago=1)
            listing.status = ListingStatus.EXPIRED
            listing.closed_at = None
        else:
            builder.publish(listing)
            listing.closes_at = builder.moment(
                builder.today + dt.timedelta(days=builder.rng.randint(60, 240))
            )
        area = {org.municipality_id or "014", *builder.rng.sample(INDUSTRIAL_MUNICIPALITIES, 3)}
        builder.areas_of[id(listing)] = sorted(area)
        builder.add(listing)
