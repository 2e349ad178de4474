import json

import pytest
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command

from avenirpro.management.commands.demo_accounts import code_totp


def test_liste_et_code_totp(db, tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_accounts")
    sortie = capsys.readouterr().out
    assert "pilote.idf@demo.avenirpro.fr" in sortie and "[double authentification]" in sortie

    comptes = json.loads((tmp_path / "demo-accounts.json").read_text())
    pilote = next(c for c in comptes if c["email"] == "pilote.idf@demo.avenirpro.fr")
    call_command("demo_accounts", code=pilote["email"])
    code = capsys.readouterr().out.strip()
    assert code == code_totp(pilote["totp_secret"])
    assert validate_totp_code(pilote["totp_secret"], code)


def test_code_d_un_compte_sans_double_authentification(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    with pytest.raises(CommandError, match="Pas de double authentification"):
        call_command("demo_accounts", code="conseiller.ft.idf@demo.avenirpro.fr")
