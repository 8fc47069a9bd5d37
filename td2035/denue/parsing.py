"""INEGI's DENUE CSV as published, 2013–2024: layouts, encodings, and one row -> one plain record.

Pure functions and small value types; the database work lives in services.py. The layouts:
- 2016 onwards: mnemonic headers (id, nom_estab, ... fecha_alta), 41 columns, or 42 with `clee`
  after `id` (about 2021 on); some releases upper-case them (ID, NOM_ESTAB, TIPOUNIECO).
- 2013–2015: descriptive Spanish headers ("Nombre de la Unidad Económica", "Descripcion estrato
  personal ocupado", ...), with spelling and accent variants between releases.
Files are latin-1 (Windows-1252) or UTF-8, decided line by line so that a mixed file still reads.
"""

import csv
import math
import operator
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO

import phonenumbers
from django.utils.text import slugify
from django.utils.translation import gettext as _

from td2035.core.errors import Refusal
from td2035.reference.company_size import size_for_employee_range, size_sector_for_scian

QUERETARO = "22"

# The 2016+ mnemonic header, lower-cased; `clee` is absent from 41-column files.
MNEMONIC_COLUMNS = (
    "id",
    "clee",
    "nom_estab",
    "raz_social",
    "codigo_act",
    "nombre_act",
    "per_ocu",
    "tipo_vial",
    "nom_vial",
    "tipo_v_e_1",
    "nom_v_e_1",
    "tipo_v_e_2",
    "nom_v_e_2",
    "tipo_v_e_3",
    "nom_v_e_3",
    "numero_ext",
    "letra_ext",
    "edificio",
    "edificio_e",
    "numero_int",
    "letra_int",
    "tipo_asent",
    "nomb_asent",
    "tipocencom",
    "nom_cencom",
    "num_local",
    "cod_postal",
    "cve_ent",
    "entidad",
    "cve_mun",
    "municipio",
    "cve_loc",
    "localidad",
    "ageb",
    "manzana",
    "telefono",
    "correoelec",
    "www",
    "tipounieco",
    "latitud",
    "longitud",
    "fecha_alta",
)

# Descriptive headers of the 2013–2015 releases (folded: lower case, no accents, single spaces).
DESCRIPTIVE_ALIASES = {
    "llave denue": "id",
    "nombre de la unidad economica": "nom_estab",
    "razon social": "raz_social",
    "codigo de la clase de actividad scian": "codigo_act",
    "codigo de la clase de actividad": "codigo_act",
    "nombre de clase de la actividad": "nombre_act",
    "nombre de la clase de actividad": "nombre_act",
    "nombre de clase dela actividad": "nombre_act",
    "descripcion estrato personal ocupado": "per_ocu",
    "descripcion de estrato de personal ocupado": "per_ocu",
    "personal ocupado (estrato)": "per_ocu_code",
    "tipo de vialidad": "tipo_vial",
    "nombre de la vialidad": "nom_vial",
    "numero exterior o kilometro": "numero_ext",
    "numero exterior o km": "numero_ext",
    "letra exterior": "letra_ext",
    "edificio": "edificio",
    "edificio piso": "edificio_e",
    "edificio, piso o nivel": "edificio_e",
    "numero interior": "numero_int",
    "numero o letra interior": "numero_int",
    "letra interior": "letra_int",
    "tipo de asentamiento humano": "tipo_asent",
    "nombre de asentamiento humano": "nomb_asent",
    "tipo y nombre del asentamiento humano": "nomb_asent",
    "codigo postal": "cod_postal",
    "clave entidad": "cve_ent",
    "clave entidad federativa": "cve_ent",
    "entidad federativa": "entidad",
    "clave municipio": "cve_mun",
    "clave localidad": "cve_loc",
    "numero de telefono": "telefono",
    "numero de telefono 1": "telefono",
    "correo electronico": "correoelec",
    "correo electronico 1": "correoelec",
    "sitio en internet": "www",
    "latitud": "latitud",
    "longitud": "longitud",
    "fecha de incorporacion al denue": "fecha_alta",
}

