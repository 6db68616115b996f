"""The demo school's conference days: plans being prepared, and conferences already held.

Two parts, both from one random stream with a fixed seed:

- An earlier cycle, "Early fall goal-setting conferences", held three weeks
  before the seed runs: about a third of the students (and every named demo
  family) had a conference there, led from a prepared plan, with the section
  times, who came, the teacher's notes, the family's commitments and
  questions, the outcome, follow-ups, and feedback from many families.
- The open cycle's plans: most students have started preparing; Mateo's plan
  is complete, bilingual, rehearsed and signed off; Lupe's is filled with her
  recorded voice and her smiley faces, and waits for a rehearsal.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.utils import timezone

from podium.binder import media
from podium.binder.demo import speak
from podium.binder.models import Artifact, Goal, GradeBand, SelfAssessment
from podium.conferences.actions import set_availability
from podium.conferences.agenda import SectionKind
from podium.conferences.models import (
    AgendaTemplate,
    Attendance,
    Booking,
    Conference,
    ConferenceDay,
    Cycle,
    FamilyInput,
    Feedback,
    FollowUp,
    Note,
    Plan,
    PlanSection,
    Rehearsal,
    SectionTime,
    Slot,
)
from podium.roster.models import (
    Advisory,
    Guardian,
    School,
    SchoolYear,
    Staff,
    Student,
    StudentGuardian,
)

SEED = 20261124
# Share of the other students who had a conference in the earlier cycle.
HELD_SHARE = 0.33
# Share of the students who have started their plan for the open cycle.
PREPARING_SHARE = 0.6
NAMED_FIRST_NAMES = {"Mateo", "Lupe", "Linh", "Yusuf", "Yuxi", "Isabella"}

# What students say, by band and section; "{subject}" is filled in.
SAYINGS: dict[str, dict[str, list[str]]] = {
    "young": {
        SectionKind.ENJOY: ["I like reading time.", "I like drawing.", "I like recess and math."],
        SectionKind.STRENGTHS: ["I am good at counting.", "I am a good friend.", "I can read!"],
        SectionKind.CHALLENGES: ["Writing is hard.", "Sitting still is hard.", "Big words."],
        SectionKind.WORK: ["Look at my picture!", "I made this.", "This is my best work."],
        SectionKind.DATA: ["I know more words now.", "My faces are happier now."],
        SectionKind.GOALS: ["I want to read a chapter book.", "I want to count to 100."],
        SectionKind.HELP: ["Read with me at night.", "Count things with me."],
    },
    "middle": {
        SectionKind.ENJOY: [
            "I enjoy science because we do experiments.",
            "I like reading mysteries in book clubs.",
            "Art is my favourite because I can make things.",
        ],
        SectionKind.STRENGTHS: [
            "I am good at explaining how I solve math problems.",
            "I help my table group finish our projects.",
            "My writing has strong details now.",
        ],
        SectionKind.CHALLENGES: [
            "Fractions are still hard for me. I tried using drawings.",
            "I rush my writing and forget to check it.",
            "I find it hard to speak in front of the class.",
        ],
        SectionKind.WORK: [
            "This piece shows how much my writing has grown since September.",
            "I am proud of this project because I did not give up.",
        ],
        SectionKind.DATA: [
            "My reading level went up two levels since the start of the year.",
            "My math facts score is getting closer to my goal.",
        ],
        SectionKind.GOALS: [
            "My next goal is to read 20 minutes every night.",
            "I want to learn my multiplication facts to 12.",
        ],
        SectionKind.HELP: [
            "Can you ask me about my book at dinner?",
            "Can you practice math facts with me on the way to school?",
        ],
    },
    "older": {
        SectionKind.ENJOY: [
            "Biology engages me most: the lab on enzymes was the first time I designed a test.",
            "I enjoy debate in history because I get to argue from evidence.",
        ],
        SectionKind.STRENGTHS: [
            "My essays use evidence well; my last one scored a 4 on analysis.",
            "I am organized: I have turned in every assignment this term.",
        ],
        SectionKind.CHALLENGES: [
            "Algebra tests: I understand in class but freeze on tests. I started office hours.",
            "I leave big projects to the last night. I am trying a weekly planner.",
        ],
        SectionKind.WORK: [
            "This lab report shows I can control variables and explain my results.",
            "This essay is my best writing: I revised it three times.",
        ],
        SectionKind.DATA: [
            "My grades are steady except math, which dipped in October.",
            "My reading scores are above grade level; my math is just below.",
        ],
        SectionKind.GOALS: [
            "Last term I met my attendance goal. Now I want a B in algebra.",
            "I carried on my goal of turning work in on time, with a planner.",
        ],
        SectionKind.HELP: [
            "Please check my planner with me on Sundays.",
            "Help me find a quiet place to study after practice.",
        ],
    },
}
# A few sections said again in the family's language by bilingual students.
SECOND_LANGUAGE: dict[str, list[str]] = {
    "es": [
        "Me gusta leer y dibujar.",
        "Estoy orgulloso de este trabajo.",
        "Mi meta es leer veinte minutos cada noche.",
        "¿Me pueden ayudar a practicar las tablas de multiplicar?",
    ],
    "vi": [
        "Con thích môn khoa học.",
        "Mục tiêu của con là đọc mỗi tối.",
        "Bố mẹ có thể giúp con luyện toán không?",
    ],
    "zh-hans": ["我喜欢科学课。", "我的目标是每天晚上阅读。", "你们可以帮我练习数学吗?"],
    "ar": ["أحب حصة العلوم.", "هدفي أن أقرأ كل ليلة.", "هل يمكنكم مساعدتي في الرياضيات؟"],
}
# What families promise, in their own language.
COMMITMENTS: dict[str, list[str]] = {
    "en": [
        "I will read with her for 20 minutes every night.",
        "I will check the planner with him every Sunday.",
        "I will ask about school at dinner and listen.",
    ],
    "es": [
        "Voy a leer con él veinte minutos cada noche.",
        "Voy a practicar las tablas con ella en el coche.",
        "Voy a revisar su tarea cada domingo.",
    ],
    "vi": ["Tôi sẽ đọc sách cùng con mỗi tối.", "Tôi sẽ kiểm tra bài tập của con mỗi Chủ nhật."],
    "zh-hans": ["我每天晚上陪孩子阅读二十分钟。", "我每个星期天和孩子一起检查作业。"],
    "ar": ["سأقرأ معه عشرين دقيقة كل ليلة.", "سأراجع واجباته كل يوم أحد."],
}
QUESTIONS: dict[str, list[str]] = {
    "en": ["How can we practice reading at home?", "Is there tutoring after school?"],
    "es": ["¿Cómo podemos practicar la lectura en casa?", "¿Hay tutoría después de clases?"],
    "vi": ["Chúng tôi có thể giúp con đọc ở nhà như thế nào?"],
    "zh-hans": ["我们在家怎样帮助孩子阅读?"],
    "ar": ["كيف يمكننا مساعدته في القراءة في البيت؟"],
}
SHARED_NOTES = [
    "Wonderful leadership today. Keep reading every night; the progress shows.",
    "A strong conference. The new goal is realistic; I will check in every Friday.",
    "Great reflection on challenges. Office hours on Tuesdays and Thursdays can help.",
]
PRIVATE_NOTES = [
    "Follow up with the counselor about the attendance pattern.",
    "Consider a reading assessment in January.",
    "Family asked about the after-school program; send the form.",
]


def age_of(band: str) -> str:
    if band == GradeBand.K2:
        return "young"
    return "middle" if band == GradeBand.G35 else "older"


def weekday_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


class ConferenceDays:
    def __init__(self, *, school: School, year: SchoolYear, upcoming: Cycle) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
        self.school = school
        self.year = year
        self.upcoming = upcoming
        self.zone = school.zone
        self.agendas = {
            band: AgendaTemplate.for_band(school, band) for band, _label in GradeBand.choices
        }
        self.sections = {band: list(agenda.sections.all()) for band, agenda in self.agendas.items()}
        self.students = list(Student.objects.filter(school=school, is_active=True).order_by("pk"))
        self.guardians: dict[int, list[StudentGuardian]] = {}
        for link in StudentGuardian.objects.filter(student__school=school).select_related(
            "guardian"
        ):
            self.guardians.setdefault(link.student_id, []).append(link)
        self.advisor_of = {
            student_id: advisor
            for advisory in Advisory.objects.filter(school_year=year).select_related("advisor")
            for student_id in advisory.students.values_list("pk", flat=True)
            for advisor in [advisory.advisor]
        }
        self.interpreters = list(Staff.objects.filter(school=school, role=Staff.Role.INTERPRETER))

    def build(self, writer: media.MediaWriter) -> None:
        self.writer = writer
        self.held_cycle()
        self.upcoming_plans()

    # Plans

    def family_language(self, student: Student) -> str:
        languages = [link.guardian.home_language for link in self.guardians.get(student.pk, [])]
        return next((code for code in languages if code in SECOND_LANGUAGE), "en")

    def plan(self, cycle: Cycle, student: Student, *, filled: int, created: dt.datetime) -> Plan:
        band = GradeBand.of(student.grade)
        plan = Plan.objects.create(
            cycle=cycle,
            student=student,
            agenda=self.agendas[band],
            created_at=created,
            updated_at=created,
        )
        goals = list(Goal.objects.filter(student=student).order_by("created_at"))
        plan.goals.set(goals)
        work = list(Artifact.objects.filter(student=student).approved().order_by("created_at"))
        measures = list(student.measures.all())
        ratings = list(SelfAssessment.objects.filter(student=student).order_by("-created_at"))
        second = self.family_language(student)
        named = student.first_name in NAMED_FIRST_NAMES
        bilingual = second != "en" and (named or self.rng.random() < 0.7)
        sayings = SAYINGS[age_of(band)]
        for section in self.sections[band][:filled]:
            pool = sayings.get(section.kind, ["…"])
            row = PlanSection.objects.create(
                plan=plan,
                section=section,
                text=self.rng.choice(pool),
                language="en",
                text_2=self.rng.choice(SECOND_LANGUAGE[second]) if bilingual else "",
                language_2=second if bilingual else "",
                updated_at=created,
            )
            if section.kind == SectionKind.WORK and work:
                row.artifacts.set(self.rng.sample(work, k=min(2, len(work))))
            if section.kind == SectionKind.DATA:
                row.measures.set(measures[:2])
                # The latest rating of each target.
                latest: dict[int, SelfAssessment] = {}
                for rating in ratings:
                    latest.setdefault(rating.target_id, rating)
                row.assessments.set(list(latest.values())[:4])
        return plan

    def rehearse(self, plan: Plan, when: dt.datetime, *, slow: float = 1.0) -> None:
        seconds = {
            str(section.pk): int(section.minutes * 60 * self.rng.uniform(0.6, 1.3) * slow)
            for section in self.sections[plan.agenda.band]
        }
        Rehearsal.objects.create(plan=plan, seconds=seconds, created_at=when)
        plan.rehearsed_at = when
        plan.save(update_fields=["rehearsed_at"])

    def sign_off(self, plan: Plan, when: dt.datetime) -> None:
        advisor = self.advisor_of.get(plan.student_id)
        plan.ready_at = when
        plan.ready_by = advisor.user if advisor is not None else None
        plan.save(update_fields=["ready_at", "ready_by"])

    def record_voice(self, plan: Plan, kind: str, key: str) -> None:
        section = plan.sections.get(section__kind=kind)
        checked = media.check_upload(
            ContentFile(speak(random.Random(key), 6), name="voice.wav"),  # noqa: S311
            kind=Artifact.Kind.AUDIO,
        )
        self.writer.save(section.audio, checked.content, checked.extension)
        section.audio_type = checked.content_type
        section.audio_size = checked.size
        section.save(update_fields=["audio", "audio_type", "audio_size"])

    # The earlier cycle, held

    def held_cycle(self) -> None:
        today = timezone.localdate(timezone.now(), self.zone)
        first = weekday_before(today - dt.timedelta(days=21))
        second = weekday_before(first + dt.timedelta(days=2))
        if second <= first:
            second = first + dt.timedelta(days=1)
        opens = dt.datetime.combine(first - dt.timedelta(days=14), dt.time(8), tzinfo=self.zone)
        cycle = Cycle.objects.create(
            school=self.school,
            school_year=self.year,
            name="Early fall goal-setting conferences",
            slot_minutes=20,
            booking_opens_at=opens,
            booking_closes_at=dt.datetime.combine(first, dt.time(8), tzinfo=self.zone),
            changes_until=dt.datetime.combine(
                first - dt.timedelta(days=1), dt.time(17), tzinfo=self.zone
            ),
            contact="the front office, 503-555-0100",
        )
        days = [
            ConferenceDay.objects.create(
                cycle=cycle, on=first, starts=dt.time(13), ends=dt.time(17), label="Afternoon"
            ),
            ConferenceDay.objects.create(
                cycle=cycle, on=second, starts=dt.time(16), ends=dt.time(20), label="Evening"
            ),
        ]
        for staff in {staff.pk: staff for staff in self.advisor_of.values()}.values():
            for day in days:
                set_availability(advisor=staff, day=day, windows=[(day.starts, day.ends, None)])
        chosen = [
            s
            for s in self.students
            if s.first_name in NAMED_FIRST_NAMES or self.rng.random() < HELD_SHARE
        ]
        free: dict[int, list[Slot]] = {}
        for each in Slot.objects.filter(day__cycle=cycle).order_by("starts_at"):
            free.setdefault(each.advisor_id, []).append(each)
        busy: set[tuple[int, dt.datetime]] = set()
        for student in chosen:
            advisor = self.advisor_of.get(student.pk)
            if advisor is None:
                continue
            family = [link.guardian for link in self.guardians.get(student.pk, [])]
            slot = next(
                (
                    s
                    for s in free.get(advisor.pk, [])
                    if not any((g.pk, s.starts_at) in busy for g in family)
                ),
                None,
            )
            if slot is None:
                continue
            free[advisor.pk].remove(slot)
            busy.update((g.pk, slot.starts_at) for g in family)
            self.hold(cycle, student, advisor, slot, family)

    def hold(
        self, cycle: Cycle, student: Student, advisor: Staff, slot: Slot, family: list[Guardian]
    ) -> None:
        rng = self.rng
        language = self.family_language(student)
        needs_interpreter = language != "en" and rng.random() < 0.6
        interpreter = (
            next((i for i in self.interpreters if language in i.languages), None)
            if needs_interpreter
            else None
        )
        booker = next((g for g in family if g.email), family[0] if family else None)
        booking = Booking.objects.create(
            cycle=cycle,
            slot=slot,
            student=student,
            mode=Booking.Mode.ONLINE if rng.random() < 0.15 else Booking.Mode.IN_PERSON,
            interpreter_language=language if needs_interpreter else "",
            interpreter=interpreter,
            private_time=rng.random() < 0.1,
            guardian=booker,
        )
        prepared = slot.starts_at - dt.timedelta(days=rng.randint(3, 9))
        plan = self.plan(cycle, student, filled=7, created=prepared - dt.timedelta(days=5))
        self.rehearse(plan, prepared)
        self.sign_off(plan, prepared + dt.timedelta(hours=2))
        roll = rng.random()
        if student.first_name in NAMED_FIRST_NAMES:
            roll = 0.5
        if roll < 0.06:
            conference = Conference.objects.create(
                booking=booking, plan=plan, outcome=Conference.Outcome.NO_SHOW
            )
            FollowUp.objects.create(
                conference=conference,
                advisor=advisor,
                reason=FollowUp.Reason.NO_SHOW,
                created_at=slot.ends_at,
                done_at=slot.ends_at + dt.timedelta(days=2) if rng.random() < 0.5 else None,
            )
            return
        if roll < 0.08:
            Conference.objects.create(
                booking=booking, plan=plan, outcome=Conference.Outcome.RESCHEDULED
            )
            return
        started = slot.starts_at + dt.timedelta(minutes=rng.randint(0, 3))
        times = [
            SectionTime(section=section, seconds=int(section.minutes * 60 * rng.uniform(0.7, 1.4)))
            for section in self.sections[plan.agenda.band]
        ]
        ended = started + dt.timedelta(seconds=sum(t.seconds for t in times))
        conference = Conference.objects.create(
            booking=booking,
            plan=plan,
            outcome=Conference.Outcome.HELD,
            started_at=started,
            ended_at=ended,
            summary_sent_at=ended + dt.timedelta(minutes=rng.randint(10, 120)),
        )
        for time in times:
            time.conference = conference
        SectionTime.objects.bulk_create(times)
        came = [g for g in family if g is booker or rng.random() < 0.5] or family[:1]
        attendance = [
            Attendance(
                conference=conference,
                kind=Attendance.Kind.GUARDIAN,
                guardian=guardian,
                name=guardian.full_name,
                mode=booking.mode,
            )
            for guardian in came
        ]
        if interpreter is not None:
            attendance.append(
                Attendance(
                    conference=conference,
                    kind=Attendance.Kind.INTERPRETER,
                    staff=interpreter,
                    name=interpreter.display_name,
                    mode=booking.mode,
                )
            )
        Attendance.objects.bulk_create(attendance)
        author = advisor.user
        if author is not None:
            Note.objects.create(
                conference=conference,
                author=author,
                text=rng.choice(SHARED_NOTES),
                shared=True,
                created_at=ended,
            )
            if rng.random() < 0.4:
                Note.objects.create(
                    conference=conference,
                    author=author,
                    text=rng.choice(PRIVATE_NOTES),
                    created_at=ended,
                )
        inputs = []
        for guardian in came[:2]:
            said = guardian.home_language if guardian.home_language in COMMITMENTS else "en"
            inputs.append(
                FamilyInput(
                    conference=conference,
                    kind=FamilyInput.Kind.COMMITMENT,
                    guardian=guardian,
                    by=guardian.full_name,
                    text=rng.choice(COMMITMENTS[said]),
                    language=said,
                    created_at=ended,
                )
            )
            if rng.random() < 0.3:
                inputs.append(
                    FamilyInput(
                        conference=conference,
                        kind=FamilyInput.Kind.QUESTION,
                        guardian=guardian,
                        by=guardian.full_name,
                        text=rng.choice(QUESTIONS[said]),
                        language=said,
                        created_at=ended,
                    )
                )
        FamilyInput.objects.bulk_create(inputs)
        if booking.private_time:
            FollowUp.objects.create(
                conference=conference,
                advisor=advisor,
                reason=FollowUp.Reason.PRIVATE_TIME,
                created_at=ended,
                done_at=ended + dt.timedelta(days=3) if rng.random() < 0.6 else None,
            )
        self.feedback(conference, came, ended)

    def feedback(
        self, conference: Conference, came: Iterable[Guardian], ended: dt.datetime
    ) -> None:
        for guardian in came:
            if self.rng.random() > 0.6:
                continue
            Feedback.objects.create(
                conference=conference,
                guardian=guardian,
                time_well_spent=self.rng.choices([3, 2, 1], weights=[8, 2, 0.5])[0],
                heard_enough_from_teacher=self.rng.choices([3, 2, 1], weights=[6, 3, 1])[0],
                wants_private_time=self.rng.random() < 0.15,
                comment=self.rng.choice(
                    ["", "", "Thank you!", "My child was so proud.", "Gracias, maestra."]
                ),
                created_at=ended + dt.timedelta(hours=self.rng.randint(2, 48)),
            )

    # The open cycle, being prepared

    def upcoming_plans(self) -> None:
        now = timezone.now()
        for student in self.students:
            named = student.first_name in {"Mateo", "Lupe"} and student.last_name == "García"
            if not named and self.rng.random() > PREPARING_SHARE:
                continue
            band = GradeBand.of(student.grade)
            total = len(self.sections[band])
            filled = total if named else self.rng.randint(1, total)
            created = now - dt.timedelta(days=self.rng.randint(2, 10))
            plan = self.plan(self.upcoming, student, filled=filled, created=created)
            if student.first_name == "Lupe" and named:
                for kind in (SectionKind.ENJOY, SectionKind.WORK, SectionKind.HELP):
                    self.record_voice(plan, kind, f"plan/lupe/{kind}")
                continue
            if named or (filled == total and self.rng.random() < 0.6):
                self.rehearse(plan, now - dt.timedelta(days=1), slow=1.1)
                if named or self.rng.random() < 0.5:
                    self.sign_off(plan, now - dt.timedelta(hours=20))


def seed_conference_days(*, school: School, year: SchoolYear, upcoming: Cycle) -> None:
    """Plans for the open cycle and an earlier cycle's conferences, held. Run inside the seed."""
    with media.files_removed_on_failure() as writer:
        ConferenceDays(school=school, year=year, upcoming=upcoming).build(writer)
