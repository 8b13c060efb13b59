"""verification API (ninja router, mounted once in duban.api)."""

from ninja import Router

router = Router()
