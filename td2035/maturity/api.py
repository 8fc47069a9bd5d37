"""Madurez digital API."""

from ninja import Router

router = Router()
