"""Demo needs (RFQs): for each template, one or two open needs from buyers and deals closed in earlier
years with an awarded supplier."""

import random
from dataclasses import dataclass
from decimal import Decimal

from td2035.demo.listings.builder import Builder, matches
from td2035.market.models import Listing, ListingKind, Visibility


@dataclass(frozen=True)
class NeedTemplate:
    title: str
    description: str
    supplier_class: str  # SCIAN class (or prefix) of who can supply it
    buyers: tuple[str, ...]  # SCIAN prefixes of the organisations that buy it
    certifications: tuple[str, ...]
    unit: str
    quantity: tuple[int, int]
    budget: tuple[int, int] | None  # MXN range of the whole order
    capabilities: tuple[str, ...] = ()


NEEDS: tuple[NeedTemplate, ...] = (
    NeedTemplate(
        "Piezas inyectadas en polipropileno para consola central",
        "Buscamos proveedor local de piezas inyectadas en PP con 20 % talco, color negro texturizado, para "
        "consola central. Incluye PPAP nivel 3, empaque retornable y entregas semanales a la planta.",
        "326192",
        ("3363", "3361"),
        ("IATF 16949",),
        "piezas",
        (20_000, 120_000),
        (400_000, 2_500_000),
        ("Inyección de plástico de 300 a 800 toneladas", "PPAP nivel 3"),
    ),
    NeedTemplate(
        "Clips y sujetadores plásticos para arnés eléctrico",
        "Requerimos clips de nylon 6/6 para fijación de arneses; molde propio del proveedor o transferencia de "
        "molde. Consumo anual estable, liberación con estudio de capacidad (Cpk ≥ 1.33).",
        "326199",
        ("336320", "3359"),
        ("IATF 16949",),
        "piezas",
        (100_000, 600_000),
        (150_000, 900_000),
        ("Inyección de nylon", "Moldes multicavidad"),
    ),
    NeedTemplate(
        "Maquinado CNC de soportes de aluminio 6061-T6",
        "Soportes para estructura de cabina maquinados en 5 ejes, tolerancias ±0.05 mm, con certificado de "
        "material y reporte dimensional FAI (AS9102). Dibujos disponibles al firmar NDA.",
        "332710",
        ("3364",),
        ("AS9100",),
        "piezas",
        (200, 3_000),
        (300_000, 1_800_000),
        ("Maquinado CNC 5 ejes", "FAI AS9102"),
    ),
    NeedTemplate(
        "Bujes y bridas de acero maquinados",
        "Bujes de acero 1045 y bridas torneadas para ensamble de suspensión. Se busca proveedor en la zona "
        "metropolitana con capacidad de torneado CNC y tratamiento térmico subcontratado.",
        "332710",
        ("3363", "3335", "3339"),
        ("ISO 9001",),
        "piezas",
        (5_000, 40_000),
        (200_000, 1_200_000),
        ("Torneado CNC", "Rectificado"),
    ),
    NeedTemplate(
        "Anodizado tipo II y pasivado de piezas de aluminio",
        "Servicio de anodizado tipo II (MIL-A-8625) y pasivado de acero inoxidable para componentes de "
        "interiores de avión. Recolección en planta y entrega en 5 días hábiles.",
        "332810",
        ("3364",),
        ("AS9100",),
        "lotes",
        (20, 200),
        (150_000, 700_000),
        ("Anodizado", "Pasivado"),
    ),
    NeedTemplate(
        "Recubrimiento zinc-níquel para tornillería automotriz",
        "Recubrimiento zinc-níquel con sellador, 720 h de cámara salina, para tornillería de chasis. Requiere "
        "control estadístico y capacidad para 3 turnos.",
        "332810",
        ("3363",),
        ("IATF 16949",),
        "kg",
        (10_000, 80_000),
        (250_000, 1_500_000),
    ),
    NeedTemplate(
        "Troquelado de soportes de lámina galvanizada",
        "Soportes y refuerzos de lámina galvanizada calibre 14 a 18, troquel progresivo. Volumen anual con "
        "programa de liberaciones mensual.",
        "336370",
        ("3363", "3352"),
        ("IATF 16949",),
        "piezas",
        (50_000, 400_000),
        (500_000, 3_000_000),
        ("Troquelado progresivo", "Prensas de 200 a 600 t"),
    ),
    NeedTemplate(
        "Charolas termoformadas retornables para línea de ensamble",
        "Charolas de PEAD termoformado con cavidades para componentes, apilables, con identificación. "
        "Incluye diseño del empaque y validación en línea.",
        "326193",
        ("3363", "3364", "3353"),
        ("ISO 9001",),
        "piezas",
        (1_000, 10_000),
        (150_000, 800_000),
    ),
    NeedTemplate(
        "Cajas de cartón corrugado impresas a dos tintas",
        "Cajas regulares de cartón corrugado sencillo, impresas a dos tintas, para producto terminado. "
        "Entrega quincenal en tarimas emplayadas.",
        "434223",
        ("311", "312"),
        ("FSSC 22000",),
        "cajas",
        (20_000, 200_000),
        (80_000, 600_000),
    ),
    NeedTemplate(
        "Película stretch y bolsas de polietileno",
        "Película stretch calibre 80 y bolsas de polietileno de baja densidad para embalaje de tarimas y "
        "producto. Consumo mensual constante.",
        "326110",
        ("311", "312", "335"),
        (),
        "kg",
        (2_000, 20_000),
        (60_000, 500_000),
    ),
    NeedTemplate(
        "Transporte foráneo de carga a Nuevo Laredo",
        "Servicio de autotransporte foráneo de caja seca de 53 pies a Nuevo Laredo, 4 a 6 viajes por semana, "
        "con rastreo satelital y seguro de carga.",
        "484129",
        ("3363", "3364", "3352"),
        (),
        "viajes",
        (100, 600),
        (1_500_000, 8_000_000),
        ("Caja seca 53 pies", "Rastreo GPS"),
    ),
    NeedTemplate(
        "Transporte refrigerado de lácteos a Ciudad de México",
        "Transporte con refrigeración (2 a 6 °C) de derivados lácteos a centros de distribución en la Ciudad "
        "de México, con registro de temperatura por viaje.",
        "484233",
        ("3115",),
        ("ISO 22000",),
        "viajes",
        (50, 300),
        (400_000, 2_400_000),
    ),
    NeedTemplate(
        "Agencia aduanal para importación temporal IMMEX",
        "Servicio de agencia aduanal para pedimentos de importación temporal y retorno bajo programa IMMEX, "
        "con anexo 24 y reportes mensuales.",
        "488511",
        ("3364", "3363", "3353"),
        (),
        "pedimentos",
        (200, 1_500),
        (300_000, 1_500_000),
    ),
    NeedTemplate(
        "Almacenaje y cross-dock cerca del Aeropuerto Intercontinental",
        "Espacio de almacenaje para 400 posiciones de tarima y servicio de cross-dock en El Marqués o Colón, "
        "con WMS y operación de lunes a sábado.",
        "493119",
        ("3363", "3364"),
        (),
        "posiciones de tarima",
        (200, 800),
        (500_000, 2_000_000),
    ),
    NeedTemplate(
        "Sistema de trazabilidad y MES para línea de producción",
        "Desarrollo e implementación de un sistema de ejecución de manufactura (MES) con trazabilidad por "
        "número de serie, integración con PLC y tableros de OEE.",
        "541510",
        ("3363", "3364", "3261", "3352"),
        ("ISO 27001",),
        "proyecto",
        (1, 1),
        (800_000, 3_500_000),
        ("Desarrollo de software industrial", "Integración con PLC", "OEE"),
    ),
    NeedTemplate(
        "Integración de ERP con portales EDI de armadoras",
        "Conectar nuestro ERP con los portales EDI (DESADV, DELFOR) de dos armadoras; soporte posterior de "
        "12 meses.",
        "511210",
        ("3363", "3261"),
        (),
        "proyecto",
        (1, 1),
        (250_000, 1_200_000),
        ("EDI", "Integración de ERP"),
    ),
    NeedTemplate(
        "Mantenimiento preventivo de inyectoras y prensas",
        "Póliza anual de mantenimiento preventivo y correctivo para 12 inyectoras y 4 prensas hidráulicas, "
        "tiempo de respuesta menor a 4 horas.",
        "811219",
        ("3261", "3363", "3352"),
        (),
        "equipos",
        (8, 20),
        (300_000, 1_400_000),
        ("Mantenimiento industrial", "Hidráulica"),
    ),
    NeedTemplate(
        "Instalación eléctrica para ampliación de nave",
        "Subestación de 1,500 kVA, tableros y alimentadores para la ampliación de 3,000 m² de nave "
        "industrial. Proyecto ejecutivo incluido.",
        "238210",
        ("3363", "3364", "3261", "3327", "3352"),
        (),
        "proyecto",
        (1, 1),
        (2_000_000, 9_000_000),
    ),
    NeedTemplate(
        "Construcción de nave industrial de 5,000 m²",
        "Edificación de nave industrial con estructura metálica, piso de concreto de alta resistencia y "
        "andenes, en parque industrial de El Marqués.",
        "236211",
        ("3363", "3364", "3261"),
        (),
        "m²",
        (3_000, 8_000),
        (25_000_000, 60_000_000),
    ),
    NeedTemplate(
        "Metrología con máquina de medición por coordenadas (CMM)",
        "Servicio de medición dimensional con CMM y escáner láser para primeras piezas y auditorías de "
        "producto, con reportes en PC-DMIS.",
        "541380",
        ("3364", "3363"),
        ("ISO 9001",),
        "horas",
        (100, 800),
        (120_000, 700_000),
    ),
    NeedTemplate(
        "Diseño y fabricación de molde de inyección de 4 cavidades",
        "Molde de inyección de 4 cavidades con colada caliente para tapa técnica; incluye análisis de flujo, "
        "prueba T1 y muestras.",
        "333510",
        ("3261",),
        (),
        "moldes",
        (1, 3),
        (600_000, 2_200_000),
        ("Moldes de inyección", "Colada caliente"),
    ),
    NeedTemplate(
        "Servicio de comedor industrial para 300 personas",
        "Comedor en planta para tres turnos, menú con opción saludable, personal propio del proveedor y "
        "cumplimiento de NOM-251.",
        "722310",
        ("3363", "3364", "3352"),
        (),
        "comidas al día",
        (250, 900),
        (3_000_000, 9_000_000),
    ),
    NeedTemplate(
        "Recolección y reciclaje de scrap plástico",
        "Recolección semanal de purgas y piezas rechazadas (PP, ABS, PA66) con manifiesto y certificado de "
        "reciclaje.",
        "562921",
        ("3261", "3363"),
        ("ISO 14001",),
        "toneladas",
        (5, 60),
        (30_000, 250_000),
    ),
    NeedTemplate(
        "Pruebas de penetración en la red de planta (OT)",
        "Evaluación de ciberseguridad de la red de operación (OT) y de la red corporativa, con plan de "
        "remediación alineado a IEC 62443.",
        "541510",
        ("3364", "3363", "3121"),
        ("ISO 27001",),
        "proyecto",
        (1, 1),
        (250_000, 900_000),
        ("Ciberseguridad industrial", "IEC 62443"),
    ),
    NeedTemplate(
        "Capacitación Lean Six Sigma cinta verde",
        "Programa de cinta verde Lean Six Sigma para 20 personas de producción y calidad, con proyectos "
        "aplicados en planta.",
        "611431",
        ("3363", "3364", "3261", "311"),
        (),
        "participantes",
        (12, 40),
        (150_000, 600_000),
    ),
    NeedTemplate(
        "Tanques de acero inoxidable para proceso lácteo",
        "Tanques verticales de acero inoxidable 316 de 5,000 L con chaqueta y agitador, acabado sanitario.",
        "332420",
        ("3115",),
        (),
        "tanques",
        (2, 6),
        (800_000, 3_000_000),
    ),
    NeedTemplate(
        "Línea de envasado para agua purificada",
        "Equipo de llenado y taponado para garrafón y botella PET de 600 ml, con capacidad de 3,000 botellas "
        "por hora.",
        "333992",
        ("3121",),
        (),
        "líneas",
        (1, 2),
        (1_200_000, 4_500_000),
    ),
    NeedTemplate(
        "Empaque estéril para material de curación",
        "Bolsas y charolas termoformadas grado médico para material desechable, con validación de sellado.",
        "326199",
        ("3391",),
        ("ISO 13485",),
        "piezas",
        (50_000, 400_000),
        (200_000, 1_200_000),
    ),
    NeedTemplate(
        "Jitomate y hortalizas de invernadero para comedores",
        "Suministro semanal de jitomate, pepino y hortalizas de invernadero para comedores industriales.",
        "111411",
        ("7223",),
        ("GLOBALG.A.P.",),
        "kg",
        (2_000, 15_000),
        (60_000, 400_000),
    ),
    NeedTemplate(
        "Leche fresca para elaboración de quesos",
        "Compra de leche de vaca fresca, con análisis de calidad por entrega, para planta de quesos y cremas.",
        "112120",
        ("3115",),
        (),
        "litros",
        (50_000, 400_000),
        (500_000, 3_200_000),
    ),
    NeedTemplate(
        "Uva para vino de la temporada de vendimia",
        "Uva tinta y blanca de viñedos de Querétaro para la próxima vendimia, con seguimiento de madurez.",
        "111335",
        ("3121",),
        (),
        "toneladas",
        (10, 80),
        (200_000, 1_600_000),
    ),
    NeedTemplate(
        "Botellas PET de 600 ml",
        "Botellas PET transparentes de 600 ml, cuello 28 mm, para agua purificada.",
        "326160",
        ("3121",),
        ("FSSC 22000",),
        "piezas",
        (200_000, 1_000_000),
        (300_000, 1_500_000),
    ),
    NeedTemplate(
        "Motores eléctricos para lavadoras",
        "Motores de inducción monofásicos para lavadoras automáticas, con pruebas de vida acelerada.",
        "335311",
        ("3352",),
        ("ISO 9001",),
        "piezas",
        (10_000, 60_000),
        (2_000_000, 9_000_000),
    ),
    NeedTemplate(
        "Arneses eléctricos para tablero de equipo agrícola",
        "Arneses de cableado con conectores sellados para tractores e implementos agrícolas.",
        "336320",
        ("3331",),
        ("ISO 9001",),
        "piezas",
        (1_000, 8_000),
        (400_000, 1_800_000),
    ),
    NeedTemplate(
        "Estructura metálica para mezzanine de almacén",
        "Diseño, fabricación y montaje de mezzanine de 600 m² con escaleras y barandales.",
        "332310",
        ("4931", "3363", "311"),
        (),
        "m²",
        (300, 900),
        (900_000, 3_000_000),
    ),
    NeedTemplate(
        "Consultoría para certificación ISO 14001",
        "Acompañamiento para implementar y certificar el sistema de gestión ambiental ISO 14001.",
        "541620",
        ("3261", "3327", "311"),
        (),
        "proyecto",
        (1, 1),
        (150_000, 500_000),
    ),
    NeedTemplate(
        "Hospedaje en la nube y respaldo de servidores",
        "Servicio administrado de nube privada, respaldo y recuperación ante desastres para ERP y MES.",
        "518210",
        ("3363", "3364", "3261", "4351"),
        ("ISO 27001",),
        "meses",
        (12, 36),
        (200_000, 1_000_000),
    ),
    NeedTemplate(
        "Ingeniería de procesos para nuevo lanzamiento",
        "Ingeniería de manufactura para lanzamiento de un nuevo número de parte: PFMEA, plan de control y "
        "balanceo de línea.",
        "541330",
        ("3363", "3364"),
        ("IATF 16949",),
        "horas",
        (300, 1_500),
        (300_000, 1_500_000),
    ),
)


