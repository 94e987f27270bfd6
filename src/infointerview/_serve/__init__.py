"""The HTTP service behind ``infointerview serve`` (the ``server`` extra).

A stateless ASGI application over the public API only: the native JSON API
under ``/v1``, a LanguageTool-compatible ``/v2`` so that existing LanguageTool
clients show the findings, the OpenAPI document, a health check and,
optionally, the as-you-type page.

Nothing here is imported by ``import infointerview``; Starlette, uvicorn and
AnyIO are imported only when the application is built or the command runs.
"""
