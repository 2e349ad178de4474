"""The access log: one row per read of students' data (``avenirpro.journal`` writes it).

Append-only: the application never changes nor deletes a row (``save`` of an existing row, ``update`` and
``delete`` raise); on PostgreSQL a trigger refuses UPDATE and DELETE too, except inside the purge job
(``avenirpro.journal.purger``), which sets ``avenirpro.purge_journal`` for its own transaction.

A request that shows students of several académies writes one row per académie (in one INSERT), so that each
académie's data-protection officer reads the rows of its own lycées' students, and no other.
"""

from django.db import models
from django.utils import timezone

from avenirpro.enums import Reseau, Role
from avenirpro.models.noyau import Academie, Organisation, User


class Nature(models.TextChoices):
    PAGE = "page", "Page"
    LISTE = "liste", "Liste"
    EXPORT = "export", "Export"
    PDF = "pdf", "Document PDF"
    API = "api", "API"
    TACHE = "tache", "Tâche"


NON_SUPPRIMABLE = "Le journal des accès ne se supprime pas (seule la purge annuelle le fait)."


class JournalAlterationError(RuntimeError):
    """The access log is append-only: a row is never changed nor deleted by the application."""


class EntreeJournalQuerySet(models.QuerySet):
    def visible_to(self, qui):
        from avenirpro.access import en_perimetre, q_accordee  # the policy imports the kernel's models

        q = q_accordee(self.model, en_perimetre(qui))
        return self.filter(q) if q is not None else self.none()

    def update(self, **kwargs):
        raise JournalAlterationError("Le journal des accès ne se modifie pas.")

    def delete(self):
        raise JournalAlterationError(
            "Le journal des accès ne se supprime pas (seule la purge annuelle le fait)."
        )

    def _purger(self):
        """Only for ``avenirpro.journal.purger``: the rows past the retention period."""
        return models.QuerySet.delete(self)


class EntreeJournal(models.Model):
    horodatage = models.DateTimeField("date et heure", default=timezone.now)
    # The rows written by one request share it (one per académie of the students shown).
    requete = models.UUIDField("requête")
    # Who: kept as they were at the time (db_constraint=False: a log row outlives what it names).
    utilisateur = models.ForeignKey(
        User, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    utilisateur_email = models.CharField("utilisateur", max_length=254, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    organisation_nom = models.CharField("organisation", max_length=200, blank=True)
    role = models.CharField("rôle", max_length=30, choices=Role.choices, blank=True)
    reseau = models.CharField("réseau du lecteur", max_length=20, choices=Reseau.choices, blank=True)
    # Of whom: the académie of the students' lycée, their public ids (uuids, separated by spaces).
    academie = models.ForeignKey(
        Academie, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    eleves = models.TextField("élèves (identifiants publics)")
    nb_eleves = models.PositiveIntegerField("nombre d'élèves")
    # What, and from where.
    nature = models.CharField("nature", max_length=10, choices=Nature.choices)
    ressource = models.CharField("ressource", max_length=200)
    chemin = models.CharField("adresse de la page", max_length=500, blank=True)
    adresse = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    objects = EntreeJournalQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal des accès"
        verbose_name_plural = "journal des accès"
        ordering = ["-horodatage", "-id"]
        indexes = [
            models.Index(fields=["academie", "-horodatage"], name="journal_academie"),
            models.Index(fields=["reseau", "-horodatage"], name="journal_reseau"),
            models.Index(fields=["utilisateur", "-horodatage"], name="journal_utilisateur"),
            models.Index(fields=["horodatage"], name="journal_horodatage"),
        ]

    def __str__(self):
        return (
            f"{self.horodatage:%d/%m/%Y %H:%M} {self.utilisateur_email} {self.ressource} ({self.nb_eleves})"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise JournalAlterationError("Le journal des accès ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalAlterationError(
            "Le journal des accès ne se supprime pas (seule la purge annuelle le fait)."
        )

    @property
    def liste_eleves(self) -> list[str]:
        return self.eleves.split()
