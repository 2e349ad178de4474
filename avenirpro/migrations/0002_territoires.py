"""Reference data: the 18 régions académiques and their 30 académies (official académie codes)."""

from django.db import migrations

TERRITOIRES = [
    (
        "auvergne-rhone-alpes",
        "Auvergne-Rhône-Alpes",
        [("06", "Clermont-Ferrand"), ("08", "Grenoble"), ("10", "Lyon")],
    ),
    ("bourgogne-franche-comte", "Bourgogne-Franche-Comté", [("03", "Besançon"), ("07", "Dijon")]),
    ("bretagne", "Bretagne", [("14", "Rennes")]),
    ("centre-val-de-loire", "Centre-Val de Loire", [("18", "Orléans-Tours")]),
    ("corse", "Corse", [("27", "Corse")]),
    ("grand-est", "Grand Est", [("12", "Nancy-Metz"), ("19", "Reims"), ("15", "Strasbourg")]),
    ("guadeloupe", "Guadeloupe", [("32", "Guadeloupe")]),
    ("guyane", "Guyane", [("33", "Guyane")]),
    ("hauts-de-france", "Hauts-de-France", [("20", "Amiens"), ("09", "Lille")]),
    ("ile-de-france", "Île-de-France", [("24", "Créteil"), ("01", "Paris"), ("25", "Versailles")]),
    ("la-reunion", "La Réunion", [("28", "La Réunion")]),
    ("martinique", "Martinique", [("31", "Martinique")]),
    ("mayotte", "Mayotte", [("43", "Mayotte")]),
    ("normandie", "Normandie", [("70", "Normandie")]),
    ("nouvelle-aquitaine", "Nouvelle-Aquitaine", [("04", "Bordeaux"), ("22", "Limoges"), ("13", "Poitiers")]),
    ("occitanie", "Occitanie", [("11", "Montpellier"), ("16", "Toulouse")]),
    ("pays-de-la-loire", "Pays de la Loire", [("17", "Nantes")]),
    ("provence-alpes-cote-d-azur", "Provence-Alpes-Côte d'Azur", [("02", "Aix-Marseille"), ("23", "Nice")]),
]


def charger(apps, schema_editor):
    RegionAcademique = apps.get_model("avenirpro", "RegionAcademique")
    Academie = apps.get_model("avenirpro", "Academie")
    for code, nom, academies in TERRITOIRES:
        region, _ = RegionAcademique.objects.update_or_create(code=code, defaults={"nom": nom})
        for code_academie, nom_academie in academies:
            Academie.objects.update_or_create(
                code=code_academie, defaults={"nom": nom_academie, "region": region}
            )


class Migration(migrations.Migration):
    dependencies = [("avenirpro", "0001_initial")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
