"""Tests that need PostgreSQL, Redis or Chromium skip on a bare laptop, saying so, and fail in CI.

CI sets AVENIRPRO_REQUIRE_SERVICES=1: there a missing service is a failure, never a silent skip.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection


def _absent(message: str):
    if os.environ.get("AVENIRPRO_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (AVENIRPRO_REQUIRE_SERVICES=1: nothing may be skipped in CI)")
    pytest.skip(message)


def require_postgres():
    if connection.vendor != "postgresql":
        _absent("PostgreSQL absent : définissez DATABASE_URL=postgres://… pour ce test")


def require_redis() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        _absent("Redis absent : définissez REDIS_URL=redis://… pour ce test")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2).close()
    except OSError:
        _absent(f"Redis injoignable à {url}")
    return url


def require_chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        _absent("Chromium absent : apt-get install chromium")
    return path
