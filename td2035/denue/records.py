"""One row of a DENUE file -> one DenueRecord ready for the directory, or the reason it is not imported,
checked against SCIAN 2018 and the municipalities (a Reference) and with a warning for each field left
out. Pure: the database work lives in services.py.
"""

import operator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from td2035.denue.files import Layout
from td2035.denue.values import (
    MAX_ADDRESS,
    MAX_CLEE,
    MAX_ID,
    MAX_NAME,
    QUERETARO,
    fold,
    normalize_email,
    normalize_phone,
    normalize_postal_code,
    normalize_website,
    parse_coordinates,
    parse_stratum,
    size_for_stratum,
    smart_title,
)


@dataclass(frozen=True)
class Reference:
    """What rows are checked against: SCIAN 2018 clases (code -> title) and the municipalities
    of each state (cve_ent -> {cve_mun: folded name}), with state names for 2013's layout."""

    clases: dict[str, str]
    municipalities: dict[str, dict[str, str]]
    state_names: dict[str, str] = field(default_factory=lambda: {"queretaro": QUERETARO})


@dataclass(slots=True)
class DenueRecord:
    """One establishment, ready for the directory. Empty string means "not published"."""

    line: int
    denue_id: str
    clee: str
    state: str
    name: str
    legal_name: str
    scian: str | None  # a known SCIAN 2018 clase, else None
    activity_code: str  # codigo_act as published
    stratum: str
    size: str
    municipality: str | None
    address: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    website: str


@dataclass(slots=True)
class RowResult:
    record: DenueRecord | None = None
    error: str = ""  # the row is not imported
    warnings: list[str] = field(default_factory=list)  # imported, with these fields left out
    other_state: bool = False


# The cells a row is read for, in this order; absent columns read as "".
_FIELDS = (
    "id",
    "clee",
    "nom_estab",
    "raz_social",
    "codigo_act",
    "per_ocu",
    "per_ocu_code",
    "tipo_vial",
    "nom_vial",
    "numero_ext",
    "letra_ext",
    "numero_int",
    "letra_int",
    "tipo_asent",
    "nomb_asent",
    "cod_postal",
    "cve_mun",
    "municipio",
    "localidad",
    "telefono",
    "correoelec",
    "www",
    "latitud",
    "longitud",
)
_NONE_WORDS = frozenset(("NINGUNO", "NINGUNA", "NO APLICA", "NO ESPECIFICADO"))
_NO_NUMBER = frozenset(("", "0", "SN", "S/N", "S N"))


_OTHER_STATE = RowResult(other_state=True)


