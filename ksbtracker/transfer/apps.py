from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "ksbtracker.transfer"
    verbose_name = "Portable learner records"
