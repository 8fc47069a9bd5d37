"""The baseline of bench/pages.py: the least a Django page listing organisations can do.

It reads 20 organisations with the ORM (one query, by primary key, name, kind, size, municipality and
SCIAN title) and renders them in a minimal template, through the same middleware as every page. The
directory page is measured against it. Served at /bench/baseline/?page=N only by bench/urls.py, the
URLconf of bench/settings.py; never by the product's own URLconf.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines

from td2035.directory.models import Organization

TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Baseline</title></head><body>
<ol>{% for org in orgs %}<li><a href="/organizaciones/{{ org.slug }}/">{{ org.name }}</a>
{{ org.get_kind_display }} · {{ org.get_size_display }} · {{ org.municipality.name }} · {{ org.scian.title_es }}</li>
{% endfor %}</ol></body></html>"""
)
PAGE_SIZE = 20


def baseline(request: HttpRequest) -> HttpResponse:
    page = int(request.GET.get("page", "1")) if request.GET.get("page", "1").isdigit() else 1
    start = (max(page, 1) - 1) * PAGE_SIZE
    orgs = (
        Organization.objects.select_related("scian", "municipality")
        .only("slug", "name", "kind", "size", "municipality__name", "scian__title_es")
        .order_by("pk")[start : start + PAGE_SIZE]
    )
    return HttpResponse(TEMPLATE.render({"orgs": orgs}, request))
