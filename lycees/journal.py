"""What this app gives the access log (``avenirpro.journal``): which students its objects show, and the
lookups the kernel cannot make itself (student pks → public ids, lycée → académie, the DPD's name search)."""

from avenirpro import journal
from lycees.models import Eleve, Lycee

RAISON = "journal des accès : identifier les élèves lus"

# A student object shows that student; its uuid and lycée are at hand (no query).
journal.enregistrer(Eleve, eleves=lambda eleve: ((eleve.uuid, eleve.lycee_id),))


def resoudre_eleves(pks: set[int]) -> dict[int, tuple]:
    lignes = Eleve.objects.unscoped(RAISON).filter(pk__in=pks).values_list("pk", "uuid", "lycee_id")
    return {pk: (uuid, lycee_id) for pk, uuid, lycee_id in lignes}


def academies_des_lycees(pks: set[int]) -> dict[int, int | None]:
    return dict(Lycee.objects.filter(pk__in=pks).values_list("pk", "organisation__academie_id"))


def chercher_eleves(texte: str, academie_id: int | None, limite: int = 200) -> list[str]:
    """The DPD's search: students whose name matches, in the DPD's académie (None: anywhere). Only their
    public ids come back; the log's rows then say which of them were read, and by whom."""
    qs = Eleve.objects.unscoped("journal des accès : recherche du DPD").recherche(texte)
    if academie_id is not None:
        qs = qs.filter(lycee__organisation__academie_id=academie_id)
    return [str(u) for u in qs.order_by("pk").values_list("uuid", flat=True)[:limite]]


def identifier_eleves(uuids: list[str]) -> dict[str, str]:
    """What identifies a log row's students for the DPD: first name and name, nothing else."""
    lignes = Eleve.objects.unscoped(RAISON).filter(uuid__in=uuids).values_list("uuid", "prenom", "nom")
    return {str(uuid): f"{prenom} {nom.upper()}" for uuid, prenom, nom in lignes}


def academie_de_l_eleve(uuid: str) -> int | None:
    ligne = (
        Eleve.objects.unscoped(RAISON)
        .filter(uuid=uuid)
        .values_list("lycee__organisation__academie_id", flat=True)
        .first()
    )
    return ligne


journal.fournir(
    academie_de_l_eleve=academie_de_l_eleve,
    resoudre_eleves=resoudre_eleves,
    academies_des_lycees=academies_des_lycees,
    chercher_eleves=chercher_eleves,
    identifier_eleves=identifier_eleves,
)
