"""Returns (« remontées ») of the convention's article 6: immutable snapshots of the indicators.

A ``Remontee`` holds counts only (no student, no name): it is not personal data. Once written its figures
never change (``save`` refuses it); compiling again writes a new version. Only its status moves:
compiled (draft) → validated → transmitted.
"""

import uuid

from django.conf import settings
from django.db import models

from indicateurs.definitions import Niveau, Portee


class TypeRemontee(models.TextChoices):
    BIMESTRIELLE = "bimestrielle", "Remontée bimestrielle"
    BILAN = "bilan", "Bilan annuel"


class StatutRemontee(models.TextChoices):
    COMPILEE = "compilee", "Compilée (brouillon)"
    VALIDEE = "validee", "Validée"
    TRANSMISE = "transmise", "Transmise à la DGESCO et à la DGEFP"


# What a compiled version holds; nothing of it may change afterwards.
CHAMPS_FIGES = (
    "type",
    "niveau",
    "cle",
    "echeance",
    "version",
    "libelle_portee",
    "chiffres",
    "definitions",
    "version_definitions",
    "qualite",
    "notes",
    "differences",
    "empreinte",
    "genere_le",
    "demandeur_id",
)


class RemonteeFigee(Exception):
    """Code tried to change the content of a compiled return."""


class Remontee(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField("type", max_length=20, choices=TypeRemontee.choices)
    niveau = models.CharField("niveau", max_length=20, choices=Niveau.choices)
    cle = models.CharField("périmètre", max_length=60, blank=True)
    libelle_portee = models.CharField("périmètre", max_length=200)
    echeance = models.DateField("échéance")
    version = models.PositiveSmallIntegerField("version")
    statut = models.CharField(
        "statut", max_length=12, choices=StatutRemontee.choices, default=StatutRemontee.COMPILEE
    )
    # {"annee": <figures of the school year to date>, "periode": <figures since the previous return>}
    chiffres = models.JSONField("chiffres")
    definitions = models.JSONField("définitions")
    version_definitions = models.CharField("version des définitions", max_length=40)
    qualite = models.JSONField("contrôle de qualité", default=dict)
    # The regional committees' notes of the period (« difficultés rencontrées », « bonnes pratiques »).
    notes = models.JSONField("notes des comités régionaux", default=list)
    differences = models.JSONField("changements depuis la version précédente", default=list)
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    genere_le = models.DateTimeField("générée le")
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandée par",
    )
    validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validee_le = models.DateTimeField("validée le", null=True, blank=True)
    transmise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    transmise_le = models.DateTimeField("transmise le", null=True, blank=True)

    class Meta:
        verbose_name = "remontée"
        ordering = ["-echeance", "niveau", "cle", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "niveau", "cle", "echeance", "version"],
                name="remontee_version_unique",
                violation_error_message="Cette version de la remontée existe déjà.",
            )
        ]
        indexes = [models.Index(fields=["niveau", "cle", "-echeance"])]

    def __str__(self):
        return (
            f"{self.get_type_display()} du {self.echeance:%d/%m/%Y} — {self.libelle_portee} (v{self.version})"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            ancienne = type(self).objects.filter(pk=self.pk).values(*CHAMPS_FIGES).first()
            if ancienne is not None and any(ancienne[c] != getattr(self, c) for c in CHAMPS_FIGES):
                raise RemonteeFigee(
                    "Le contenu d'une remontée compilée ne change pas : compilez une version."
                )
        super().save(*args, **kwargs)

    @property
    def portee(self) -> Portee:
        return Portee(self.niveau, self.cle)

    @property
    def est_transmise(self) -> bool:
        return self.statut == StatutRemontee.TRANSMISE

    @property
    def nom_fichier(self) -> str:
        cle = f"-{self.cle}" if self.cle and self.niveau not in (Niveau.OPERATEUR, Niveau.LYCEE) else ""
        nature = "bilan" if self.type == TypeRemontee.BILAN else "remontee"
        return f"{nature}-{self.echeance:%Y-%m-%d}-{self.niveau}{cle}-v{self.version}"


class TableauDeBord(models.Model):
    """The figures of the school year to date of one scope, kept up to date by a job
    (``indicateurs.tasks.actualiser_tableaux_de_bord``): a page view reads one row, never the national
    tables. Counts only."""

    # The scopes the job keeps; the others (académie, operator, lycée) are small enough to count live.
    NIVEAUX_TENUS = (Niveau.NATIONAL, Niveau.RESEAU, Niveau.REGION)

    niveau = models.CharField("niveau", max_length=20, choices=Niveau.choices)
    cle = models.CharField("périmètre", max_length=60, blank=True)
    chiffres = models.JSONField("chiffres")
    calcule_le = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "tableau de bord"
        verbose_name_plural = "tableaux de bord"
        constraints = [models.UniqueConstraint(fields=["niveau", "cle"], name="tableau_de_bord_unique")]

    def __str__(self):
        return f"Tableau de bord {self.niveau}:{self.cle}"


class NoteComite(models.Model):
    """A regional committee's qualitative notes for the period leading to one due date (art. 6): shown in
    the regional return and on the national dashboard. Written by the région's pilots; no personal data
    (the form says so)."""

    region = models.ForeignKey(
        "avenirpro.RegionAcademique",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="région académique",
    )
    echeance = models.DateField("échéance")
    difficultes = models.TextField("difficultés rencontrées", blank=True, max_length=4000)
    bonnes_pratiques = models.TextField("bonnes pratiques", blank=True, max_length=4000)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "note du comité régional"
        verbose_name_plural = "notes des comités régionaux"
        constraints = [models.UniqueConstraint(fields=["region", "echeance"], name="note_comite_unique")]

    def __str__(self):
        return f"Notes {self.region_id} {self.echeance}"

    def as_dict(self) -> dict:
        return {
            "region": self.region.nom,
            "difficultes": self.difficultes,
            "bonnes_pratiques": self.bonnes_pratiques,
        }
