from django.db import models


class TypeOrganisation(models.TextChoices):
    LYCEE = "lycee", "Lycée professionnel"
    AGENCE_FT = "agence_ft", "Agence France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    DIRECTION_REGIONALE_FT = "direction_regionale_ft", "Direction régionale France Travail"
    ARML = "arml", "Association régionale des missions locales (ARML)"
    REGION_ACADEMIQUE = "region_academique", "Région académique"
    ACADEMIE = "academie", "Académie"
    DREETS = "dreets", "DREETS"
    DGESCO = "dgesco", "DGESCO"
    DGEFP = "dgefp", "DGEFP"
    UNML = "unml", "UNML"
    FRANCE_TRAVAIL_NATIONAL = "france_travail_national", "France Travail (national)"

    @classmethod
    def operateurs(cls) -> frozenset[str]:
        """Organisations that run the scheme in lycées (the FT/ML split)."""
        return frozenset({cls.AGENCE_FT, cls.MISSION_LOCALE})

    @classmethod
    def regionaux(cls) -> frozenset[str]:
        return frozenset(
            {cls.DIRECTION_REGIONALE_FT, cls.ARML, cls.REGION_ACADEMIQUE, cls.ACADEMIE, cls.DREETS}
        )

    @classmethod
    def nationaux(cls) -> frozenset[str]:
        return frozenset({cls.DGESCO, cls.DGEFP, cls.UNML, cls.FRANCE_TRAVAIL_NATIONAL})


class Reseau(models.TextChoices):
    """The two networks of operators, the split the régions keep at 50/50."""

    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSIONS_LOCALES = "missions_locales", "Missions locales"


class Role(models.TextChoices):
    CONSEILLER = "conseiller", "Conseiller"
    CHEF_ETABLISSEMENT = "chef_etablissement", "Chef d'établissement"
    DDFPT = "ddfpt", "DDFPT"
    RESPONSABLE_BDE = "responsable_bde", "Responsable du bureau des entreprises"
    PROFESSEUR = "professeur", "Professeur"
    PILOTE_REGIONAL = "pilote_regional", "Pilote régional"
    PILOTE_NATIONAL = "pilote_national", "Pilote national"
    ADMINISTRATEUR = "administrateur", "Administrateur"
    # The data-protection officer (GDPR art. 37): of an académie (the reads of its lycées' students), of
    # France Travail or of the UNML (the reads made by its network's users). Reads the access log only.
    DPD = "dpd", "Délégué à la protection des données"

    @classmethod
    def personnels_lycee(cls) -> frozenset[str]:
        return frozenset({cls.CHEF_ETABLISSEMENT, cls.DDFPT, cls.RESPONSABLE_BDE, cls.PROFESSEUR})

    @classmethod
    def direction_lycee(cls) -> frozenset[str]:
        """Lycée staff who manage the roster, classes and AvenirPro+ (the professeur only reads)."""
        return frozenset({cls.CHEF_ETABLISSEMENT, cls.DDFPT, cls.RESPONSABLE_BDE})


# Which roles an organisation of each kind may give: a counsellor belongs to an operator, a head to a
# lycée, a pilot to a regional or national body; every organisation has its administrators.
ROLES_PAR_TYPE: dict[str, frozenset[str]] = {
    TypeOrganisation.LYCEE: Role.personnels_lycee() | {Role.ADMINISTRATEUR},
    **{t: frozenset({Role.CONSEILLER, Role.ADMINISTRATEUR}) for t in TypeOrganisation.operateurs()},
    **{t: frozenset({Role.PILOTE_REGIONAL, Role.ADMINISTRATEUR}) for t in TypeOrganisation.regionaux()},
    **{t: frozenset({Role.PILOTE_NATIONAL, Role.ADMINISTRATEUR}) for t in TypeOrganisation.nationaux()},
}
# The organisations that have a data-protection officer in AvenirPro (the access log's readers).
ORGANISATIONS_DPD = frozenset(
    {TypeOrganisation.ACADEMIE, TypeOrganisation.FRANCE_TRAVAIL_NATIONAL, TypeOrganisation.UNML}
)
for _type in ORGANISATIONS_DPD:
    ROLES_PAR_TYPE[_type] = ROLES_PAR_TYPE[_type] | {Role.DPD}
