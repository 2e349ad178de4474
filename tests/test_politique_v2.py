"""Access policy v2: the guard has no holes, grants come from the apps, the counsellor's SQL does not grow,
pilots count without reading rows, uuids in bodies and query strings get one answer, GETs write nothing."""

import ast
import re
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count, Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ateliers.models import SeanceDivision
from avenirpro import access
from avenirpro.enums import Role
from avenirpro.scoping import (
    AgregatsSeulementError,
    PersonalDataModel,
    ScopedQuerySet,
    UnscopedQueryError,
)
from lycees.models import Affectation, Eleve, Lycee
from tests import factories as f
from tests.outils import connecte, requetes_a_n_et_3n

RACINE = Path(__file__).resolve().parent.parent


# --- the guard -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sonde",
    [
        lambda: list(Lycee.objects.values_list("eleves__nom")),
        lambda: list(Affectation.objects.values_list("lycee__eleves__prenom")),
        lambda: Lycee.objects.filter(eleves__nom="X").exists(),
        lambda: list(SeanceDivision.objects.values_list("division__eleves__nom")),
        lambda: Lycee.objects.filter(pk__in=Eleve.objects.values("lycee")),
        lambda: Eleve.objects.filter(nom="X"),
        lambda: list(Eleve.objects.all()),
        lambda: Eleve.objects.raw("SELECT * FROM lycees_eleve"),
        lambda: list(Eleve.objects.get_queryset()),
        lambda: Eleve.objects.get_queryset().count(),
        lambda: list(Lycee.objects.order_by("eleves__nom")),
    ],
    ids=[
        "jointure-lycee",
        "jointure-affectation",
        "oracle-existence",
        "lien-vers-eleves",
        "sous-requete",
        "filter",
        "all",
        "raw",
        "evaluation",
        "count",
        "order_by",
    ],
)
def test_les_sondes_sans_portee_levent(monde, sonde):
    with pytest.raises(UnscopedQueryError):
        sonde()


def test_une_portee_explicite_ouvre_la_lecture(monde):
    assert Eleve.objects.unscoped("test").filter(lycee=monde.lycee_a).count() == 3
    assert set(Eleve.objects.visible_to(monde.chef_a).values_list("nom", flat=True)) == {
        e.nom for e in monde.eleves_a
    }


def test_chaque_modele_personnel_a_un_gestionnaire_garde_et_un_accord():
    """Fails when a model holding personal data (or pointing to one) escapes the policy."""
    # Anonymous satisfaction answers point to a séance but hold nothing about a person.
    sans_donnees_personnelles = {"ateliers.QuestionnaireSeance", "ateliers.ReponseSeance"}
    for model in apps.get_models(include_auto_created=True):
        label = f"{model._meta.app_label}.{model.__name__}"
        if model._meta.auto_created:
            extremites = [c.related_model for c in model._meta.fields if c.is_relation]
            assert not any(issubclass(m, PersonalDataModel) for m in extremites), (
                f"{label}: a link table of personal data must be an explicit, scoped model"
            )
            continue
        vers_personnel = [
            c.name
            for c in model._meta.fields
            if c.is_relation and c.many_to_one and issubclass(c.related_model, PersonalDataModel)
        ]
        if issubclass(model, PersonalDataModel):
            assert isinstance(model._default_manager.get_queryset(), ScopedQuerySet), label
            assert access.accords(model), f"{label} has no grant: nobody could read it"
        elif vers_personnel:
            assert label in sans_donnees_personnelles, f"{label} points to personal data ({vers_personnel})"


def test_politique_acces_liste_chaque_modele_personnel(capsys):
    from django.core.management import call_command

    call_command("politique_acces")
    sortie = capsys.readouterr().out
    for model in apps.get_models():
        if issubclass(model, PersonalDataModel):
            assert f"{model._meta.app_label}.{model.__name__} " in sortie


# --- the counsellor's rule ---------------------------------------------------------------------------


def _sql_sans_nombres(qs) -> tuple[str, int]:
    """The SQL text (numbers masked) and its number of parameters: a list of ids is one bound array."""
    sql, params = qs.query.sql_with_params()
    return re.sub(r"\d+", "N", sql), len(params)


