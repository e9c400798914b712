from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ksbtracker.plans"
    verbose_name = "Training plans"
