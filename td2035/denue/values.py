"""One DENUE cell -> one value the directory can store: strata and company size, names in title case,
slugs, phones, e-mails, websites, coordinates and postal codes. Pure functions; the normalize_ ones answer
"" for an empty cell and None for one that cannot be read (the row then imports with a warning and
without that field).
"""

import math
import re
import unicodedata
from functools import lru_cache

import phonenumbers
from django.utils.text import slugify

from td2035.reference.company_size import size_for_employee_range, size_sector_for_scian

QUERETARO = "22"

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


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how headers and names are compared."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", "").strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


# --- Strata ----------------------------------------------------------------------------------

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


# --- Names -----------------------------------------------------------------------------------

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


# --- Contact ---------------------------------------------------------------------------------

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


# --- Place -----------------------------------------------------------------------------------


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
