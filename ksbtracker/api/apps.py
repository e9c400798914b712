from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ksbtracker.api"
    label = "api"
    verbose_name = "API"
