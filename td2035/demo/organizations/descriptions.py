"""The two-language description of a demo organisation, from its segment's words."""

from collections.abc import Sequence
from typing import Any

from td2035.directory.models import Organization, OrganizationKind
from td2035.reference.company_size import Size

SIZE_PHRASES = {
    Size.MICRO: ("una microempresa", "a micro-business"),
    Size.SMALL: ("una pequeña empresa", "a small company"),
    Size.MEDIUM: ("una mediana empresa", "a medium-sized company"),
    Size.LARGE: ("una gran empresa", "a large company"),
}
KIND_PHRASES = {
    OrganizationKind.UNIVERSITY: ("una institución educativa", "an educational institution"),
    OrganizationKind.GOVERNMENT: ("una oficina de gobierno", "a government office"),
    OrganizationKind.CIVIL_SOCIETY: ("una organización de la sociedad civil", "a civil-society organisation"),
    OrganizationKind.CHAMBER: ("una cámara empresarial", "a business chamber"),
    OrganizationKind.CLUSTER: ("un clúster", "a cluster"),
}


def describe(
    org: Organization,
    segment: dict[str, Any],
    municipality: str,
    products: list[list[str]],
    capabilities: list[list[str]],
    client: list[str],
) -> tuple[str, str]:
    if org.kind == OrganizationKind.COMPANY:
        what_es, what_en = SIZE_PHRASES[Size(org.size)] if org.size else ("una empresa", "a company")
        what_es, what_en = f"{what_es} {segment['activity'][0]}", f"{what_en} {segment['activity'][1]}"
    else:
        what_es, what_en = KIND_PHRASES[OrganizationKind(org.kind)]
    verb_es, verb_en = segment["verb"]
    es = (
        f"{org.name} es {what_es} con sede en {municipality}, Querétaro. "
        f"{verb_es} {join([p[0] for p in products[:2]], 'y')} para {client[0]}. "
        f"Entre sus capacidades están {join([c[0] for c in capabilities[:3]], 'y')}."
    )
    en = (
        f"{org.name} is {what_en} based in {municipality}, Querétaro. "
        f"It {verb_en} {join([p[1] for p in products[:2]], 'and')} for {client[1]}. "
        f"Its capabilities include {join([c[1] for c in capabilities[:3]], 'and')}."
    )
    if org.year_founded:
        es += f" Fundada en {org.year_founded}."
        en += f" Founded in {org.year_founded}."
    return es, en


def join(items: Sequence[str], conjunction: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
