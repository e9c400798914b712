from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "ksbtracker.reviews"
    verbose_name = "Progress reviews"
