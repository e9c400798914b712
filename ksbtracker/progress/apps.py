from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "ksbtracker.progress"
    verbose_name = "Progress"

    def ready(self):
        from . import signals

        signals.connect()
