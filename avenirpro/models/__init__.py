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

# After the kernel's models: its queryset reads the access policy, which imports them.
# isort: off
from avenirpro.models.journal import EntreeJournal
# isort: on

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
