from avenirpro.models.comptes import EchecConnexion, Invitation, JetonAPI
from avenirpro.models.donnees import AvisConservation, Effacement

# After the kernel's models: its queryset reads the access policy, which imports them.
from avenirpro.models.journal import EntreeJournal
from avenirpro.models.noyau import (
    Academie,
    AnneeScolaire,
    Membership,
    Organisation,
    RegionAcademique,
    User,
)
from avenirpro.models.plateforme import ImportAnnuaire, NatureImportAnnuaire, StatutImportAnnuaire

__all__ = [
    "Academie",
    "AnneeScolaire",
    "AvisConservation",
    "EchecConnexion",
    "Effacement",
    "EntreeJournal",
    "ImportAnnuaire",
    "Invitation",
    "JetonAPI",
    "Membership",
    "NatureImportAnnuaire",
    "Organisation",
    "RegionAcademique",
    "StatutImportAnnuaire",
    "User",
]
