"""Motor de coincidencias API."""

from ninja import Router

router = Router()
