"""A person's API tokens die with the password they were created under, and with the account.

Checked on the model rather than on allauth's password_changed/password_reset signals: the password also
changes in the admin, in ``changepassword`` and in the shell, and an account is deactivated in the admin.
Whatever the path, a script holding a token of a person who changed a compromised password, or who left,
must stop working at once.

And the school years each process keeps a minute (``models.noyau``) are forgotten when one is saved or
removed.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from avenirpro.api import tokens
from avenirpro.models import AnneeScolaire, User
from avenirpro.models.noyau import annees_lues


@receiver(pre_save, sender=User, dispatch_uid="avenirpro.jetons.avant")
def _noter_changement(sender, instance: User, update_fields=None, raw=False, **kwargs):
    instance._revoquer_jetons = False
    if raw or instance.pk is None:
        return
    # set_password() keeps the clear password until save: a real change. A hash upgraded by
    # check_password() at login (new hasher iterations) clears it first, and keeps the tokens.
    if getattr(instance, "_password", None) is not None:
        instance._revoquer_jetons = True
        return
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    etait_actif = User.objects.filter(pk=instance.pk, is_active=True).exists()
    instance._revoquer_jetons = etait_actif


@receiver(post_save, sender=User, dispatch_uid="avenirpro.jetons.apres")
def _revoquer(sender, instance: User, created=False, **kwargs):
    if getattr(instance, "_revoquer_jetons", False):
        instance._revoquer_jetons = False
        tokens.revoquer_jetons_de(instance)


@receiver(post_save, sender=AnneeScolaire, dispatch_uid="avenirpro.annees.enregistree")
@receiver(post_delete, sender=AnneeScolaire, dispatch_uid="avenirpro.annees.supprimee")
def oublier_les_annees(sender, **kwargs):
    """A school year saved or removed in this process: the years kept a minute are read again."""
    annees_lues.oublier()
