"""Additions to the OpenAPI schema that no single view declares: the X-Organisation header, the error
answers every operation can give, and the real format of times."""

import copy

from drf_spectacular import openapi
from rest_framework import serializers

from avenirpro.api.auth import ENTETE_ORGANISATION
from avenirpro.api.fields import HEURE_REGEX

METHODES = {"get", "put", "patch", "post", "delete", "head", "options", "trace"}

PARAMETRE_ORGANISATION = {
    "in": "header",
    "name": ENTETE_ORGANISATION,
    "required": False,
    # Any text is accepted (an unknown value falls back, as the description says): no `format: uuid`.
    "schema": {"type": "string"},
    "description": "L'organisation dans laquelle agir, pour qui a plusieurs rôles : uuid d'un de vos "
    "rôles ou de son organisation (voir /api/v1/moi/). Absent ou inconnu : le rôle choisi dans la session, "
    "sinon le premier.",
}

ERREUR = "Erreur"
SCHEMA_ERREUR = {
    "type": "object",
    "description": "Une erreur, en français. Sur une saisie refusée (400), chaque champ en erreur a aussi "
    "sa liste de messages (un objet par position pour une liste).",
    "properties": {"detail": {"type": "string", "description": "Le message, lisible par une personne."}},
    "required": ["detail"],
    "additionalProperties": {"description": "Messages d'erreur du champ qui porte ce nom."},
}
REPONSES_ERREUR = {
    "400": "Requête refusée : paramètre, en-tête ou corps invalide, ou règle du dispositif non respectée.",
    "401": "Authentification requise, ou jeton invalide ou révoqué.",
    "403": "Action non permise à votre rôle (ou double authentification à activer).",
    "404": "Ressource introuvable : inexistante, ou hors de votre périmètre (la même réponse).",
    "429": "Trop de requêtes : réessayez après le délai de l'en-tête Retry-After.",
}


def _champ_modele_vide_possible(field) -> bool:
    """A read-only field of a ModelSerializer whose model column may be blank (``blank=True``). DRF drops
    ``allow_blank`` from read-only fields, so the schema forbade the "" such a column really holds."""
    parent = getattr(field, "parent", None)
    modele = getattr(getattr(parent, "Meta", None), "model", None)
    if not (field.read_only and modele is not None and field.source and "." not in field.source):
        return False
    try:
        champ = modele._meta.get_field(field.source)
    except Exception:
        return False
    return bool(getattr(champ, "blank", False)) and not getattr(champ, "null", False)


class AutoSchema(openapi.AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema and schema.get("format") == "time":
            del schema["format"]
            schema["pattern"] = HEURE_REGEX
            schema.setdefault("example", "13:30:00")
        # A read-only choice whose column may be blank: the answer may be "".
        if schema and isinstance(field, serializers.ChoiceField) and _champ_modele_vide_possible(field):
            return {"oneOf": [schema, {"type": "string", "enum": [""]}], **_hors_type(schema)}
        return schema


def _hors_type(schema) -> dict:
    """What stays beside a oneOf: the field's documentation (read-only, title, description)."""
    return {k: v for k, v in schema.items() if k in ("readOnly", "title", "description")}


def _operations(result):
    for operations in result.get("paths", {}).values():
        for methode, operation in operations.items():
            if methode in METHODES:
                yield operation


def entete_organisation(result, generator, request, public):
    """Every operation accepts the X-Organisation header (read by the authentication classes)."""
    for operation in _operations(result):
        parametres = operation.setdefault("parameters", [])
        if not any(p.get("name") == ENTETE_ORGANISATION for p in parametres):
            parametres.append(copy.deepcopy(PARAMETRE_ORGANISATION))
    return result


def reponses_erreur(result, generator, request, public):
    """Every operation may answer 400, 401, 403, 404 and 429 with ``{"detail": …}`` (the exception handler's
    shape, avenirpro/api/exceptions.py); a response an operation declares itself is kept."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERREUR] = copy.deepcopy(SCHEMA_ERREUR)
    contenu = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERREUR}"}}}
    for operation in _operations(result):
        reponses = operation.setdefault("responses", {})
        for code, description in REPONSES_ERREUR.items():
            if code in reponses:
                continue
            reponses[code] = {"description": description, "content": copy.deepcopy(contenu)}
            if code == "429":
                reponses[code]["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Secondes à attendre avant de réessayer.",
                    }
                }
    return result


def adresses_lues_vides(result, generator, request, public):
    """A read-only e-mail or URL column left blank is answered "" (no address): the schema says « string »
    for those, not « email », which "" is not (schemathesis ST108)."""
    for composant in result.get("components", {}).get("schemas", {}).values():
        for propriete in composant.get("properties", {}).values():
            if propriete.get("readOnly") and propriete.get("format") in ("email", "uri"):
                del propriete["format"]
    return result