# Without these a row cannot be keyed, named, classified or placed: the file is refused.
REQUIRED_COLUMNS = ("id", "nom_estab", "codigo_act")
# One of each pair is needed (2013's layout has the names but not the keys).
REQUIRED_ANY = (("cve_ent", "entidad"), ("cve_mun", "municipio"))
# Read when present; a missing one is a warning for the whole file.
OPTIONAL_COLUMNS = (
    "clee",
    "raz_social",
    "per_ocu",
    "tipo_vial",
    "nom_vial",
    "numero_ext",
    "letra_ext",
    "numero_int",
    "letra_int",
    "tipo_asent",
    "nomb_asent",
    "cod_postal",
    "localidad",
    "telefono",
    "correoelec",
    "www",
    "latitud",
    "longitud",
)

# Mexico, and Querétaro from its bundled boundaries, each with a margin of about 5 km.
MEXICO_BOX = (14.3, 32.8, -118.5, -86.6)  # lat min, lat max, lon min, lon max
QUERETARO_BOX = (19.96, 21.72, -100.65, -98.99)

# Field lengths of directory.Organization.
MAX_NAME, MAX_ADDRESS, MAX_EMAIL, MAX_URL, MAX_ID, MAX_CLEE = 255, 300, 254, 200, 20, 40

STRATA = (
    "0 a 5 personas",
    "6 a 10 personas",
    "11 a 30 personas",
    "31 a 50 personas",
    "51 a 100 personas",
    "101 a 250 personas",
    "251 y más personas",
)


class DenueFormatError(Refusal):
    """The file as a whole cannot be read as DENUE; nothing is imported."""


# --- Encoding --------------------------------------------------------------------------------


