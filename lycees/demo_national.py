"""National data set, this app's part (``seed_demo --scale national``): lycées with valid UAIs, their
staff, one assignment per lycée and school year (the 50/50 FT/ML split decided by the kernel per région),
the counsellors named on it (1 to 40 lycées each), the final-year classes and students of every year.

Sets ``contexte.objets``:
- ``lycees``: one dict per lycée (id, organisation, uai, académie, région, operateur);
- ``par_annee[annee_id]``: ``affectations`` {lycée id: (operator id, [counsellor ids])} and ``divisions``
  {lycée id: [(division id, diplôme, [student ids])]} — what séances, interviews and enrolments need.
"""

import datetime

from avenirpro.demo_national import (
    DOMAINE,
    LYCEES_CONSEILLER_BENCH,
    LYCEES_MAX_PAR_OPERATEUR,
    NOMS,
    PRENOMS,
    Contexte,
)
from avenirpro.enums import Role, TypeOrganisation
from lycees.enums import Diplome, MoyenInformation, ParcoursChoisi, ResultatExamen, Secteur, Solution
from lycees.models import Affectation, Division, Eleve, Lycee
from lycees.recherche import normaliser_nom
from lycees.validators import lettre_cle_uai


def _liste(texte: str) -> list[str]:
    return texte.split("|")


PERSONNAGES = _liste(
    "Jean Jaurès|Louise Michel|Jean Moulin|Marie Curie|Victor Hugo|Gustave Eiffel|Léonard de Vinci|"
    "Jules Verne|Simone Veil|Édouard Branly|Paul Langevin|Émile Zola|Pierre Mendès France|Jacques Prévert|"
    "Condorcet|Camille Claudel|Olympe de Gouges|Gaston Bachelard|Marcel Pagnol|Antoine de Saint-Exupéry|"
    "Aristide Briand|Joliot-Curie|Albert Camus|Jean Rostand|Hélène Boucher|Toussaint Louverture|"
    "Nelson Mandela|Robert Schuman|Guy Môquet|Lucie Aubrac|Georges Brassens|Charles de Gaulle|Le Corbusier|"
    "Henri Matisse|Auguste Perret|Françoise Dolto|Niki de Saint Phalle|Rosa Parks|Aimé Césaire|Frantz Fanon"
)
METIERS = _liste(
    "des métiers|des métiers du bâtiment|hôtelier|des métiers de l'automobile|agricole|du tertiaire|"
    "industriel|des métiers d'art|polyvalent|maritime"
)

# (diplôme, share of the classes, [(class code, speciality)])
CATALOGUE = [
    (
        Diplome.BAC_PRO,
        0.70,
        [
            ("MELEC", "Métiers de l'électricité et de ses environnements connectés"),
            ("MCV", "Métiers du commerce et de la vente"),
            ("AGORA", "Assistance à la gestion des organisations et de leurs activités"),
            ("MSPC", "Maintenance des systèmes de production connectés"),
            ("ASSP", "Accompagnement, soins et services à la personne"),
            ("MV", "Maintenance des véhicules"),
            ("OTM", "Organisation de transport de marchandises"),
            ("CUIS", "Cuisine"),
            ("CSR", "Commercialisation et services en restauration"),
            ("TMA", "Technicien menuisier agenceur"),
            ("MA", "Métiers de l'accueil"),
            ("LOG", "Logistique"),
        ],
    ),
    (
        Diplome.CAP,
        0.28,
        [
            ("EPC", "Équipier polyvalent du commerce"),
            ("ELEC", "Électricien"),
            ("AEPE", "Accompagnant éducatif petite enfance"),
            ("CUIS", "Cuisinier"),
            ("MVA", "Maintenance des véhicules, option voitures particulières"),
            ("MACON", "Maçon"),
            ("APR", "Agent polyvalent de restauration"),
        ],
    ),
    (Diplome.BMA, 0.015, [("EBE", "Ébéniste"), ("GRAPH", "Graphisme et décor")]),
    (Diplome.DTMS, 0.005, [("TS", "Techniques de scène")]),
]
PREFIXES = {Diplome.BAC_PRO: "TBP", Diplome.CAP: "TCAP", Diplome.BMA: "TBMA", Diplome.DTMS: "TDTMS"}
# Solutions known at the end of a past school year (blank: not known).
SOLUTIONS = [
    (Solution.EMPLOI, 22),
    (Solution.APPRENTISSAGE, 14),
    (Solution.POURSUITE_ETUDES, 30),
    (Solution.FORMATION, 6),
    (Solution.REDOUBLEMENT, 4),
    (Solution.AUCUNE, 9),
    (Solution.NON_CONNUE, 15),
]


