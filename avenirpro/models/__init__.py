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
from avenirpro.models.journal import EntreeJournal  # noqa: E402

__all__ = [
    "Academie",
    "AnneeScolaire",
    "EchecConnexion",
    "ImportAnnuaire",
    "EntreeJournal",
    "Invitation",
    "JetonAPI",
    "Membership",
    "NatureImportAnnuaire",
    "Organisation",
    "RegionAcademique",
    "StatutImportAnnuaire",
    "User",
]
