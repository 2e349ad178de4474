"""The national data set (``manage.py seed_demo --scale national``): the kernel's part and the machinery.

Each app may have a ``demo_national.py`` with ``generer(contexte)``; the command calls them in
INSTALLED_APPS order (the kernel first), like the ``demo`` modules. Every app writes its own tables, in
bulk (PostgreSQL ``COPY`` through ``Contexte.copier``), with ids reserved up front
(``Contexte.reserver``) so that rows can point to each other without reading anything back.

What the apps hand each other goes in ``contexte.objets`` (documented where it is set):
- kernel: ``territoire`` (per académie: région, number of lycées, FT/ML split, its operators),
  ``conseillers`` (operator id → counsellor user ids), ``bench_operateur`` (the operator of the
  benchmark counsellor);
- lycees: ``lycees`` (one dict per lycée), ``par_annee[annee_id]`` (assignments, classes and students);
- ateliers: nothing yet.

Extension point: a later app (``parcours``: entretiens, ``avenirplus``: inscriptions and actions,
``indicateurs``: returns) adds its own ``demo_national.py`` with ``generer(contexte)``; it reads
``contexte.objets["par_annee"]`` (students and counsellors of each lycée, per school year) and uses
``contexte.hasard(...)``, ``reserver`` and ``copier`` the same way. Nothing here needs to change.

Deterministic: every random draw comes from ``contexte.hasard(step, …)``, seeded by ``--seed`` and the
step's name; the same seed gives the same lycées, people and facts (ids and timestamps aside).

An app's ``demo_national.py`` may also have ``apres_analyse(contexte)``, called once everything is written
and ANALYZEd (``indicateurs``: the dashboards' aggregates, which the beat job keeps up to date).
"""

import json
import random
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import Academie, AnneeScolaire, Membership, Organisation, RegionAcademique, User

BENCH_PASSWORD = "AvenirPro-bench-2026"  # noqa: S105 — benchmark accounts of a generated data set only
DOMAINE = "national.avenirpro.fr"
LYCEES_PAR_DEFAUT = 2200
ANNEES_MAX = 3
# Per lycée of each network: ~900 agences France Travail for ~1,100 lycées, ~440 missions locales.
AGENCES_FT_PAR_LYCEE = 900 / 1100
MISSIONS_LOCALES_PAR_LYCEE = 440 / 1100
LYCEES_MAX_PAR_OPERATEUR = 40
LYCEES_CONSEILLER_BENCH = 30

