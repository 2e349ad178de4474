"""End of year in bulk: a class's grid of exam results and known outcomes, entered by the lycée's
direction or a named counsellor. The rule of one student's outcome is ``lycees.services.fin_annee``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.donnees import historique
from lycees.models import Division, Eleve
from lycees.services.fin_annee import CHAMPS_FIN_ANNEE, valider_fin_annee
from parcours import perms

RAISON = "fin d'année (droits vérifiés par le service)"


@transaction.atomic
def enregistrer_grille(request, division: Division, lignes: dict[int, dict]) -> int:
    """``lignes``: student pk → outcome fields. All or nothing; errors keyed ``<pk>-<field>``.
    Returns how many students changed."""
    p = en_perimetre(request)
    eleves = {
        e.pk: e
        for e in Eleve.objects.unscoped(RAISON)
        .select_for_update()
        .filter(division=division)
        .select_related("annee")
    }
    if eleves:
        perms.verifier(
            perms.peut_saisir_fin_annee(p, next(iter(eleves.values()))),
            "Seuls la direction du lycée et les conseillers désignés saisissent la fin d'année.",
        )
    erreurs: dict[str, str] = {}
    a_modifier = []
    aujourd_hui = timezone.localdate()
    for pk, donnees in lignes.items():
        eleve = eleves.get(pk)
        if eleve is None:
            erreurs["__all__"] = "Un des élèves n'est pas dans cette classe."
            continue
        ligne_erreurs: dict[str, str] = {}
        propres = valider_fin_annee(eleve.annee, donnees, ligne_erreurs, aujourd_hui)
        erreurs.update({f"{pk}-{champ}": message for champ, message in ligne_erreurs.items()})
        if any(getattr(eleve, c) != propres[c] for c in CHAMPS_FIN_ANNEE):
            for champ in CHAMPS_FIN_ANNEE:
                setattr(eleve, champ, propres[champ])
            eleve.resultats_modifies_le = timezone.now()
            a_modifier.append(eleve)
    if erreurs:
        raise ValidationError(erreurs)
    Eleve.objects.unscoped(RAISON).bulk_update(
        a_modifier, [*CHAMPS_FIN_ANNEE, "resultats_modifies_le", "modifie_le"]
    )
    historique.noter_en_masse(a_modifier, historique.MODIFICATION, p)
    return len(a_modifier)
