from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "ksbtracker.pathways"
    verbose_name = "Crosswalks between standards"
