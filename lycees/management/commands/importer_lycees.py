"""``manage.py importer_lycees FICHIER``: the lycées' import from the Annuaire de l'éducation, twin of the
platform's page (same preview, same writing), run in this process: no worker needed."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from avenirpro.models import StatutImportAnnuaire
from avenirpro.plateforme import services


class Command(BaseCommand):
    help = "Importe les lycées depuis l'export CSV de l'Annuaire de l'éducation (séparateur « ; »)."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="chemin du fichier CSV")

    def handle(self, *args, fichier, **options):
        try:
            with open(fichier, "rb") as flux:
                imp = services.importer_fichier("lycees", flux)
        except (FileNotFoundError, IsADirectoryError):
            raise CommandError(f"Fichier introuvable : {fichier}") from None
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        self.stdout.write(f"{imp.nb_lignes} lignes lues, {len(imp.retenues)} lycées retenus.")
        for raison, nombre in sorted(imp.ecartees.items()):
            self.stdout.write(f"  écartées ({raison}) : {nombre}")
        for refus in imp.refusees:
            self.stdout.write(f"  refusée ligne {refus['ligne']} ({refus['cle'] or '—'}) : {refus['raison']}")
        if imp.statut == StatutImportAnnuaire.TERMINE:
            r = imp.resultat
            self.stdout.write(
                self.style.SUCCESS(
                    f"Terminé : {r.get('crees', 0)} créés, {r.get('mis_a_jour', 0)} mis à jour, "
                    f"{r.get('inchanges', 0)} inchangés."
                )
            )
        elif imp.statut == StatutImportAnnuaire.ECHOUE:
            raise CommandError(f"Échec : {imp.erreur}")
        else:
            raise CommandError("Aucun lycée à importer dans ce fichier.")
