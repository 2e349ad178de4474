"""The cross-tenant matrix: every role of one région académique × every page and endpoint that takes an
object × the objects of the other région. Nothing may be read or written: 404 everywhere.

Runs on the demo data set (two régions, every role, every kind of object), so a new page or endpoint
whose URL takes a uuid is covered as soon as its name is mapped below — and an unmapped one fails.
"""

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from ateliers.models import Evenement, Seance
from avenirplus.models import Action, Contact, Inscription, MembreCohorte, Reunion, Sortie
from avenirpro.api.tokens import creer_jeton
from avenirpro.enums import Role
from avenirpro.models import ImportAnnuaire, Invitation, JetonAPI, Membership, Organisation, User
from indicateurs.models import Remontee
from lycees.models import Affectation, Division, Eleve, ImportEffectifs, Lycee, NoticeFamilles
from parcours.models import AlerteDecrochage, Entretien, Permanence, Restitution

RAISON = "test de la matrice d'accès"
ETRANGERE = "ile-de-france"  # the objects probed
ROLES_SONDES = ["hdf"]  # the users who probe them: every demo account of Hauts-de-France

# URL name → how to find objects of the other région for it.
OBJETS = {
    "lycees:division": lambda: Division.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "lycees:eleve": lambda: Eleve.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "lycees:import": lambda: ImportEffectifs.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "lycees:notice_familles": lambda: NoticeFamilles.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "lycees:affecter_lycee": lambda: Lycee.objects.filter(organisation__region__code=ETRANGERE),
    "lycees:retirer_affectation": lambda: Lycee.objects.filter(organisation__region__code=ETRANGERE),
    "lycees:designer_conseillers": lambda: Affectation.objects.filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "ateliers:seance": lambda: Seance.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "ateliers:evenement": lambda: Evenement.objects.unscoped(RAISON).filter(
        lycees__organisation__region__code=ETRANGERE
    ),
    "parcours:eleve": lambda: Eleve.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "parcours:entretien": lambda: Entretien.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "parcours:restitution": lambda: Restitution.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "parcours:alerte": lambda: AlerteDecrochage.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "parcours:permanence": lambda: Permanence.objects.filter(lycee__organisation__region__code=ETRANGERE),
    "parcours:referents": lambda: Division.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "parcours:fin_annee": lambda: Division.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "entretien": lambda: Entretien.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "restitution": lambda: Restitution.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "alerte": lambda: AlerteDecrochage.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "permanence": lambda: Permanence.objects.filter(lycee__organisation__region__code=ETRANGERE),
    # The académies' DPD memberships are left out: the demo gives those organisations no administrator,
    # so no one of the région could reach them either (the positive control below).
    "comptes:retirer": lambda: Membership.objects.filter(organisation__region__code=ETRANGERE).exclude(
        role=Role.DPD
    ),
    "avenirplus:membre": lambda: MembreCohorte.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "avenirplus:reunion": lambda: Reunion.objects.filter(lycee__organisation__region__code=ETRANGERE),
    "avenirplus:inscription": lambda: Inscription.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "avenirplus:action": lambda: Action.objects.unscoped(RAISON).filter(
        inscription__lycee__organisation__region__code=ETRANGERE
    ),
    # The partner mission locale (AvenirPro+): the path names a lycée.
    "avenirplus:partenaire": lambda: Lycee.objects.filter(organisation__region__code=ETRANGERE),
    "avenirplus:conseillers": lambda: Lycee.objects.filter(
        partenaires_avenirplus__mission_locale__region__code=ETRANGERE
    ),
    "partenaire": lambda: Lycee.objects.filter(organisation__region__code=ETRANGERE),
    "cohorte": lambda: MembreCohorte.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "contact": lambda: Contact.objects.unscoped(RAISON).filter(
        membre__lycee__organisation__region__code=ETRANGERE
    ),
    "reunion": lambda: Reunion.objects.filter(lycee__organisation__region__code=ETRANGERE),
    "inscription": lambda: Inscription.objects.unscoped(RAISON).filter(
        lycee__organisation__region__code=ETRANGERE
    ),
    "action": lambda: Action.objects.unscoped(RAISON).filter(
        inscription__lycee__organisation__region__code=ETRANGERE
    ),
    "sortie": lambda: Sortie.objects.unscoped(RAISON).filter(
        inscription__lycee__organisation__region__code=ETRANGERE
    ),
    "indicateurs:remontee": lambda: Remontee.objects.filter(niveau="region", cle=ETRANGERE),
    "remontee": lambda: Remontee.objects.filter(niveau="region", cle=ETRANGERE),
    "comptes:annuler_invitation": lambda: Invitation.objects.filter(organisation__region__code=ETRANGERE),
    "profil:revoquer_jeton": lambda: JetonAPI.objects.filter(user__email__contains=".idf@"),
    # The platform's back office: staff only, so every demo role gets 404 whatever the object.
    "plateforme:organisation": lambda: Organisation.objects.filter(region__code=ETRANGERE),
    "plateforme:compte": lambda: User.objects.filter(email__contains=".idf@"),
    "plateforme:import": lambda: ImportAnnuaire.objects.all(),
    "affectation": lambda: Affectation.objects.filter(lycee__organisation__region__code=ETRANGERE),
    "lycee": lambda: Lycee.objects.filter(organisation__region__code=ETRANGERE),
    "division": lambda: Division.objects.unscoped(RAISON).filter(lycee__organisation__region__code=ETRANGERE),
    "eleve": lambda: Eleve.objects.unscoped(RAISON).filter(lycee__organisation__region__code=ETRANGERE),
    "seance": lambda: Seance.objects.unscoped(RAISON).filter(lycee__organisation__region__code=ETRANGERE),
    "evenement": lambda: Evenement.objects.unscoped(RAISON).filter(
        lycees__organisation__region__code=ETRANGERE
    ),
}
# Pages reached by a secret token rather than a uuid, tested by their own app.
HORS_MATRICE = {"comptes:invitation", "ateliers:questionnaire", "ateliers:questionnaire_merci"}
# Pages of the platform's staff (no demo role reaches them): left out of the positive control only, their
# own tests show the staff reaches them (tests/plateforme/).
PERSONNEL_SEULEMENT = "plateforme:"