def generer(ctx: Contexte) -> None:
    lycees = _lycees(ctx)
    _personnels(ctx, lycees)
    ctx.objets["par_annee"] = {}
    with ctx.index_reportes(Eleve, Division):
        for annee in ctx.annees:
            ctx.objets["par_annee"][annee.pk] = {"affectations": _affectations(ctx, lycees, annee)}
            ctx.objets["par_annee"][annee.pk]["divisions"] = _effectifs(ctx, lycees, annee)
    _comptes_bench(ctx, lycees)


# --- Lycées, their staff, their operator -------------------------------------------------------------


def _lycees(ctx: Contexte) -> list[dict]:
    hasard = ctx.hasard("lycees")
    lycees: list[dict] = []
    uais: set[str] = set()
    noms: set[tuple[str, str]] = set()
    with ctx.etape("lycees : lycées (organisations, UAI)"):
        for academie_id, t in sorted(ctx.objets["territoire"].items()):
            reseaux = ["ft"] * t["nb_ft"] + ["ml"] * t["nb_ml"]
            hasard.shuffle(reseaux)
            for i, reseau in enumerate(reseaux):
                departement, commune = t["communes"][i % len(t["communes"])]
                while True:
                    chiffres = f"{departement}{hasard.randrange(10000):04d}"
                    uai = chiffres + lettre_cle_uai(chiffres)
                    if uai not in uais:
                        break
                uais.add(uai)
                while True:
                    nom = f"Lycée professionnel {hasard.choice(METIERS)} {hasard.choice(PERSONNAGES)}"
                    if (nom, commune) not in noms or len(noms) > 10 * len(PERSONNAGES) * len(METIERS):
                        break
                noms.add((nom, commune))
                lycees.append(
                    {
                        "uai": uai,
                        "nom": nom,
                        "commune": commune,
                        "academie": academie_id,
                        "region": t["region"],
                        "reseau": reseau,
                        "secteur": Secteur.PUBLIC if hasard.random() < 0.78 else Secteur.PRIVE_SOUS_CONTRAT,
                        # Final-year classes: ~5 on average, 1 to 16.
                        "taille": max(1, min(16, round(hasard.lognormvariate(1.48, 0.5)))),
                    }
                )
        orgs = ctx.creer_organisations(
            [
                {
                    "nom": ly["nom"],
                    "type": TypeOrganisation.LYCEE,
                    "region": ly["region"],
                    "academie": ly["academie"],
                }
                for ly in lycees
            ],
            hasard,
        )
        premier = ctx.reserver(Lycee, len(lycees))
        for i, (ly, org) in enumerate(zip(lycees, orgs, strict=True)):
            ly["id"], ly["organisation"] = premier + i, org
        ctx.copier(
            Lycee._meta.db_table,
            "id uuid uai nom commune secteur organisation_id",
            (
                (
                    ly["id"],
                    ctx.uuid(hasard),
                    ly["uai"],
                    ly["nom"],
                    ly["commune"],
                    ly["secteur"],
                    ly["organisation"],
                )
                for ly in lycees
            ),
        )
    with ctx.etape("lycees : opérateur et conseillers de chaque lycée"):
        _operateurs(ctx, lycees, hasard)
    ctx.objets["lycees"] = lycees
    return lycees


def _operateurs(ctx: Contexte, lycees: list[dict], hasard) -> None:
    """Each operator of an académie serves 1 to 40 of its lycées (the benchmark's mission locale 30);
    each lycée names 1 or 2 of its operator's counsellors, and every counsellor is named somewhere."""
    bench = ctx.objets.get("bench_operateur")
    conseillers = ctx.objets["conseillers"]
    for academie_id, t in ctx.objets["territoire"].items():
        for reseau, operateurs in (("ft", t["agences"]), ("ml", t["missions"])):
            servis = [ly for ly in lycees if ly["academie"] == academie_id and ly["reseau"] == reseau]
            if not servis:
                continue
            part: dict[int, list[dict]] = {op: [] for op in operateurs}
            reste = list(servis)
            if bench in part:
                n = min(LYCEES_CONSEILLER_BENCH, len(reste) - (len(operateurs) - 1))
                part[bench], reste = reste[:n], reste[n:]
            for op in operateurs:
                if not part[op]:
                    part[op].append(reste.pop())
            poids = {op: hasard.paretovariate(1.2) for op in operateurs if op != bench}
            for ly in reste:
                ouverts = [op for op in poids if len(part[op]) < LYCEES_MAX_PAR_OPERATEUR]
                op = hasard.choices(ouverts, weights=[poids[o] for o in ouverts])[0]
                part[op].append(ly)
            for op, siens in part.items():
                equipe = conseillers[op]
                for j, ly in enumerate(siens):
                    noms = {equipe[j % len(equipe)]}
                    if len(equipe) > 1 and hasard.random() < 0.3:
                        noms.add(equipe[(j + 1) % len(equipe)])
                    if op == bench:
                        noms.add(equipe[0])
                    ly["operateur"], ly["conseillers"] = op, noms
                for k, conseiller in enumerate(equipe[len(siens) :]):  # fewer lycées than counsellors
                    siens[k % len(siens)]["conseillers"].add(conseiller)
            for ly in servis:
                ly["conseillers"] = sorted(ly["conseillers"])