ROUND_SUFFIXES = ("segundo lote", "programa anual", "reposición", "nuevo modelo", "planta 2")


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(round(rng.uniform(low, high), -3))


def add_needs(builder: Builder) -> None:
    """Each template: one or two open needs from buyers, and deals closed in earlier years."""
    for index, template in enumerate(NEEDS):
        buyers = [
            o for o in builder.orgs if matches(o, template.buyers) and o.size in ("large", "medium", "")
        ]
        buyers = buyers or [o for o in builder.companies if matches(o, template.buyers)]
        suppliers = [o for o in builder.companies if (o.scian_id or "").startswith(template.supplier_class)]
        if not buyers:
            continue
        scian = suppliers[0].scian_id if suppliers else None
        open_count = 1 + index % 2
        deals = 2 if suppliers else 0
        for round_ in range(open_count + deals):
            buyer = buyers[builder.rng.randrange(len(buyers))]
            quantity = builder.rng.randint(*template.quantity)
            listing = Listing(
                organization=buyer,
                kind=ListingKind.NEED,
                title=template.title if round_ == 0 else f"{template.title} ({ROUND_SUFFIXES[round_ % 5]})",
                description=template.description,
                scian_id=scian,
                municipality_id=buyer.municipality_id,
                capabilities="\n".join(template.capabilities),
                certifications=list(template.certifications),
                quantity=Decimal(quantity),
                unit=template.unit,
            )
            if template.budget and builder.rng.random() < 0.7:
                low = _money(builder.rng, *template.budget)
                listing.budget_min = low
                listing.budget_max = low + _money(builder.rng, template.budget[0] // 4, template.budget[0])
            if round_ < open_count:
                builder.publish(listing)
                if round_ == 1 and "amiqro-proveeduria-automotriz" in builder.networks and index % 4 == 1:
                    listing.visibility = Visibility.NETWORKS
                    builder.networks_of[id(listing)] = [builder.networks["amiqro-proveeduria-automotriz"]]
            else:
                supplier = suppliers[builder.rng.randrange(len(suppliers))]
                if supplier.pk == buyer.pk and len(suppliers) > 1:
                    supplier = suppliers[(suppliers.index(supplier) + 1) % len(suppliers)]
                if supplier.pk == buyer.pk:
                    continue
                builder.close(listing, years_ago=round_ - open_count + 1)
                listing.awarded_to = supplier
            builder.add(listing)
