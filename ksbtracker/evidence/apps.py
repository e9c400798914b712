from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "ksbtracker.evidence"
    verbose_name = "Evidence portfolio"
