"""Plausible Mexican identifiers for fictional organisations: RFCs with a valid check digit (SAT rules,
simplified) and valid phone numbers in E.164."""

import random
import unicodedata
from datetime import date

import phonenumbers
from stdnum.mx import rfc as stdnum_rfc

RFC_STOP_WORDS = {"DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "E", "EN", "CON", "PARA", "POR", "A", "AL"}
HOMOCLAVE_FIRST = "123456789ABCDEFGHIJKLMNPQRSTUV"
HOMOCLAVE_SECOND = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


def ascii_upper(text: str) -> str:
    """Upper case without accents, keeping Ñ (RFCs use it)."""
    text = text.upper().replace("Ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("\0", "Ñ")


def company_rfc_prefix(legal_name: str) -> str:
    """The three letters of a company RFC, from its name without the legal form (SAT rules, simplified)."""
    base = ascii_upper(legal_name.split(",")[0])
    words = ["".join(c for c in w if c.isalpha()) for w in base.split()]
    words = [w for w in words if w and w not in RFC_STOP_WORDS] or ["X"]
    if len(words) >= 3:
        letters = words[0][0] + words[1][0] + words[2][0]
    elif len(words) == 2:
        letters = words[0][0] + words[1][:2]
    else:
        letters = words[0][:3]
    return letters.ljust(3, "X")


def person_rfc_prefix(given: str, surname1: str, surname2: str) -> str:
    """The four letters of a person's RFC (SAT rules, simplified); rude words get an X."""
    first, second = ascii_upper(surname1), ascii_upper(surname2)
    names = ascii_upper(given).split()
    name = names[1] if len(names) > 1 and names[0] in {"MARIA", "JOSE"} else names[0]
    vowel = next((c for c in first[1:] if c in "AEIOU"), "X")
    letters = first[0] + vowel + second[0] + name[0]
    return letters[:3] + "X" if letters in getattr(stdnum_rfc, "_name_blacklist", ()) else letters


def with_check_digit(prefix: str, born: date, rng: random.Random) -> str:
    """A complete RFC: prefix, date (YYMMDD), two homoclave characters and the check digit."""
    body = f"{prefix}{born:%y%m%d}{rng.choice(HOMOCLAVE_FIRST)}{rng.choice(HOMOCLAVE_SECOND)}"
    return body + stdnum_rfc.calc_check_digit(body)


def mx_phone(area_code: str, rng: random.Random) -> str:
    """A valid Mexican number in E.164 in this area code (checked with phonenumbers)."""
    for _attempt in range(50):
        digits = 10 - len(area_code)
        local = f"{rng.randint(1, 9)}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"
        number = phonenumbers.parse(f"+52{area_code}{local}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError(f"no valid phone number found for area code {area_code}")
