from avenirpro.models.comptes import EchecConnexion, Invitation, JetonAPI
from avenirpro.models.noyau import (
    Academie,
    AnneeScolaire,
    Membership,
    Organisation,
    RegionAcademique,
    User,
)

__all__ = [
    "Academie",
    "AnneeScolaire",
    "EchecConnexion",
    "Invitation",
    "JetonAPI",
    "Membership",
    "Organisation",
    "RegionAcademique",
    "User",
]