# Académie code → (weight ≈ number of lycées professionnels, [(département code of the UAI, commune)]).
ACADEMIES = {
    "01": (40, [("075", "Paris")]),
    "02": (75, [("013", "Marseille"), ("084", "Avignon"), ("004", "Digne-les-Bains"), ("005", "Gap")]),
    "03": (30, [("025", "Besançon"), ("039", "Lons-le-Saunier"), ("070", "Vesoul"), ("090", "Belfort")]),
    "04": (
        85,
        [
            ("033", "Bordeaux"),
            ("024", "Périgueux"),
            ("040", "Mont-de-Marsan"),
            ("047", "Agen"),
            ("064", "Pau"),
        ],
    ),
    "06": (35, [("063", "Clermont-Ferrand"), ("003", "Moulins"), ("015", "Aurillac"), ("043", "Le Puy")]),
    "07": (40, [("021", "Dijon"), ("058", "Nevers"), ("071", "Mâcon"), ("089", "Auxerre")]),
    "08": (
        85,
        [("038", "Grenoble"), ("007", "Privas"), ("026", "Valence"), ("073", "Chambéry"), ("074", "Annecy")],
    ),
    "09": (150, [("059", "Lille"), ("059", "Roubaix"), ("062", "Arras"), ("062", "Lens")]),
    "10": (80, [("069", "Lyon"), ("001", "Bourg-en-Bresse"), ("042", "Saint-Étienne")]),
    "11": (
        70,
        [
            ("034", "Montpellier"),
            ("011", "Carcassonne"),
            ("030", "Nîmes"),
            ("048", "Mende"),
            ("066", "Perpignan"),
        ],
    ),
    "12": (75, [("054", "Nancy"), ("055", "Bar-le-Duc"), ("057", "Metz"), ("088", "Épinal")]),
    "13": (40, [("086", "Poitiers"), ("016", "Angoulême"), ("017", "La Rochelle"), ("079", "Niort")]),
    "14": (80, [("035", "Rennes"), ("022", "Saint-Brieuc"), ("029", "Quimper"), ("056", "Vannes")]),
    "15": (45, [("067", "Strasbourg"), ("068", "Colmar"), ("068", "Mulhouse")]),
    "16": (
        80,
        [("031", "Toulouse"), ("009", "Foix"), ("012", "Rodez"), ("065", "Tarbes"), ("081", "Albi")],
    ),
    "17": (
        90,
        [
            ("044", "Nantes"),
            ("049", "Angers"),
            ("053", "Laval"),
            ("072", "Le Mans"),
            ("085", "La Roche-sur-Yon"),
        ],
    ),
    "18": (
        70,
        [("045", "Orléans"), ("018", "Bourges"), ("028", "Chartres"), ("037", "Tours"), ("041", "Blois")],
    ),
    "19": (35, [("051", "Reims"), ("008", "Charleville-Mézières"), ("010", "Troyes"), ("052", "Chaumont")]),
    "20": (55, [("080", "Amiens"), ("002", "Laon"), ("060", "Beauvais")]),
    "22": (20, [("087", "Limoges"), ("019", "Tulle"), ("023", "Guéret")]),
    "23": (45, [("006", "Nice"), ("083", "Toulon")]),
    "24": (130, [("093", "Saint-Denis"), ("094", "Créteil"), ("077", "Melun"), ("093", "Montreuil")]),
    "25": (150, [("078", "Versailles"), ("091", "Évry"), ("092", "Nanterre"), ("095", "Cergy")]),
    "27": (8, [("620", "Ajaccio"), ("720", "Bastia")]),
    "28": (40, [("974", "Saint-Denis de La Réunion"), ("974", "Saint-Pierre")]),
    "31": (15, [("972", "Fort-de-France")]),
    "32": (18, [("971", "Pointe-à-Pitre")]),
    "33": (12, [("973", "Cayenne")]),
    "43": (10, [("976", "Mamoudzou")]),
    "70": (
        95,
        [("076", "Rouen"), ("014", "Caen"), ("027", "Évreux"), ("050", "Saint-Lô"), ("061", "Alençon")],
    ),
}


def mots(texte: str) -> list[str]:
    """Words written as one string: shorter to read than one per line."""
    return texte.split()


NOMS = mots(
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel "
    "Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François "
    "Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu "
    "Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire "
    "Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Perez Marchand Dufour Blanchard Diallo "
    "Traoré Benali Haddad Mendes Pereira Silva Kaya Ndiaye Camara Cissé Bouzid Rahmani Ferreira Yilmaz "
    "Barbier Brun Schmitt Colin Vidal Caron Picard Roger Arnaud Aubert Giraud Lacroix Renard Fabre Marie "
    "Hoarau Payet Grondin Rivière Boyer Jacob Philippe Leclerc Brunet Hubert Lemoine Bailly Carpentier "
    "Lebrun Moulin Louis Deschamps Huet Vasseur Benoît Collet Rolland Leclercq Poirier Renaud Hamel Klein "
    "Gomez Mallet Lecomte Cordier Riviere Aubry Charles Rey Guillot Marty Etienne Tessier Dumas Boucher"
)
PRENOMS = {
    "F": mots(
        "Léa Chloé Inès Jade Louise Emma Zoé Manon Camille Lina Sarah Maëlys Anaïs Clara Lou Yasmine Aya "
        "Nour Fatoumata Aïssatou Océane Lucie Romane Salomé Eva Justine Amira Melissa Kenza Mathilde Lilou "
        "Julia Alicia Elsa Margaux Noémie Laura Marine Sofia Hana Maya Jeanne Ambre Lola Nina Célia Imane"
    ),
    "M": mots(
        "Lucas Hugo Théo Nathan Enzo Mathéo Raphaël Louis Noah Adam Ethan Tom Maël Yanis Sofiane Rayan Ilyes "
        "Kylian Mohamed Moussa Mamadou Bilal Axel Dylan Kevin Quentin Baptiste Julien Maxime Samuel Gabriel "
        "Arthur Jules Léo Nolan Evan Mathis Clément Antoine Thomas Romain Alexis Sacha Amine Ibrahim Ryan"
    ),
}

