"""The national data set generator (``seed_demo --scale national``), on a tiny national set: 20 lycées,
2 school years, seed 7 — counts, the FT/ML split, the counsellors' 1..40 lycées, the benchmark
accounts, determinism, and its refusals."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F

from ateliers.enums import StatutSeance
from ateliers.models import Evenement, EvenementLycee, Presence, Seance, SeanceConseiller, SeanceDivision
from avenirpro.demo_national import BENCH_PASSWORD
from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import Membership, Organisation, User
from lycees.enums import Diplome
from lycees.models import Affectation, Division, Eleve, Lycee
from lycees.validators import valider_uai
from tests.services import require_postgres

OPTIONS = {"scale": "national", "lycees": 20, "years": 2, "seed": 7}


class _Annuler(Exception):
    pass


def _empreinte() -> str:
    """What the seed decides: the UAIs, and every student's lycée, class, name and birth date."""
    uais = sorted(Lycee.objects.values_list("uai", flat=True))
    eleves = sorted(
        Eleve.objects.unscoped("test du générateur").values_list(
            "lycee__uai", "annee__annee_debut", "division__nom", "nom", "prenom", "date_naissance"
        )
    )
    return hashlib.sha256(repr((uais, eleves)).encode()).hexdigest()


def _index() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return set(cursor.fetchall())


def _generer_puis_annuler(**options) -> str:
    try:
        with transaction.atomic():
            call_command("seed_demo", **{**OPTIONS, **options}, verbosity=0, stdout=_Muet())
            empreinte = _empreinte()
            raise _Annuler
    except _Annuler:
        pass
    assert not Lycee.objects.exists()
    return empreinte


class _Muet:
    def write(self, *_):
        pass

    def flush(self):
        pass


@pytest.mark.postgres
def test_jeu_national_reduit(db, settings, tmp_path):
    require_postgres()
    settings.VAR_DIR = tmp_path
    index_avant = _index()
    premiere = _generer_puis_annuler()
    assert _generer_puis_annuler(seed=8) != premiere

    call_command("seed_demo", **OPTIONS, stdout=_Muet())
    assert _empreinte() == premiere, "même graine, mêmes données"

    # Lycées: valid UAIs, each an organisation of type lycée with an académie.
    lycees = list(Lycee.objects.select_related("organisation"))
    assert len(lycees) == 20
    for lycee in lycees:
        valider_uai(lycee.uai)
        assert lycee.organisation.type == TypeOrganisation.LYCEE and lycee.organisation.academie_id
    assert Organisation.objects.filter(type=TypeOrganisation.LYCEE).count() == 20
    assert Organisation.objects.filter(type=TypeOrganisation.ACADEMIE).count() == 30
    assert Organisation.objects.filter(type__in=TypeOrganisation.nationaux()).count() == 4

    # One assignment per lycée and year; the FT/ML split of every région within one lycée.
    affectations = Affectation.objects.select_related("operateur", "lycee__organisation")
    annees = sorted({a.annee_id for a in affectations})
    assert len(annees) == 2 and affectations.count() == 40
    for annee in annees:
        par_region: dict[int, dict[str, int]] = {}
        for a in affectations.filter(annee=annee):
            assert a.operateur.est_operateur and a.operateur.region_id == a.lycee.organisation.region_id
            par_region.setdefault(a.operateur.region_id, {"agence_ft": 0, "mission_locale": 0})[
                a.operateur.type
            ] += 1
        for compte in par_region.values():
            assert abs(compte["agence_ft"] - compte["mission_locale"]) <= 1, par_region

    # Every counsellor is named on 1 to 40 lycées of their operator, each year.
    conseillers = Membership.objects.filter(role=Role.CONSEILLER)
    assert conseillers.exists()
    lien = Affectation.conseillers.through.objects
    for annee in annees:
        nommes = dict(
            lien.filter(affectation__annee=annee)
            .values("user")
            .annotate(n=Count("affectation__lycee", distinct=True))
            .values_list("user", "n")
        )
        for m in conseillers:
            assert 1 <= nommes.get(m.user_id, 0) <= 40, (m.user_id, nommes.get(m.user_id))
        assert (
            not lien.filter(affectation__annee=annee)
            .exclude(user__memberships__organisation=F("affectation__operateur"))
            .exists()
        )

    # Classes of 12 to 30 students, of the four diplomas; students of the class's diploma.
    tailles = (
        Division.objects.unscoped("test").annotate(n=Count("eleves")).values_list("n", "diplome", "annee_id")
    )
    assert tailles and all(12 <= n <= 30 and d in Diplome.values for n, d, _ in tailles)
    assert Eleve.objects.unscoped("test").count() == sum(n for n, _, _ in tailles)
    assert not Eleve.objects.unscoped("test").exclude(diplome=F("division__diplome")).exists()

    # Séances: the four themes, linked to their classes and a counsellor of the lycée; attendance only
    # for held séances, ~85 % present.
    seances = Seance.objects.unscoped("test")
    assert set(seances.values_list("theme", flat=True)) == {1, 2, 3, 4}
    assert SeanceDivision.objects.unscoped("test").values("seance").distinct().count() == seances.count()
    assert SeanceConseiller.objects.unscoped("test").values("seance").distinct().count() == seances.count()
    assert all(60 <= d <= 120 or d == 45 for d in seances.values_list("duree_minutes", flat=True))
    presences = Presence.objects.unscoped("test")
    assert presences.count() > 1000
    assert not presences.exclude(seance__statut=StatutSeance.REALISEE).exists()
    taux = presences.filter(present=True).count() / presences.count()
    assert 0.78 < taux < 0.92
    assert not presences.exclude(eleve__division__seances=F("seance")).exists()

    # Events, each with at least one lycée.
    evenements = Evenement.objects.unscoped("test")
    assert evenements.count() > 100
    assert (
        EvenementLycee.objects.unscoped("test").values("evenement").distinct().count() == evenements.count()
    )

    # Staff: a head per lycée; every password unusable but the benchmark accounts'.
    assert Membership.objects.filter(role=Role.CHEF_ETABLISSEMENT).count() == 20
    comptes = json.loads((tmp_path / "bench-accounts.json").read_text())
    assert {c["profil"] for c in comptes} == {
        "chef_etablissement",
        "conseiller",
        "pilote_regional",
        "pilote_national",
    }
    connus = set()
    for compte in comptes:
        user = User.objects.get(email=compte["email"])
        assert compte["password"] == BENCH_PASSWORD and user.check_password(BENCH_PASSWORD)
        assert Membership.objects.filter(user=user, role=compte["role"]).exists()
        connus.add(user.pk)
    assert not any(u.has_usable_password() for u in User.objects.exclude(pk__in=connus))
    conseiller = next(c for c in comptes if c["profil"] == "conseiller")
    assert conseiller["nb_annees"] == 2 and 1 <= conseiller["nb_lycees"] <= 30

    # The indexes dropped while the tables were filled are all back, the same.
    assert _index() == index_avant

    # A second run refuses: the database is no longer empty, and nothing changes.
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("seed_demo", **OPTIONS, stdout=_Muet())
    assert Lycee.objects.count() == 20


def test_jeu_national_refuse_sqlite(db, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL uniquement"):
        call_command("seed_demo", scale="national", lycees=2, stdout=_Muet())


def test_options_nationales_refusees_en_demo(db):
    with pytest.raises(CommandError, match="--scale national"):
        call_command("seed_demo", seed=3, stdout=_Muet())
