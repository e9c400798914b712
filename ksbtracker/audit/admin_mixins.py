"""Changes made in the system admin site go into the audit trail like any other change of state."""

from .api import record_change, snapshot


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk is not None:
            previous = type(obj).objects.filter(pk=obj.pk).first()
            before = snapshot(previous) if previous is not None else None
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'changed' if change else 'created'}_in_admin"
        after = snapshot(obj)
        if "password" in after:
            after["password"] = "(hashed, not recorded)"  # noqa: S105
            if before:
                before["password"] = "(hashed, not recorded)"  # noqa: S105
        record_change(actor=request.user, action=action, instance=obj, before=before, after=after)

    def delete_model(self, request, obj):
        before = snapshot(obj)
        before.pop("password", None)
        label, pk = str(obj)[:300], str(obj.pk)
        object_type = obj._meta.label_lower
        super().delete_model(request, obj)
        record_change(
            actor=request.user, action=f"{obj._meta.model_name}.deleted_in_admin", object_type=object_type,
            object_id=pk, object_label=label, before=before,
        )  # fmt: skip

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
