from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "ksbtracker.progress"
    verbose_name = "Progress"
