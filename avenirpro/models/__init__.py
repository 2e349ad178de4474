from avenirpro.models.comptes import EchecConnexion, Invitation, JetonAPI

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
    "EchecConnexion",
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
