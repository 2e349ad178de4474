"""Demo classes and students: realistic, deterministic, idempotent."""

from django.core.management import call_command

from avenirpro.models import AnneeScolaire
from lycees.enums import Diplome
from lycees.models import Division, Eleve, Lycee


def _etat():
    divisions = Division.objects.unscoped("test de la démo")
    eleves = Eleve.objects.unscoped("test de la démo")
    return (
        sorted(divisions.values_list("lycee__uai", "nom", "diplome")),
        sorted(eleves.values_list("lycee__uai", "division__nom", "nom", "prenom", "date_naissance", "ine")),
    )


def test_demo_des_classes_et_des_eleves_idempotente(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    divisions, eleves = _etat()
    for lycee in Lycee.objects.all():
        # This school year's classes (the AvenirPro+ demo adds last year's final class to two lycées).
        annee = AnneeScolaire.objects.courante()
        siennes = Division.objects.unscoped("test de la démo").filter(lycee=lycee, annee=annee)
        assert 3 <= siennes.count() <= 5
        assert {d.diplome for d in siennes} == {Diplome.BAC_PRO, Diplome.CAP}
        for division in siennes:
            effectif = Eleve.objects.unscoped("test de la démo").filter(division=division).count()
            assert 18 <= effectif <= 28
    tous = Eleve.objects.unscoped("test de la démo")
    assert tous.filter(famille_informee_le__isnull=False).exists()
    assert tous.filter(famille_informee_le__isnull=True).exists()
    assert tous.exclude(ine="").exists() and tous.filter(ine="").exists()
    debut = AnneeScolaire.objects.courante().annee_debut
    assert {e.date_naissance.year for e in tous} <= {debut - 19, debut - 18, debut - 17}

    call_command("seed_demo")
    assert _etat() == (divisions, eleves)
