"""docker-compose.yml is secure by default (HTTPS settings on) and stays a valid Compose file."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

FICHIER = Path(__file__).resolve().parent.parent / "docker-compose.yml"


def test_https_par_defaut_avec_une_variable_pour_s_en_passer_en_local():
    pile = yaml.safe_load(FICHIER.read_text())
    for service in ("web", "worker", "beat"):
        env = pile["services"][service]["environment"]
        assert env["SECURE_HTTPS"] == "${SECURE_HTTPS:-1}"
        assert "MFA_ENCRYPTION_KEY" in env


def test_postgresql_avec_les_reglages_de_production_que_le_banc_d_essai_mesure():
    from bench.run import REGLAGES_POSTGRES

    commande = yaml.safe_load(FICHIER.read_text())["services"]["db"]["command"]
    reglages = dict(arg.split("=", 1) for arg in commande if "=" in arg)
    assert reglages == REGLAGES_POSTGRES


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose absent")
@pytest.mark.parametrize(("local", "attendu"), [(None, "'1'"), ("0", "'0'")])
def test_docker_compose_config_est_valide(local, attendu):
    env = {**os.environ, "SECRET_KEY": "x"}
    env.pop("SECURE_HTTPS", None)
    if local is not None:
        env["SECURE_HTTPS"] = local
    sortie = subprocess.run(  # noqa: S603
        ["docker-compose", "-f", str(FICHIER), "config"],  # noqa: S607
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert f"SECURE_HTTPS: {attendu}" in sortie
