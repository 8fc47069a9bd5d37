"""Staff never read private threads: no Django admin page shows an inquiry's text (issue 10, finding 2)."""

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from td2035.accounts.models import User
from td2035.inquiries import services
from td2035.inquiries.tests.helpers import cast

pytestmark = pytest.mark.django_db
SECRET_QUESTION = "Pregunta confidencial XQ7781"
SECRET_ANSWER = "Respuesta confidencial ZR4402"


def _admin_pages(model_admin: Any) -> list[str]:
    meta = model_admin.model._meta
    base = f"admin:{meta.app_label}_{meta.model_name}"
    pages = [reverse(f"{base}_changelist")]
    for pk in model_admin.model._default_manager.values_list("pk", flat=True)[:20]:
        pages.append(reverse(f"{base}_change", args=[pk]))
        pages.append(reverse(f"{base}_history", args=[pk]))
    return pages


def test_no_admin_page_shows_inquiry_text_to_a_platform_admin(client: Client) -> None:
    c = cast()
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, SECRET_QUESTION)
    services.reply(c.buyer, inquiry, SECRET_ANSWER)
    staff = User.objects.create_superuser(email="coordinacion@example.com", password="x")
    client.force_login(staff)
    walked = 0
    for model_admin in admin.site._registry.values():
        for url in _admin_pages(model_admin):
            response = client.get(url)
            assert response.status_code in {200, 302, 403}, url
            text = response.content.decode()
            assert SECRET_QUESTION not in text and SECRET_ANSWER not in text, url
            walked += 1
    assert walked > 40  # every registered model's list and change pages were visited


def test_notifications_are_read_only_in_the_admin(client: Client) -> None:
    c = cast()
    services.start_inquiry(c.seller, c.need, c.supplier, SECRET_QUESTION)
    staff = User.objects.create_superuser(email="coordinacion@example.com", password="x")
    client.force_login(staff)
    note = c.buyer.notifications.get()
    url = reverse("admin:notifications_notification_change", args=[note.pk])
    client.post(url, {"subject": "cambiado", "body": "cambiado", "user": c.buyer.pk, "kind": "x", "url": "/"})
    note.refresh_from_db()
    assert note.subject != "cambiado" and note.body != "cambiado"
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
