"""Consultas entre organizaciones API."""

from ninja import Router

router = Router()
