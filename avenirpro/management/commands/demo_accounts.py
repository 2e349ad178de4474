import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration écrits par seed_demo."

    def handle(self, *args, **options):
        chemin = settings.VAR_DIR / "demo-accounts.json"
        if not chemin.exists():
            raise CommandError("Aucun compte de démonstration : lancez d'abord « manage.py seed_demo ».")
        comptes = json.loads(chemin.read_text(encoding="utf-8"))
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {comptes[0]['password']}) :")
        for c in comptes:
            region = f" — {c['region']}" if c["region"] else ""
            self.stdout.write(f"  {c['email']:<45} {c['role']:<20} {c['organisation']}{region}")
