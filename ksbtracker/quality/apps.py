from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "ksbtracker.quality"
    verbose_name = "Quality sampling"
