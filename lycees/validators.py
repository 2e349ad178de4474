import re

from django.core.exceptions import ValidationError

UAI_LETTRES = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI_RE = re.compile(r"^\d{7}[A-Z]$")


def lettre_cle_uai(chiffres: str) -> str:
    return UAI_LETTRES[int(chiffres) % 23]


def normaliser_uai(valeur: str) -> str:
    return (valeur or "").strip().upper()


def valider_uai(valeur: str) -> None:
    uai = normaliser_uai(valeur)
    if not _UAI_RE.match(uai):
        raise ValidationError(
            "L'UAI « %(uai)s » n'est pas valide : 7 chiffres suivis d'une lettre (par exemple 0750654D).",
            code="uai_format",
            params={"uai": valeur},
        )
    attendue = lettre_cle_uai(uai[:7])
    if uai[7] != attendue:
        raise ValidationError(
            "L'UAI « %(uai)s » n'est pas valide : la lettre de contrôle devrait être %(lettre)s.",
            code="uai_cle",
            params={"uai": valeur, "lettre": attendue},
        )
