"""The one router of /api/v1/: each app's ``api`` module registers its viewsets on it."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=True)
