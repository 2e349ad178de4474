"""The age category at enrolment, frozen (the birth date is anonymised to its year after retention)."""

import datetime

from django.db import migrations, models


def _jour(valeur) -> datetime.date:
    return valeur if isinstance(valeur, datetime.date) else datetime.date.fromisoformat(str(valeur)[:10])


def remplir(apps, schema_editor):
    """Under 18 on the enrolment's first day (the rule of ``lycees.models.est_mineur_le``)."""
    with schema_editor.connection.cursor() as curseur:
        curseur.execute(
            "SELECT i.id, i.debut, e.date_naissance FROM avenirplus_inscription i "
            "JOIN lycees_eleve e ON e.id = i.eleve_id"
        )
        mineurs = []
        for pk, debut, naissance in curseur.fetchall():
            d, n = _jour(debut), _jour(naissance)
            if d.year - n.year - ((d.month, d.day) < (n.month, n.day)) < 18:
                mineurs.append(pk)
        for k in range(0, len(mineurs), 5000):
            lot = mineurs[k : k + 5000]
            marques = ", ".join(["%s"] * len(lot))
            curseur.execute(
                f"UPDATE avenirplus_inscription SET mineur_au_debut = %s WHERE id IN ({marques})",
                [True, *lot],
            )


class Migration(migrations.Migration):
    dependencies = [("avenirplus", "0002_historique")]

    operations = [
        migrations.AddField(
            model_name="inscription",
            name="mineur_au_debut",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="mineur à la date de début"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalinscription",
            name="mineur_au_debut",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="mineur à la date de début"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(remplir, migrations.RunPython.noop, elidable=True),
    ]
