"""The platform's back office: imports of organisations from a national directory (lycées, operators).

One row per uploaded file: the preview (rows kept, rows refused and why) is computed at upload and kept on
the row; confirming sends a Celery job that writes the kept rows and moves ``progression``. The rows hold
only organisations' public data (names, codes, communes): nothing personal.
"""

import uuid

from django.conf import settings
from django.db import models


class NatureImportAnnuaire(models.TextChoices):
    LYCEES = "lycees", "Lycées (Annuaire de l'éducation)"
    OPERATEURS = "operateurs", "Opérateurs (agences France Travail, missions locales)"


class StatutImportAnnuaire(models.TextChoices):
    APERCU = "apercu", "Aperçu à vérifier"
    EN_ATTENTE = "en_attente", "En attente de traitement"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHOUE = "echoue", "Échoué"
    ANNULE = "annule", "Annulé"


class ImportAnnuaire(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nature = models.CharField("nature", max_length=20, choices=NatureImportAnnuaire.choices)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutImportAnnuaire.choices, default=StatutImportAnnuaire.APERCU
    )
    nom_fichier = models.CharField("fichier", max_length=255)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="imports_annuaire"
    )
    nb_lignes = models.PositiveIntegerField("lignes lues", default=0)
    # {"retenues": [{"ligne", "cle", "nom", "action", "donnees"}], "refusees": [{"ligne", "cle", "nom",
    #  "raison"}], "ecartees": {"raison": nombre}}
    apercu = models.JSONField("aperçu", default=dict)
    # {"crees": n, "mis_a_jour": n, "inchanges": n}
    resultat = models.JSONField("résultat", default=dict)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    erreur = models.TextField("erreur", blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    battement = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import d'annuaire"
        verbose_name_plural = "imports d'annuaire"
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["statut", "envoye_le"], name="import_annuaire_statut_idx")]

    def __str__(self):
        return f"{self.get_nature_display()} — {self.nom_fichier}"

    @property
    def est_fini(self) -> bool:
        return self.statut in {
            StatutImportAnnuaire.TERMINE,
            StatutImportAnnuaire.ECHOUE,
            StatutImportAnnuaire.ANNULE,
        }

    @property
    def retenues(self) -> list[dict]:
        return self.apercu.get("retenues", [])

    @property
    def refusees(self) -> list[dict]:
        return self.apercu.get("refusees", [])

    @property
    def ecartees(self) -> dict[str, int]:
        return self.apercu.get("ecartees", {})
