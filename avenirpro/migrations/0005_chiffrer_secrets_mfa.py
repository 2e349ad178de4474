"""Encrypt the second-factor secrets stored in clear before avenirpro.comptes.chiffrement existed.

TOTP keys (``data["secret"]``), recovery-code seeds (``data["seed"]``) and codes carried over from
another system (``data["migrated_codes"]``). Values already encrypted are left as they are, so running
it twice is harmless; the reverse migration decrypts.
"""

from django.db import migrations


def _transformer(apps, fonction):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for auth in Authenticator.objects.all().iterator():
        data = dict(auth.data or {})
        for champ in ("secret", "seed"):
            if isinstance(data.get(champ), str):
                data[champ] = fonction(data[champ])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [fonction(c) for c in data["migrated_codes"]]
        if data != auth.data:
            Authenticator.objects.filter(pk=auth.pk).update(data=data)


def chiffrer(apps, schema_editor):
    from avenirpro.comptes.chiffrement import chiffrer

    _transformer(apps, chiffrer)


def dechiffrer(apps, schema_editor):
    from avenirpro.comptes.chiffrement import dechiffrer

    _transformer(apps, dechiffrer)


class Migration(migrations.Migration):
    dependencies = [
        ("avenirpro", "0004_echecconnexion_second_facteur"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(chiffrer, dechiffrer)]
