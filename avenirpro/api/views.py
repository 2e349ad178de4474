from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from avenirpro.access import en_perimetre
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
        perimetre = en_perimetre(request)
        contexte = {"memberships": perimetre.memberships, "membership_courante": perimetre.membership}
        return Response(MoiSerializer(request.user, context=contexte).data)
