"""Additions to the OpenAPI schema that no single view declares."""

import copy

from avenirpro.api.auth import ENTETE_ORGANISATION

PARAMETRE_ORGANISATION = {
    "in": "header",
    "name": ENTETE_ORGANISATION,
    "required": False,
    "schema": {"type": "string", "format": "uuid"},
    "description": "L'organisation dans laquelle agir, pour qui a plusieurs rôles : uuid d'un de vos "
    "rôles ou de son organisation (voir /api/v1/moi/). Absent ou inconnu : le rôle choisi dans la session, "
    "sinon le premier.",
}


def entete_organisation(result, generator, request, public):
    """Every operation accepts the X-Organisation header (read by the authentication classes)."""
    for operations in result.get("paths", {}).values():
        for methode, operation in operations.items():
            if methode in {"get", "put", "patch", "post", "delete", "head", "options", "trace"}:
                parametres = operation.setdefault("parameters", [])
                if not any(p.get("name") == ENTETE_ORGANISATION for p in parametres):
                    parametres.append(copy.deepcopy(PARAMETRE_ORGANISATION))
    return result