class DecodedLines:
    """Iterate a binary file as text lines, each decoded as UTF-8 or else Windows-1252 / latin-1.

    Counts bytes (for a progress bar) and tells which encodings it met. DENUE files are one or the
    other; deciding per line also reads a file that was concatenated from both.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.bytes_read = 0
        self.utf8_lines = 0  # lines with non-ASCII text that were valid UTF-8
        self.latin1_lines = 0
        self.last_line_unterminated = False
        self.last_line_open_quote = False  # cut inside a quoted field: a truncated file

    def __iter__(self) -> Iterator[str]:
        first = True
        for raw in self.stream:
            self.bytes_read += len(raw)
            if first:
                first = False
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise DenueFormatError(
                        _("El archivo está en UTF-16; guárdelo como UTF-8 o latin-1 / UTF-16 file.")
                    )
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if b"\x00" in raw:  # PostgreSQL stores no NUL in text; a NUL is never part of a DENUE value
                raw = raw.replace(b"\x00", b"")
            if not raw.endswith(b"\n"):
                self.last_line_unterminated = True
                self.last_line_open_quote = raw.count(b'"') % 2 == 1
            if raw.isascii():
                yield raw.decode("ascii")
            elif self.latin1_lines and not self.utf8_lines:
                yield self._latin1_first(raw)
            else:
                yield self._utf8_first(raw)

    def _utf8_first(self, raw: bytes) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._latin1(raw)
        self.utf8_lines += 1
        return text

    def _latin1_first(self, raw: bytes) -> str:
        """In a latin-1 file, skip the failing UTF-8 attempt; UTF-8 text read as Windows-1252
        shows as "Ã©"/"Â", and then the line is read again as UTF-8."""
        text = self._latin1(raw)
        if "Ã" in text or "Â" in text:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                return text
            self.latin1_lines -= 1
            self.utf8_lines += 1
        return text

    def _latin1(self, raw: bytes) -> str:
        self.latin1_lines += 1
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")

    @property
    def encoding(self) -> str:
        if self.latin1_lines and self.utf8_lines:
            return "mixed"
        return "latin-1" if self.latin1_lines else "utf-8"


# --- Layout ----------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how headers and names are compared."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", "").strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def normalize_header(name: str) -> str:
    """The mnemonic a header stands for ("NOM_ESTAB", "tipoUniEco", "Razón social" -> ...)."""
    folded = fold(name)
    if folded in DESCRIPTIVE_ALIASES:
        return DESCRIPTIVE_ALIASES[folded]
    mnemonic = folded.replace(" ", "_")
    return mnemonic if mnemonic in MNEMONIC_COLUMNS else folded


@dataclass(frozen=True)
class Layout:
    width: int  # columns in the header
    index: dict[str, int]  # mnemonic -> position
    descriptive: bool  # 2013–2015 headers
    missing_optional: tuple[str, ...] = ()

    @property
    def has_clee(self) -> bool:
        return "clee" in self.index

    def describe(self) -> str:
        kind = "2013–2015" if self.descriptive else "2016+"
        clee = "con clee" if self.has_clee else "sin clee"
        return f"{kind}, {self.width} columnas, {clee}"


def detect_layout(header: list[str]) -> Layout:
    """Recognise a DENUE header; DenueFormatError when it is not one or lacks what the import needs."""
    index: dict[str, int] = {}
    descriptive = False
    for position, name in enumerate(header):
        mnemonic = normalize_header(name)
        if fold(name) in DESCRIPTIVE_ALIASES and fold(name) not in MNEMONIC_COLUMNS:
            descriptive = True
        index.setdefault(mnemonic, position)
    if "per_ocu" not in index and "per_ocu_code" in index:
        index["per_ocu"] = index["per_ocu_code"]
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    missing += [" o ".join(pair) for pair in REQUIRED_ANY if not any(c in index for c in pair)]
    if missing:
        recognised = sum(1 for name in header if normalize_header(name) in MNEMONIC_COLUMNS)
        if recognised < 3:
            raise DenueFormatError(
                _(
                    "La primera línea no es un encabezado del DENUE (¿otro archivo o codificación "
                    "equivocada?) / The first line is not a DENUE header."
                )
            )
        raise DenueFormatError(
            _("Faltan columnas obligatorias / Missing required columns: %(columns)s")
            % {"columns": ", ".join(missing)}
        )
    optional_missing = tuple(c for c in OPTIONAL_COLUMNS if c not in index)
    return Layout(len(header), index, descriptive, optional_missing)


# --- Values ----------------------------------------------------------------------------------

_STRATUM_RANGE = re.compile(r"(\d+)\s*a\s*(\d+)")
_STRATUM_OPEN = re.compile(r"(\d+)\s*y\s*m")
_STRATUM_CODES = dict(enumerate(STRATA, start=1))


@lru_cache(maxsize=1024)
def parse_stratum(text: str) -> tuple[str, int, int | None] | None:
    """DENUE's per_ocu ("6 a 10 personas", "251 Y MAS PERSONAS", 2012's code "2") as
    (canonical label, low, high); high is None for the open top stratum. None if unreadable."""
    folded = fold(text)
    if folded.isdigit() and int(folded) in _STRATUM_CODES:
        folded = fold(_STRATUM_CODES[int(folded)])
    if match := _STRATUM_RANGE.search(folded):
        low, high = int(match[1]), int(match[2])
        if low <= high:
            return f"{low} a {high} personas", low, high
    if match := _STRATUM_OPEN.search(folded):
        return f"{int(match[1])} y más personas", int(match[1]), None
    return None


@lru_cache(maxsize=16384)
def size_for_stratum(stratum: str, scian_code: str) -> str:
    """Company size from the stratum's employee range and the SCIAN sector ("" if unreadable)."""
    parsed = parse_stratum(stratum)
    if parsed is None:
        return ""
    _label, low, high = parsed
    return size_for_employee_range(low, high, size_sector_for_scian(scian_code or "81")).value


