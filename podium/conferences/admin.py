"""Setting up a conference cycle in the admin: its days, rooms and booking window."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from podium.conferences.models import (
    AgendaSection,
    AgendaTemplate,
    Booking,
    ConferenceDay,
    Cycle,
    Room,
)
from podium.roster.admin import SCHOOL_PATHS, SchoolAdminsOnly, SchoolScoped, admin_school_id, scope

SCHOOL_PATHS[Room] = "school"
SCHOOL_PATHS[Cycle] = "school"
SCHOOL_PATHS[AgendaTemplate] = "school"


# The cycle's own days: whoever may edit the cycle edits them.
class ConferenceDayInline(SchoolAdminsOnly, admin.TabularInline):
    model = ConferenceDay
    extra = 2
    fields = ["on", "starts", "ends", "label"]


@admin.register(Cycle)
class CycleAdmin(SchoolScoped, admin.ModelAdmin):
    list_display = ["name", "school", "booking_opens_at", "booking_closes_at", "is_cancelled"]
    list_filter = ["is_cancelled"]
    inlines = [ConferenceDayInline]
    filter_horizontal = ["rooms"]
    fieldsets = [
        (None, {"fields": ["school", "school_year", "name", "is_cancelled"]}),
        (
            _("Slots"),
            {"fields": ["slot_minutes", "buffer_minutes", "seats_per_slot", "rooms"]},
        ),
        (_("Modes"), {"fields": ["offers_in_person", "offers_online"]}),
        (
            _("Booking"),
            {
                "fields": [
                    "booking_opens_at",
                    "booking_closes_at",
                    "changes_until",
                    "contact",
                    "placement",
                    "times_close_at",
                ]
            },
        ),
        (
            _("Family"),
            {
                "fields": [
                    "participation_target",
                    "report_cards_at_conference",
                    "paired_event",
                ]
            },
        ),
    ]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "rooms":
            kwargs["queryset"] = scope(Room.objects.all(), request, "school")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Room)
class RoomAdmin(SchoolScoped, admin.ModelAdmin):
    list_display = ["name", "school"]
    search_fields = ["name"]


@admin.register(Booking)
class BookingAdmin(SchoolScoped, admin.ModelAdmin):
    """Assigning interpreters, and looking a booking up; booking itself is done on the pages."""

    school_path = "cycle__school"
    list_display = ["student", "slot", "status", "mode", "interpreter_language", "interpreter"]
    list_filter = ["status", "mode", "interpreter_language"]
    search_fields = ["student__first_name", "student__last_name"]
    fields = ["student", "slot", "status", "mode", "interpreter_language", "interpreter"]
    readonly_fields = ["student", "slot", "status", "mode", "interpreter_language"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "interpreter" and admin_school_id(request) is not None:
            field.queryset = field.queryset.filter(school_id=admin_school_id(request))
        return field

    def get_queryset(self, request: HttpRequest) -> QuerySet[Booking]:
        return super().get_queryset(request).select_related("student", "slot__advisor")


# Agendas: how every conference of a grade band runs at the school.


# The agenda's own sections: whoever may edit the agenda edits them.
class AgendaSectionInline(SchoolAdminsOnly, admin.TabularInline):
    model = AgendaSection
    extra = 1
    fields = ["position", "kind", "title", "prompt", "minutes"]


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(SchoolScoped, admin.ModelAdmin):
    """One agenda per grade band; a blank title or prompt shows the default, translated."""

    list_display = ["__str__", "school", "band", "total_minutes"]
    list_filter = ["band"]
    fields = ["school", "band", "total_minutes"]
    readonly_fields = ["total_minutes"]
    inlines = [AgendaSectionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AgendaTemplate]:
        return super().get_queryset(request).select_related("school").prefetch_related("sections")

    @admin.display(description=_("total minutes"))
    def total_minutes(self, obj: AgendaTemplate) -> int:
        return obj.minutes if obj.pk else 0
