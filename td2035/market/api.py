"""Mercado de la cadena productiva API."""

from ninja import Router

router = Router()