class RowParser:
    """Turns the rows of one file (one layout) into records; keeps its lookups between rows."""

    def __init__(self, layout: Layout, reference: Reference, state: str | None) -> None:
        self.layout = layout
        self.reference = reference
        self.state = state
        # Absent columns point one past the end, where parse() appends an empty cell.
        self._pick = operator.itemgetter(*(layout.index.get(name, layout.width) for name in _FIELDS))
        self._pick_state = operator.itemgetter(
            *(layout.index.get(name, layout.width) for name in ("cve_ent", "clee", "entidad"))
        )
        self._mun_by_name = {
            ent: {name: cve for cve, name in muns.items()} for ent, muns in reference.municipalities.items()
        }

    def parse(self, row: list[str], line: int) -> RowResult:
        width = self.layout.width
        if len(row) != width:
            if len(row) < width or any(cell.strip() for cell in row[width:]):
                return RowResult(
                    error=_(
                        "la fila tiene %(found)d columnas y el encabezado %(expected)d "
                        "(¿fila cortada o archivo truncado?) / wrong number of columns"
                    )
                    % {"found": len(row), "expected": width}
                )
            del row[width:]
        row.append("")
        state = self._state_of(*self._pick_state(row))
        if self.state and state != self.state:
            return _OTHER_STATE
        (
            denue_id,
            clee,
            nom_estab,
            raz_social,
            code,
            per_ocu,
            per_ocu_code,
            tipo_vial,
            nom_vial,
            numero_ext,
            letra_ext,
            numero_int,
            letra_int,
            tipo_asent,
            nomb_asent,
            cod_postal,
            cve_mun,
            municipio,
            localidad,
            telefono,
            correoelec,
            www,
            latitud,
            longitud,
        ) = [cell.strip() for cell in self._pick(row)]
        result = RowResult()
        if not denue_id:
            result.error = _("falta el identificador DENUE (id) / missing DENUE id")
            return result
        if len(denue_id) > MAX_ID:
            result.error = _("identificador DENUE demasiado largo / DENUE id too long")
            return result
        legal_name = " ".join(raz_social.split())[:MAX_NAME]
        name = smart_title(nom_estab or legal_name)[:MAX_NAME]
        if not name:
            result.error = _("falta el nombre del establecimiento / missing name")
            return result
        warnings = result.warnings
        scian: str | None = code
        if code not in self.reference.clases:
            scian = None
            warnings.append(
                _("clase SCIAN %(code)s desconocida; se importa sin actividad / unknown SCIAN class")
                % {"code": code[:10] or "—"}
            )
        stratum = size = ""
        stratum_text = per_ocu or per_ocu_code
        if stratum_text:
            parsed = parse_stratum(stratum_text)
            if parsed is None:
                warnings.append(
                    _("estrato de personal «%(value)s» no reconocido / unknown stratum")
                    % {"value": stratum_text[:40]}
                )
            else:
                stratum, size = parsed[0], size_for_stratum(stratum_text, code)
        record = result.record = DenueRecord(  # positional: this runs for every row
            line,
            denue_id,
            clee[:MAX_CLEE],
            state,
            name,
            legal_name,
            scian,
            code,
            stratum,
            size,
            self._municipality_of(state, cve_mun, municipio, warnings),
            _address(
                tipo_vial,
                nom_vial,
                numero_ext + letra_ext,
                numero_int + letra_int,
                tipo_asent,
                nomb_asent,
                localidad,
            ),
            "",
            None,
            None,
            "",
            "",
            "",
        )
        if cod_postal:
            postal_code = normalize_postal_code(cod_postal)
            if postal_code is None:
                warnings.append(_("código postal no válido; se omite / invalid postal code"))
            else:
                record.postal_code = postal_code
        if latitud or longitud:
            point = parse_coordinates(latitud, longitud, state)
            if point is None:
                warnings.append(
                    _("coordenadas no válidas (%(lat)s, %(lon)s); se importa sin ubicación / bad coordinates")
                    % {"lat": latitud[:20], "lon": longitud[:20]}
                )
            else:
                record.latitude, record.longitude = point
        if telefono or correoelec or www:
            self._contact(record, telefono, correoelec, www, warnings)
        return result

    def _state_of(self, cve_ent: str, clee: str, entidad: str) -> str:
        cve_ent = cve_ent.strip()
        if cve_ent:
            if len(cve_ent) == 2 or not cve_ent.isdigit():
                return cve_ent
            return f"{int(cve_ent):02d}"
        clee = clee.strip()
        if len(clee) >= 2 and clee[:2].isdigit():
            return clee[:2]
        return self.reference.state_names.get(fold(entidad), "")

    def _municipality_of(self, state: str, cve_mun: str, municipio: str, warnings: list[str]) -> str | None:
        known = self.reference.municipalities.get(state)
        if not known:
            return None
        if cve_mun in known:
            return cve_mun
        if cve_mun.isdigit() and f"{int(cve_mun):03d}" in known:
            return f"{int(cve_mun):03d}"
        if not cve_mun:
            by_name = self._mun_by_name[state].get(fold(municipio))
            if by_name:
                return by_name
        warnings.append(
            _("municipio «%(value)s» desconocido; se importa sin municipio / unknown municipality")
            % {"value": (cve_mun or municipio)[:40]}
        )
        return None

    @staticmethod
    def _contact(record: DenueRecord, phone: str, email: str, website: str, warnings: list[str]) -> None:
        if phone:
            normalized = normalize_phone(phone)
            if normalized is None:
                warnings.append(_("teléfono no válido; se omite / invalid phone"))
            else:
                record.phone = normalized
        if email:
            normalized = normalize_email(email)
            if normalized is None:
                warnings.append(_("correo electrónico no válido; se omite / invalid e-mail"))
            else:
                record.email = normalized
        if website:
            normalized = normalize_website(website)
            if normalized is None:
                warnings.append(_("sitio web no válido; se omite / invalid website"))
            else:
                record.website = normalized


def _address(
    road_kind: str, road: str, number: str, inner: str, settlement_kind: str, settlement: str, place: str
) -> str:
    """ "Calle 5 de Mayo 25 Int. 3, Colonia Centro, Santiago de Querétaro" from DENUE's parts."""
    if road_kind in _NONE_WORDS:
        road_kind = ""
    street = smart_title(f"{road_kind} {road}" if road_kind and road else road or road_kind)
    if number not in _NO_NUMBER:
        street = f"{street} {number}" if street else number
    if inner not in _NO_NUMBER:
        street = f"{street} Int. {inner}" if street else f"Int. {inner}"
    parts = [street] if street else []
    if settlement:
        if settlement_kind and settlement_kind not in _NONE_WORDS:
            settlement = f"{settlement_kind} {settlement}"
        parts.append(smart_title(settlement))
    if place:
        parts.append(smart_title(place))
    return ", ".join(parts)[:MAX_ADDRESS]