def test_le_sql_du_conseiller_ne_grandit_pas_avec_ses_lycees(monde):
    un = access.perimetre_de(monde.conseiller_a)
    nombreux = f.MembershipFactory(role=Role.CONSEILLER, organisation=monde.ft_a).user
    for _ in range(50):
        f.AffectationFactory(lycee=f.LyceeFactory(), operateur=monde.ft_a, conseillers=[nombreux])
    cinquante = access.perimetre_de(nombreux)
    assert len(lycees_de(cinquante)) == 50
    assert _sql_sans_nombres(Eleve.objects.visible_to(un)) == _sql_sans_nombres(
        Eleve.objects.visible_to(cinquante)
    )


def lycees_de(p):
    from lycees.perms import lycees_affectes

    return lycees_affectes(p)


# --- pinned rules of the apps to come ------------------------------------------------------------------


@pytest.fixture
def accord_temporaire():
    """Declare a grant for a test, as another app's perms.py would, and take it back afterwards."""
    ajoutes = []

    def declarer(modele, fonction, **kwargs):
        access.accorde(modele, roles=kwargs.get("roles", ("test",)))(fonction)
        ajoutes.append((modele, fonction))

    yield declarer
    for modele, fonction in ajoutes:
        access._ACCORDS[modele] = [a for a in access._ACCORDS[modele] if a.fonction is not fonction]


def test_un_accord_d_une_autre_app_sur_un_eleve_de_l_annee_passee(monde, accord_temporaire):
    """AvenirPro+: a référent teacher and a mission locale counsellor named on an enrolment read that
    past year's student, and only that one."""
    passee = f.AnneeScolaireFactory(annee_debut=monde.eleves_a[0].annee.annee_debut - 1)
    ancien = f.EleveFactory(division=f.DivisionFactory(lycee=monde.lycee_a, annee=passee))
    f.EleveFactory(division=f.DivisionFactory(lycee=monde.lycee_a, annee=passee))
    inscrits = {monde.conseiller_b.pk: {ancien.pk}}

    def eleves_inscrits(p):
        """Students of an enrolment naming this person (test)."""
        ids = inscrits.get(p.user.pk if p.user else None)
        return None if not ids else access_q_pk(ids)

    accord_temporaire(Eleve, eleves_inscrits)
    vus = set(Eleve.objects.visible_to(monde.conseiller_b))
    assert ancien in vus
    assert set(monde.eleves_b) <= vus
    assert len(vus) == len(monde.eleves_b) + 1
    assert ancien not in set(Eleve.objects.visible_to(monde.conseiller_a))


def access_q_pk(ids):
    from django.db.models import Q

    return Q(pk__in=sorted(ids))


def test_un_pilote_compte_par_academie_mais_ne_lit_pas_les_noms(monde):
    pilote = access.perimetre_de(monde.pilote_a)
    national = access.perimetre_de(monde.pilote_national)
    assert list(Eleve.objects.visible_to(pilote)) == []
    comptes = (
        Eleve.objects.pour_agregats(pilote)
        .values("lycee__organisation__academie__code")
        .annotate(n=Count("pk"))
        .order_by("lycee__organisation__academie__code")
    )
    assert [(c["lycee__organisation__academie__code"], c["n"]) for c in comptes] == [("01", 3)]
    assert Eleve.objects.pour_agregats(national).count() == 5
    for interdit in (
        lambda: Eleve.objects.pour_agregats(pilote).values("nom"),
        lambda: list(Eleve.objects.pour_agregats(pilote)),
        lambda: Eleve.objects.pour_agregats(pilote).first(),
        lambda: Eleve.objects.pour_agregats(pilote).filter(nom="X"),
        lambda: Eleve.objects.pour_agregats(pilote).aggregate(Max("nom")),
        lambda: Eleve.objects.pour_agregats(pilote).values("division__eleves__date_naissance"),
    ):
        with pytest.raises(AgregatsSeulementError):
            interdit()


# --- the kernel names no app ---------------------------------------------------------------------------

APPS_METIER = {"lycees", "ateliers", "parcours", "avenirplus", "indicateurs"}


