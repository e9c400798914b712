"""The default rating scale: a concrete descriptor at every point."""

from django.db import migrations

DEFAULT_POINTS = [
    (0, "Not yet", "No knowledge or experience of this"),
    (1, "Aware", "I know about it but have not done it"),
    (2, "Developing", "I have done it with support"),
    (3, "Competent", "I do it on my own, consistently, to the standard"),
    (4, "Proficient", "I could guide or assess others in it"),
]


def load(apps, schema_editor):
    RatingScale = apps.get_model("scans", "RatingScale")
    ScalePoint = apps.get_model("scans", "ScalePoint")
    scale, _ = RatingScale.objects.get_or_create(
        name="KSB Tracker default scale (0–4)", provider=None, defaults={"is_default": True}
    )
    for value, label, descriptor in DEFAULT_POINTS:
        ScalePoint.objects.update_or_create(scale=scale, value=value, defaults={"label": label, "descriptor": descriptor})


def unload(apps, schema_editor):
    apps.get_model("scans", "RatingScale").objects.filter(is_default=True, provider=None, scans__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("scans", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
