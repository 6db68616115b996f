"""Conference views, by part of the cycle.

booking: cycles, availability, booking and the staff's schedules;
prepare: the student's plan, rehearsal and the advisor's sign-off;
deck: presentation mode; run: the advisor's side of the conference;
summary: the summary page and PDF, and the family's feedback.
"""
