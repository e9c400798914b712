"""The OpenAPI schema documents the JSON error every operation may answer with."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="Each field at fault, with its problems."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_STATUSES = {
    "400": "The request was not valid: `fields` names each problem",
    "401": "No token, or a token that is unknown or revoked",
    "403": "The token lacks the scope, or you may not do this",
    "404": "Not found, or not yours to see",
    "405": "Method not allowed",
    "406": "Ask for application/json",
    "415": "Send application/json",
    "429": "Too many requests for this token: wait and try again",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_STATUSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = description
        return responses
