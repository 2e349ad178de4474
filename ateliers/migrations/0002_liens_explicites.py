"""The many-to-many links of séances and events become explicit models (scoped like what they link).
Same tables, same columns: only Django's state changes, no SQL runs."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LIENS = [
    ("SeanceDivision", "ateliers_seance_divisions", "seance", "ateliers.seance", "division", "lycees.division"),
    ("SeanceConseiller", "ateliers_seance_conseillers", "seance", "ateliers.seance", "user", settings.AUTH_USER_MODEL),
    ("EvenementLycee", "ateliers_evenement_lycees", "evenement", "ateliers.evenement", "lycee", "lycees.lycee"),
    ("EvenementEleve", "ateliers_evenement_eleves", "evenement", "ateliers.evenement", "eleve", "lycees.eleve"),
]


def _creer(nom, table, source, modele_source, cible, modele_cible):
    return migrations.CreateModel(
        name=nom,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (source, models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=modele_source)),
            (cible, models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=modele_cible)),
        ],
        options={"db_table": table, "unique_together": {(source, cible)}},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ateliers", "0001_initial"),
        ("lycees", "0003_fichier_import_en_base"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *[_creer(*lien) for lien in LIENS],
                migrations.AlterField(
                    model_name="seance",
                    name="divisions",
                    field=models.ManyToManyField(
                        related_name="seances", through="ateliers.SeanceDivision", to="lycees.division",
                        verbose_name="classes",
                    ),
                ),
                migrations.AlterField(
                    model_name="seance",
                    name="conseillers",
                    field=models.ManyToManyField(
                        related_name="seances_animees", through="ateliers.SeanceConseiller",
                        to=settings.AUTH_USER_MODEL, verbose_name="conseillers",
                    ),
                ),
                migrations.AlterField(
                    model_name="evenement",
                    name="lycees",
                    field=models.ManyToManyField(
                        related_name="evenements", through="ateliers.EvenementLycee", to="lycees.lycee",
                        verbose_name="lycées",
                    ),
                ),
                migrations.AlterField(
                    model_name="evenement",
                    name="eleves",
                    field=models.ManyToManyField(
                        blank=True, related_name="evenements", through="ateliers.EvenementEleve",
                        to="lycees.eleve", verbose_name="élèves participants",
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