# Title case for the upper-case names DENUE publishes: "TORTILLERIA LA ESPERANZA SA DE CV" ->
# "Tortilleria la Esperanza SA de CV". Connectors stay lower, acronyms and legal forms upper.
_CONNECTORS = frozenset(
    [
        "a",
        "al",
        "con",
        "de",
        "del",
        "e",
        "el",
        "en",
        "la",
        "las",
        "lo",
        "los",
        "o",
        "para",
        "por",
        "sin",
        "u",
        "y",
    ]
)
_LEGAL_FORMS = ["sa", "sab", "sapi", "sc", "scp", "srl", "rl", "cv", "s.a.", "c.v.", "s.c.", "s.a.b.", "r.l.",
                "s.", "a.", "c.", "v.", "ac", "a.c."]  # fmt: skip
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xx"]
# Institutions and brands that DENUE's Querétaro rows spell as acronyms.
_ACRONYMS = ["imss", "issste", "fovissste", "infonavit", "dif", "cfe", "sat", "sep", "unam", "uaq", "uteq", "upq",
             "ipn", "ine", "inegi", "oxxo", "bbva", "hsbc", "conalep", "cecyteq", "cbtis", "cetis", "cobaq",
             "usebeq", "cea", "japam", "sedena", "pemex", "ieeq", "itq", "icatq", "cecati", "uneme", "capasits",
             "profeco", "condusef", "sader", "sagarpa", "cetmar", "cbta", "upsrj", "utsrj", "unitec", "uvm"]  # fmt: skip
_KEEP_UPPER = frozenset(_LEGAL_FORMS + _ROMAN + _ACRONYMS)
_VOWELS = frozenset("aeiouáéíóúü")
_word_cache: dict[tuple[str, bool], str] = {}


def _title_word(word: str, first: bool) -> str:
    lower = word.lower()
    if not first and lower in _CONNECTORS:
        return lower
    if lower in _KEEP_UPPER or any(ch.isdigit() for ch in word):
        return word.upper()
    letters = [ch for ch in lower if ch.isalpha()]
    if len(letters) >= 2 and not any(ch in _VOWELS for ch in letters):
        return word.upper()  # IMSS, CFE, SNTE: acronyms have no vowels
    parts = []
    for part in lower.split("-"):
        for i, ch in enumerate(part):
            if ch.isalpha():
                part = part[:i] + ch.upper() + part[i + 1 :]
                break
        parts.append(part)
    return "-".join(parts)


_title_cache: dict[str, str] = {}


def smart_title(text: str) -> str:
    """Title case for all-capitals text; text that already has lower case is only tidied.

    Names, streets and places repeat a lot in DENUE, so whole strings and words are cached."""
    titled = _title_cache.get(text)
    if titled is not None:
        return titled
    words = text.split()
    if not text.isupper():  # mixed case as the publisher wrote it, or no letters at all
        titled = " ".join(words)
    else:
        out = []
        for position, word in enumerate(words):
            key = (word, position == 0)
            titled_word = _word_cache.get(key)
            if titled_word is None:
                titled_word = _word_cache[key] = _title_word(word, position == 0)
            out.append(titled_word)
        titled = " ".join(out)
    if len(_title_cache) > 200_000:
        _title_cache.clear()
        _word_cache.clear()
    _title_cache[text] = titled
    return titled


_slug_cache: dict[str, str] = {}


def denue_slug(name: str, denue_id: str) -> str:
    """A slug unique among DENUE organisations: the name's slug plus "-d" and the DENUE id."""
    parts = []
    for word in name.split():
        slug = _slug_cache.get(word)
        if slug is None:
            if len(_slug_cache) > 200_000:
                _slug_cache.clear()
            slug = _slug_cache[word] = slugify(word)
        if slug:
            parts.append(slug)
    base = "-".join(parts)[:100].strip("-") or "establecimiento"
    return f"{base}-d{denue_id}"[:120]


