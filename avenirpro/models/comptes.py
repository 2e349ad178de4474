"""Accounts around the user: invitations, failed logins (lockout), personal API tokens.

Secrets (invitation links, API tokens) are stored as SHA-256 digests only; the clear value is shown once.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models

from avenirpro.enums import Role
from avenirpro.models.noyau import Organisation


def empreinte(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation to join an organisation with a role; the link is single-use and expires."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse e-mail")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    invite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_envoyees"
    )
    empreinte_jeton = models.CharField(max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le")
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["organisation", "-cree_le"])]

    def __str__(self):
        return f"Invitation de {self.email} ({self.get_role_display()}, {self.organisation})"


class NatureEchec(models.TextChoices):
    MOT_DE_PASSE = "mot_de_passe", "mot de passe"
    # A wrong second-factor code after a correct password: counted per account, never cleared by a
    # correct password (or the password would reset the code brute force).
    CODE = "code", "code de double authentification"


class EchecConnexion(models.Model):
    """One failed login, by e-mail and by address: kept in the database so lockout holds without Redis.

    A wrong password is counted by e-mail (the account may not exist); a wrong second-factor code is
    counted by account (``user``), since the password already named it. Both count for the address.
    """

    email = models.CharField(max_length=254, db_index=False)
    adresse_ip = models.GenericIPAddressField(null=True)
    horodatage = models.DateTimeField(auto_now_add=True)
    nature = models.CharField(max_length=12, choices=NatureEchec.choices, default=NatureEchec.MOT_DE_PASSE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "échec de connexion"
        verbose_name_plural = "échecs de connexion"
        indexes = [
            models.Index(fields=["email", "horodatage"]),
            models.Index(fields=["adresse_ip", "horodatage"]),
            models.Index(fields=["user", "horodatage"], name="echec_user_horodatage_idx"),
        ]

    def __str__(self):
        return f"{self.email} depuis {self.adresse_ip} le {self.horodatage:%d/%m/%Y %H:%M}"


class JetonAPI(models.Model):
    """A personal API token (``Authorization: Token <clé>``), created and revoked on the profile page."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jetons_api")
    nom = models.CharField("nom", max_length=100)
    prefixe = models.CharField("début de la clé", max_length=8, editable=False)
    empreinte = models.CharField(max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    dernier_usage_le = models.DateTimeField("dernier usage", null=True, blank=True)
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.nom} ({self.prefixe}…)"
