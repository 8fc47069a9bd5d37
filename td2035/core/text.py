"""Text normalisation shared by every search: accent- and case-blind, light Spanish plural folding.

The same functions run on indexed text and on queries, so both sides always agree.
"""

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[0-9a-zñ]+")
_PLURAL_ES_AFTER = set("lrndjy")

STOPWORDS = frozenset(
    [
        "a",
        "al",
        "ante",
        "bajo",
        "con",
        "contra",
        "de",
        "del",
        "desde",
        "durante",
        "e",
        "el",
        "en",
        "entre",
        "hacia",
        "hasta",
        "la",
        "las",
        "lo",
        "los",
        "o",
        "para",
        "por",
        "según",
        "sin",
        "sobre",
        "su",
        "sus",
        "u",
        "un",
        "una",
        "unos",
        "unas",
        "y",
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "to",
        "with",
        "an",
        "at",
        "by",
        "or",
    ]
)


# Fast path for the accents of Spanish text (str.replace beats str.translate here); anything else goes
# through Unicode decomposition.
_COMMON_ACCENTS = (("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ü", "u"))


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping ñ (it is a different letter in Spanish). NUL bytes vanish."""
    text = text.replace("\0", "").lower()
    if text.isascii():
        return text
    for accented, plain in _COMMON_ACCENTS:
        text = text.replace(accented, plain)
    if text.replace("ñ", "").isascii():
        return text
    text = unicodedata.normalize("NFKD", text.replace("ñ", "\0"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("\0", "ñ")


def words(text: str) -> list[str]:
    """Folded words of a text, stop words removed."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light stem so that singular and plural (and masculine/feminine) meet.

    plásticos, plástico, plástica -> plastic; inyecciones -> inyeccion; servicios -> servici.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ces") and len(word) <= 6:
        word = word[:-3] + "z"
    elif word.endswith("es") and word[-3] in _PLURAL_ES_AFTER:
        word = word[:-2]
    elif word.endswith("s"):
        word = word[:-1]
    if len(word) > 4 and word[-1] in "aeo":
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Stemmed search terms of a text, in order, duplicates kept."""
    return [stem(w) for w in words(text)]


def index_text(*parts: str | None) -> str:
    """The text to store in a full-text index: stemmed terms joined by spaces."""
    return " ".join(t for part in parts if part for t in terms(part))
