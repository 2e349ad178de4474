from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from avenirpro import access
from avenirpro.api.serializers import MoiSerializer


class MoiView(APIView):
    @extend_schema(
        operation_id="moi",
        summary="Mon compte",
        description="La personne authentifiée, ses rôles dans les organisations et le rôle courant "
        "de la requête (choisi par l'en-tête X-Organisation, sinon le premier).",
        responses=MoiSerializer,
        tags=["compte"],
    )
    def get(self, request: Request) -> Response:
        user = request.user
        contexte = {
            "memberships": access.memberships_of(user),
            "membership_courante": access.membership_courante(user),
        }
        return Response(MoiSerializer(user, context=contexte).data)
