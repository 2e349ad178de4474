"""Personal data (``avenirpro.donnees``): notices of coming anonymisations and erasures made on request."""

import uuid

from django.db import models
from django.utils import timezone

from avenirpro.models.noyau import AnneeScolaire, Organisation, User


class AvisConservation(models.Model):
    """The direction of a lycée was told that its students of a school year will be anonymised."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    echeance = models.DateField("anonymisation le")
    nb_eleves = models.PositiveIntegerField("nombre d'élèves")
    envoye_le = models.DateTimeField("envoyé le", default=timezone.now)
    destinataires = models.TextField("destinataires", blank=True)

    class Meta:
        verbose_name = "avis d'anonymisation"
        verbose_name_plural = "avis d'anonymisation"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "annee"], name="avis_conservation_unique")
        ]

    def __str__(self):
        return f"Avis {self.annee} : {self.nb_eleves} élève(s) le {self.echeance:%d/%m/%Y}"


class Effacement(models.Model):
    """A student's data erased (anonymised at once) on request (GDPR art. 17), with its reason."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The student's public id only: the record itself no longer says who it was.
    eleve_uuid = models.UUIDField("élève (identifiant public)")
    motif = models.TextField("motif")
    par = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    le = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "effacement"
        ordering = ["-le"]

    def __str__(self):
        return f"Effacement du {self.le:%d/%m/%Y} ({self.eleve_uuid})"
