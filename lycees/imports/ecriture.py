"""Writing checked rows: classes created as needed, students matched then created or updated in bulk.

Matching (within the lycée and the school year): by INE, else by surname + first name + birth date
(accents and case aside). Re-importing the same file changes nothing; nothing is ever duplicated.
A few queries in all, whatever the number of rows: precomputed lookups, COPY, one set-based UPDATE.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from lycees.imports import valeurs
from lycees.imports.analyse import LigneEleve, cle_identite
from lycees.models import Division, Eleve, Lycee
from lycees.recherche import normaliser_nom

RAISON = "import des effectifs d'un lycée (droits vérifiés par le service)"
CHAMPS_COMPARES = [
    "nom",
    "prenom",
    "nom_normalise",
    "prenom_normalise",
    "date_naissance",
    "sexe",
    "ine",
    "division_id",
    "diplome",
    "specialite",
]
LOT = 500


@dataclass
class Appariement:
    nouvelles: list[LigneEleve] = field(default_factory=list)
    # (existing student, row): rows that change something
    modifiees: list[tuple[Eleve, LigneEleve]] = field(default_factory=list)
    inchangees: int = 0


def eleves_existants(lycee, annee) -> list:
    """The lycée's students of the year, as rows (``pk`` and the compared fields): no model instances for
    5,000 students that are only compared."""
    return list(
        Eleve.objects.unscoped(RAISON)
        .filter(lycee=lycee, annee=annee)
        .order_by("pk")
        .values_list("pk", *CHAMPS_COMPARES, named=True)
    )


def apparier(lignes: list[LigneEleve], existants: list[Eleve]) -> tuple[list, list]:
    """(row, existing student or None) for each row; a student is claimed by one row at most."""
    par_ine = {e.ine: e for e in existants if e.ine}
    par_identite = {cle_identite(e.nom, e.prenom, e.date_naissance): e for e in existants}
    reclames: dict[int, LigneEleve] = {}
    couples, conflits = [], []
    for ligne in lignes:
        eleve = par_ine.get(ligne.ine) if ligne.ine else None
        if eleve is None:
            candidat = par_identite.get(ligne.cle_identite)
            # Same name and birth date but another INE: another person.
            if candidat is not None and (not ligne.ine or not candidat.ine or candidat.ine == ligne.ine):
                eleve = candidat
        if eleve is not None:
            deja = reclames.get(eleve.pk)
            if (
                deja is not None
                and ligne.ine
                and deja.ine
                and ligne.ine != deja.ine
                and eleve.ine != ligne.ine
            ):
                # Matched by name and birth date only, and another row with another INE took that
                # record: two namesakes (twins…), the second one is a new student.
                couples.append((ligne, None))
                continue
            if deja is not None:
                conflits.append(
                    {
                        "ligne": ligne.numero,
                        "ref": ligne.ref,
                        "message": f"désigne le même élève que {deja.ref[:1].lower()}{deja.ref[1:]}",
                        "division": valeurs.cle_division(ligne.division),
                    }
                )
                continue
            reclames[eleve.pk] = ligne
        couples.append((ligne, eleve))
    return couples, conflits


def simuler(lignes: list[LigneEleve], lycee, annee, diplomes_devines: dict[str, str]) -> dict[str, dict]:
    """For the preview, per class key: how many students would be created, updated, left unchanged."""
    divisions = {
        valeurs.cle_division(d.nom): d
        for d in Division.objects.unscoped(RAISON).filter(lycee=lycee, annee=annee)
    }
    couples, conflits = apparier(lignes, eleves_existants(lycee, annee))
    compte: dict[str, dict] = {}
    hypotheses = {cle: Division(diplome=d, specialite="") for cle, d in diplomes_devines.items()}
    for ligne, eleve in couples:
        cle = valeurs.cle_division(ligne.division)
        c = compte.setdefault(cle, {"nouveaux": 0, "mis_a_jour": 0, "inchanges": 0})
        division = divisions.get(cle) or hypotheses[cle]
        if eleve is None:
            c["nouveaux"] += 1
        elif any(getattr(eleve, k) != v for k, v in _valeurs_cibles(ligne, eleve, division).items()):
            c["mis_a_jour"] += 1
        else:
            c["inchanges"] += 1
    return {"compte": compte, "conflits": conflits, "existantes": divisions}


def _valeurs_cibles(ligne: LigneEleve, eleve: Eleve | None, division: Division) -> dict:
    nom = _nom_garde(ligne.nom, eleve.nom if eleve else None)
    prenom = _nom_garde(ligne.prenom, eleve.prenom if eleve else None)
    return {
        "nom": nom,
        "prenom": prenom,
        "nom_normalise": normaliser_nom(nom)[:100],
        "prenom_normalise": normaliser_nom(prenom)[:100],
        "date_naissance": ligne.date_naissance,
        "sexe": ligne.sexe,
        # A file without INE never erases a known one.
        "ine": ligne.ine or (eleve.ine if eleve else ""),
        "division_id": division.pk,
        "diplome": ligne.diplome or division.diplome,
        "specialite": ligne.specialite or division.specialite,
    }


def appliquer(
    lycee: Lycee,
    annee,
    lignes: list[LigneEleve],
    nouvelles_divisions: dict[str, dict],
    progression: Callable[[int, int], None] | None = None,
) -> dict:
    """Write the rows. Call inside transaction.atomic(): any error leaves nothing written.

    ``nouvelles_divisions``: for each class of the rows not yet in the lycée this year, its name, diploma
    and speciality as chosen in the preview.
    """
    # One import at a time per lycée (PostgreSQL row lock; SQLite serialises writers anyway).
    list(Lycee.objects.select_for_update().filter(pk=lycee.pk).values_list("pk", flat=True))
    divisions = {
        valeurs.cle_division(d.nom): d
        for d in Division.objects.unscoped(RAISON).filter(lycee=lycee, annee=annee)
    }
    a_creer = []
    noms = {valeurs.cle_division(ligne.division): ligne.division for ligne in lignes}
    for cle in sorted(noms.keys() - divisions.keys()):
        choix = nouvelles_divisions.get(cle) or {}
        if not choix.get("diplome"):
            raise ValidationError(f"Choisissez le diplôme préparé de la nouvelle classe {noms[cle]}.")
        a_creer.append(
            Division(
                lycee=lycee,
                annee=annee,
                nom=choix.get("nom") or noms[cle],
                diplome=choix["diplome"],
                specialite=choix.get("specialite", "")[:200],
            )
        )
    if a_creer:
        Division.objects.bulk_create(a_creer)
        divisions = {
            valeurs.cle_division(d.nom): d
            for d in Division.objects.unscoped(RAISON).filter(lycee=lycee, annee=annee)
        }

    couples, conflits = apparier(lignes, eleves_existants(lycee, annee))
    if conflits:
        raise ValidationError([f"{c['ref']} : {c['message']}" for c in conflits[:20]])

    total = len(couples)
    maintenant = timezone.now()
    nouveaux, modifies, inchanges = [], [], 0
    for ligne, eleve in couples:
        cible = _valeurs_cibles(ligne, eleve, divisions[valeurs.cle_division(ligne.division)])
        if eleve is None:
            nouveaux.append(cible)
        elif any(getattr(eleve, champ) != v for champ, v in cible.items()):
            modifies.append((eleve.pk, cible))
        else:
            inchanges += 1

    faits = inchanges
    for debut in range(0, len(nouveaux), LOT):
        lot = nouveaux[debut : debut + LOT]
        inserer(
            lot, {"lycee_id": lycee.pk, "annee_id": annee.pk, "cree_le": maintenant, "modifie_le": maintenant}
        )
        faits += len(lot)
        if progression:
            progression(faits, total)
    for debut in range(0, len(modifies), LOT):
        lot = modifies[debut : debut + LOT]
        mettre_a_jour(lot, maintenant)
        faits += len(lot)
        if progression:
            progression(faits, total)
    resultat = {
        "crees": len(nouveaux),
        "mis_a_jour": len(modifies),
        "inchanges": inchanges,
        "divisions_creees": [d.nom for d in a_creer],
    }
    if gardes := noms_gardes(couples):
        resultat["noms_gardes"] = gardes
    return resultat


def _nom_garde(nouveau: str, ancien: str | None) -> str:
    # The row was matched (by INE, or name and birth date): a spelling without the accents is the
    # same name, less well written: the record keeps its own.
    return ancien if ancien is not None and valeurs.moins_bien_ecrit(nouveau, ancien) else nouveau


def noms_gardes(couples) -> int:
    """How many matched rows spell a name without the accents the record has (the record's kept)."""
    return sum(
        1
        for ligne, eleve in couples
        if eleve is not None
        and (
            valeurs.moins_bien_ecrit(ligne.nom, eleve.nom)
            or valeurs.moins_bien_ecrit(ligne.prenom, eleve.prenom)
        )
    )


# --- bulk writes ---------------------------------------------------------------------------------
# bulk_create spends most of its time compiling one placeholder per value (≈ 18 × 5,000 here). The
# rows below go straight to multi-row INSERTs (UPDATEs to executemany), each value converted the way
# the field itself would (dates, datetimes, UUIDs); the other columns take the field's default once.


def _convertisseur(champ, connection):
    interne = champ.get_internal_type()
    if interne == "UUIDField" and not connection.features.has_native_uuid_field:
        return lambda v: v.hex if v is not None else None
    if interne == "DateField":
        return connection.ops.adapt_datefield_value
    if interne == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if interne in ("CharField", "TextField", "ForeignKey", "UUIDField", "BigAutoField", "AutoField"):
        return None  # the value as is
    return lambda v: champ.get_db_prep_save(v, connection)


def inserer(rangees: list[dict], constantes: dict) -> None:
    """INSERT the students ``rangees`` (attname → value), ``constantes`` shared by every row."""
    connection = connections[router.db_for_write(Eleve)]
    colonnes, fabriques = [], []
    for champ in Eleve._meta.concrete_fields:
        if champ.primary_key:
            continue
        colonnes.append(connection.ops.quote_name(champ.column))
        conv = _convertisseur(champ, connection)
        if champ.attname == "uuid":
            fabriques.append(("uuid", conv or (lambda v: v), True))
        elif champ.attname in rangees[0]:
            fabriques.append((champ.attname, conv, False))
        else:
            valeur = constantes.get(champ.attname, champ.get_default())
            fabriques.append((None, champ.get_db_prep_save(valeur, connection), None))
    parametres = []
    for rangee in rangees:
        ligne = []
        for attname, conv, est_uuid in fabriques:
            if est_uuid:
                ligne.append(conv(uuid.uuid4()))
            elif attname is None:
                ligne.append(conv)
            else:
                v = rangee[attname]
                ligne.append(conv(v) if conv is not None and v is not None else v)
        parametres.append(ligne)
    # Only the quoted names of our own table and columns are interpolated; values go as parameters.
    table = connection.ops.quote_name(Eleve._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY: the fastest way in, and no giant statement for the driver to parse.
        with (
            connection.cursor() as curseur,
            curseur.cursor.copy(f"COPY {table} ({', '.join(colonnes)}) FROM STDIN") as copie,
        ):
            for ligne in parametres:
                copie.write_row(ligne)
        return
    # Elsewhere several rows per INSERT, as many as the database takes parameters.
    limite = connection.features.max_query_params
    par_requete = max(1, min(LOT, limite // len(colonnes))) if limite else LOT
    rangee_sql = f"({', '.join(['%s'] * len(colonnes))})"
    with connection.cursor() as curseur:
        for debut in range(0, len(parametres), par_requete):
            paquet = parametres[debut : debut + par_requete]
            valeurs_sql = ", ".join([rangee_sql] * len(paquet))
            sql = f"INSERT INTO {table} ({', '.join(colonnes)}) VALUES {valeurs_sql}"  # noqa: S608
            curseur.execute(sql, [v for ligne in paquet for v in ligne])


def mettre_a_jour(modifies: list[tuple[int, dict]], maintenant) -> None:
    """UPDATE the students (pk, values): on PostgreSQL one set-based UPDATE … FROM a temporary table
    filled by COPY; elsewhere the same statement for each row (executemany)."""
    connection = connections[router.db_for_write(Eleve)]
    qn = connection.ops.quote_name
    champs = [Eleve._meta.get_field(a.removesuffix("_id")) for a in CHAMPS_COMPARES]
    convs = [_convertisseur(c, connection) for c in champs]
    modifie_le = connection.ops.adapt_datetimefield_value(maintenant)
    table, cle = qn(Eleve._meta.db_table), qn(Eleve._meta.pk.column)
    parametres = []
    for pk, valeurs_cibles in modifies:
        ligne = []
        for attname, conv in zip(CHAMPS_COMPARES, convs, strict=True):
            v = valeurs_cibles[attname]
            ligne.append(conv(v) if conv is not None and v is not None else v)
        parametres.append([*ligne, pk])
    # Only the quoted names of our own table and columns are interpolated; values go as parameters.
    if connection.vendor == "postgresql":
        temporaire = qn("lycees_import_eleves_modifies")
        colonnes = [qn(c.column) for c in champs]
        types = [c.db_type(connection) for c in champs]
        definitions = ", ".join(f"{col} {t}" for col, t in zip(colonnes, types, strict=True))
        assignations = ", ".join(f"{col} = t.{col}" for col in colonnes)
        with connection.cursor() as curseur:
            curseur.execute(f"CREATE TEMPORARY TABLE {temporaire} ({definitions}, {cle} bigint PRIMARY KEY)")
            with curseur.cursor.copy(f"COPY {temporaire} ({', '.join(colonnes)}, {cle}) FROM STDIN") as copie:
                for ligne in parametres:
                    copie.write_row(ligne)
            curseur.execute(
                f"UPDATE {table} AS e SET {assignations}, {qn('modifie_le')} = %s "  # noqa: S608
                f"FROM {temporaire} AS t WHERE e.{cle} = t.{cle}",
                [modifie_le],
            )
            curseur.execute(f"DROP TABLE {temporaire}")
        return
    assignations = ", ".join(f"{qn(c.column)} = %s" for c in champs)
    sql = f"UPDATE {table} SET {assignations}, {qn('modifie_le')} = %s WHERE {cle} = %s"  # noqa: S608
    with connection.cursor() as curseur:
        curseur.executemany(sql, [[*ligne[:-1], modifie_le, ligne[-1]] for ligne in parametres])
