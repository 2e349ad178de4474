import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from avenirpro import demo_national
from avenirpro.demo import Demo
from avenirpro.models import AnneeScolaire


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (idempotent) et écrit var/demo-accounts.json ; avec "
        "--scale national, génère le jeu de données national dans une base PostgreSQL vide et écrit "
        "var/bench-accounts.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help="demo (par défaut) : quelques lycées de démonstration ; national : ~2 200 lycées.",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help=f"national : nombre d'années scolaires, l'année courante et les précédentes (1 à "
            f"{demo_national.ANNEES_MAX}, 1 par défaut).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="national : graine du hasard (1 par défaut ; même graine, mêmes données).",
        )
        parser.add_argument(
            "--lycees",
            type=int,
            default=None,
            help=f"national : nombre de lycées ({demo_national.LYCEES_PAR_DEFAUT} par défaut).",
        )

    def handle(self, *args, **options):
        if options["scale"] == "national":
            return self.national(options)
        inutiles = [f"--{nom}" for nom in ("years", "seed", "lycees") if options[nom] is not None]
        if inutiles:
            raise CommandError(f"{', '.join(inutiles)} ne s'applique qu'avec --scale national.")
        with transaction.atomic():
            demo = Demo(annee=AnneeScolaire.objects.courante())
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    import_module(f"{config.name}.demo").seed(demo)
        chemin = demo.ecrire_comptes()
        self.stdout.write(f"Données de démonstration prêtes ({demo.annee}). Comptes : {chemin}")

    def national(self, options):
        annees = 1 if options["years"] is None else options["years"]
        if not 1 <= annees <= demo_national.ANNEES_MAX:
            raise CommandError(f"--years va de 1 à {demo_national.ANNEES_MAX}.")
        nb_lycees = demo_national.LYCEES_PAR_DEFAUT if options["lycees"] is None else options["lycees"]
        if nb_lycees < 1:
            raise CommandError("--lycees : au moins 1 lycée.")
        seed = 1 if options["seed"] is None else options["seed"]
        debut = time.perf_counter()
        try:
            with transaction.atomic():
                demo_national.verifier_base_vide()
                ctx = demo_national.Contexte(
                    seed=seed,
                    annees=demo_national.annees_generees(annees, timezone.localdate()),
                    nb_lycees=nb_lycees,
                    sortie=self.stdout.write,
                )
                self.stdout.write(
                    f"Jeu de données national : {nb_lycees} lycées, années "
                    f"{', '.join(str(a) for a in ctx.annees)}, graine {seed}."
                )
                self.sans_controles_differes()
                modules = [
                    import_module(f"{config.name}.demo_national")
                    for config in apps.get_app_configs()
                    if module_has_submodule(config.module, "demo_national")
                ]
                for module in modules:
                    if hasattr(module, "generer"):
                        module.generer(ctx)
                with ctx.etape("comptes du banc d'essai"):
                    chemin = ctx.ecrire_comptes_bench()
        except demo_national.GenerationImpossible as erreur:
            raise CommandError(str(erreur)) from erreur
        with ctx.etape("ANALYZE (statistiques du planificateur)"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for module in modules:  # what reads the data set once it is analysed (the dashboards' aggregates)
            if hasattr(module, "apres_analyse"):
                module.apres_analyse(ctx)
        duree = time.perf_counter() - debut
        self.stdout.write(
            f"Terminé en {duree:.1f} s ({duree / annees:.1f} s par année scolaire), "
            f"{sum(ctx.lignes.values()):,} lignes. Comptes du banc d'essai : {chemin}"
        )

    def sans_controles_differes(self):
        """Foreign keys are checked at COMMIT (Django's constraints are deferred): for millions of rows
        written in one transaction that doubles the time. The generator writes only ids it reserved, so
        a superuser skips those checks for this transaction (``session_replication_role = replica``);
        another role keeps them, and waits."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                self.stdout.write(
                    "  (rôle PostgreSQL sans droits de superutilisateur : les clés étrangères seront "
                    "vérifiées à la validation, plus lentement)"
                )
