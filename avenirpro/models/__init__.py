from avenirpro.models.comptes import EchecConnexion, Invitation, JetonAPI
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