def _routes_a_uuid():
    """The names of every HTML page and API endpoint that takes a uuid (format-suffixed twins left out)."""

    def parcourir(motifs, ns=""):
        for motif in motifs:
            if isinstance(motif, URLResolver):
                yield from parcourir(motif.url_patterns, f"{motif.namespace}:" if motif.namespace else ns)
            elif isinstance(motif, URLPattern) and motif.name:
                groupes = motif.pattern.regex.groupindex
                if "uuid" in groupes and "format" not in groupes:
                    yield f"{ns}{motif.name}"

    return sorted(set(parcourir(get_resolver().url_patterns)) - HORS_MATRICE)


def _famille(nom: str) -> str:
    """« lycees:eleve_modifier » → « lycees:eleve » (pages); « seance-presences » → « seance » (API)."""
    if ":" in nom:
        plus_longues = sorted(OBJETS, key=len, reverse=True)
        cle = next((c for c in plus_longues if nom == c or nom.startswith(f"{c}_")), None)
    else:
        cle = nom.split("-")[0]
    assert cle in OBJETS, f"URL « {nom} » takes a uuid but the access matrix does not know its objects"
    return cle


@pytest.fixture
def demo(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    lycee = Lycee.objects.filter(organisation__region__code=ETRANGERE).first()
    chef = User.objects.get(email="chef.idf@demo.avenirpro.fr")
    ImportEffectifs.objects.create(
        lycee=lycee,
        annee=Division.objects.unscoped(RAISON).first().annee,
        auteur=chef,
        format="csv",
        nom_fichier="eleves.csv",
    )
    # A notice prepared as a job is its author's only: the head's own lycée.
    lycee_du_chef = Lycee.objects.get(organisation__memberships__user=chef)
    division = (
        Division.objects.unscoped(RAISON).filter(lycee=lycee_du_chef).order_by("-annee__annee_debut").first()
    )
    NoticeFamilles.objects.create(
        lycee=lycee_du_chef,
        annee=division.annee,
        division=division,
        auteur=chef,
        statut="prete",
        contenu=b"%PDF-1.7 matrice",
    )
    Invitation.objects.create(
        email="nouveau@exemple.fr",
        organisation=lycee.organisation,
        role=Role.PROFESSEUR,
        invite_par=chef,
        empreinte_jeton="x" * 64,
        expire_le="2099-01-01T00:00:00Z",
    )
    creer_jeton(chef, "matrice")
    ImportAnnuaire.objects.create(nature="lycees", nom_fichier="annuaire.csv")
    return list(User.objects.filter(email__regex=r"\.hdf@").order_by("email"))


def test_toute_route_a_uuid_est_dans_la_matrice(db):
    for nom in _routes_a_uuid():
        _famille(nom)


def test_aucun_role_d_une_region_n_atteint_les_objets_de_l_autre(demo, client):
    routes = _routes_a_uuid()
    assert len(routes) > 30
    fuites = []
    controles = 0
    for user in demo:
        client.force_login(user)
        api = APIClient()
        api.force_authenticate(user)
        for nom in routes:
            objet = OBJETS[_famille(nom)]().first()
            assert objet is not None, f"the demo data has no object for {nom}"
            url = reverse(nom, kwargs={"uuid": objet.uuid})
            if url.startswith("/api/"):
                reponses = {
                    m: getattr(api, m)(url, {}, format="json") for m in ("get", "patch", "post", "delete")
                }
            else:
                reponses = {"get": client.get(url), "post": client.post(url, {})}
            for methode, reponse in reponses.items():
                controles += 1
                if reponse.status_code not in (404, 405):
                    fuites.append(f"{user.email} {methode.upper()} {url} ({nom}) → {reponse.status_code}")
    assert not fuites, "\n".join(fuites)
    assert controles > 500


@pytest.mark.parametrize(
    "endpoint",
    [
        "/api/v1/lycees/",
        "/api/v1/divisions/",
        "/api/v1/eleves/",
        "/api/v1/seances/",
        "/api/v1/evenements/",
        "/api/v1/affectations/",
        "/api/v1/entretiens/",
        "/api/v1/restitutions/",
        "/api/v1/alertes/",
        "/api/v1/permanences/",
        "/api/v1/avenirplus/cohorte/",
        "/api/v1/avenirplus/inscriptions/",
        "/api/v1/avenirplus/actions/",
    ],
)
def test_les_listes_de_l_api_ne_montrent_rien_de_l_autre_region(demo, endpoint):
    etrangers = {str(o.uuid) for cle in OBJETS for o in OBJETS[cle]() if hasattr(o, "uuid")}
    api = APIClient()
    for user in demo:
        api.force_authenticate(user)
        page, vus = f"{endpoint}?page_size=500", set()
        while page:
            reponse = api.get(page)
            assert reponse.status_code in (200, 403), (user.email, endpoint, reponse.status_code)
            if reponse.status_code == 403:
                break
            corps = reponse.json()
            vus |= {r["uuid"] for r in corps["results"]}
            page = corps.get("next")
        assert not vus & etrangers, f"{user.email} voit des objets d'Île-de-France dans {endpoint}"


def test_controle_positif_les_memes_routes_repondent_aux_utilisateurs_de_la_region(demo, client):
    """The matrix means something only if the same requests do reach the objects for their own people."""
    idf = list(User.objects.filter(email__regex=r"\.idf@"))
    muettes = []
    for nom in _routes_a_uuid():
        if nom.startswith(PERSONNEL_SEULEMENT):
            continue
        objet = OBJETS[_famille(nom)]().first()
        url = reverse(nom, kwargs={"uuid": objet.uuid})
        for user in idf:
            if url.startswith("/api/"):
                api = APIClient()
                api.force_authenticate(user)
                statut = api.get(url).status_code
            else:
                client.force_login(user)
                statut = client.get(url).status_code
            if statut != 404:
                break
        else:
            muettes.append(f"{nom} ({url})")
    assert not muettes, "no user of the object's own région reaches:\n" + "\n".join(muettes)
