"""Changes made in the system admin site go into the audit trail like any other change of state.

That includes rows added, changed or removed through inlines (a person's memberships, which are their
roles) and many-to-many fields such as a person's groups, each with what it was before and after.
"""

from .api import record_change, scope_of, snapshot

HIDDEN = "(hashed, not recorded)"


def _recordable(instance) -> dict:
    values = snapshot(instance)
    if "password" in values:
        values["password"] = HIDDEN
    return values


def _stored(instance) -> dict | None:
    previous = type(instance).objects.filter(pk=instance.pk).first() if instance.pk is not None else None
    return _recordable(previous) if previous is not None else None


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'changed' if change else 'created'}_in_admin"
        record_change(actor=request.user, action=action, instance=obj, before=before, after=_recordable(obj))

    def save_related(self, request, form, formsets, change):
        many = [f.name for f in form.instance._meta.many_to_many if f.name in form.changed_data]
        before = {name: sorted(str(item) for item in form.initial.get(name) or []) for name in many}
        super().save_related(request, form, formsets, change)
        if many:
            after = {name: sorted(str(item) for item in form.cleaned_data.get(name) or []) for name in many}
            record_change(
                actor=request.user, action=f"{form.instance._meta.model_name}.{'_'.join(many)}_changed_in_admin",
                instance=form.instance, before=before, after=after,
            )  # fmt: skip

    def save_formset(self, request, form, formset, change):
        """Rows of an inline: each one added, changed or deleted is an event with before and after."""
        changed = {f.instance.pk: _stored(f.instance) for f in formset.initial_forms if f.has_changed()}
        deleted = [
            (f.instance, str(f.instance.pk), str(f.instance)[:300], _recordable(f.instance), scope_of(f.instance))
            for f in formset.deleted_forms if f.instance.pk is not None
        ]  # fmt: skip
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_change(actor=request.user, action=f"{obj._meta.model_name}.added_in_admin", instance=obj,
                          after=_recordable(obj))  # fmt: skip
        for obj, _fields in formset.changed_objects:
            record_change(actor=request.user, action=f"{obj._meta.model_name}.changed_in_admin", instance=obj,
                          before=changed.get(obj.pk), after=_recordable(obj))  # fmt: skip
        for obj, pk, label, before, (_, provider_id) in deleted:
            self._record_deletion(request, obj, pk, label, before, provider_id)

    def _record_deletion(self, request, obj, pk, label, before, provider_id=None):
        record_change(
            actor=request.user, action=f"{obj._meta.model_name}.deleted_in_admin", object_type=obj._meta.label_lower,
            object_id=pk, object_label=label, before=before, provider_id=provider_id,
        )  # fmt: skip

    def delete_model(self, request, obj):
        before, label, pk, (_, provider_id) = _recordable(obj), str(obj)[:300], str(obj.pk), scope_of(obj)
        super().delete_model(request, obj)
        self._record_deletion(request, obj, pk, label, before, provider_id)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