def _personnels(ctx: Contexte, lycees: list[dict]) -> None:
    hasard = ctx.hasard("lycees", "personnels")
    with ctx.etape("lycees : chefs d'établissement, DDFPT, professeurs"):
        personnes = []
        for ly in lycees:
            base = ly["uai"].lower()
            roles = [("chef", Role.CHEF_ETABLISSEMENT), ("ddfpt", Role.DDFPT)] + [
                (f"professeur{k + 1}", Role.PROFESSEUR) for k in range(hasard.randint(2, 4))
            ]
            for local, role in roles:
                prenom, nom = ctx.personne(hasard)
                personnes.append(
                    {
                        "email": f"{local}.{base}@{DOMAINE}",
                        "prenom": prenom,
                        "nom": nom,
                        "role": role,
                        "organisation": ly["organisation"],
                    }
                )
        ids = ctx.creer_personnes(personnes, hasard)
        chefs = {
            p["organisation"]: uid
            for uid, p in zip(ids, personnes, strict=True)
            if p["role"] == "chef_etablissement"
        }
        for ly in lycees:
            ly["chef"] = chefs[ly["organisation"]]


def _affectations(ctx: Contexte, lycees: list[dict], annee) -> dict:
    hasard = ctx.hasard("lycees", "affectations", annee.annee_debut)
    with ctx.etape(f"lycees : affectations {annee}"):
        premier = ctx.reserver(Affectation, len(lycees))
        ctx.copier(
            Affectation._meta.db_table,
            "id uuid modifiee_le annee_id operateur_id lycee_id",
            (
                (premier + i, ctx.uuid(hasard), ctx.maintenant, annee.pk, ly["operateur"], ly["id"])
                for i, ly in enumerate(lycees)
            ),
        )
        ctx.copier(
            Affectation.conseillers.through._meta.db_table,
            "affectation_id user_id",
            ((premier + i, uid) for i, ly in enumerate(lycees) for uid in ly["conseillers"]),
        )
    return {ly["id"]: (ly["operateur"], ly["conseillers"]) for ly in lycees}


# --- Classes and students -----------------------------------------------------------------------------


