import json
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def code_totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


class Command(BaseCommand):
    help = (
        "Affiche les comptes de démonstration écrits par seed_demo ; avec --code EMAIL, le code de double "
        "authentification actuel de ce compte."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", metavar="EMAIL", help="afficher le code TOTP actuel de ce compte")

    def handle(self, *args, code=None, **options):
        chemin = settings.VAR_DIR / "demo-accounts.json"
        if not chemin.exists():
            raise CommandError("Aucun compte de démonstration : lancez d'abord « manage.py seed_demo ».")
        comptes = json.loads(chemin.read_text(encoding="utf-8"))
        if code:
            compte = next((c for c in comptes if c["email"] == code.strip().lower()), None)
            if compte is None or "totp_secret" not in compte:
                raise CommandError(f"Pas de double authentification de démonstration pour « {code} ».")
            self.stdout.write(code_totp(compte["totp_secret"]))
            return
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {comptes[0]['password']}) :")
        for c in comptes:
            region = f" — {c['region']}" if c["region"] else ""
            mfa = "  [double authentification]" if "totp_secret" in c else ""
            self.stdout.write(f"  {c['email']:<40} {c['role']:<20} {c['organisation']}{region}{mfa}")
        self.stdout.write(
            "Les comptes marqués [double authentification] demandent un code à 6 chiffres : "
            "« make demo-code EMAIL=… » l'affiche (ou ajoutez leur totp_secret de var/demo-accounts.json "
            "à une application d'authentification)."
        )
