from __future__ import annotations

from django.urls import path

from podium.conferences.views import booking, deck, placing, prepare, run, summary

app_name = "conferences"

urlpatterns = [
    # Cycles, availability, booking, and the staff's schedules.
    path("", booking.cycles, name="cycles"),
    path("<int:cycle_id>/family/", booking.family, name="family"),
    path("<int:cycle_id>/together/", booking.book_together, name="book_together"),
    path("<int:cycle_id>/student/<int:student_id>/", booking.student, name="student"),
    path("<int:cycle_id>/availability/<int:staff_id>/", booking.availability, name="availability"),
    path("<int:cycle_id>/advisor/<int:staff_id>/", booking.advisor_day, name="advisor_day"),
    path("<int:cycle_id>/schedule/", booking.schedule, name="schedule"),
    path("day/<int:day_id>/move/", booking.move_day, name="move_day"),
    path("booking/<int:booking_id>/", booking.booking, name="booking"),
    path("booking/<int:booking_id>/move/", booking.booking_move, name="booking_move"),
    path("booking/<int:booking_id>/cancel/", booking.booking_cancel, name="booking_cancel"),
    path("booking/<int:booking_id>/calendar.ics", booking.booking_ics, name="booking_ics"),
    # -- placing: the school-wide schedule from families' times --
    path("<int:cycle_id>/times/", placing.family_times, name="family_times"),
    path("<int:cycle_id>/school-schedule/", placing.schedule_runs, name="schedule_runs"),
    path("school-schedule/<int:run_id>/", placing.schedule_run, name="schedule_run"),
    path(
        "school-schedule/<int:run_id>/adjust/",
        placing.schedule_run_adjust,
        name="schedule_run_adjust",
    ),
    path(
        "school-schedule/<int:run_id>/publish/",
        placing.schedule_run_publish,
        name="schedule_run_publish",
    ),
    # -- prepare: the student's plan, rehearsal, sign-off --
    path("<int:cycle_id>/plan/<int:student_id>/", prepare.plan, name="plan"),
    path(
        "plan/<int:plan_id>/section/<int:section_id>/",
        prepare.plan_section,
        name="plan_section",
    ),
    path(
        "plan/<int:plan_id>/section/<int:section_id>/audio/",
        prepare.plan_section_audio,
        name="plan_section_audio",
    ),
    path("plan/<int:plan_id>/goals/", prepare.plan_goals, name="plan_goals"),
    path("plan/<int:plan_id>/ready/", prepare.plan_ready, name="plan_ready"),
    path("<int:cycle_id>/readiness/<int:advisory_id>/", prepare.readiness, name="readiness"),
    # -- deck and run: presentation mode and the advisor's side of the conference --
    path("plan/<int:plan_id>/deck/", deck.deck, name="deck"),
    path("plan/<int:plan_id>/rehearse/", deck.rehearse, name="rehearse"),
    path("plan/<int:plan_id>/rehearse/<int:rehearsal_id>/", deck.rehearsal, name="rehearsal"),
    path("booking/<int:booking_id>/present/", deck.present, name="present"),
    path("booking/<int:booking_id>/run/", run.run, name="run"),
    path("booking/<int:booking_id>/run/checkin/", run.run_checkin, name="run_checkin"),
    path("booking/<int:booking_id>/run/times/", run.run_times, name="run_times"),
    path("booking/<int:booking_id>/run/note/", run.run_note, name="run_note"),
    path("booking/<int:booking_id>/run/input/", run.run_input, name="run_input"),
    path("booking/<int:booking_id>/run/outcome/", run.run_outcome, name="run_outcome"),
    path("follow-ups/", run.follow_ups, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/done/", run.follow_up_done, name="follow_up_done"),
    # -- summary: the summary page and PDF, the family's feedback --
    path("booking/<int:booking_id>/summary/", summary.summary, name="summary"),
    path("booking/<int:booking_id>/summary.pdf", summary.summary_pdf_view, name="summary_pdf"),
    path("booking/<int:booking_id>/summary/send/", summary.summary_send, name="summary_send"),
    path("booking/<int:booking_id>/feedback/", summary.feedback, name="feedback"),
]
