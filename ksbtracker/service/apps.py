from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "ksbtracker.service"
    label = "service"
    verbose_name = "Running the service"
