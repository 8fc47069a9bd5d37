"""Demo listings between the demo organisations: offers, needs (RFQs), collaboration calls, jobs.

Deterministic (a fixed seed over organisations ordered by slug) and idempotent: nothing happens when
demo listings exist. Every listing of a demo organisation is `is_demo`. Needs of earlier years were
closed with an awarded supplier (deals), so the supply-chain view has flows to draw. All names are the
demo's fictional organisations; the texts are typical of Querétaro's production chain.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from td2035.directory.models import Network, Organization, OrganizationKind
from td2035.market.models import (
    CollaborationType,
    JobType,
    Listing,
    ListingKind,
    ListingStatus,
    Visibility,
)
from td2035.market.services import search_text_of
from td2035.reference.models import Municipality

DEMO_SEED = 2035
INDUSTRIAL_MUNICIPALITIES = ("014", "006", "011", "016", "005", "012", "017")


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

COLLABORATIONS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    # (title, description, type, partner profile, publisher SCIAN prefixes or kinds)
    (
        "Convocatoria de I+D: aligeramiento de piezas con materiales compuestos",
        "Buscamos socios para un proyecto de investigación aplicada sobre sustitución de piezas metálicas "
        "por compuestos termoplásticos en interiores de avión.",
        CollaborationType.RD,
        "Empresas de inyección o maquinado con laboratorio de pruebas, y grupos universitarios de materiales.",
        ("3364", "university"),
    ),
    (
        "Subcontratación de capacidad de maquinado en 5 ejes",
        "Tenemos más pedidos que capacidad: buscamos talleres de maquinado para subcontratar piezas de "
        "aluminio bajo nuestra supervisión de calidad.",
        CollaborationType.SUBCONTRACTING,
        "Talleres de maquinado CNC con 5 ejes y experiencia en tolerancias cerradas.",
        ("332710", "3364"),
    ),
    (
        "Consorcio de proveedores locales para nuevo programa automotriz",
        "Integramos un consorcio de pymes para cotizar en conjunto un nuevo programa de una armadora: "
        "plásticos, metal-mecánica y ensamble.",
        CollaborationType.JOINT_VENTURE,
        "Pymes de inyección, troquelado y ensamble con IATF 16949 o en proceso.",
        ("cluster", "chamber", "3363"),
    ),
    (
        "Piloto de mantenimiento predictivo con sensores IoT",
        "Invitamos a plantas a un piloto de mantenimiento predictivo con sensores de vibración y analítica; "
        "nosotros ponemos la plataforma, la planta pone dos equipos críticos.",
        CollaborationType.RD,
        "Plantas con inyectoras, compresores o prensas y personal de mantenimiento interesado.",
        ("5415", "5112"),
    ),
    (
        "Proyecto conjunto de economía circular para plásticos",
        "Buscamos empresas generadoras de scrap plástico y recicladores para cerrar el ciclo del material en "
        "Querétaro.",
        CollaborationType.OTHER,
        "Generadores de purgas y scrap, recicladores y transformadores de plástico.",
        ("cluster", "5629", "3261"),
    ),
    (
        "Convocatoria: empresas formadoras para el modelo de educación dual",
        "Invitamos a empresas a recibir estudiantes en el modelo dual: la formación se reparte entre el aula "
        "y la planta durante un año.",
        CollaborationType.OTHER,
        "Empresas con un tutor en planta y un plan de rotación para estudiantes de ingeniería.",
        ("university",),
    ),
    (
        "Laboratorio compartido de metrología",
        "Proponemos compartir un laboratorio de metrología con CMM y escáner 3D entre varias pymes del "
        "clúster para reducir costos.",
        CollaborationType.JOINT_VENTURE,
        "Pymes de maquinado, inyección y troquelado que midan piezas con frecuencia.",
        ("cluster", "5413"),
    ),
    (
        "Desarrollo conjunto de empaque sustentable para alimentos",
        "Buscamos socios para desarrollar empaque compostable para productos lácteos y panificación.",
        CollaborationType.RD,
        "Fabricantes de empaque, laboratorios y productores de alimentos.",
        ("311", "3261"),
    ),
)

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


@dataclass
class DemoResult:
    created: int
    message: str = ""

    def __str__(self) -> str:
        return self.message or f"{self.created} created"


def _matches(org: Organization, prefixes: tuple[str, ...]) -> bool:
    code = org.scian_id or ""
    return any(org.kind == p or (p[0].isdigit() and code.startswith(p)) for p in prefixes)


def _offer_text(code: str) -> tuple[str, str, tuple[str, ...]] | None:
    for length in (6, 4, 3):
        if code[:length] in OFFER_TEXT:
            return OFFER_TEXT[code[:length]]
    return None


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(round(rng.uniform(low, high), -3))


class _Builder:
    def __init__(self, today: dt.date) -> None:
        self.rng = random.Random(DEMO_SEED)
        self.today = today
        self.orgs = list(
            Organization.objects.filter(is_demo=True)
            .select_related("scian")
            .prefetch_related("certifications")
            .order_by("slug")
        )
        self.companies = [o for o in self.orgs if o.kind == OrganizationKind.COMPANY and o.scian_id]
        self.networks = {n.slug: n for n in Network.objects.filter(is_demo=True)}
        self.listings: list[Listing] = []
        self.networks_of: dict[int, list[Network]] = {}
        self.areas_of: dict[int, list[str]] = {}

    def moment(self, day: dt.date) -> dt.datetime:
        hour = self.rng.randint(8, 18)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.choice((0, 15, 30, 45)))))

    def add(self, listing: Listing) -> Listing:
        listing.is_demo = True
        self.listings.append(listing)
        return listing

    def held(self, org: Organization) -> list[str]:
        return sorted(c.name for c in org.certifications.all())

    def needs(self) -> None:
        """Each template: one or two open needs from buyers, and deals closed in earlier years."""
        for index, template in enumerate(NEEDS):
            buyers = [
                o for o in self.orgs if _matches(o, template.buyers) and o.size in ("large", "medium", "")
            ]
            buyers = buyers or [o for o in self.companies if _matches(o, template.buyers)]
            suppliers = [o for o in self.companies if (o.scian_id or "").startswith(template.supplier_class)]
            if not buyers:
                continue
            scian = suppliers[0].scian_id if suppliers else None
            open_count = 1 + index % 2
            deals = 2 if suppliers else 0
            for round_ in range(open_count + deals):
                buyer = buyers[self.rng.randrange(len(buyers))]
                quantity = self.rng.randint(*template.quantity)
                listing = Listing(
                    organization=buyer,
                    kind=ListingKind.NEED,
                    title=template.title if round_ == 0 else f"{template.title} ({self._suffix(round_)})",
                    description=template.description,
                    scian_id=scian,
                    municipality_id=buyer.municipality_id,
                    capabilities="\n".join(template.capabilities),
                    certifications=list(template.certifications),
                    quantity=Decimal(quantity),
                    unit=template.unit,
                )
                if template.budget and self.rng.random() < 0.7:
                    low = _money(self.rng, *template.budget)
                    listing.budget_min = low
                    listing.budget_max = low + _money(self.rng, template.budget[0] // 4, template.budget[0])
                if round_ < open_count:
                    self._open(listing)
                    if round_ == 1 and "amiqro-proveeduria-automotriz" in self.networks and index % 4 == 1:
                        listing.visibility = Visibility.NETWORKS
                        self.networks_of[id(listing)] = [self.networks["amiqro-proveeduria-automotriz"]]
                else:
                    supplier = suppliers[self.rng.randrange(len(suppliers))]
                    if supplier.pk == buyer.pk and len(suppliers) > 1:
                        supplier = suppliers[(suppliers.index(supplier) + 1) % len(suppliers)]
                    if supplier.pk == buyer.pk:
                        continue
                    self._closed(listing, years_ago=round_ - open_count + 1)
                    listing.awarded_to = supplier
                self.add(listing)

    def _suffix(self, round_: int) -> str:
        return ("segundo lote", "programa anual", "reposición", "nuevo modelo", "planta 2")[round_ % 5]

    def _open(self, listing: Listing) -> None:
        published = self.today - dt.timedelta(days=self.rng.randint(1, 40))
        listing.status = ListingStatus.PUBLISHED
        listing.published_at = self.moment(published)
        listing.closes_at = self.moment(self.today + dt.timedelta(days=self.rng.randint(5, 75)))
        if listing.kind == ListingKind.NEED:
            listing.deadline = self.today + dt.timedelta(days=self.rng.randint(20, 150))
            latest = self.moment(listing.deadline - dt.timedelta(days=7))
            listing.closes_at = min(listing.closes_at, latest)

    def _closed(self, listing: Listing, years_ago: int) -> None:
        published = self.today - dt.timedelta(days=365 * years_ago + self.rng.randint(0, 300))
        listing.status = ListingStatus.CLOSED
        listing.published_at = self.moment(published)
        listing.closes_at = self.moment(published + dt.timedelta(days=30))
        listing.closed_at = self.moment(published + dt.timedelta(days=self.rng.randint(10, 45)))
        if listing.kind == ListingKind.NEED:
            listing.deadline = published + dt.timedelta(days=self.rng.randint(60, 150))

    def offers(self) -> None:
        """Suppliers (micro to medium companies) offer what their activity makes, with their certificates."""
        candidates = [
            o
            for o in self.companies
            if o.size in ("micro", "small", "medium") and _offer_text(o.scian_id or "")
        ]
        self.rng.shuffle(candidates)
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
                certifications=self.held(org),
                min_order=self.rng.choice(("", "1 lote", "500 piezas", "$20,000 MXN", "1 viaje", "10 horas")),
                lead_time_days=self.rng.choice((3, 5, 7, 10, 15, 20, 30)),
            )
            if self.rng.random() < 0.12:
                self._closed(listing, years_ago=1)
                listing.status = ListingStatus.EXPIRED
                listing.closed_at = None
            else:
                self._open(listing)
                listing.closes_at = self.moment(self.today + dt.timedelta(days=self.rng.randint(60, 240)))
            area = {org.municipality_id or "014", *self.rng.sample(INDUSTRIAL_MUNICIPALITIES, 3)}
            self.areas_of[id(listing)] = sorted(area)
            self.add(listing)

    def collaborations(self) -> None:
        for title, description, kind, partner, publishers in COLLABORATIONS:
            orgs = [o for o in self.orgs if _matches(o, publishers)]
            if not orgs:
                continue
            for round_ in range(2):
                org = orgs[self.rng.randrange(len(orgs))]
                listing = Listing(
                    organization=org,
                    kind=ListingKind.COLLABORATION,
                    title=title if round_ == 0 else f"{title} (edición anterior)",
                    description=description,
                    scian_id=org.scian_id,
                    municipality_id=org.municipality_id,
                    collaboration_type=kind,
                    partner_profile=partner,
                )
                if round_ == 0:
                    self._open(listing)
                else:
                    self._closed(listing, years_ago=1)
                self.add(listing)

    def jobs(self) -> None:
        for title, description, job_type, publishers, positions in JOBS:
            orgs = [o for o in self.orgs if _matches(o, publishers)]
            self.rng.shuffle(orgs)
            for org in sorted(orgs[:3], key=lambda o: o.slug):
                listing = Listing(
                    organization=org,
                    kind=ListingKind.JOB,
                    title=f"{title} — {org.name}"[:200],
                    description=description,
                    scian_id=org.scian_id,
                    municipality_id=org.municipality_id,
                    job_type=job_type,
                    positions=self.rng.randint(*positions),
                )
                self._open(listing)
                self.add(listing)
                if (
                    job_type != JobType.JOB
                    and "uteq" in self.networks
                    and org.kind == OrganizationKind.UNIVERSITY
                ):
                    listing.visibility = Visibility.NETWORKS
                    self.networks_of[id(listing)] = [self.networks["uteq"]]

    def save(self) -> int:
        keys = {id(listing): listing for listing in self.listings}
        for listing in self.listings:
            listing.search_text = search_text_of(listing, listing.organization.name)
        created = Listing.objects.bulk_create(self.listings, batch_size=500)
        municipalities = {m.pk: m for m in Municipality.objects.only("cve_mun")}
        for listing in created:
            for network in self.networks_of.get(id(listing), []):
                listing.networks.add(network)
            if id(listing) in self.areas_of:
                listing.service_area.set([municipalities[code] for code in self.areas_of[id(listing)]])
        assert len(keys) == len(created)
        return len(created)


def load_demo_listings(*, today: dt.date | None = None) -> DemoResult:
    """Write the demo listings once. Needs the demo organisations (demo.organizations.load_demo) first."""
    if Listing.objects.filter(is_demo=True).exists():
        return DemoResult(0, "already loaded")
    if not Organization.objects.filter(is_demo=True).exists():
        return DemoResult(0, "no demo organisations")
    builder = _Builder(today or timezone.localdate())
    builder.needs()
    builder.offers()
    builder.collaborations()
    builder.jobs()
    with transaction.atomic():
        return DemoResult(builder.save())


def unload_demo_listings() -> int:
    deleted, _by_model = Listing.objects.filter(is_demo=True).delete()
    return deleted