# Mexican numbers in national form: the same test phonenumbers.is_valid_number makes for region MX,
# as one pair of regular expressions (the library's own patterns) instead of ~20 µs per call.
_MX = phonenumbers.PhoneMetadata.metadata_for_region("MX")
assert _MX is not None and _MX.general_desc is not None
_MX_GENERAL = re.compile(str(_MX.general_desc.national_number_pattern))
_MX_TYPES = re.compile(
    "|".join(
        f"(?:{desc.national_number_pattern})"
        for desc in (
            _MX.fixed_line,
            _MX.mobile,
            _MX.toll_free,
            _MX.premium_rate,
            _MX.shared_cost,
            _MX.voip,
            _MX.personal_number,
            _MX.pager,
            _MX.uan,
            _MX.voicemail,
        )
        if desc is not None and desc.national_number_pattern
    )
)
_NOT_DIGIT = re.compile(r"\D")
_PHONE_SPLIT = re.compile(r"[/;,]| y | o ", re.IGNORECASE)


def normalize_phone(text: str) -> str | None:
    """E.164 for a phone as DENUE writes it ("4422123456", "(442) 212-34-56"); "" when empty,
    None when it is not a valid number. The first of several numbers is taken."""
    text = _PHONE_SPLIT.split(text, maxsplit=1)[0].strip()
    if not text:
        return ""
    digits = _NOT_DIGIT.sub("", text)
    if len(digits) == 12 and digits.startswith("52"):
        digits = digits[2:]
    if len(digits) == 10 and not text.startswith("+"):
        if _MX_GENERAL.fullmatch(digits) and _MX_TYPES.fullmatch(digits):
            return "+52" + digits
        return None
    try:
        number = phonenumbers.parse(text, "MX")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
)
_EMAIL_SPLIT = re.compile(r"[\s;,/]+")


def normalize_email(text: str) -> str | None:
    """The first e-mail address, lower-cased; "" when empty, None when not an address."""
    candidates = [c for c in _EMAIL_SPLIT.split(text.strip().lower()) if c]
    if not candidates:
        return ""
    email = candidates[0]
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email) or ".." in email:
        return None
    return email


_URL = re.compile(
    r"https?://[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?"
)


def normalize_website(text: str) -> str | None:
    """An http(s) URL ("www.acme.mx" -> "http://www.acme.mx"); "" when empty, None when not a URL."""
    url = text.strip()
    if not url:
        return ""
    lower = url.lower()
    if not lower.startswith(("http://", "https://")):
        url = "http://" + url
        lower = "http://" + lower
    scheme, _sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    url = f"{scheme.lower()}://{host.lower()}{slash}{path}"
    if len(url) > MAX_URL or not _URL.fullmatch(url.lower()):
        return None
    return url


def parse_coordinates(lat_text: str, lon_text: str, state: str) -> tuple[float, float] | None:
    """(latitude, longitude) if both are numbers inside Querétaro (state 22) or Mexico, else None."""
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    lat_min, lat_max, lon_min, lon_max = QUERETARO_BOX if state == QUERETARO else MEXICO_BOX
    if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
        return lat, lon
    return None


def normalize_postal_code(text: str) -> str | None:
    text = text.strip()
    if not text:
        return ""
    if not text.isdigit() or len(text) > 5 or int(text) == 0:
        return None
    return text.zfill(5)


# --- Rows ------------------------------------------------------------------------------------


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


def read_rows(lines: DecodedLines) -> tuple[list[str], Iterator[tuple[int, list[str], str]]]:
    """The header, and (line number, cells, csv error or "") for each row; blank lines are skipped."""
    reader = csv.reader(iter(lines))
    try:
        header = next(reader)
    except StopIteration:
        raise DenueFormatError(_("El archivo está vacío / The file is empty.")) from None
    except csv.Error as exc:
        raise DenueFormatError(str(exc)) from exc

    def rows() -> Iterator[tuple[int, list[str], str]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, [], str(exc)
                continue
            if row:
                yield reader.line_num, row, ""

    return header, rows()
