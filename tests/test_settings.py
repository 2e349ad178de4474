import os
import secrets
import subprocess
import sys

from django.conf import settings


def _manage(*args, **env):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environ.update({"AVENIRPRO_IGNORE_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "avenirpro.settings", **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_sans_avertissement_en_production():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="avenirpro.example",
        EMAIL_HOST="smtp.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_obligatoire_hors_debug():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_booleen_mal_forme_refuse():
    result = _manage("check", DEBUG="peut-etre")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_reglages_francais():
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
