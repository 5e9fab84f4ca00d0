"""The web application (a shell): FastAPI, server-rendered pages and a JSON API."""

from vigil.web._app import create_app

__all__ = ["create_app"]
