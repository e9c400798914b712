from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "ksbtracker.scans"
    verbose_name = "Skills scans"
