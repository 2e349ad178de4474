"""``python manage.py politique_acces``: the table of grants the apps declared (model × grant × roles)."""

from django.core.management.base import BaseCommand

from avenirpro.access import accords


class Command(BaseCommand):
    help = "Affiche la politique d'accès : pour chaque modèle, les accords déclarés par les applications."

    def handle(self, *args, **options):
        lignes = sorted(
            accords(), key=lambda a: (a.modele._meta.app_label, a.modele.__name__, a.agregats, a.nom)
        )
        entetes = ("modèle", "accord", "lecture", "rôles", "description")
        table = [
            (
                f"{a.modele._meta.app_label}.{a.modele.__name__}",
                a.nom,
                "comptages" if a.agregats else "lignes",
                ", ".join(a.roles),
                a.description,
            )
            for a in lignes
        ]
        largeurs = [max(len(str(x)) for x in colonne) for colonne in zip(entetes, *table, strict=False)]
        largeurs[-1] = 0
        for ligne in (entetes, *table):
            self.stdout.write(
                "  ".join(str(x).ljust(w) for x, w in zip(ligne, largeurs, strict=True)).rstrip()
            )
