from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "ksbtracker.lifecycle"
    verbose_name = "Changes during the apprenticeship"
