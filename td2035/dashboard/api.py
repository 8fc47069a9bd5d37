"""Tablero TD2035 API."""

from ninja import Router

router = Router()