def test_le_noyau_n_importe_aucune_application_metier():
    for chemin in (RACINE / "avenirpro").rglob("*.py"):
        arbre = ast.parse(chemin.read_text())
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.ImportFrom) and noeud.module:
                assert noeud.module.split(".")[0] not in APPS_METIER, f"{chemin}: from {noeud.module}"
            elif isinstance(noeud, ast.Import):
                for nom in noeud.names:
                    assert nom.name.split(".")[0] not in APPS_METIER, f"{chemin}: import {nom.name}"
            elif isinstance(noeud, ast.Call) and getattr(noeud.func, "attr", "") == "get_model":
                premier = noeud.args[0] if noeud.args else None
                assert not (isinstance(premier, ast.Constant) and premier.value in APPS_METIER), chemin


# --- one answer for a uuid the caller cannot read ------------------------------------------------------


def test_un_uuid_etranger_dans_un_corps_vaut_un_uuid_inconnu(monde):
    client = APIClient()
    client.force_authenticate(monde.chef_a)
    corps = {"nom": "Nouveau", "prenom": "Élève", "date_naissance": "2008-05-04", "sexe": "F"}
    etranger = client.post("/api/v1/eleves/", {**corps, "division": str(monde.eleves_b[0].division.uuid)})
    inconnu = client.post("/api/v1/eleves/", {**corps, "division": str(uuid.uuid4())})
    assert etranger.status_code == inconnu.status_code == 400
    assert etranger.json()["division"][0].endswith("introuvable.")
    assert monde.eleves_b[0].division.nom not in etranger.content.decode()
    assert Eleve.objects.unscoped("test").filter(prenom="Élève").count() == 0


def test_un_uuid_etranger_dans_la_requete_est_un_404(monde, client):
    client.force_login(monde.chef_b)
    assert client.get(reverse("lycees:eleves"), {"lycee": str(monde.lycee_a.uuid)}).status_code == 404
    assert client.get(reverse("lycees:notice"), {"lycee": str(monde.lycee_a.uuid)}).status_code == 404


# --- a GET writes nothing but the access log -----------------------------------------------------------


ECRITURES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b(?!.*django_session)", re.I)
JOURNAL = re.compile(r'^\s*INSERT INTO "avenirpro_entreejournal"', re.I)


@pytest.mark.parametrize("qui", ["chef_a", "conseiller_a", "professeur_a"])
def test_un_get_n_ecrit_rien(monde, client, qui):
    client.force_login(getattr(monde, qui))
    pages = ["/", reverse("lycees:eleves"), reverse("lycees:divisions"), reverse("ateliers:seances")]
    with CaptureQueriesContext(connection) as requetes:
        for page in pages:
            assert client.get(page).status_code == 200, page
    ecritures = [q["sql"] for q in requetes if ECRITURES.match(q["sql"]) and not JOURNAL.match(q["sql"])]
    assert ecritures == []
    # The list of students wrote its access-log row (one INSERT); the others show no student's name.
    assert sum(1 for q in requetes if JOURNAL.match(q["sql"])) == 1


def test_la_liste_des_eleves_du_conseiller_a_un_nombre_de_requetes_fixe(monde, client):
    connecte(client, monde.conseiller_a)
    division = monde.eleves_a[0].division
    client.get(reverse("lycees:eleves"))  # the access log looks each lycée's académie up once per process
    n, trois_n = requetes_a_n_et_3n(
        lambda: client.get(reverse("lycees:eleves")),
        lambda lot: f.EleveFactory.create_batch(lot, division=division),
    )
    assert n == trois_n


@pytest.mark.parametrize(
    "url", ["/ateliers/", "/ateliers/evenements/", "/api/v1/seances/", "/api/v1/evenements/"]
)
def test_un_lycee_etranger_en_filtre_est_un_404_page_et_api(monde, client, url):
    """The same FilterSet filters the page and the API: a lycée the caller cannot read is not found."""
    connecte(client, monde.conseiller_a)
    assert client.get(url, {"lycee": str(monde.lycee_b.uuid)}).status_code == 404
    assert client.get(url, {"lycee": str(monde.lycee_a.uuid)}).status_code == 200