def _effectifs(ctx: Contexte, lycees: list[dict], annee) -> dict:
    hasard = ctx.hasard("lycees", "effectifs", annee.annee_debut)
    terminee = annee.date_fin < ctx.aujourd_hui
    diplomes = [d for d, _, _ in CATALOGUE]
    parts = [p for _, p, _ in CATALOGUE]
    specialites = {d: s for d, _, s in CATALOGUE}
    divisions_par_lycee: dict[int, list] = {}
    with ctx.etape(f"lycees : classes {annee}"):
        lignes_div = []
        for ly in lycees:
            n = max(1, ly["taille"] + hasard.choice((-1, 0, 0, 0, 1)))
            vus: dict[str, int] = {}
            for _ in range(n):
                diplome = hasard.choices(diplomes, weights=parts)[0]
                code, specialite = hasard.choice(specialites[diplome])
                nom = f"{PREFIXES[diplome]} {code}"
                vus[nom] = vus.get(nom, 0) + 1
                if vus[nom] > 1:
                    nom = f"{nom} {'ABCDEFGHIJKLMNOP'[vus[nom] - 1]}"
                lignes_div.append((ly["id"], nom, diplome, specialite))
        premier = ctx.reserver(Division, len(lignes_div))
        ctx.copier(
            Division._meta.db_table,
            "id uuid nom diplome specialite annee_id lycee_id",
            (
                (premier + i, ctx.uuid(hasard), nom, diplome, specialite, annee.pk, lycee_id)
                for i, (lycee_id, nom, diplome, specialite) in enumerate(lignes_div)
            ),
        )
    with ctx.etape(f"lycees : élèves {annee}"):
        tailles = [round(hasard.triangular(12, 30, 29)) for _ in lignes_div]
        total = sum(tailles)
        premier_eleve = ctx.reserver(Eleve, total)
        informee_debut = annee.date_debut + datetime.timedelta(days=10)
        moyens = [
            MoyenInformation.COURRIER,
            MoyenInformation.ENT,
            MoyenInformation.REUNION,
            MoyenInformation.EMAIL,
        ]
        solutions = [s for s, _ in SOLUTIONS]
        poids_solutions = [p for _, p in SOLUTIONS]
        ine_base = hasard.randrange(10**9)
        maintenant = ctx.maintenant
        noms, prenoms_f, prenoms_m = NOMS, PRENOMS["F"], PRENOMS["M"]
        normalises = {n: normaliser_nom(n)[:100] for n in (*noms, *prenoms_f, *prenoms_m)}
        fin_annee = min(datetime.date(annee.annee_debut + 1, 7, 10), ctx.aujourd_hui)
        rnd, choice = hasard.random, hasard.choice

        def lignes():
            eid = premier_eleve
            for i, ((lycee_id, _nom, diplome, specialite), taille) in enumerate(
                zip(lignes_div, tailles, strict=True)
            ):
                division_id = premier + i
                ids = list(range(eid, eid + taille))
                divisions_par_lycee.setdefault(lycee_id, []).append((division_id, diplome, ids))
                for _ in range(taille):
                    sexe = "F" if rnd() < 0.42 else "M"
                    r = rnd()
                    naissance = datetime.date(
                        annee.annee_debut - (17 if r < 0.6 else 18 if r < 0.9 else 19 if r < 0.98 else 16),
                        1,
                        1,
                    ) + datetime.timedelta(days=int(rnd() * 365))
                    ine = f"{(ine_base + eid) % 10**10:010d}{'ABCDEFGHJK'[eid % 10]}" if rnd() < 0.7 else ""
                    r = rnd()
                    parcours = (
                        ParcoursChoisi.INSERTION if r < 0.55 else ParcoursChoisi.POURSUITE if r < 0.9 else ""
                    )
                    if terminee:
                        r = rnd()
                        resultat = ResultatExamen.ADMIS if r < 0.82 else ResultatExamen.NON_ADMIS
                        solution = hasard.choices(solutions, weights=poids_solutions)[0]
                        solution_le = fin_annee if solution else None
                    else:
                        resultat = solution = ""
                        solution_le = None
                    informee = None
                    moyen = ""
                    if rnd() < 0.8:
                        informee = min(
                            informee_debut + datetime.timedelta(days=int(rnd() * 45)), ctx.aujourd_hui
                        )
                        moyen = choice(moyens)
                    nom, prenom = choice(noms), choice(prenoms_f if sexe == "F" else prenoms_m)
                    yield (
                        eid,
                        ctx.uuid(hasard),
                        nom,
                        prenom,
                        normalises[nom],
                        normalises[prenom],
                        naissance,
                        sexe,
                        ine,
                        diplome,
                        specialite,
                        parcours,
                        resultat,
                        solution,
                        solution_le,
                        solution == Solution.POURSUITE_ETUDES,
                        informee,
                        moyen,
                        maintenant,
                        maintenant,
                        annee.pk,
                        division_id,
                        lycee_id,
                    )
                    eid += 1

        ctx.copier(
            Eleve._meta.db_table,
            "id uuid nom prenom nom_normalise prenom_normalise date_naissance sexe ine diplome specialite "
            "parcours resultat_examen solution solution_le parcoursup_accepte famille_informee_le "
            "famille_informee_par cree_le modifie_le annee_id division_id lycee_id",
            lignes(),
        )
    return divisions_par_lycee


def _comptes_bench(ctx: Contexte, lycees: list[dict]) -> None:
    """The head of a ~150-student lycée (this year), and the benchmark counsellor."""
    courante = ctx.objets["par_annee"][ctx.annees[-1].pk]["divisions"]
    effectif = {ly["id"]: sum(len(ids) for _, _, ids in courante.get(ly["id"], ())) for ly in lycees}
    choisi = min(lycees, key=lambda ly: (abs(effectif[ly["id"]] - 150), ly["uai"]))
    ctx.donner_mot_de_passe_bench(choisi["chef"])
    ctx.noter_compte_bench(
        "chef_etablissement",
        choisi["chef"],
        role=Role.CHEF_ETABLISSEMENT,
        organisation=choisi["nom"],
        uai=choisi["uai"],
        nb_eleves_annee_courante=effectif[choisi["id"]],
    )
    conseiller = ctx.objets.get("bench_conseiller")
    if conseiller:
        siens = [ly for ly in lycees if conseiller in ly["conseillers"]]
        ctx.noter_compte_bench(
            "conseiller",
            conseiller,
            role=Role.CONSEILLER,
            nb_lycees=len(siens),
            nb_annees=len(ctx.annees),
            nb_couples_lycee_annee=len(siens) * len(ctx.annees),
        )
