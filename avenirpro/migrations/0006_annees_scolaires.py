"""School years exist before anyone reads them: a page view never creates one (the yearly job adds the
next ones, ``avenirpro.tasks.preparer_annees_scolaires``)."""

from django.db import migrations


def creer(apps, schema_editor):
    AnneeScolaire = apps.get_model("avenirpro", "AnneeScolaire")
    for debut in range(2023, 2036):
        AnneeScolaire.objects.get_or_create(annee_debut=debut)


class Migration(migrations.Migration):
    dependencies = [("avenirpro", "0005_chiffrer_secrets_mfa")]

    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
