"""Demo collaboration calls: R&D, joint ventures and other calls, open now and from an earlier edition."""

from td2035.demo.listings.builder import Builder, matches
from td2035.market.models import CollaborationType, Listing, ListingKind

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


def add_collaborations(builder: Builder) -> None:
    for title, description, kind, partner, publishers in COLLABORATIONS:
        orgs = [o for o in builder.orgs if matches(o, publishers)]
        if not orgs:
            continue
        for round_ in range(2):
            org = orgs[builder.rng.randrange(len(orgs))]
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
                builder.publish(listing)
            else:
                builder.close(listing, years_ago=1)
            builder.add(listing)