NATIONAUX = [
    ("dgesco", "DGESCO", TypeOrganisation.DGESCO),
    ("dgefp", "DGEFP", TypeOrganisation.DGEFP),
    ("unml", "Union nationale des missions locales", TypeOrganisation.UNML),
    ("ft-national", "France Travail — direction générale", TypeOrganisation.FRANCE_TRAVAIL_NATIONAL),
]
REGIONAUX = [
    ("region", "Région académique {}", TypeOrganisation.REGION_ACADEMIQUE),
    ("dr-ft", "Direction régionale France Travail {}", TypeOrganisation.DIRECTION_REGIONALE_FT),
    ("arml", "ARML {}", TypeOrganisation.ARML),
    ("dreets", "DREETS {}", TypeOrganisation.DREETS),
]


class GenerationImpossible(RuntimeError):
    """The database is not one the generator may fill (not PostgreSQL, or not empty)."""


@dataclass
class Contexte:
    seed: int
    annees: list[AnneeScolaire]  # oldest first
    nb_lycees: int = LYCEES_PAR_DEFAUT
    sortie: Callable[[str], None] = print
    aujourd_hui: object = None
    maintenant: object = None
    objets: dict = field(default_factory=dict)
    comptes_bench: list[dict] = field(default_factory=list)
    lignes: dict[str, int] = field(default_factory=dict)  # table → rows written
    mot_de_passe_bench: str = ""

    def __post_init__(self):
        self.maintenant = self.maintenant or timezone.now()
        self.aujourd_hui = self.aujourd_hui or timezone.localdate()

    # -- randomness ---------------------------------------------------------------------------------

    def hasard(self, *cles) -> random.Random:
        """A generator of its own for one step: the same seed and step give the same draws."""
        return random.Random(":".join(["avenirpro-national", str(self.seed), *map(str, cles)]))  # noqa: S311

    @staticmethod
    def uuid(hasard: random.Random) -> uuid.UUID:
        return uuid.UUID(int=hasard.getrandbits(128), version=4)

    @staticmethod
    def mot_de_passe_inutilisable(hasard: random.Random) -> str:
        # What make_password(None) stores: « ! » then random characters (never a valid hash).
        return f"!{hasard.getrandbits(160):040x}"

    # -- bulk writing -------------------------------------------------------------------------------

    @staticmethod
    def reserver(modele, n: int) -> int:
        """Reserve ``n`` consecutive ids of ``modele``'s table; the first one."""
        if n <= 0:
            return 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [modele._meta.db_table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            premier = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, premier + n - 1])
        return premier

    def copier(self, table: str, colonnes: str, lignes: Iterable[tuple]) -> int:
        """COPY ``lignes`` into ``table`` (psycopg 3): ``colonnes`` names the columns, separated by spaces;
        the number of rows."""
        colonnes = mots(colonnes)
        n = 0
        with connection.cursor() as cursor:
            sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(colonnes)}) FROM STDIN"
            with cursor.copy(sql) as copie:
                for ligne in lignes:
                    copie.write_row(ligne)
                    n += 1
        self.lignes[table] = self.lignes.get(table, 0) + n
        return n

    @contextmanager
    def index_reportes(self, *modeles):
        """The secondary indexes of these tables (neither the primary key nor a constraint's) dropped while
        the tables are filled, rebuilt at the end: one sort per index instead of one insertion per row.
        Inside the generator's transaction: should anything fail, they come back with the rollback."""
        tables = [m._meta.db_table for m in modeles]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [tables],
            )
            index = cursor.fetchall()
            for nom, _ in index:
                cursor.execute(f"DROP INDEX {nom}")
        yield
        with (
            self.etape(f"{tables[0].split('_')[0]} : {len(index)} index reconstruits"),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in index:
                cursor.execute(definition)

    @contextmanager
    def etape(self, nom: str):
        """One line of progress per step: its name, the rows it wrote, its seconds."""
        avant = sum(self.lignes.values())
        debut = time.perf_counter()
        yield
        duree = time.perf_counter() - debut
        self.sortie(f"  {nom:<52} {sum(self.lignes.values()) - avant:>10,} lignes {duree:7.1f} s")

    # -- people -------------------------------------------------------------------------------------

    def creer_personnes(self, personnes: list[dict], hasard: random.Random) -> list[int]:
        """Users and their memberships, in bulk: each dict has email, prenom, nom, role, organisation
        (an id) and optionally ``bench`` (the known password). Returns the user ids, in order."""
        premier = self.reserver(User, len(personnes))
        ids = list(range(premier, premier + len(personnes)))
        if any(p.get("bench") for p in personnes) and not self.mot_de_passe_bench:
            self.mot_de_passe_bench = make_password(BENCH_PASSWORD)
        self.copier(
            User._meta.db_table,
            "id password is_superuser uuid email prenom nom is_active is_staff date_joined",
            (
                (
                    uid,
                    self.mot_de_passe_bench if p.get("bench") else self.mot_de_passe_inutilisable(hasard),
                    False,
                    self.uuid(hasard),
                    p["email"],
                    p["prenom"],
                    p["nom"],
                    True,
                    False,
                    self.maintenant,
                )
                for uid, p in zip(ids, personnes, strict=True)
            ),
        )
        self.copier(
            Membership._meta.db_table,
            "uuid role cree_le user_id organisation_id",
            (
                (self.uuid(hasard), p["role"], self.maintenant, uid, p["organisation"])
                for uid, p in zip(ids, personnes, strict=True)
            ),
        )
        return ids

    def creer_organisations(self, organisations: list[dict], hasard: random.Random) -> list[int]:
        """Organisations in bulk (nom, type, region, academie: ids or None); their ids, in order."""
        premier = self.reserver(Organisation, len(organisations))
        ids = list(range(premier, premier + len(organisations)))
        self.copier(
            Organisation._meta.db_table,
            "id uuid nom type cree_le academie_id region_id",
            (
                (
                    oid,
                    self.uuid(hasard),
                    o["nom"],
                    o["type"],
                    self.maintenant,
                    o.get("academie"),
                    o.get("region"),
                )
                for oid, o in zip(ids, organisations, strict=True)
            ),
        )
        return ids

    def donner_mot_de_passe_bench(self, user_id: int) -> None:
        """The known benchmark password for one user chosen after its creation (a lycée's head)."""
        if not self.mot_de_passe_bench:
            self.mot_de_passe_bench = make_password(BENCH_PASSWORD)
        User.objects.filter(pk=user_id).update(password=self.mot_de_passe_bench)

    @staticmethod
    def personne(hasard: random.Random) -> tuple[str, str]:
        sexe = hasard.choice("FM")
        return hasard.choice(PRENOMS[sexe]), hasard.choice(NOMS)

    def noter_compte_bench(self, profil: str, user_id: int, **details) -> None:
        """Record a benchmark account (written to var/bench-accounts.json at the end)."""
        self.comptes_bench.append({"profil": profil, "user_id": user_id, **details})

    def ecrire_comptes_bench(self) -> Path:
        from avenirpro.api.tokens import jeton_demo
        from avenirpro.comptes.demo import configurer_mfa_demo

        comptes = []
        for compte in self.comptes_bench:
            user = User.objects.get(pk=compte.pop("user_id"))
            entree = {
                "profil": compte.pop("profil"),
                "email": user.email,
                "password": BENCH_PASSWORD,
                **compte,
            }
            entree["api_token"] = jeton_demo(user)
            configurer_mfa_demo(user, entree)
            comptes.append(entree)
        chemin = Path(settings.VAR_DIR) / "bench-accounts.json"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(json.dumps(comptes, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return chemin


def verifier_base_vide() -> None:
    """The generator fills an empty PostgreSQL database only (régions, académies and years excepted)."""
    if connection.vendor != "postgresql":
        raise GenerationImpossible(
            "Le jeu de données national se génère sur PostgreSQL uniquement (la base configurée est "
            f"{connection.vendor}) : définissez DATABASE_URL=postgres://… vers une base dédiée, par exemple "
            "avenirpro_national, puis lancez migrate."
        )
    lycees = Organisation.objects.filter(type=TypeOrganisation.LYCEE).count()
    autres = Organisation.objects.count() - lycees
    generes = User.objects.filter(email__endswith=f"@{DOMAINE}").count()
    if lycees or autres or generes:
        raise GenerationImpossible(
            f"La base n'est pas vide : elle contient déjà {lycees} lycée(s), {autres} autre(s) "
            f"organisation(s) et {generes} compte(s) @{DOMAINE}. Le jeu national se génère dans une base "
            "neuve (createdb avenirpro_national, migrate) : rien n'a été écrit."
        )


def annees_generees(nombre: int, aujourd_hui) -> list[AnneeScolaire]:
    """The current school year and the ``nombre - 1`` before it, oldest first (created by migration)."""
    courante = AnneeScolaire.annee_debut_pour(aujourd_hui)
    return [
        AnneeScolaire.objects.get_or_create(annee_debut=d)[0]
        for d in range(courante - nombre + 1, courante + 1)
    ]


def _repartir(total: int, poids: dict, hasard: random.Random) -> dict:
    """``total`` split over ``poids``' keys in proportion (largest remainders; ties drawn)."""
    somme = sum(poids.values())
    parts = {cle: total * p / somme for cle, p in poids.items()}
    entiers = {cle: int(v) for cle, v in parts.items()}
    reste = total - sum(entiers.values())
    ordre = sorted(parts, key=lambda c: (parts[c] - entiers[c], hasard.random()), reverse=True)
    for cle in ordre[:reste]:
        entiers[cle] += 1
    return entiers


# --- The kernel's part ------------------------------------------------------------------------------


def generer(ctx: Contexte) -> None:
    """National and regional bodies and their pilots, the operators of each académie and their
    counsellors (1 to 3 each). Sets ``territoire``, ``conseillers`` and ``bench_operateur``."""
    hasard = ctx.hasard("noyau")
    academies = {a.code: a for a in Academie.objects.select_related("region")}
    regions = list(RegionAcademique.objects.order_by("code"))

    with ctx.etape("noyau : territoire et répartition FT/ML"):
        par_academie = _repartir(
            ctx.nb_lycees, {code: poids for code, (poids, _) in ACADEMIES.items()}, hasard
        )
        territoire = {}
        for rang, region in enumerate(regions):
            codes = [c for c in ACADEMIES if academies[c].region_id == region.pk]
            total = sum(par_academie[c] for c in codes)
            # Half the lycées of each région to each network; an odd one alternates between régions.
            n_ft = total // 2 + (total % 2 if rang % 2 == 0 else 0)
            places = [c for c in codes for _ in range(par_academie[c])]
            hasard.shuffle(places)
            for code in codes:
                ft = places[:n_ft].count(code)
                territoire[academies[code].pk] = {
                    "code": code,
                    "region": region.pk,
                    "region_nom": region.nom,
                    "nb_lycees": par_academie[code],
                    "nb_ft": ft,
                    "nb_ml": par_academie[code] - ft,
                    "communes": ACADEMIES[code][1],
                    "agences": [],
                    "missions": [],
                }
        ctx.objets["territoire"] = territoire

    with ctx.etape("noyau : organisations nationales, régionales, opérateurs"):
        organisations = [{"nom": nom, "type": type_, "cle": cle} for cle, nom, type_ in NATIONAUX]
        for region in regions:
            for cle, modele, type_ in REGIONAUX:
                organisations.append(
                    {"nom": modele.format(region.nom), "type": type_, "region": region.pk, "cle": cle}
                )
        for _code, academie in sorted(academies.items()):
            organisations.append(
                {
                    "nom": f"Académie de {academie.nom}",
                    "type": TypeOrganisation.ACADEMIE,
                    "region": academie.region_id,
                    "academie": academie.pk,
                    "cle": "academie",
                }
            )
        operateurs = []
        for academie_id, t in sorted(territoire.items()):
            region_id = t["region"]
            n_ag = min(t["nb_ft"], max(1, round(t["nb_ft"] * AGENCES_FT_PAR_LYCEE))) if t["nb_ft"] else 0
            n_ml = (
                min(t["nb_ml"], max(1, round(t["nb_ml"] * MISSIONS_LOCALES_PAR_LYCEE))) if t["nb_ml"] else 0
            )
            for type_, n, liste in (
                (TypeOrganisation.AGENCE_FT, n_ag, "agences"),
                (TypeOrganisation.MISSION_LOCALE, n_ml, "missions"),
            ):
                for i in range(n):
                    commune = t["communes"][i % len(t["communes"])][1]
                    numero = f" {i // len(t['communes']) + 1}" if n > len(t["communes"]) else ""
                    nom = (
                        f"Agence France Travail {commune}{numero}"
                        if type_ == TypeOrganisation.AGENCE_FT
                        else f"Mission locale de {commune}{numero}"
                    )
                    operateurs.append((academie_id, liste))
                    organisations.append(
                        {"nom": nom, "type": type_, "region": region_id, "academie": academie_id, "cle": "op"}
                    )
        ids = ctx.creer_organisations(organisations, hasard)
        for org, oid in zip(organisations, ids, strict=True):
            org["id"] = oid
        for (academie_id, liste), org in zip(operateurs, organisations[-len(operateurs) :], strict=True):
            territoire[academie_id][liste].append(org["id"])

    with ctx.etape("noyau : pilotes et conseillers"):
        personnes = []
        for org in organisations:
            if org["cle"] == "op":
                continue
            prenom, nom = ctx.personne(hasard)
            role = (
                Role.PILOTE_NATIONAL if org["type"] in TypeOrganisation.nationaux() else Role.PILOTE_REGIONAL
            )
            personnes.append(
                {
                    "email": f"pilote.{slugify(org['nom'])}@{DOMAINE}",
                    "prenom": prenom,
                    "nom": nom,
                    "role": role,
                    "organisation": org["id"],
                }
            )
        # The benchmark counsellor: a mission locale of the largest académie of the largest région
        # (missions locales serve more lycées each than agences do).
        par_region: dict[int, int] = {}
        for t in territoire.values():
            par_region[t["region"]] = par_region.get(t["region"], 0) + t["nb_lycees"]
        plus_grande = max(sorted(par_region), key=lambda r: par_region[r])
        academie_bench = max(
            sorted(a for a, t in territoire.items() if t["region"] == plus_grande and t["missions"]),
            key=lambda a: territoire[a]["nb_ml"],
            default=None,
        )
        bench_operateur = territoire[academie_bench]["missions"][0] if academie_bench else None
        ctx.objets["bench_operateur"] = bench_operateur
        ctx.objets["plus_grande_region"] = plus_grande
        conseillers_de = []
        noms_org = {o["id"]: o["nom"] for o in organisations}
        for t in territoire.values():
            for oid in t["agences"] + t["missions"]:
                n = 3 if oid == bench_operateur else hasard.choice((1, 2, 2, 3))
                for k in range(n):
                    prenom, nom = ctx.personne(hasard)
                    conseillers_de.append(oid)
                    personnes.append(
                        {
                            "email": f"conseiller{k + 1}.{slugify(noms_org[oid])}@{DOMAINE}",
                            "prenom": prenom,
                            "nom": nom,
                            "role": Role.CONSEILLER,
                            "organisation": oid,
                            "bench": oid == bench_operateur and k == 0,
                        }
                    )
        # Benchmark pilots: the région académique of the largest région, and the DGESCO (first).
        pilote_regional = next(
            i
            for i, p in enumerate(personnes)
            if p["organisation"]
            == next(
                o["id"]
                for o in organisations
                if o["type"] == TypeOrganisation.REGION_ACADEMIQUE and o.get("region") == plus_grande
            )
        )
        personnes[pilote_regional]["bench"] = True
        personnes[0]["bench"] = True
        ids = ctx.creer_personnes(personnes, hasard)
        conseillers: dict[int, list[int]] = {}
        for uid, p in zip(ids, personnes, strict=True):
            if p["role"] == Role.CONSEILLER:
                conseillers.setdefault(p["organisation"], []).append(uid)
        ctx.objets["conseillers"] = conseillers
        ctx.objets["bench_conseiller"] = conseillers[bench_operateur][0] if bench_operateur else None
        ctx.noter_compte_bench(
            "pilote_national", ids[0], role=Role.PILOTE_NATIONAL, organisation=organisations[0]["nom"]
        )
        region_nom = next(r.nom for r in regions if r.pk == plus_grande)
        ctx.noter_compte_bench(
            "pilote_regional",
            ids[pilote_regional],
            role=Role.PILOTE_REGIONAL,
            organisation=f"Région académique {region_nom}",
            region=region_nom,
            nb_lycees_region=par_region[plus_grande],
        )
