"""Minimum OTJ hours recorded on standard versions before effective dates were held become published
minimums for starts from 1 August 2025, so no recorded figure is lost."""

import datetime

from django.db import migrations


def copy(apps, schema_editor):
    StandardVersion = apps.get_model("standards", "StandardVersion")
    PublishedOTJMinimum = apps.get_model("funding", "PublishedOTJMinimum")
    for standard in StandardVersion.objects.exclude(otj_minimum_hours=None):
        PublishedOTJMinimum.objects.get_or_create(
            reference_number=standard.reference_number,
            version=standard.version,
            effective_from=datetime.date(2025, 8, 1),
            defaults={
                "minimum_hours": standard.otj_minimum_hours,
                "source": "Recorded on the standard version before effective dates were held",
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0005_four_rule_sets_by_start_date"),
        ("standards", "0002_duty_source_extra"),
    ]
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
