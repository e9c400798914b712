from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ksbtracker.audit"
    verbose_name = "Audit trail"
