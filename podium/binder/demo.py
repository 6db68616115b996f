"""Binders with real content for the demo school (called by seed_demo, in its transaction).

Every student of the demo school gets a modest binder: a few pieces of work
with reflections, ratings of the grade's learning targets in September and
again in November, one or two data series, and a goal set this fall for the
spring review. Pictures and sounds are made here in Python (Pillow and the
`wave` module) and stored through `podium.binder.media`, exactly as an upload
would be: checked by content, re-encoded without metadata, with a thumbnail.

The named demo people (Mateo and Lupe García, Linh Tran) have hand-written
binders; everyone else's come from one random stream with a fixed seed, so
every run builds the same binders. Dates are fixed too (the fall of the
2026–27 year), never today's.

Pictures are the slow part (Pillow re-encodes each one), so the generic
drawings come from a small pool of variants, each re-encoded once and stored
once per piece of work, rotated so that neighbors rarely share one.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import math
import random
import wave
import zoneinfo
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from podium.accounts.models import User
from podium.binder import media
from podium.binder.models import (
    Artifact,
    Comment,
    DataPoint,
    Goal,
    GoalStep,
    GradeBand,
    LearningTarget,
    Measure,
    Reflection,
    SelfAssessment,
    Subject,
)
from podium.roster.models import AdvisoryMembership, School, Staff, Student, StudentGuardian, Term

SEED = 20261120
ZONE = zoneinfo.ZoneInfo("America/Los_Angeles")
# The fall's work runs from the first full week of school to the Friday before
# Thanksgiving week; nothing is dated later.
FIRST_DAY = dt.date(2026, 9, 2)
LAST_DAY = dt.date(2026, 11, 20)
HOLIDAYS = frozenset({dt.date(2026, 9, 7), dt.date(2026, 11, 11)})

K2, G35, G68, G912 = GradeBand.K2, GradeBand.G35, GradeBand.G68, GradeBand.G912
BAND_GRADES = {K2: (0, 2), G35: (3, 5), G68: (6, 8), G912: (9, 12)}
P = Reflection.Prompt
Kind = Artifact.Kind


# --- learning targets -----------------------------------------------------------------


@dataclass(frozen=True)
class TargetPlan:
    key: str
    subject: str
    grades: tuple[int, int]
    statement: str
    criteria: tuple[str, ...]


def _targets(band: GradeBand, *rows: tuple[str, str, str, tuple[str, ...]]) -> list[TargetPlan]:
    return [TargetPlan(key, subject, BAND_GRADES[band], s, c) for key, subject, s, c in rows]


TARGETS: list[TargetPlan] = [
    # Shared by the whole school, so every conference asks the same question.
    TargetPlan(
        "goals",
        Subject.HABITS,
        (0, 12),
        "I can set a goal and check my progress.",
        (
            "I say what I want to get better at.",
            "I choose next steps.",
            "I look at my work or my data to see how I am doing.",
        ),
    ),
    TargetPlan(
        "persist",
        Subject.HABITS,
        (3, 12),
        "I can keep working when something is hard.",
        (
            "I try a new strategy before I ask for help.",
            "I ask a clear question when I am stuck.",
            "I finish what I start.",
        ),
    ),
    *_targets(
        K2,
        (
            "k2-retell",
            Subject.READING,
            "I can retell a story with a beginning, a middle and an end.",
            (
                "I name the characters.",
                "I tell what happened first, next and last.",
                "I use the pictures to help me.",
            ),
        ),
        (
            "k2-words",
            Subject.READING,
            "I can read the words on my word ring.",
            ("I read each word without sounding it out.", "I find my words in books."),
        ),
        (
            "k2-sentence",
            Subject.WRITING,
            "I can write a sentence with a capital letter, spaces and a period.",
            (
                "I start with a capital letter.",
                "I leave spaces between words.",
                "I end with a period.",
            ),
        ),
        (
            "k2-count",
            Subject.MATH,
            "I can count to 100 by ones and by tens.",
            (
                "I count without skipping numbers.",
                "I count by tens to 100.",
                "I can start counting from any number.",
            ),
        ),
        (
            "k2-add",
            Subject.MATH,
            "I can add and subtract within 20.",
            (
                "I use counters or a number line.",
                "I explain how I got my answer.",
                "I know my facts to 10 quickly.",
            ),
        ),
        (
            "k2-living",
            Subject.SCIENCE,
            "I can tell what plants and animals need to live.",
            (
                "I name what a plant needs: water, light, air and soil.",
                "I draw and label the parts of a plant.",
            ),
        ),
        (
            "k2-draw",
            Subject.ARTS,
            "I can draw a picture that tells a story.",
            ("My picture shows a place and people.", "I add details and color."),
        ),
    ),
    *_targets(
        G35,
        (
            "35-fluency",
            Subject.READING,
            "I can read grade-level text with expression.",
            (
                "I read at a good speed, not too fast and not too slow.",
                "My voice changes for questions, excitement and dialogue.",
                "I go back and fix it when something does not make sense.",
            ),
        ),
        (
            "35-main-idea",
            Subject.READING,
            "I can find the main idea and the details that support it.",
            (
                "I say the main idea in one sentence.",
                "I find three details that support it.",
                "I leave out details that do not matter.",
            ),
        ),
        (
            "35-opinion",
            Subject.WRITING,
            "I can write an opinion piece with reasons and examples.",
            (
                "I state my opinion in the first sentence.",
                "I give at least three reasons.",
                "I use linking words like because and for example.",
                "I end with a conclusion.",
            ),
        ),
        (
            "35-word-problem",
            Subject.MATH,
            "I can explain how I solved a multi-step word problem.",
            (
                "I show each step with numbers, pictures or words.",
                "I check that my answer makes sense.",
                "I use math words like product, difference and remainder.",
            ),
        ),
        (
            "35-multiply",
            Subject.MATH,
            "I can multiply and divide within 100.",
            ("I know my facts to 10 × 10.", "I use a fact I know to find one I don't."),
        ),
        (
            "35-fractions",
            Subject.MATH,
            "I can compare fractions using models.",
            (
                "I draw a model of each fraction.",
                "I use <, = and > correctly.",
                "I explain why one fraction is bigger.",
            ),
        ),
        (
            "35-fair-test",
            Subject.SCIENCE,
            "I can plan and carry out a fair test.",
            (
                "I change only one thing.",
                "I measure and record my results.",
                "I explain what I found out.",
            ),
        ),
        (
            "35-maps",
            Subject.SOCIAL_STUDIES,
            "I can use a map to describe a place.",
            (
                "I use the compass rose.",
                "I read the legend.",
                "I describe where places are from each other.",
            ),
        ),
    ),
    *_targets(
        G68,
        (
            "68-evidence",
            Subject.READING,
            "I can cite evidence from a text to support my analysis.",
            (
                "I quote or paraphrase the text accurately.",
                "I explain how the evidence supports my point.",
                "I cite where the evidence comes from.",
            ),
        ),
        (
            "68-argument",
            Subject.WRITING,
            "I can write an argument with a claim, evidence and reasoning.",
            (
                "My claim is clear and arguable.",
                "I support it with relevant, credible evidence.",
                "My reasoning connects the evidence to the claim.",
                "I answer a counterclaim.",
            ),
        ),
        (
            "68-ratios",
            Subject.MATH,
            "I can solve real-world problems with ratios and rates.",
            (
                "I set up a ratio table or a double number line.",
                "I find and use a unit rate.",
                "I label my answer with units.",
            ),
        ),
        (
            "68-equations",
            Subject.MATH,
            "I can write and solve equations to represent situations.",
            (
                "I define my variable.",
                "I solve using inverse operations.",
                "I check my solution in the original situation.",
            ),
        ),
        (
            "68-experiment",
            Subject.SCIENCE,
            "I can design an experiment and analyze its data.",
            (
                "I write a testable hypothesis.",
                "I identify the independent, dependent and controlled variables.",
                "I graph my data correctly.",
                "I draw a conclusion supported by the data.",
            ),
        ),
        (
            "68-sources",
            Subject.SOCIAL_STUDIES,
            "I can compare primary and secondary sources.",
            (
                "I tell a primary source from a secondary one.",
                "I identify the author's point of view and purpose.",
                "I explain how two sources agree or disagree.",
            ),
        ),
        (
            "68-spanish",
            Subject.LANGUAGES,
            "I can introduce myself and ask questions in Spanish.",
            (
                "I greet people and say my name, age and where I am from.",
                "I ask and answer simple questions.",
                "My pronunciation is easy to understand.",
            ),
        ),
        (
            "68-planner",
            Subject.HABITS,
            "I can plan my week and meet deadlines.",
            (
                "I write every assignment in my planner.",
                "I break big projects into steps with dates.",
                "I turn my work in on time.",
            ),
        ),
    ),
    *_targets(
        G912,
        (
            "912-theme",
            Subject.READING,
            "I can analyze how an author develops a theme over a text.",
            (
                "I state the theme as a complete idea.",
                "I trace how it develops with well-chosen quotations.",
                "I explain the author's choices.",
            ),
        ),
        (
            "912-research",
            Subject.WRITING,
            "I can write a research paper that cites credible sources.",
            (
                "I ask a focused research question.",
                "I evaluate the credibility of each source.",
                "I integrate and cite sources correctly.",
                "My conclusion answers my question.",
            ),
        ),
        (
            "912-functions",
            Subject.MATH,
            "I can model a real situation with a function and interpret it.",
            (
                "I choose a linear, quadratic or exponential model and justify it.",
                "I interpret the parameters in context.",
                "I state the limits of my model.",
            ),
        ),
        (
            "912-statistics",
            Subject.MATH,
            "I can interpret data using statistics and graphs.",
            (
                "I choose an appropriate graph.",
                "I describe center, spread and outliers.",
                "I do not confuse correlation with causation.",
            ),
        ),
        (
            "912-reactions",
            Subject.SCIENCE,
            "I can explain a chemical reaction with a balanced equation.",
            (
                "I write the reactants and products correctly.",
                "I balance the equation.",
                "I connect the equation to what I observed in the lab.",
            ),
        ),
        (
            "912-history",
            Subject.SOCIAL_STUDIES,
            "I can evaluate historical arguments using evidence.",
            (
                "I source each document.",
                "I corroborate evidence across documents.",
                "I write a thesis that takes a position.",
            ),
        ),
        (
            "912-revise",
            Subject.ARTS,
            "I can give and use feedback to revise my creative work.",
            (
                "I give specific, kind and useful feedback.",
                "I choose which feedback to use and explain why.",
                "My revision is clearly stronger than my draft.",
            ),
        ),
        (
            "912-future",
            Subject.HABITS,
            "I can make a plan for life after high school.",
            (
                "I research at least two paths.",
                "I know the steps and deadlines for my plan.",
                "I talk about my plan with an adult I trust.",
            ),
        ),
    ),
]


# --- the work students do ---------------------------------------------------------------

# An answer to a prompt: English, and Spanish for the families who speak it.
Said = tuple[str, str]


@dataclass(frozen=True)
class Idea:
    """A kind of work a student in the band might put in their binder."""

    key: str
    kind: str
    title: str
    title_es: str
    targets: tuple[str, ...]
    answers: dict[str, Said]
    picture: str = ""
    # Variants of the writing itself: (title suffix, text, Spanish text).
    texts: tuple[tuple[str, str, str], ...] = ()
    link: str = ""
    grades: tuple[int, int] = (0, 12)


K2_IDEAS = [
    Idea(
        "family",
        Kind.DRAWING,
        "My family",
        "Mi familia",
        ("k2-draw",),
        {
            P.LEARNED: (
                "I can draw people with arms, legs and faces.",
                "Puedo dibujar personas con brazos, piernas y cara.",
            ),
            P.PROUD: (
                "I drew everybody in my family, even the baby.",
                "Dibujé a todos en mi familia, hasta al bebé.",
            ),
        },
        picture="family",
    ),
    Idea(
        "house",
        Kind.DRAWING,
        "My house and the big sun",
        "Mi casa y el sol grande",
        ("k2-draw",),
        {
            P.LEARNED: (
                "A picture can show where a story happens.",
                "Un dibujo puede mostrar dónde pasa un cuento.",
            ),
            P.PROUD: ("I used lots of colors.", "Usé muchos colores."),
        },
        picture="house",
    ),
    Idea(
        "plant",
        Kind.DRAWING,
        "What a plant needs",
        "Lo que necesita una planta",
        ("k2-living",),
        {
            P.LEARNED: (
                "Plants need water, sun, air and soil.",
                "Las plantas necesitan agua, sol, aire y tierra.",
            ),
            P.PROUD: ("I wrote the labels myself.", "Yo escribí las etiquetas."),
        },
        picture="plant",
        grades=(1, 2),
    ),
    Idea(
        "counting",
        Kind.DRAWING,
        "Counting bears",
        "Contando ositos",
        ("k2-count", "k2-add"),
        {
            P.LEARNED: (
                "I can count the bears by twos.",
                "Puedo contar los ositos de dos en dos.",
            ),
            P.PROUD: ("I counted all the way to 20.", "Conté hasta el 20."),
        },
        picture="counting",
    ),
    Idea(
        "portrait",
        Kind.DRAWING,
        "Me!",
        "¡Yo!",
        ("k2-draw",),
        {
            P.LEARNED: (
                "I looked in the mirror to see my eyes.",
                "Me miré en el espejo para ver mis ojos.",
            ),
            P.PROUD: ("It looks like me!", "¡Se parece a mí!"),
        },
        picture="portrait",
    ),
    Idea(
        "tower",
        Kind.PHOTO,
        "My block tower",
        "Mi torre de bloques",
        ("k2-count",),
        {
            P.LEARNED: (
                "A wide bottom makes a tower stronger.",
                "Si la base es ancha, la torre es más fuerte.",
            ),
            P.PROUD: ("My tower was taller than me.", "Mi torre era más alta que yo."),
        },
        picture="tower",
    ),
    Idea(
        "writing",
        Kind.TEXT,
        "",
        "",
        ("k2-sentence",),
        {
            P.LEARNED: (
                "I start with a capital letter and end with a period.",
                "Empiezo con mayúscula y termino con punto.",
            ),
            P.PROUD: ("I wrote three sentences.", "Escribí tres oraciones."),
        },
        texts=(
            (
                "My weekend",
                "I went to the park with my mom. I went down the big slide. Then we ate "
                "ice cream. It was fun.",
                "Fui al parque con mi mamá. Me subí a la resbaladilla grande. Después "
                "comimos helado. ¡Fue divertido!",
            ),
            (
                "My favorite animal",
                "My favorite animal is the cheetah. Cheetahs run very fast. They have "
                "spots. I want to see one at the zoo.",
                "Mi animal favorito es el guepardo. Los guepardos corren muy rápido. "
                "Tienen manchas. Quiero ver uno en el zoológico.",
            ),
            (
                "Fall leaves",
                "The leaves are red and orange and yellow. They fall down from the trees. "
                "I jump in the leaf pile. Crunch crunch!",
                "Las hojas son rojas, anaranjadas y amarillas. Se caen de los árboles. "
                "Yo brinco en el montón de hojas. ¡Crac, crac!",
            ),
            (
                "The pumpkin patch",
                "We went to the pumpkin patch on a bus. I picked a big round pumpkin. "
                "It was too heavy so my teacher helped me.",
                "Fuimos al campo de calabazas en autobús. Escogí una calabaza grande y "
                "redonda. Pesaba mucho y mi maestra me ayudó.",
            ),
            (
                "Recess",
                "At recess I play on the monkey bars. I can go all the way across now! "
                "I practiced every day.",
                "En el recreo juego en las barras. ¡Ya puedo cruzar hasta el otro lado! "
                "Practiqué todos los días.",
            ),
            (
                "When I grow up",
                "When I grow up I want to work at an animal hospital. I will help sick "
                "dogs and cats. I will be gentle with them.",
                "Cuando sea grande quiero trabajar en un hospital de animales. Voy a "
                "ayudar a los perros y gatos enfermos. Voy a cuidarlos con cariño.",
            ),
        ),
    ),
    Idea(
        "words",
        Kind.TEXT,
        "Words I can read",
        "Palabras que puedo leer",
        ("k2-words",),
        {
            P.LEARNED: (
                "I can read the words on my ring without sounding them out.",
                "Puedo leer las palabras de mi aro sin deletrearlas.",
            ),
            P.PROUD: ("I read them to my family.", "Se las leí a mi familia."),
        },
        texts=(
            ("", "the, and, is, see, my, like, can, we, go, to, look, you, a, I, it", ""),
            ("", "said, was, they, have, come, what, where, here, one, two, play, for", ""),
        ),
    ),
]

G35_IDEAS = [
    Idea(
        "opinion",
        Kind.TEXT,
        "Opinion: ",
        "Opinión: ",
        ("35-opinion",),
        {
            P.LEARNED: (
                "An opinion needs reasons, and each reason needs an example.",
                "Una opinión necesita razones, y cada razón necesita un ejemplo.",
            ),
            P.HARD: (
                "Thinking of a third reason was hard.",
                "Fue difícil pensar en una tercera razón.",
            ),
            P.NEXT: (
                "Next time I will plan my reasons before I start writing.",
                "La próxima vez voy a planear mis razones antes de escribir.",
            ),
        },
        texts=(
            (
                "Recess should be longer",
                "I think recess should be 30 minutes instead of 20. First, kids need to "
                "move their bodies so they can focus in class. Second, recess is when we "
                "practice solving problems with friends. For example, last week we made "
                "up new rules for four square together. Third, 20 minutes goes by so fast "
                "that we barely start a game. That is why recess should be longer.",
                "",
            ),
            (
                "Every kid should learn to swim",
                "In my opinion every kid should learn to swim. The most important reason "
                "is safety, because we live near a river. Another reason is that swimming "
                "is good exercise for your whole body. Also, if you can swim you can go to "
                "pool parties without being scared. For these reasons, swimming lessons "
                "should be free for kids.",
                "",
            ),
            (
                "Dogs make the best pets",
                "Dogs make the best pets. First, dogs are loyal and they are always happy "
                "to see you. Second, walking a dog every day keeps you healthy. For "
                "example, my neighbor walks her dog two miles every morning. Third, dogs "
                "can learn tricks and even help people. In conclusion, if you want a pet, "
                "get a dog.",
                "",
            ),
            (
                "We need a class library",
                "Our classroom needs a bigger class library. Because we only have one "
                "shelf, the good books are always checked out. When there are more books "
                "people read more, and reading more makes you a better reader. We could "
                "ask families to donate books they are done with. A bigger library would "
                "help everyone in Room 14.",
                "",
            ),
        ),
    ),
    Idea(
        "word-problem",
        Kind.TEXT,
        "How I solved it: ",
        "Cómo lo resolví: ",
        ("35-word-problem",),
        {
            P.LEARNED: (
                "I can break a big problem into smaller steps.",
                "Puedo dividir un problema grande en pasos más pequeños.",
            ),
            P.HARD: (
                "Knowing which operation to do first.",
                "Saber qué operación hacer primero.",
            ),
            P.NEXT: (
                "I will draw a picture of the problem before I solve it.",
                "Voy a dibujar el problema antes de resolverlo.",
            ),
        },
        texts=(
            (
                "the bake sale",
                "The problem: We baked 6 trays of 24 cookies. We sold 97. How many bags "
                "of 5 can we make with the rest?\n\nStep 1: 6 × 24 = 144 cookies.\n"
                "Step 2: 144 − 97 = 47 cookies left.\nStep 3: 47 ÷ 5 = 9 remainder 2.\n\n"
                "We can make 9 bags, and 2 cookies are left over (I would eat them).",
                "",
            ),
            (
                "the garden beds",
                "The problem: The garden has 3 beds. Each bed has 4 rows of 8 plants. "
                "Rabbits ate 15 plants. How many are left?\n\nStep 1: 4 × 8 = 32 plants "
                "in one bed.\nStep 2: 3 × 32 = 96 plants.\nStep 3: 96 − 15 = 81.\n\n"
                "81 plants are left. I checked by adding 81 + 15 = 96.",
                "",
            ),
            (
                "saving for a bike",
                "The problem: A bike costs $185. I have $40 and I save $15 every week. "
                "How many weeks until I can buy it?\n\nStep 1: 185 − 40 = 145 still "
                "needed.\nStep 2: 145 ÷ 15 = 9 remainder 10.\nStep 3: 9 weeks is not "
                "enough, because $10 is still missing, so I need 10 weeks.\n\n"
                "Answer: 10 weeks.",
                "",
            ),
        ),
    ),
    Idea(
        "book",
        Kind.TEXT,
        "Book response: ",
        "Respuesta a un libro: ",
        ("35-main-idea",),
        {
            P.LEARNED: (
                "The main idea is what the whole chapter is mostly about.",
                "La idea principal es de lo que trata casi todo el capítulo.",
            ),
            P.HARD: (
                "Choosing only the most important details.",
                "Escoger solo los detalles más importantes.",
            ),
            P.NEXT: (
                "I will use sticky notes to mark details while I read.",
                "Voy a usar notitas para marcar detalles mientras leo.",
            ),
        },
        texts=(
            (
                "Charlotte's Web",
                "The main idea of the first chapters is that Fern saves Wilbur because "
                "she thinks it is unfair to kill a pig for being small. Details: she "
                "grabs the axe from her father, she feeds Wilbur from a bottle, and she "
                "visits him every day at the barn. I think Fern is brave.",
                "",
            ),
            (
                "The Wild Robot",
                "The main idea is that Roz the robot learns to survive on the island by "
                "watching the animals. She copies how they hide from storms, she builds a "
                "shelter, and she learns their language. My favorite part is when she "
                "adopts the gosling Brightbill.",
                "",
            ),
            (
                "Because of Winn-Dixie",
                "The main idea is that a stray dog helps Opal make friends in a new town. "
                "Because of Winn-Dixie she meets Miss Franny, Gloria Dump and Otis. The "
                "dog is like a bridge between people. I want to read what happens at the "
                "party.",
                "",
            ),
            (
                "Frindle",
                "The main idea is that one word can change a whole school. Nick invents "
                "the word frindle for a pen, his friends start using it, and Mrs. Granger "
                "tries to stop it. I think Mrs. Granger secretly wanted him to win.",
                "",
            ),
        ),
        grades=(3, 5),
    ),
    Idea(
        "fair-test",
        Kind.TEXT,
        "Fair test: ",
        "Prueba justa: ",
        ("35-fair-test",),
        {
            P.LEARNED: (
                "In a fair test you change only one thing.",
                "En una prueba justa solo cambias una cosa.",
            ),
            P.HARD: (
                "Measuring the water exactly the same every time.",
                "Medir el agua exactamente igual cada vez.",
            ),
            P.NEXT: (
                "I will test each one three times and take the average.",
                "Voy a probar cada uno tres veces y sacar el promedio.",
            ),
        },
        texts=(
            (
                "which paper towel soaks up the most?",
                "Question: Which brand of paper towel soaks up the most water?\n"
                "What I changed: the brand.\nWhat I kept the same: the size of the towel "
                "(one sheet), the amount of water (100 mL), the time (10 seconds).\n"
                "Results: Brand A 41 mL, Brand B 56 mL, Brand C 33 mL.\n"
                "Conclusion: Brand B soaked up the most water.",
                "",
            ),
            (
                "do heavier cars roll farther?",
                "Question: Does a heavier toy car roll farther down the ramp?\n"
                "What I changed: the weight (I taped on 0, 2 or 4 washers).\n"
                "What I kept the same: the ramp height, the car, the floor.\n"
                "Results: 0 washers 142 cm, 2 washers 158 cm, 4 washers 161 cm.\n"
                "Conclusion: the heavier car rolled a little farther.",
                "",
            ),
        ),
        grades=(3, 5),
    ),
    Idea(
        "water-cycle",
        Kind.DRAWING,
        "The water cycle",
        "El ciclo del agua",
        (),
        {
            P.LEARNED: (
                "Water goes up as vapor and comes back down as rain.",
                "El agua sube como vapor y baja otra vez como lluvia.",
            ),
            P.HARD: (
                "Remembering the difference between evaporation and condensation.",
                "Recordar la diferencia entre evaporación y condensación.",
            ),
            P.NEXT: (
                "I will add arrows for the water that soaks into the ground.",
                "Voy a agregar flechas para el agua que se mete en la tierra.",
            ),
        },
        picture="water-cycle",
    ),
    Idea(
        "fractions",
        Kind.DRAWING,
        "Comparing fractions with pizzas",
        "Comparando fracciones con pizzas",
        ("35-fractions",),
        {
            P.LEARNED: (
                "A bigger denominator means smaller pieces.",
                "Un denominador más grande significa pedazos más pequeños.",
            ),
            P.HARD: ("Comparing 2/3 and 3/4 without a picture.", "Comparar 2/3 y 3/4 sin dibujo."),
            P.NEXT: (
                "I will try comparing fractions on a number line.",
                "Voy a comparar fracciones en una recta numérica.",
            ),
        },
        picture="fractions",
    ),
    Idea(
        "map",
        Kind.DRAWING,
        "Map of my neighborhood",
        "Mapa de mi vecindario",
        ("35-maps",),
        {
            P.LEARNED: (
                "A legend tells you what the symbols on a map mean.",
                "La leyenda te dice qué significan los símbolos del mapa.",
            ),
            P.HARD: ("Making the streets the right size.", "Hacer las calles del tamaño correcto."),
            P.NEXT: (
                "I will add a scale so people know how far things are.",
                "Voy a agregar una escala para saber qué tan lejos están las cosas.",
            ),
        },
        picture="map",
    ),
    Idea(
        "survey",
        Kind.DRAWING,
        "Our class survey graph",
        "La gráfica de la encuesta de la clase",
        ("35-word-problem",),
        {
            P.LEARNED: (
                "A bar graph makes it easy to compare groups.",
                "Una gráfica de barras hace fácil comparar grupos.",
            ),
            P.HARD: (
                "Choosing the numbers for the side of the graph.",
                "Escoger los números para el lado de la gráfica.",
            ),
            P.NEXT: (
                "I will ask more people so my data is better.",
                "Voy a preguntar a más personas para que mis datos sean mejores.",
            ),
        },
        picture="survey",
    ),
    Idea(
        "slides",
        Kind.LINK,
        "My slides: ",
        "Mis diapositivas: ",
        ("35-main-idea",),
        {
            P.LEARNED: (
                "I learned to put only a few words on each slide.",
                "Aprendí a poner pocas palabras en cada diapositiva.",
            ),
            P.HARD: ("Speaking loudly in front of the class.", "Hablar fuerte frente a la clase."),
            P.NEXT: (
                "I will practice my talk with my family first.",
                "Voy a practicar mi presentación con mi familia primero.",
            ),
        },
        texts=(
            ("Sea otters", "My animal report: where sea otters live and why they use tools.", ""),
            ("The Oregon Trail", "Five slides about the trail and the people who walked it.", ""),
            ("Volcanoes", "How Mount St. Helens erupted in 1980, with my diagram.", ""),
            ("Monarch butterflies", "The monarchs' migration to Mexico and back.", ""),
        ),
        link="slides",
    ),
]

G68_IDEAS = [
    Idea(
        "argument",
        Kind.TEXT,
        "Argument: ",
        "Argumento: ",
        ("68-argument",),
        {
            P.LEARNED: (
                "A claim is stronger when every piece of evidence is explained.",
                "Un argumento es más fuerte cuando explico cada prueba.",
            ),
            P.HARD: (
                "Finding statistics from sources I could trust.",
                "Encontrar datos de fuentes confiables.",
            ),
            P.NEXT: (
                "I will answer the other side's best point in a counterclaim.",
                "Voy a responder al mejor punto del otro lado con un contraargumento.",
            ),
        },
        texts=(
            (
                "Middle school should start at 9:00",
                "Riverside should start middle school at 9:00 instead of 7:55. The "
                "American Academy of Pediatrics recommends that schools for students our "
                "age start no earlier than 8:30, because teenagers' sleep cycles shift "
                "later. When schools in Seattle moved their start time, students slept "
                "about 34 minutes more and their grades went up. Some people worry about "
                "bus schedules, but elementary and middle school buses could simply "
                "switch times.",
                "",
            ),
            (
                "Phones should stay in lockers",
                "Phones should stay in lockers during class. Notifications break our "
                "focus: even a phone that is face down on the desk makes it harder to "
                "concentrate, according to a study from the University of Texas. In our "
                "own class survey, 19 of 27 students said they check their phone at least "
                "once per period. Others argue phones are needed for emergencies, but the "
                "office phone and lockers are only a minute away.",
                "",
            ),
            (
                "Our city needs more bike lanes",
                "Our city should build protected bike lanes on Main Street. More students "
                "would ride to school if they felt safe: in my survey of 40 students, 23 "
                "said they would bike if there were a protected lane. Bike lanes also "
                "reduce traffic and pollution. Some businesses worry about losing "
                "parking, but studies of other cities show that people on bikes shop "
                "locally more often.",
                "",
            ),
        ),
    ),
    Idea(
        "lab",
        Kind.TEXT,
        "Lab report: ",
        "Informe de laboratorio: ",
        ("68-experiment",),
        {
            P.LEARNED: (
                "A hypothesis has to be something I can test and measure.",
                "Una hipótesis tiene que ser algo que pueda probar y medir.",
            ),
            P.HARD: (
                "Keeping everything else the same for every trial.",
                "Mantener todo lo demás igual en cada prueba.",
            ),
            P.NEXT: (
                "I will run more trials so one odd result matters less.",
                "Voy a hacer más pruebas para que un resultado raro importe menos.",
            ),
        },
        texts=(
            (
                "salt and melting ice",
                "Hypothesis: If we add more salt to an ice cube, it will melt faster.\n"
                "Independent variable: spoons of salt (0 to 4). Dependent variable: "
                "minutes to melt. Controlled: cube size, room temperature, type of "
                "salt.\nResults: 0 spoons 31 min, 1 spoon 24 min, 2 spoons 19 min, "
                "3 spoons 17 min, 4 spoons 16 min.\nConclusion: salt made the ice melt "
                "faster, but after 2 spoons adding more made less difference.",
                "",
            ),
            (
                "ramp height and speed",
                "Hypothesis: A higher ramp will make the marble faster.\nIndependent "
                "variable: ramp height (10 to 50 cm). Dependent variable: time to roll "
                "2 meters.\nResults: 10 cm 2.9 s, 20 cm 2.1 s, 30 cm 1.7 s, 40 cm 1.5 s, "
                "50 cm 1.4 s.\nConclusion: higher ramps were faster, and the change got "
                "smaller as the ramp got higher. Friction may explain it.",
                "",
            ),
        ),
    ),
    Idea(
        "graph",
        Kind.DRAWING,
        "Lab graph: ",
        "Gráfica del laboratorio: ",
        ("68-experiment",),
        {
            P.LEARNED: (
                "The independent variable goes on the x-axis.",
                "La variable independiente va en el eje x.",
            ),
            P.HARD: (
                "Picking a scale so all my data would fit.",
                "Escoger una escala para que cupieran todos mis datos.",
            ),
            P.NEXT: ("I will draw a line of best fit.", "Voy a trazar una línea de tendencia."),
        },
        picture="lab-graph",
        texts=(("salt and melting ice", "", ""), ("ramp height and speed", "", "")),
    ),
    Idea(
        "cell",
        Kind.DRAWING,
        "Animal cell diagram",
        "Diagrama de una célula animal",
        ("68-experiment",),
        {
            P.LEARNED: (
                "Mitochondria release the energy the cell can use.",
                "Las mitocondrias liberan la energía que la célula puede usar.",
            ),
            P.HARD: (
                "Remembering which parts only plant cells have.",
                "Recordar qué partes solo tienen las células vegetales.",
            ),
            P.NEXT: (
                "I will draw a plant cell and compare the two.",
                "Voy a dibujar una célula vegetal y comparar las dos.",
            ),
        },
        picture="cell",
    ),
    Idea(
        "slides",
        Kind.LINK,
        "Slides: ",
        "Diapositivas: ",
        ("68-sources",),
        {
            P.LEARNED: (
                "Good slides show a picture and let me do the talking.",
                "Las buenas diapositivas muestran una imagen y yo hago la explicación.",
            ),
            P.HARD: (
                "Cutting my research down to five minutes.",
                "Resumir mi investigación en cinco minutos.",
            ),
            P.NEXT: ("I will rehearse with a timer.", "Voy a ensayar con un cronómetro."),
        },
        texts=(
            ("Ancient Egypt", "How the Nile flooded every year and why that mattered.", ""),
            ("Renewable energy", "Wind, solar and hydro power in Oregon, compared.", ""),
            ("The Silk Road", "What traveled along the Silk Road besides silk.", ""),
        ),
        link="slides",
    ),
    Idea(
        "ratios",
        Kind.TEXT,
        "Ratio problem: ",
        "Problema de razones: ",
        ("68-ratios",),
        {
            P.LEARNED: (
                "A ratio table helps me scale a recipe up or down.",
                "Una tabla de razones me ayuda a aumentar o reducir una receta.",
            ),
            P.HARD: ("Deciding which quantity to put first.", "Decidir qué cantidad va primero."),
            P.NEXT: (
                "I will check my answer with a unit rate.",
                "Voy a comprobar mi respuesta con la tasa unitaria.",
            ),
        },
        texts=(
            (
                "trail mix for the camping trip",
                "The recipe uses 3 cups of nuts for every 2 cups of raisins and makes "
                "enough for 10 people. We are 28 people.\n28 ÷ 10 = 2.8, so I multiply "
                "everything by 2.8: 8.4 cups of nuts and 5.6 cups of raisins.\nCheck: "
                "8.4 : 5.6 is still 3 : 2.",
                "",
            ),
            (
                "which juice is the better buy?",
                "A 64-ounce bottle costs $3.84 and a 12-pack of 6-ounce boxes costs "
                "$4.68.\nBottle: 3.84 ÷ 64 = $0.06 per ounce.\nBoxes: 4.68 ÷ 72 = $0.065 "
                "per ounce.\nThe bottle is the better buy, but the boxes are easier for "
                "lunches.",
                "",
            ),
        ),
    ),
    Idea(
        "painting",
        Kind.PHOTO,
        "My landscape painting",
        "Mi pintura de paisaje",
        (),
        {
            P.LEARNED: (
                "Warm colors come forward and cool colors go back.",
                "Los colores cálidos se ven más cerca y los fríos más lejos.",
            ),
            P.HARD: (
                "Blending the sky without making it muddy.",
                "Mezclar el cielo sin que se viera sucio.",
            ),
            P.NEXT: (
                "I will try a painting with only three colors.",
                "Voy a intentar una pintura con solo tres colores.",
            ),
        },
        picture="painting",
    ),
    Idea(
        "source",
        Kind.TEXT,
        "Primary source: ",
        "Fuente primaria: ",
        ("68-sources",),
        {
            P.LEARNED: (
                "A primary source was made by someone who was there.",
                "Una fuente primaria la hizo alguien que estuvo ahí.",
            ),
            P.HARD: ("Understanding the old-fashioned language.", "Entender el lenguaje antiguo."),
            P.NEXT: (
                "I will compare this letter with our textbook's account.",
                "Voy a comparar esta carta con lo que dice el libro de texto.",
            ),
        },
        texts=(
            (
                "a letter from the Oregon Trail",
                "Author and date: a woman travelling west, 1852. Purpose: to tell her "
                "sister about the journey. She writes about cholera, river crossings and "
                "running out of flour. Our textbook says the trail was an adventure; her "
                "letter shows it was mostly exhausting and dangerous. Both agree that "
                "families hoped for free land.",
                "",
            ),
            (
                "a photograph of a 1930s dust storm",
                "Source: a photograph from 1936. It shows a farmer and two children "
                "walking into wind full of dust. It is a primary source because the "
                "photographer was there. A secondary source I read explains the causes: "
                "drought and plowing that removed the grass.",
                "",
            ),
        ),
    ),
    Idea(
        "spanish",
        Kind.TEXT,
        "Me presento",
        "Me presento",
        ("68-spanish",),
        {
            P.LEARNED: (
                "I can introduce myself and ask someone's age in Spanish.",
                "Puedo presentarme y preguntar la edad de alguien en español.",
            ),
            P.HARD: ("Remembering when to use ser and estar.", "Recordar cuándo usar ser y estar."),
            P.NEXT: (
                "I will record myself to work on my pronunciation.",
                "Voy a grabarme para mejorar mi pronunciación.",
            ),
        },
        texts=(("", "", ""),),
    ),
]

G912_IDEAS = [
    Idea(
        "theme",
        Kind.TEXT,
        "Essay: ",
        "Ensayo: ",
        ("912-theme",),
        {
            P.LEARNED: (
                "A theme is a message about life, not a single word like 'friendship'.",
                "Un tema es un mensaje sobre la vida, no una sola palabra como 'amistad'.",
            ),
            P.HARD: (
                "Choosing quotations that actually prove my point.",
                "Escoger citas que de verdad prueben mi punto.",
            ),
            P.NEXT: (
                "I will start my outline with the thesis and my three best quotations.",
                "Voy a empezar mi esquema con la tesis y mis tres mejores citas.",
            ),
        },
        texts=(
            (
                "loneliness in Of Mice and Men",
                "In Of Mice and Men, Steinbeck shows that loneliness makes people cruel "
                "as well as sad. Crooks, isolated in the harness room, lashes out at "
                "Lennie before he softens; Curley's wife, who has no one to talk to, "
                "turns her loneliness into threats. The dream of the farm matters because "
                "it is the only thing that makes George and Lennie different from "
                "everyone else on the ranch.",
                "",
            ),
            (
                "home in The House on Mango Street",
                "Esperanza's house on Mango Street is not the house she was promised, "
                "and Cisneros uses that gap to show that home is something a person has "
                "to build for herself. The vignettes move from shame about the house to "
                "a promise to come back 'for the ones I left behind', which turns the "
                "street from a place to escape into a responsibility.",
                "",
            ),
            (
                "knowledge and fear in Fahrenheit 451",
                "Bradbury suggests that a society afraid of feeling will destroy "
                "knowledge first. Montag's wife would rather talk to the parlor walls "
                "than to him, and Beatty argues that books make people unhappy because "
                "they disagree. Montag's turn begins not with a book but with Clarisse's "
                "simple question: 'Are you happy?'",
                "",
            ),
        ),
    ),
    Idea(
        "research",
        Kind.TEXT,
        "Research paper (introduction): ",
        "Trabajo de investigación (introducción): ",
        ("912-research",),
        {
            P.LEARNED: (
                "How to judge whether a source is credible.",
                "Cómo juzgar si una fuente es confiable.",
            ),
            P.HARD: (
                "Narrowing a huge topic down to one question.",
                "Reducir un tema enorme a una sola pregunta.",
            ),
            P.NEXT: (
                "I will keep my citations in a tracker as I go.",
                "Voy a anotar mis citas en una lista mientras investigo.",
            ),
        },
        texts=(
            (
                "Should the Columbia River dams come down?",
                "Four dams on the lower Snake River produce electricity for thousands of "
                "homes, yet salmon runs that once numbered in the millions have fallen "
                "by more than 90 percent. This paper asks whether removing the dams would "
                "restore the runs, and at what cost to farmers, barge shipping and the "
                "power grid.",
                "",
            ),
            (
                "Does later school start improve attendance?",
                "Teenagers are biologically wired to fall asleep later, yet most high "
                "schools start before 8:00. Using data from districts that changed their "
                "start times, this paper examines whether a later start improves "
                "attendance, and whether the benefit lasts.",
                "",
            ),
        ),
    ),
    Idea(
        "statistics",
        Kind.DRAWING,
        "Scatter plot: sleep and quiz scores",
        "Diagrama de dispersión: sueño y calificaciones",
        ("912-statistics",),
        {
            P.LEARNED: (
                "Correlation does not prove that one thing causes the other.",
                "Una correlación no prueba que una cosa cause la otra.",
            ),
            P.HARD: ("Explaining the outliers.", "Explicar los valores atípicos."),
            P.NEXT: (
                "I will collect data from more than one class.",
                "Voy a reunir datos de más de una clase.",
            ),
        },
        picture="scatter",
    ),
    Idea(
        "chemistry",
        Kind.TEXT,
        "Lab conclusion: ",
        "Conclusión del laboratorio: ",
        ("912-reactions",),
        {
            P.LEARNED: (
                "Mass is conserved, so the equation has to balance.",
                "La masa se conserva, por eso la ecuación tiene que estar balanceada.",
            ),
            P.HARD: ("Balancing the oxygen atoms.", "Balancear los átomos de oxígeno."),
            P.NEXT: (
                "I will measure the gas more carefully next time.",
                "La próxima vez voy a medir el gas con más cuidado.",
            ),
        },
        texts=(
            (
                "baking soda and vinegar",
                "NaHCO₃ + CH₃COOH → CH₃COONa + H₂O + CO₂\nThe mass of the sealed bag "
                "stayed at 212.4 g before and after the reaction, which supports "
                "conservation of mass. In the open beaker we lost 1.9 g, the carbon "
                "dioxide that escaped as bubbles.",
                "",
            ),
            (
                "burning magnesium",
                "2 Mg + O₂ → 2 MgO\nThe white ash weighed more than the magnesium "
                "ribbon (0.41 g vs 0.25 g) because oxygen from the air combined with it. "
                "Our yield was 89 %; some smoke escaped when we lifted the lid.",
                "",
            ),
        ),
        grades=(10, 12),
    ),
    Idea(
        "film",
        Kind.LINK,
        "",
        "",
        ("912-revise",),
        {
            P.LEARNED: (
                "Editing is where the story really gets told.",
                "En la edición es donde de verdad se cuenta la historia.",
            ),
            P.HARD: ("Recording clean sound outside.", "Grabar sonido limpio afuera."),
            P.NEXT: (
                "I will storyboard every shot before filming.",
                "Voy a hacer un guion gráfico de cada toma antes de filmar.",
            ),
        },
        texts=(
            (
                "My short film for Media Arts",
                "A three-minute film about my grandmother's bakery, shot on my phone.",
                "",
            ),
            ("My portfolio website", "Everything I made in Digital Design this year.", ""),
            (
                "Podcast episode: Riverside then and now",
                "Interviews with two teachers who went to school here.",
                "",
            ),
        ),
        link="media",
    ),
    Idea(
        "painting",
        Kind.PHOTO,
        "Painting: final version after critique",
        "Pintura: versión final después de la crítica",
        ("912-revise",),
        {
            P.LEARNED: (
                "The critique showed me my focal point was unclear.",
                "La crítica me mostró que mi punto focal no estaba claro.",
            ),
            P.HARD: ("Starting the background over.", "Volver a empezar el fondo."),
            P.NEXT: (
                "I will do value studies before I paint.",
                "Voy a hacer estudios de valor antes de pintar.",
            ),
        },
        picture="painting",
    ),
    Idea(
        "poem",
        Kind.TEXT,
        "Poem: ",
        "Poema: ",
        ("912-revise",),
        {
            P.LEARNED: (
                "Line breaks change how a reader hears a poem.",
                "Los cortes de línea cambian cómo el lector escucha un poema.",
            ),
            P.HARD: (
                "Cutting words I liked but didn't need.",
                "Quitar palabras que me gustaban pero no necesitaba.",
            ),
            P.NEXT: (
                "I will read my drafts aloud before revising.",
                "Voy a leer mis borradores en voz alta antes de corregirlos.",
            ),
        },
        texts=(
            (
                "Bus 14, 6:52 a.m.",
                "The windows fog with everyone's breath,\nthirty of us, half asleep,\n"
                "headphones in like a promise\nthat nobody will ask us anything\n"
                "until the bridge,\nwhere the river shows up silver\nand we all look, "
                "every morning,\nas if we had never seen it.",
                "",
            ),
            (
                "What my father carries",
                "Keys to a building he cleans at night,\na photo folded into four,\n"
                "the names of streets in two languages,\nand, when he gets home,\n"
                "the quiet, which he sets down\ncarefully\nso it won't wake us.",
                "",
            ),
        ),
    ),
    Idea(
        "plan",
        Kind.TEXT,
        "My plan after Riverside",
        "Mi plan después de Riverside",
        ("912-future",),
        {
            P.LEARNED: (
                "There is more than one path to the career I want.",
                "Hay más de un camino para la carrera que quiero.",
            ),
            P.HARD: ("Figuring out the costs.", "Calcular los costos."),
            P.NEXT: (
                "I will meet the counselor about financial aid in January.",
                "Voy a reunirme con la consejera sobre la ayuda financiera en enero.",
            ),
        },
        texts=(
            (
                "",
                "I want to become a registered nurse. Plan A: the nursing program at "
                "Portland Community College, then transfer for a bachelor's degree. "
                "Plan B: start as a certified nursing assistant this summer to earn "
                "money and experience. Deadlines: FAFSA opens in October, PCC "
                "application by March 1.",
                "",
            ),
            (
                "",
                "I want to work as an electrician. I visited the IBEW apprenticeship "
                "open house in October. Steps: finish Algebra II with a C or better, "
                "take the aptitude test in the spring, and get my driver's license. "
                "Backup plan: the electrical program at the community college.",
                "",
            ),
            (
                "",
                "I want to study environmental science at a four-year university. I am "
                "applying to three Oregon schools and two out of state. Early action "
                "deadlines are November 1; I need two teacher recommendations and my "
                "personal essay finished by October 20.",
                "",
            ),
        ),
        grades=(11, 12),
    ),
    Idea(
        "history",
        Kind.TEXT,
        "Document-based essay: ",
        "Ensayo basado en documentos: ",
        ("912-history",),
        {
            P.LEARNED: (
                "Historians disagree, and the evidence they choose shapes the argument.",
                "Los historiadores no están de acuerdo, y la evidencia que escogen da "
                "forma al argumento.",
            ),
            P.HARD: (
                "Writing about documents that disagreed with my thesis.",
                "Escribir sobre documentos que contradecían mi tesis.",
            ),
            P.NEXT: (
                "I will source each document before I read it closely.",
                "Voy a identificar el origen de cada documento antes de leerlo a fondo.",
            ),
        },
        texts=(
            (
                "Was the New Deal a success?",
                "The New Deal did not end the Depression, but it changed what Americans "
                "expected from their government. Unemployment stayed above 14 percent "
                "until 1940 (Document C), yet programs like Social Security and deposit "
                "insurance (Documents A and F) created protections that still exist.",
                "",
            ),
            (
                "Why did the Civil Rights Movement succeed in the 1960s?",
                "The movement succeeded because local organizing met national attention. "
                "The Montgomery bus boycott lasted 381 days because of church networks "
                "(Document B), and televised images from Birmingham (Document D) pushed "
                "Congress to act in 1964.",
                "",
            ),
        ),
        grades=(10, 12),
    ),
    Idea(
        "model",
        Kind.DRAWING,
        "Modeling with functions: ",
        "Modelando con funciones: ",
        ("912-functions",),
        {
            P.LEARNED: (
                "An exponential model fits growth that speeds up.",
                "Un modelo exponencial describe un crecimiento que se acelera.",
            ),
            P.HARD: (
                "Choosing between a linear and an exponential model.",
                "Elegir entre un modelo lineal y uno exponencial.",
            ),
            P.NEXT: (
                "I will test my model against next month's data.",
                "Voy a probar mi modelo con los datos del próximo mes.",
            ),
        },
        picture="model",
        texts=(("bacteria growth", "", ""), ("cooling coffee", "", "")),
    ),
]

IDEAS: dict[GradeBand, list[Idea]] = {
    K2: K2_IDEAS,
    G35: G35_IDEAS,
    G68: G68_IDEAS,
    G912: G912_IDEAS,
}
WORKS_PER_STUDENT = {K2: (2, 4), G35: (3, 5), G68: (2, 5), G912: (2, 5)}

RECORDER_SONG = Idea(
    "recorder",
    Kind.AUDIO,
    "My recorder song: ",
    "Mi canción en la flauta: ",
    (),
    {
        P.LEARNED: (
            "I can cover the holes all the way so the notes sound clear.",
            "Puedo tapar bien los agujeros para que las notas suenen claras.",
        ),
        P.HARD: ("Playing the quick notes in the middle.", "Tocar las notas rápidas de en medio."),
        P.NEXT: (
            "I will learn a song with a high D.",
            "Voy a aprender una canción con el re agudo.",
        ),
    },
    texts=(
        ("Hot Cross Buns", "I played it in music class.", ""),
        ("Mary Had a Little Lamb", "My first song with four notes.", ""),
        ("Ode to Joy", "We played it together for the fall concert.", ""),
    ),
)

# An advisor's comments, by the kind of work: writing, a picture, or anything else.
COMMENTS: dict[GradeBand, dict[str, list[str]]] = {
    K2: {
        "writing": [
            "You remembered your capital letters and your periods!",
            "I can read every word. Great spacing!",
        ],
        "picture": [
            "I love all the details in your picture!",
            "What bright colors! Tell me the story of your picture.",
        ],
        "other": ["Beautiful! Can you show it to the class?"],
    },
    G35: {
        "writing": [
            "Your reasons are convincing. Can you add an example for the second one?",
            "I could follow every step of your thinking. Great explaining!",
            "Let's look at your conclusion together on Thursday.",
        ],
        "picture": [
            "Nice labels. Which part of the diagram was new to you?",
            "Your graph is neat and easy to read. What does it tell us?",
        ],
        "other": ["This is ready to share with your family!", "I can hear how much you practiced!"],
    },
    G68: {
        "writing": [
            "Strong claim. Your second piece of evidence needs a source.",
            "Remember to explain how the evidence supports your claim.",
            "Clear and careful. What might explain the odd result?",
        ],
        "picture": [
            "Clear labels and a good scale. Give each axis a title next time.",
            "Careful work. How does this connect to what we read in class?",
        ],
        "other": [
            "Your slides are clean and easy to follow.",
            "Nice pacing. Practice the ending once more.",
        ],
    },
    G912: {
        "writing": [
            "Your thesis is sharp. Make sure each paragraph comes back to it.",
            "Good job taking on the counterargument.",
            "Cite the page numbers for your quotations.",
        ],
        "picture": [
            "This is portfolio-worthy. Consider using it in your senior presentation.",
            "Explain the outliers in a sentence under the graph.",
        ],
        "other": [
            "Strong work. Add a short description so your family knows what they are seeing.",
            "This is portfolio-worthy. Consider using it in your senior presentation.",
        ],
    },
}

SPANISH_GREETING = (
    "¡Hola! Me llamo {name}. Tengo {age} años y estoy en séptimo grado en Riverside. "
    "Vivo en Portland con mi familia. Me gusta {likes}. ¿Y tú? ¿Cómo te llamas? "
    "¿Cuántos años tienes?"
)
LIKES = (
    "jugar al fútbol",
    "dibujar",
    "leer libros de misterio",
    "cocinar con mi abuela",
    "nadar",
    "tocar la guitarra",
)


# --- goals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalIdea:
    title: Said
    why: Said
    measured_by: Said
    steps: tuple[Said, ...]
    # Which of the student's data series shows progress, if any.
    measure: str = ""
    grades: tuple[int, int] = (0, 12)


GOALS: dict[GradeBand, list[GoalIdea]] = {
    K2: [
        GoalIdea(
            ("Count to 100", "Contar hasta 100"),
            ("So I can count all my toy cars.", "Para contar todos mis carritos."),
            ("My teacher listens to me count.", "Mi maestra me escucha contar."),
            (
                ("Count the stairs at home every day", "Contar las escaleras de mi casa cada día"),
                ("Sing the counting-by-tens song", "Cantar la canción de contar de diez en diez"),
                ("Count to 100 for my teacher", "Contar hasta 100 para mi maestra"),
            ),
            measure="math",
            grades=(0, 0),
        ),
        GoalIdea(
            ("Read 30 words on my word ring", "Leer 30 palabras de mi aro de palabras"),
            ("So I can read books on my own.", "Para leer libros por mi cuenta."),
            ("I read my ring to my teacher.", "Le leo mi aro a mi maestra."),
            (
                ("Practice five words every night", "Practicar cinco palabras cada noche"),
                (
                    "Find my words in library books",
                    "Buscar mis palabras en libros de la biblioteca",
                ),
            ),
            measure="reading",
        ),
        GoalIdea(
            ("Write a story with three sentences", "Escribir un cuento de tres oraciones"),
            ("I have lots of stories to tell.", "Tengo muchos cuentos que contar."),
            ("My stories in my binder.", "Los cuentos de mi carpeta."),
            (
                ("Draw my story first", "Dibujar mi cuento primero"),
                (
                    "Use a capital letter and a period in every sentence",
                    "Usar mayúscula y punto en cada oración",
                ),
                ("Read my story to a friend", "Leerle mi cuento a un amigo"),
            ),
            grades=(1, 2),
        ),
        GoalIdea(
            ("Know my addition facts to 10", "Saberme las sumas hasta 10"),
            ("So math games go faster.", "Para que los juegos de matemáticas sean más rápidos."),
            ("The facts I know on my chart.", "Las sumas que sé en mi gráfica."),
            (
                ("Play the dot card game at home", "Jugar con las tarjetas de puntos en casa"),
                ("Practice on the computer on Fridays", "Practicar en la computadora los viernes"),
            ),
            measure="math",
            grades=(1, 2),
        ),
    ],
    G35: [
        GoalIdea(
            ("Move up two reading levels by spring", "Subir dos niveles de lectura en primavera"),
            (
                "I want to read the same chapter books as my friends.",
                "Quiero leer los mismos libros de capítulos que mis amigos.",
            ),
            ("My reading level on my bar chart.", "Mi nivel de lectura en mi gráfica de barras."),
            (
                (
                    "Read 20 minutes every night and fill in my log",
                    "Leer 20 minutos cada noche y llenar mi registro",
                ),
                (
                    "Stop and retell after each chapter",
                    "Parar y volver a contar después de cada capítulo",
                ),
                (
                    "Choose one just-right book at the library each week",
                    "Escoger cada semana un libro de mi nivel en la biblioteca",
                ),
            ),
            measure="reading",
        ),
        GoalIdea(
            (
                "Know all my multiplication facts to 10 × 10",
                "Saberme todas las tablas hasta 10 × 10",
            ),
            ("Then long division will be easier.", "Así la división larga será más fácil."),
            ("The facts I know on my chart.", "Las tablas que sé en mi gráfica."),
            (
                (
                    "Practice flash cards for 10 minutes after school",
                    "Practicar con tarjetas 10 minutos después de la escuela",
                ),
                ("Learn the tricks for the 6s, 7s and 8s", "Aprender los trucos del 6, 7 y 8"),
                ("Take the facts quiz every Friday", "Hacer la prueba de tablas cada viernes"),
            ),
            measure="math",
            grades=(3, 5),
        ),
        GoalIdea(
            (
                "Write paragraphs with a topic sentence and three details",
                "Escribir párrafos con una oración principal y tres detalles",
            ),
            (
                "My teacher says my ideas are great but hard to follow.",
                "Mi maestra dice que mis ideas son buenas pero difíciles de seguir.",
            ),
            ("My writing in my binder.", "Mis escritos en mi carpeta."),
            (
                ("Use the paragraph organizer", "Usar el organizador de párrafos"),
                (
                    "Check my paragraph with the checklist before I turn it in",
                    "Revisar mi párrafo con la lista antes de entregarlo",
                ),
            ),
        ),
        GoalIdea(
            ("Turn in my homework folder every Monday", "Entregar mi carpeta de tareas cada lunes"),
            (
                "When I forget it, I fall behind.",
                "Cuando se me olvida, me atraso.",
            ),
            ("The homework chart in our classroom.", "La tabla de tareas de nuestro salón."),
            (
                (
                    "Put my folder in my backpack on Sunday night",
                    "Poner mi carpeta en la mochila el domingo en la noche",
                ),
                ("Ask my family to sign my planner", "Pedirle a mi familia que firme mi agenda"),
            ),
        ),
    ],
    G68: [
        GoalIdea(
            (
                "Read with expression at my goal words per minute",
                "Leer con expresión a mi meta de palabras por minuto",
            ),
            (
                "Reading faster will help me keep up in science and history.",
                "Leer más rápido me ayudará en ciencias y en historia.",
            ),
            (
                "My words per minute on my chart, every two weeks.",
                "Mis palabras por minuto en mi gráfica, cada dos semanas.",
            ),
            (
                (
                    "Read aloud for 15 minutes three nights a week",
                    "Leer en voz alta 15 minutos tres noches por semana",
                ),
                (
                    "Time myself on one passage every Friday",
                    "Medir mi tiempo con un texto cada viernes",
                ),
                (
                    "Listen to an audiobook while following the text",
                    "Escuchar un audiolibro mientras sigo el texto",
                ),
            ),
            measure="fluency",
        ),
        GoalIdea(
            ("Turn in every assignment on time", "Entregar todas las tareas a tiempo"),
            (
                "Missing work is what pulls my grades down.",
                "Las tareas que no entrego son lo que baja mis calificaciones.",
            ),
            (
                "The missing-work report every Friday.",
                "El reporte de tareas pendientes cada viernes.",
            ),
            (
                (
                    "Write every assignment in my planner before I leave class",
                    "Anotar cada tarea en mi agenda antes de salir de clase",
                ),
                (
                    "Check the class page every Sunday night",
                    "Revisar la página de la clase cada domingo",
                ),
                (
                    "Use study hall for the hardest assignment first",
                    "Usar la hora de estudio para la tarea más difícil primero",
                ),
            ),
            measure="homework",
        ),
        GoalIdea(
            ("Raise my math grade to a B", "Subir mi calificación de matemáticas a B"),
            (
                "I want to take Algebra in eighth grade.",
                "Quiero tomar Álgebra en octavo grado.",
            ),
            ("My grade in the gradebook.", "Mi calificación en el sistema de notas."),
            (
                ("Go to math help on Tuesdays", "Ir a la ayuda de matemáticas los martes"),
                ("Correct every quiz mistake", "Corregir cada error de los exámenes"),
            ),
        ),
        GoalIdea(
            (
                "Speak up in class discussions at least once a day",
                "Participar en las discusiones de clase al menos una vez al día",
            ),
            (
                "I have good ideas but I keep them to myself.",
                "Tengo buenas ideas pero me las guardo.",
            ),
            ("A tally in my notebook.", "Una cuenta en mi cuaderno."),
            (
                (
                    "Write one question before each discussion",
                    "Escribir una pregunta antes de cada discusión",
                ),
                ("Track how often I speak", "Anotar cuántas veces participo"),
            ),
        ),
    ],
    G912: [
        GoalIdea(
            ("Raise my quiz average to my goal", "Subir mi promedio de exámenes a mi meta"),
            (
                "I need this class for the program I want after graduation.",
                "Necesito esta clase para el programa que quiero después de graduarme.",
            ),
            ("My quiz average on my chart.", "Mi promedio de exámenes en mi gráfica."),
            (
                ("Go to tutoring on Wednesdays", "Ir a tutoría los miércoles"),
                ("Redo every problem I miss", "Volver a hacer cada problema que fallo"),
                (
                    "Start studying three days before each quiz",
                    "Empezar a estudiar tres días antes de cada examen",
                ),
            ),
            measure="quiz",
        ),
        GoalIdea(
            (
                "Finish my college essay draft by January",
                "Terminar el borrador de mi ensayo universitario en enero",
            ),
            ("Applications are due in the spring.", "Las solicitudes vencen en la primavera."),
            ("A full draft my advisor has read.", "Un borrador completo y revisado."),
            (
                (
                    "Brainstorm three stories with my advisor",
                    "Pensar en tres historias para mi ensayo",
                ),
                (
                    "Write a first draft over Thanksgiving break",
                    "Escribir un primer borrador en las vacaciones de Acción de Gracias",
                ),
                ("Get feedback from two people", "Pedir comentarios a dos personas"),
            ),
            grades=(11, 12),
        ),
        GoalIdea(
            (
                "Complete 20 hours of community service",
                "Completar 20 horas de servicio comunitario",
            ),
            (
                "I want to give back, and it counts for graduation.",
                "Quiero ayudar a mi comunidad, y cuenta para graduarme.",
            ),
            ("The hours signed on my log.", "Las horas firmadas en mi registro."),
            (
                ("Sign up at the food bank", "Inscribirme en el banco de comida"),
                ("Log my hours every week", "Anotar mis horas cada semana"),
            ),
        ),
        GoalIdea(
            ("Read one book of my choice every month", "Leer un libro que yo escoja cada mes"),
            (
                "I used to love reading and I want that back.",
                "Antes me encantaba leer y quiero recuperar eso.",
            ),
            ("The books in my reading log.", "Los libros de mi registro de lectura."),
            (
                ("Keep a book in my backpack", "Llevar siempre un libro en la mochila"),
                ("Read 20 minutes before bed", "Leer 20 minutos antes de dormir"),
            ),
        ),
    ],
}


@dataclass(frozen=True)
class LookBack:
    """A first-quarter goal an older student has already looked back on."""

    title: Said
    why: Said
    steps: tuple[Said, ...]
    reviews: dict[str, Said]


LOOK_BACKS = [
    LookBack(
        (
            "Turn in every assignment on time in the first quarter",
            "Entregar todas las tareas a tiempo en el primer trimestre",
        ),
        (
            "Late work cost me a whole grade last year.",
            "El año pasado bajé una calificación entera por entregar tarde.",
        ),
        (
            ("Write every assignment in my planner", "Anotar cada tarea en mi agenda"),
            ("Check for missing work every Friday", "Revisar las tareas pendientes cada viernes"),
        ),
        {
            Goal.Status.MET: (
                "I turned in 44 of 45 assignments on time. Writing everything in my planner "
                "before I left class made the difference.",
                "Entregué a tiempo 44 de 45 tareas. Anotar todo en mi agenda antes de salir "
                "de clase hizo la diferencia.",
            ),
            Goal.Status.PROGRESS: (
                "Most of my work was on time, but I missed three science assignments when I "
                "was sick in October. I need a plan for catching up.",
                "Entregué casi todo a tiempo, pero me faltaron tres tareas de ciencias cuando "
                "me enfermé en octubre. Necesito un plan para ponerme al día.",
            ),
        },
    ),
    LookBack(
        ("Bring my math quiz average above 80 %", "Subir mi promedio de matemáticas a más de 80 %"),
        ("I want to stay in the advanced track.", "Quiero seguir en el nivel avanzado."),
        (
            ("Go to tutoring on Wednesdays", "Ir a tutoría los miércoles"),
            ("Redo every quiz problem I miss", "Volver a hacer cada problema que fallo"),
        ),
        {
            Goal.Status.MET: (
                "My average went from 72 % to 84 %. Tutoring on Wednesdays helped most.",
                "Mi promedio subió de 72 % a 84 %. Lo que más me ayudó fue la tutoría de los "
                "miércoles.",
            ),
            Goal.Status.PROGRESS: (
                "I went from 68 % to 76 %. Not 80 % yet, but I understand linear equations "
                "much better now.",
                "Subí de 68 % a 76 %. Todavía no llego a 80 %, pero ahora entiendo mucho mejor "
                "las ecuaciones lineales.",
            ),
        },
    ),
    LookBack(
        ("Join a club or a team", "Unirme a un club o a un equipo"),
        ("I want to know more people at school.", "Quiero conocer a más gente en la escuela."),
        (
            ("Visit the club fair in September", "Ir a la feria de clubes en septiembre"),
            ("Try two clubs before choosing one", "Probar dos clubes antes de escoger uno"),
        ),
        {
            Goal.Status.MET: (
                "I joined the robotics club and go every Thursday. I have two new friends.",
                "Me uní al club de robótica y voy cada jueves. Tengo dos amigos nuevos.",
            ),
            Goal.Status.CHANGED: (
                "Soccer tryouts were on the same day as my job, so I joined the school "
                "newspaper instead. I wrote my first article in October.",
                "Las pruebas de fútbol eran el mismo día que mi trabajo, así que me uní al "
                "periódico escolar. Escribí mi primer artículo en octubre.",
            ),
        },
    ),
]


# --- pictures ----------------------------------------------------------------------------
#
# Drawn with Pillow the way a child draws: thick crayon lines that wobble,
# colouring-in that does not quite reach the edges, labels in pencil.

SIZE = (480, 360)
PAPER = (253, 251, 245)
PENCIL = (62, 62, 70)
RED = (214, 54, 52)
ORANGE = (240, 150, 30)
YELLOW = (248, 206, 45)
GREEN = (56, 158, 72)
BLUE = (52, 118, 212)
PURPLE = (140, 72, 170)
BROWN = (140, 92, 48)
PINK = (236, 128, 172)
SKY = (150, 200, 240)
GRASS = (112, 186, 84)
GRID = (196, 218, 238)
CRAYONS = (RED, ORANGE, YELLOW, GREEN, BLUE, PURPLE, PINK)
SKIN = ((255, 222, 190), (238, 192, 140), (214, 160, 110), (176, 120, 72), (120, 78, 44))
HAIR = ((40, 30, 24), (96, 60, 30), (200, 160, 80), (160, 70, 34), (24, 24, 24))

Point = tuple[float, float]
Box = tuple[float, float, float, float]


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


class Sheet:
    """A sheet of paper and a box of crayons."""

    def __init__(self, rng: random.Random, background: tuple[int, int, int] = PAPER) -> None:
        self.rng = rng
        self.image = Image.new("RGB", SIZE, background)
        self.pen = ImageDraw.Draw(self.image)
        self.width, self.height = SIZE

    def wobbly(
        self, points: Sequence[Point], *, closed: bool = False, wobble: float = 1.5
    ) -> list[Point]:
        path = [*points, points[0]] if closed else list(points)
        out = [path[0]]
        for (x0, y0), (x1, y1) in itertools.pairwise(path):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) // 12))
            for i in range(1, steps + 1):
                t = i / steps
                out.append(
                    (
                        x0 + (x1 - x0) * t + self.rng.uniform(-wobble, wobble),
                        y0 + (y1 - y0) * t + self.rng.uniform(-wobble, wobble),
                    )
                )
        return out

    def line(
        self,
        points: Sequence[Point],
        color: tuple[int, int, int],
        width: int = 4,
        wobble: float = 1.5,
    ) -> None:
        self.pen.line(self.wobbly(points, wobble=wobble), fill=color, width=width, joint="curve")

    def shape(
        self,
        points: Sequence[Point],
        fill: tuple[int, int, int] | None = None,
        outline: tuple[int, int, int] | None = PENCIL,
        width: int = 3,
    ) -> None:
        path = self.wobbly(points, closed=True)
        if fill is not None:
            self.pen.polygon(path, fill=fill)
        if outline is not None:
            self.pen.line(path, fill=outline, width=width, joint="curve")

    def oval(
        self,
        centre: Point,
        rx: float,
        ry: float | None = None,
        fill: tuple[int, int, int] | None = None,
        outline: tuple[int, int, int] | None = PENCIL,
        width: int = 3,
    ) -> None:
        cx, cy = centre
        ry = rx if ry is None else ry
        sides = max(12, int(rx + ry) // 3)
        points = [
            (
                cx + rx * math.cos(2 * math.pi * k / sides),
                cy + ry * math.sin(2 * math.pi * k / sides),
            )
            for k in range(sides)
        ]
        self.shape(points, fill, outline, width)

    def box(
        self,
        box: Box,
        fill: tuple[int, int, int] | None = None,
        outline: tuple[int, int, int] | None = PENCIL,
        width: int = 3,
    ) -> None:
        left, top, right, bottom = box
        self.shape(
            [(left, top), (right, top), (right, bottom), (left, bottom)], fill, outline, width
        )

    def colour_in(self, box: Box, color: tuple[int, int, int], gap: float = 5) -> None:
        """Back-and-forth crayon strokes that do not quite reach the edges."""
        left, top, right, bottom = box
        points: list[Point] = []
        y = top + 1
        while y < bottom:
            points += [
                (left + self.rng.uniform(0, 4), y),
                (right - self.rng.uniform(0, 4), y + gap / 2),
            ]
            y += gap
        if len(points) > 1:
            self.pen.line(points, fill=color, width=3)

    def write(
        self,
        xy: Point,
        text: str,
        size: int = 16,
        fill: tuple[int, int, int] = PENCIL,
        anchor: str = "la",
    ) -> None:
        self.pen.text(xy, text, fill=fill, font=font(size), anchor=anchor)

    def arrow(self, start: Point, end: Point, color: tuple[int, int, int] = PENCIL) -> None:
        self.line([start, end], color, width=3, wobble=0.8)
        angle = math.atan2(end[1] - start[1], end[0] - start[0])
        for side in (-1, 1):
            tip = angle + math.pi + side * 0.45
            self.pen.line(
                [end, (end[0] + 11 * math.cos(tip), end[1] + 11 * math.sin(tip))],
                fill=color,
                width=3,
            )

    def sun(self, centre: Point, radius: float) -> None:
        cx, cy = centre
        for k in range(10):
            a = 2 * math.pi * k / 10 + self.rng.uniform(-0.1, 0.1)
            inner, outer = radius + 5, radius + 18 + self.rng.uniform(-3, 4)
            self.line(
                [
                    (cx + inner * math.cos(a), cy + inner * math.sin(a)),
                    (cx + outer * math.cos(a), cy + outer * math.sin(a)),
                ],
                ORANGE,
                width=4,
            )
        self.oval(centre, radius, fill=YELLOW, outline=ORANGE)

    def graph_paper(self, gap: int = 20) -> None:
        for x in range(0, self.width, gap):
            self.pen.line([(x, 0), (x, self.height)], fill=GRID, width=1)
        for y in range(0, self.height, gap):
            self.pen.line([(0, y), (self.width, y)], fill=GRID, width=1)

    def person(
        self,
        x: float,
        ground: float,
        height: float,
        *,
        shirt: tuple[int, int, int],
        dress: bool = False,
        label: str = "",
    ) -> None:
        r = height * 0.14
        top = ground - height
        neck, hip = top + 2 * r, ground - height * 0.38
        self.line([(x - 4, hip), (x - height * 0.13, ground)], PENCIL)
        self.line([(x + 4, hip), (x + height * 0.13, ground)], PENCIL)
        arm = neck + height * 0.08
        self.line([(x, arm), (x - height * 0.3, arm - height * 0.1)], PENCIL)
        self.line([(x, arm), (x + height * 0.3, arm - height * 0.1)], PENCIL)
        if dress:
            self.shape([(x, neck), (x - height * 0.2, hip + 8), (x + height * 0.2, hip + 8)], shirt)
        else:
            self.box((x - height * 0.1, neck, x + height * 0.1, hip), shirt)
        hair = self.rng.choice(HAIR)
        for k in range(7):
            a = math.pi + math.pi * (k + 0.5) / 7
            self.line(
                [
                    (x + r * math.cos(a), top + r + r * math.sin(a)),
                    (x + 1.3 * r * math.cos(a), top + r + 1.35 * r * math.sin(a)),
                ],
                hair,
                width=3,
            )
        self.oval((x, top + r), r, fill=self.rng.choice(SKIN))
        eye = max(2.0, r * 0.12)
        for side in (-1, 1):
            self.pen.ellipse(
                (
                    x + side * r * 0.38 - eye,
                    top + r * 0.8 - eye,
                    x + side * r * 0.38 + eye,
                    top + r * 0.8 + eye,
                ),
                fill=PENCIL,
            )
        self.pen.arc(
            (x - r * 0.5, top + r * 0.7, x + r * 0.5, top + r * 1.5), 20, 160, fill=PENCIL, width=2
        )
        if label:
            self.write((x, ground + 6), label, size=14, anchor="ma")

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG", compress_level=1)
        return out.getvalue()

    def jpeg(self) -> bytes:
        """A photo: a little soft, as a phone camera would take it."""
        out = io.BytesIO()
        self.image.filter(ImageFilter.GaussianBlur(0.7)).save(out, format="JPEG", quality=90)
        return out.getvalue()


def _scene(sheet: Sheet) -> float:
    """Sky at the top, the sun in a corner and grass at the bottom; returns the ground line."""
    sheet.colour_in((0, 0, sheet.width, 30), SKY)
    sheet.sun((sheet.width - 52, 64), 24)
    ground = sheet.height - 44
    sheet.colour_in((0, ground, sheet.width, sheet.height), GRASS)
    return ground


def _house(sheet: Sheet, left: float, ground: float, size: float) -> None:
    rng = sheet.rng
    sheet.box(
        (left, ground - size * 0.8, left + size, ground), rng.choice((YELLOW, PINK, BLUE, ORANGE))
    )
    sheet.shape(
        [
            (left - 10, ground - size * 0.8),
            (left + size / 2, ground - size * 1.3),
            (left + size + 10, ground - size * 0.8),
        ],
        rng.choice((RED, BROWN, PURPLE)),
    )
    sheet.box((left + size * 0.4, ground - size * 0.4, left + size * 0.6, ground), BROWN)
    sheet.box(
        (left + size * 0.1, ground - size * 0.66, left + size * 0.32, ground - size * 0.45), SKY
    )
    sheet.box(
        (left + size * 0.68, ground - size * 0.66, left + size * 0.9, ground - size * 0.45), SKY
    )


def draw_family(
    rng: random.Random,
    people: Sequence[tuple[str, float, bool]] = (),
    caption: str = "MY FAMILY",
) -> bytes:
    """A house and the family beside it; each person is (label, height, wears a dress)."""
    sheet = Sheet(rng)
    ground = _scene(sheet)
    _house(sheet, 20, ground, 130)
    if not people:
        grown_ups = [
            ("", rng.uniform(125, 150), rng.random() < 0.5) for _ in range(rng.choice((1, 2, 2)))
        ]
        children = [
            ("", rng.uniform(70, 110), rng.random() < 0.5) for _ in range(rng.randint(1, 3))
        ]
        people = grown_ups + children
    labelled = any(label for label, _height, _dress in people)
    step = (sheet.width - 200) / len(people)
    for i, (label, height, dress) in enumerate(people):
        sheet.person(
            190 + step * (i + 0.5),
            ground - (14 if labelled else 0),
            height,
            shirt=rng.choice(CRAYONS),
            dress=dress,
            label=label,
        )
    sheet.write((16, 40), caption, size=24, fill=rng.choice((RED, BLUE, PURPLE, GREEN)))
    return sheet.png()


def draw_house(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    ground = _scene(sheet)
    for cx in (90, 200):
        sheet.oval((cx + rng.uniform(-10, 10), 70), 34, 16, fill=(255, 255, 255), outline=SKY)
    _house(sheet, 120, ground, 170)
    trunk = sheet.width - 90
    sheet.box((trunk - 10, ground - 110, trunk + 10, ground), BROWN)
    for dx, dy in ((-24, -120), (20, -124), (0, -150)):
        sheet.oval((trunk + dx, ground + dy), 32, fill=GREEN, outline=(40, 120, 50))
    for x in range(24, 110, 26):
        sheet.line([(x, ground + 20), (x, ground - 10)], (40, 120, 50), width=3)
        sheet.oval((x, ground - 14), 7, fill=rng.choice((RED, PINK, PURPLE, YELLOW)), width=2)
    sheet.write((16, 40), "MY HOUSE", size=24, fill=rng.choice((RED, BLUE, PURPLE)))
    return sheet.png()


def draw_portrait(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    cx, cy = sheet.width / 2, 150
    shirt = rng.choice(CRAYONS)
    sheet.shape([(cx - 130, 360), (cx - 110, 280), (cx + 110, 280), (cx + 130, 360)], shirt)
    hair = rng.choice(HAIR)
    sheet.oval((cx, cy - 30), 100, 86, fill=hair, outline=hair)
    sheet.oval((cx, cy + 10), 84, 100, fill=rng.choice(SKIN))
    for side in (-1, 1):
        sheet.oval((cx + side * 32, cy - 8), 15, 11, fill=(255, 255, 255), width=2)
        sheet.oval(
            (cx + side * 32, cy - 7),
            6,
            fill=rng.choice(((70, 45, 25), (40, 90, 140), (60, 110, 60))),
            outline=None,
        )
        sheet.oval((cx + side * 52, cy + 36), 12, 8, fill=PINK, outline=None)
    sheet.line([(cx, cy + 4), (cx - 8, cy + 30), (cx + 4, cy + 32)], PENCIL, width=3)
    sheet.pen.arc((cx - 36, cy + 22, cx + 36, cy + 66), 15, 165, fill=RED, width=5)
    sheet.write((18, 18), "ME!", size=30, fill=rng.choice((RED, BLUE, GREEN)))
    return sheet.png()


def draw_plant(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    soil = 262
    sheet.colour_in((0, soil, 310, sheet.height), (170, 120, 80))
    x = 190
    for dx in (-46, -20, 12, 40):
        sheet.line(
            [(x, soil), (x + dx / 2, soil + 30), (x + dx, soil + 70)], (110, 70, 40), width=3
        )
    sheet.line([(x, soil), (x, 110)], GREEN, width=7)
    sheet.oval((x - 34, 205), 30, 13, fill=GREEN, outline=(40, 120, 50))
    sheet.oval((x + 34, 172), 30, 13, fill=GREEN, outline=(40, 120, 50))
    petals = rng.choice((PINK, RED, PURPLE, ORANGE))
    for k in range(6):
        a = 2 * math.pi * k / 6
        sheet.oval((x + 22 * math.cos(a), 96 + 22 * math.sin(a)), 15, fill=petals, width=2)
    sheet.oval((x, 96), 12, fill=YELLOW, width=2)
    sheet.sun((50, 56), 22)
    for k in range(6):
        drop = (300 + 26 * (k % 3) + rng.uniform(-4, 4), 50 + 26 * (k // 3) + rng.uniform(-4, 4))
        sheet.oval(drop, 5, 8, fill=BLUE, outline=None)
    for text, target, at in (
        ("flower", (x + 30, 96), (340, 110)),
        ("leaf", (x + 60, 172), (340, 172)),
        ("stem", (x + 4, 234), (340, 232)),
        ("roots", (x + 30, soil + 50), (340, 300)),
    ):
        sheet.write(at, text, size=18, anchor="lm")
        sheet.arrow((at[0] - 6, at[1]), target)
    sheet.write((sheet.width - 14, 14), "sun + water + air + soil", size=16, fill=BLUE, anchor="ra")
    return sheet.png()


def draw_counting(rng: random.Random, total: int = 0) -> bytes:
    sheet = Sheet(rng)
    total = total or rng.randint(11, 19)
    cell = 40
    for frame in range(2):
        top = 80 + frame * 110
        for k in range(10):
            col, row = k % 5, k // 5
            left = 40 + col * cell
            box = (left, top + row * cell, left + cell, top + (row + 1) * cell)
            sheet.box(box, width=2)
            if frame * 10 + k < total:
                bx, by = left + cell / 2, top + row * cell + cell / 2 + 2
                bear = rng.choice((RED, YELLOW, GREEN, BLUE))
                for side in (-1, 1):
                    sheet.oval((bx + side * 9, by - 11), 5, fill=bear, width=1)
                sheet.oval((bx, by), 13, fill=bear, width=2)
    sheet.write((280, 120), f"10 + {total - 10}", size=34, fill=BLUE)
    sheet.write((280, 170), f"= {total}", size=48, fill=RED)
    sheet.write((20, 22), "Counting bears", size=24, fill=PURPLE)
    return sheet.png()


def draw_tower(rng: random.Random) -> bytes:
    """A photo of a block tower on the classroom table."""
    wall = Image.linear_gradient("L").resize(SIZE)
    sheet = Sheet(rng)
    sheet.image = Image.merge(
        "RGB",
        [
            band.point(lambda v, base=base: base - v // 6)
            for band, base in zip(wall.split() * 3, (236, 228, 214), strict=True)
        ],
    )
    sheet.pen = ImageDraw.Draw(sheet.image)
    table = 270
    sheet.pen.rectangle((0, table, sheet.width, sheet.height), fill=(176, 128, 82))
    for grain in range(table + 8, sheet.height, 11):
        sheet.pen.line(
            [(0, grain), (sheet.width, grain + rng.uniform(-3, 3))], fill=(156, 110, 68), width=2
        )
    sheet.pen.ellipse((150, table - 8, 340, table + 14), fill=(150, 108, 70))
    y, x = float(table), 245.0
    while y > 70:
        width, height = rng.uniform(60, 100), rng.uniform(26, 38)
        x += rng.uniform(-8, 8)
        color = rng.choice(CRAYONS)
        shade = tuple(int(c * 0.75) for c in color)
        sheet.pen.rectangle(
            (x - width / 2, y - height, x + width / 2, y), fill=color, outline=shade, width=2
        )
        sheet.pen.polygon(
            [
                (x - width / 2, y - height),
                (x - width / 2 + 10, y - height - 8),
                (x + width / 2 + 10, y - height - 8),
                (x + width / 2, y - height),
            ],
            fill=tuple(min(255, int(c * 1.15) + 20) for c in color),
        )
        sheet.pen.polygon(
            [
                (x + width / 2, y),
                (x + width / 2, y - height),
                (x + width / 2 + 10, y - height - 8),
                (x + width / 2 + 10, y - 8),
            ],
            fill=shade,
        )
        y -= height
    return sheet.jpeg()


def draw_water_cycle(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    sheet.sun((70, 100), 26)
    for dx, dy, r in ((-40, 6, 28), (0, -8, 34), (40, 4, 28), (10, 16, 26)):
        sheet.oval((330 + dx, 70 + dy), r + 8, r, fill=(246, 248, 252), outline=(150, 160, 180))
    for k in range(7):
        x = 300 + k * 12 + rng.uniform(-3, 3)
        sheet.line([(x, 120), (x - 6, 150)], BLUE, width=3)
    sheet.shape([(300, 330), (392, 190), (470, 330)], (150, 140, 130))
    sheet.shape([(370, 223), (392, 190), (414, 223)], (255, 255, 255))
    sheet.oval((130, 300), 110, 28, fill=(110, 170, 230))
    sheet.arrow((110, 270), (150, 150), ORANGE)
    sheet.write((20, 200), "evaporation", size=16, fill=ORANGE)
    sheet.arrow((180, 110), (270, 80), PURPLE)
    sheet.write((150, 126), "condensation", size=16, fill=PURPLE)
    sheet.arrow((320, 165), (250, 270), BLUE)
    sheet.write((376, 126), "precipitation", size=16, fill=BLUE)
    sheet.write((100, 336), "collection", size=16, fill=BLUE)
    sheet.write((16, 14), "The water cycle", size=22, fill=BLUE)
    return sheet.png()


FRACTIONS = ((1, 2), (3, 4), (2, 3), (5, 8), (3, 8), (1, 3), (2, 5))


def draw_fractions(rng: random.Random) -> bytes:
    from fractions import Fraction

    sheet = Sheet(rng)
    chosen = rng.sample(FRACTIONS, 3)
    for i, (top, bottom) in enumerate(chosen):
        cx, cy, r = 84 + i * 156, 160, 62
        sheet.oval((cx, cy), r, fill=(244, 206, 130), outline=BROWN, width=4)
        for k in range(top):
            start = 360 * k / bottom - 90
            sheet.pen.pieslice(
                (cx - r + 8, cy - r + 8, cx + r - 8, cy + r - 8),
                start,
                start + 360 / bottom,
                fill=(226, 90, 70),
            )
        for k in range(bottom):
            a = 2 * math.pi * k / bottom - math.pi / 2
            sheet.line(
                [(cx, cy), (cx + r * math.cos(a), cy + r * math.sin(a))], BROWN, width=3, wobble=0.6
            )
        sheet.write((cx, cy + r + 14), f"{top}/{bottom}", size=26, anchor="ma")
    (a, b), (c, d) = chosen[0], chosen[1]
    sign = (
        "<"
        if Fraction(a, b) < Fraction(c, d)
        else (">" if Fraction(a, b) > Fraction(c, d) else "=")
    )
    sheet.write((sheet.width / 2, 300), f"{a}/{b} {sign} {c}/{d}", size=30, fill=BLUE, anchor="ma")
    sheet.write((16, 16), "Comparing fractions", size=22, fill=PURPLE)
    return sheet.png()


def _star(sheet: Sheet, centre: Point, radius: float) -> None:
    cx, cy = centre
    points = [
        (
            cx + (radius if k % 2 == 0 else radius * 0.45) * math.cos(math.pi * (k / 5 - 0.5)),
            cy + (radius if k % 2 == 0 else radius * 0.45) * math.sin(math.pi * (k / 5 - 0.5)),
        )
        for k in range(10)
    ]
    sheet.pen.polygon(points, fill=RED)


def draw_map(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    river = [(0, 250 + rng.uniform(-20, 20))]
    for x in range(40, sheet.width + 40, 40):
        river.append((x, river[-1][1] + rng.uniform(-14, 14)))
    sheet.line(river, (120, 180, 235), width=22, wobble=1)
    streets_x = (110, 250, 390)
    for x in streets_x:
        sheet.line([(x, 50), (x, 340)], (170, 170, 170), width=10, wobble=0.5)
    for y in (110, 190):
        sheet.line([(20, y), (460, y)], (170, 170, 170), width=10, wobble=0.5)
    sheet.box((270, 124, 370, 178), GREEN)
    for tx in (290, 320, 350):
        sheet.oval((tx, 150), 9, fill=(40, 120, 50), width=2)
    sheet.box((130, 124, 230, 178), RED)
    sheet.line([(180, 124), (180, 96)], PENCIL, width=2)
    sheet.shape([(180, 96), (200, 102), (180, 108)], YELLOW, width=2)
    sheet.box((30, 124, 90, 178), BLUE)
    sheet.shape([(300, 64), (320, 48), (340, 64), (340, 94), (300, 94)], ORANGE)
    _star(sheet, (320, 74), 9)
    sheet.arrow((440, 96), (440, 52))
    sheet.write((440, 30), "N", size=20, anchor="ma")
    legend = (16, 280, 180, 352)
    sheet.box(legend, (255, 255, 255), width=2)
    for i, (color, name) in enumerate(((RED, "school"), (GREEN, "park"), (BLUE, "library"))):
        sheet.pen.rectangle((24, 287 + i * 21, 38, 299 + i * 21), fill=color)
        sheet.write((46, 286 + i * 21), name, size=14)
    _star(sheet, (118, 296), 7)
    sheet.write((130, 286), "my house", size=14)
    sheet.write((16, 14), "My neighborhood", size=22, fill=PURPLE)
    return sheet.png()


def _bars(
    sheet: Sheet,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    top_value: float,
    goal: float | None = None,
    goal_label: str = "",
    value_text: Callable[[float], str] = lambda v: f"{v:g}",
    ticks: Sequence[float] = (),
) -> None:
    """A bar graph on graph paper, the way it is coloured in class."""
    sheet.graph_paper()
    left, right, top, bottom = 60.0, sheet.width - 20.0, 60.0, sheet.height - 50.0

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / top_value

    sheet.line([(left, top - 10), (left, bottom), (right, bottom)], PENCIL, width=3, wobble=0.5)
    for tick in ticks:
        sheet.write((left - 8, y_of(tick)), value_text(tick), size=13, anchor="rm")
    slot = (right - left) / len(values)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x0, x1 = left + slot * i + slot * 0.18, left + slot * (i + 1) - slot * 0.18
        color = sheet.rng.choice(CRAYONS)
        sheet.colour_in((x0, y_of(value), x1, bottom), color, gap=4)
        sheet.box((x0, y_of(value), x1, bottom), outline=PENCIL, width=2)
        sheet.write(((x0 + x1) / 2, y_of(value) - 4), value_text(value), size=14, anchor="md")
        sheet.write(((x0 + x1) / 2, bottom + 8), label, size=13, anchor="ma")
    if goal is not None:
        y = y_of(goal)
        x = left
        while x < right:
            sheet.pen.line([(x, y), (min(x + 10, right), y)], fill=RED, width=3)
            x += 18
        sheet.write((right, y - 4), goal_label, size=14, fill=RED, anchor="rd")
    sheet.write((16, 14), title, size=22, fill=BLUE)


SURVEYS = (
    ("Our favorite fruit", ("apple", "banana", "mango", "grapes")),
    ("How we get to school", ("walk", "bus", "car", "bike")),
    ("Our favorite season", ("fall", "winter", "spring", "summer")),
    ("Pets at home", ("dog", "cat", "fish", "none")),
)


def draw_survey(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    title, labels = rng.choice(SURVEYS)
    values = [rng.randint(2, 11) for _ in labels]
    _bars(sheet, title, labels, values, top_value=12, ticks=range(0, 13, 2))
    return sheet.png()


F_AND_P = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def level_letter(level: float) -> str:
    """Fountas & Pinnell levels as numbers: A = 1 … Z = 26."""
    return F_AND_P[max(1, min(26, round(level))) - 1]


def draw_reading_chart(
    rng: random.Random, points: Sequence[tuple[dt.date, float]], goal: float, caption: str
) -> bytes:
    """A third or fourth grader's reading-level bars, coloured on graph paper."""
    sheet = Sheet(rng)
    low = max(1, int(min(v for _d, v in points)) - 4)
    shown = [v - low + 1 for _d, v in points]
    _bars(
        sheet,
        caption,
        [f"{d:%b} {d.day}" for d, _v in points],
        shown,
        top_value=goal - low + 2,
        goal=goal - low + 1,
        goal_label=f"GOAL {level_letter(goal)}",
        value_text=lambda v: level_letter(v + low - 1),
        ticks=range(1, int(goal - low) + 2, 2),
    )
    return sheet.png()


class Plot:
    """Axes on graph paper mapping data to the sheet, for line graphs and scatter plots."""

    def __init__(
        self,
        sheet: Sheet,
        xs: tuple[float, float],
        ys: tuple[float, float],
        *,
        x_title: str,
        y_title: str,
        x_ticks: Iterable[float],
        y_ticks: Iterable[float],
    ) -> None:
        self.sheet, self.xs, self.ys = sheet, xs, ys
        self.left, self.right, self.top, self.bottom = (
            64.0,
            sheet.width - 24.0,
            66.0,
            sheet.height - 56.0,
        )
        sheet.graph_paper()
        sheet.line(
            [(self.left, self.top - 8), (self.left, self.bottom), (self.right, self.bottom)],
            PENCIL,
            3,
            0.5,
        )
        for tick in x_ticks:
            sheet.write((self.x(tick), self.bottom + 6), f"{tick:g}", size=13, anchor="ma")
        for tick in y_ticks:
            sheet.write((self.left - 8, self.y(tick)), f"{tick:g}", size=13, anchor="rm")
        sheet.write(
            ((self.left + self.right) / 2, sheet.height - 22), x_title, size=14, anchor="ma"
        )
        sheet.write((8, self.top - 26), y_title, size=14)

    def x(self, value: float) -> float:
        low, high = self.xs
        return self.left + (self.right - self.left) * (value - low) / (high - low)

    def y(self, value: float) -> float:
        low, high = self.ys
        return self.bottom - (self.bottom - self.top) * (value - low) / (high - low)

    def dots(self, points: Iterable[Point], color: tuple[int, int, int] = BLUE) -> None:
        for px, py in points:
            self.sheet.oval((self.x(px), self.y(py)), 5, fill=color, width=2)

    def curve(self, points: Iterable[Point], color: tuple[int, int, int] = RED) -> None:
        self.sheet.line([(self.x(px), self.y(py)) for px, py in points], color, width=3, wobble=0.6)


# Axis titles, the class's results, the ranges of x and y, and the step between y labels.
LAB_GRAPHS: dict[
    str, tuple[str, str, list[tuple[float, float]], tuple[float, float], tuple[float, float], float]
] = {
    "salt and melting ice": (
        "Spoons of salt",
        "Minutes to melt",
        [(0, 31), (1, 24), (2, 19), (3, 17), (4, 16)],
        (0, 4),
        (0, 35),
        5,
    ),
    "ramp height and speed": (
        "Ramp height (cm)",
        "Seconds to roll 2 m",
        [(10, 2.9), (20, 2.1), (30, 1.7), (40, 1.5), (50, 1.4)],
        (0, 50),
        (0, 3.5),
        0.5,
    ),
}


def draw_lab_graph(rng: random.Random, experiment: str) -> bytes:
    x_title, y_title, data, xs, ys, y_step = LAB_GRAPHS[experiment]
    sheet = Sheet(rng)
    noisy = [(x, round(y * rng.uniform(0.94, 1.06), 1)) for x, y in data]
    x_step = (xs[1] - xs[0]) / 5 if xs[1] > 5 else 1
    plot = Plot(
        sheet,
        xs,
        ys,
        x_title=x_title,
        y_title=y_title,
        x_ticks=[xs[0] + x_step * k for k in range(int((xs[1] - xs[0]) / x_step) + 1)],
        y_ticks=[y_step * k for k in range(int(ys[1] / y_step) + 1)],
    )
    plot.curve(noisy, PENCIL)
    plot.dots(noisy)
    sheet.write((sheet.width - 16, 14), experiment.capitalize(), size=18, fill=BLUE, anchor="ra")
    return sheet.png()


def draw_scatter(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    plot = Plot(
        sheet,
        (4, 10),
        (40, 100),
        x_title="Hours of sleep",
        y_title="Quiz score (%)",
        x_ticks=range(4, 11),
        y_ticks=range(40, 101, 20),
    )
    points = []
    for _ in range(24):
        hours = rng.uniform(5, 9.5)
        points.append((hours, max(45.0, min(99.0, 40 + 5.8 * hours + rng.gauss(0, 7)))))
    plot.dots(points)
    plot.curve([(4.5, 40 + 5.8 * 4.5), (9.8, 40 + 5.8 * 9.8)])
    sheet.write((16, 14), "Sleep and quiz scores in our class", size=18, fill=BLUE)
    return sheet.png()


def draw_model(rng: random.Random, situation: str) -> bytes:
    sheet = Sheet(rng)
    if situation == "bacteria growth":
        plot = Plot(
            sheet,
            (0, 12),
            (0, 900),
            x_title="Hours",
            y_title="Bacteria (thousands)",
            x_ticks=range(0, 13, 2),
            y_ticks=range(0, 901, 300),
        )
        model = [(h / 4, 50 * 2 ** (h / 12)) for h in range(49)]
        data = [(h, 50 * 2 ** (h / 3) * rng.uniform(0.9, 1.1)) for h in range(0, 13, 2)]
        formula = "y = 50 · 2^(x/3)"
    else:
        plot = Plot(
            sheet,
            (0, 60),
            (0, 100),
            x_title="Minutes",
            y_title="Temperature (°C)",
            x_ticks=range(0, 61, 10),
            y_ticks=range(0, 101, 20),
        )
        model = [(m, 21 + 64 * math.exp(-m / 25)) for m in range(61)]
        data = [(m, 21 + 64 * math.exp(-m / 25) + rng.uniform(-2, 2)) for m in range(0, 61, 6)]
        formula = "y = 21 + 64 · e^(-x/25)"
    plot.curve(model)
    plot.dots(data)
    sheet.write((sheet.width - 20, 30), formula, size=16, fill=RED, anchor="ra")
    sheet.write((16, 14), situation.capitalize(), size=20, fill=BLUE)
    return sheet.png()


def draw_cell(rng: random.Random) -> bytes:
    sheet = Sheet(rng)
    cx, cy = 170, 190
    sheet.oval((cx, cy), 140, 110, fill=(250, 222, 226), outline=(200, 90, 120), width=4)
    sheet.oval((cx + 10, cy - 5), 44, 38, fill=(186, 160, 220), outline=PURPLE)
    sheet.oval((cx + 18, cy - 8), 12, fill=PURPLE, outline=None)
    mitochondria = [(cx - 80, cy + 40), (cx + 70, cy + 60), (cx - 60, cy - 60)]
    for mx, my in mitochondria:
        sheet.oval((mx, my), 22, 11, fill=ORANGE, outline=BROWN, width=2)
        sheet.line(
            [(mx - 14, my), (mx - 7, my - 5), (mx, my + 5), (mx + 7, my - 5), (mx + 14, my)],
            BROWN,
            2,
            0.4,
        )
    for _ in range(18):
        sheet.oval(
            (cx + rng.uniform(-110, 110), cy + rng.uniform(-70, 80)), 2.5, fill=PENCIL, outline=None
        )
    sheet.line(
        [(cx - 50, cy - 30), (cx - 38, cy - 40), (cx - 26, cy - 28), (cx - 14, cy - 44)],
        BLUE,
        3,
        0.5,
    )
    for text, target, y in (
        ("cell membrane", (cx + 136, cy - 30), 70),
        ("nucleus", (cx + 30, cy - 8), 130),
        ("mitochondrion", (cx + 88, cy + 60), 200),
        ("cytoplasm", (cx + 100, cy + 20), 260),
        ("ribosomes", (cx + 60, cy + 88), 320),
    ):
        sheet.write((340, y), text, size=15, anchor="lm")
        sheet.line([(334, y), target], PENCIL, width=2, wobble=0.5)
    sheet.write((16, 14), "Animal cell", size=22, fill=PURPLE)
    return sheet.png()


def draw_painting(rng: random.Random) -> bytes:
    """A photo of a landscape painting, pinned to the art-room wall."""
    sheet = Sheet(rng, background=(206, 200, 190))
    frame = (40, 30, 440, 330)
    canvas = Image.new("RGB", (frame[2] - frame[0], frame[3] - frame[1]))
    sky_top = rng.choice(((60, 90, 170), (230, 120, 80), (120, 160, 220)))
    sky_bottom = rng.choice(((250, 200, 140), (250, 230, 200), (200, 220, 240)))
    height = canvas.height
    paint = ImageDraw.Draw(canvas)
    for y in range(height):
        t = y / height
        paint.line(
            [(0, y), (canvas.width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(sky_top, sky_bottom, strict=True)),
        )
    paint.ellipse((280, 40, 330, 90), fill=(255, 236, 180))
    layers = ((110, 120, 170), (80, 110, 120), (70, 120, 70), (150, 130, 60))
    for depth, color in enumerate(layers):
        base = 120 + depth * 45
        ridge: list[Point] = [(0, height)]
        for x in range(0, canvas.width + 40, 40):
            ridge.append((x, base + rng.uniform(-30, 30) - (20 if depth == 0 else 0)))
        ridge.append((canvas.width, height))
        paint.polygon(ridge, fill=color)
    for _ in range(160):
        px, py = rng.uniform(0, canvas.width), rng.uniform(0, height)
        r, g, b = canvas.getpixel((int(px), int(py)))  # type: ignore[misc]
        shade = rng.uniform(0.85, 1.15)
        paint.line(
            [(px, py), (px + rng.uniform(6, 16), py + rng.uniform(-3, 3))],
            fill=(min(255, int(r * shade)), min(255, int(g * shade)), min(255, int(b * shade))),
            width=3,
        )
    sheet.image.paste(canvas, frame[:2])
    sheet.pen.rectangle(frame, outline=(90, 70, 50), width=4)
    for pin in ((60, 44), (420, 44)):
        sheet.pen.ellipse((pin[0] - 5, pin[1] - 5, pin[0] + 5, pin[1] + 5), fill=RED)
    return sheet.jpeg()


# Each generic picture: its drawing, and what it takes from the work's text.
PICTURES: dict[str, Callable[[random.Random, str], bytes]] = {
    "family": lambda rng, _text: draw_family(rng),
    "house": lambda rng, _text: draw_house(rng),
    "portrait": lambda rng, _text: draw_portrait(rng),
    "plant": lambda rng, _text: draw_plant(rng),
    "counting": lambda rng, _text: draw_counting(rng),
    "tower": lambda rng, _text: draw_tower(rng),
    "water-cycle": lambda rng, _text: draw_water_cycle(rng),
    "fractions": lambda rng, _text: draw_fractions(rng),
    "map": lambda rng, _text: draw_map(rng),
    "survey": lambda rng, _text: draw_survey(rng),
    "lab-graph": draw_lab_graph,
    "scatter": lambda rng, _text: draw_scatter(rng),
    "model": draw_model,
    "cell": lambda rng, _text: draw_cell(rng),
    "painting": lambda rng, _text: draw_painting(rng),
}
# How many different drawings of each there are; students share them in turn.
VARIANTS = 3


# --- sounds ------------------------------------------------------------------------------
#
# Short WAV files made with the `wave` module: a recorder tune, or a small
# voice (syllables on a wandering pitch, shaped like vowels), as a child
# might record them on a tablet. 8 kHz is plenty for both, and keeps them small.

RATE = 8000
NOTES = {"G4": 392.0, "A4": 440.0, "B4": 493.88, "C5": 523.25, "D5": 587.33, "E5": 659.26}
# Each note as name:beats.
SONGS = {
    "Hot Cross Buns": "B4:1 A4:1 G4:2 B4:1 A4:1 G4:2 G4:.5 G4:.5 G4:.5 G4:.5 A4:.5 A4:.5 A4:.5 "
    "A4:.5 B4:1 A4:1 G4:2",
    "Mary Had a Little Lamb": "B4:1 A4:1 G4:1 A4:1 B4:1 B4:1 B4:2 A4:1 A4:1 A4:2 B4:1 D5:1 D5:2",
    "Ode to Joy": "B4:1 B4:1 C5:1 D5:1 D5:1 C5:1 B4:1 A4:1 G4:1 G4:1 A4:1 B4:1 B4:1.5 A4:.5 A4:2",
    # Lupe's song about the sun, to the tune she knows best.
    "Twinkle, Twinkle": "G4:1 G4:1 D5:1 D5:1 E5:1 E5:1 D5:2 C5:1 C5:1 B4:1 B4:1 A4:1 A4:1 G4:2",
}
# The loudness of harmonics 1, 2, 3…: a recorder is nearly a pure tone.
RECORDER = (1.0, 0.28, 0.12, 0.05)
# Vowels of a child's voice (roughly a, e, o, u, i), as harmonics 1–8.
VOWELS = (
    (0.5, 0.9, 1.0, 0.7, 0.3, 0.2, 0.1, 0.05),
    (0.9, 0.5, 0.2, 0.3, 0.5, 0.4, 0.2, 0.1),
    (0.8, 1.0, 0.5, 0.2, 0.1, 0.05, 0.03, 0.02),
    (1.0, 0.5, 0.15, 0.05, 0.03, 0.02, 0.01, 0.01),
    (1.0, 0.2, 0.05, 0.1, 0.3, 0.4, 0.3, 0.2),
)
TABLE_SIZE = 512


@functools.cache
def _period(harmonics: tuple[float, ...]) -> tuple[float, ...]:
    """One period of a tone made of these harmonics, to be read at any pitch."""
    return tuple(
        sum(a * math.sin(2 * math.pi * (n + 1) * k / TABLE_SIZE) for n, a in enumerate(harmonics))
        for k in range(TABLE_SIZE)
    )


def _wav(samples: array[int]) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.tobytes())
    return out.getvalue()


def play_song(name: str, beat: float = 0.36) -> bytes:
    table = _period(RECORDER)
    attack, release = 0.02 * RATE, 0.05 * RATE
    samples = array("h")
    for note in SONGS[name].split():
        pitch, beats = note.split(":")
        step = NOTES[pitch] * TABLE_SIZE / RATE
        length = int(RATE * beat * float(beats))
        samples.extend(
            int(
                9000
                * min(1.0, i / attack, (length - i) / release)
                * table[int(i * step) % TABLE_SIZE]
            )
            for i in range(length)
        )
    samples.extend([0] * (RATE // 4))
    return _wav(samples)


def speak(rng: random.Random, syllables: int) -> bytes:
    """A small voice saying something: syllables rising and falling, with pauses."""
    samples = array("h", [0] * (RATE // 5))
    pitch = rng.uniform(270, 320)
    for k in range(syllables):
        table = _period(rng.choice(VOWELS))
        length = int(RATE * rng.uniform(0.16, 0.3))
        start, end = pitch * rng.uniform(0.92, 1.1), pitch * rng.uniform(0.85, 1.05)
        # The pitch glides from start to end: the phase is the integral of the frequency.
        glide = (end - start) / (2 * length)
        samples.extend(
            int(
                5200
                * math.sin(math.pi * i / length) ** 0.6
                * table[int((start + glide * i) * i * TABLE_SIZE / RATE) % TABLE_SIZE]
            )
            for i in range(length)
        )
        gap = 0.22 if (k + 1) % rng.randint(3, 5) == 0 else 0.04
        samples.extend([0] * int(RATE * gap))
    samples.extend([0] * (RATE // 4))
    return _wav(samples)


# --- the builder -------------------------------------------------------------------------


def _school_days() -> list[dt.date]:
    days = (FIRST_DAY + dt.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1))
    return [day for day in days if day.weekday() < 5 and day not in HOLIDAYS]


SCHOOL_DAYS = _school_days()
LATEST = dt.datetime.combine(LAST_DAY, dt.time(17, 30), tzinfo=ZONE)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of a school day, in the school's time zone (stored in UTC)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [day for day in SCHOOL_DAYS if first <= day <= last]


K2_TITLES_ES = {
    "My weekend": "Mi fin de semana",
    "My favorite animal": "Mi animal favorito",
    "Fall leaves": "Las hojas de otoño",
    "The pumpkin patch": "El campo de calabazas",
    "Recess": "El recreo",
    "When I grow up": "Cuando sea grande",
}
GRADE_ES = {6: "sexto", 7: "séptimo", 8: "octavo"}
COURSES = {
    9: (("Biology", "Biología"), ("Algebra I", "Álgebra I")),
    10: (("Chemistry", "Química"), ("Geometry", "Geometría")),
    11: (
        ("U.S. History", "Historia de EE. UU."),
        ("Algebra II", "Álgebra II"),
        ("Physics", "Física"),
    ),
    12: (("Government", "Gobierno"), ("Pre-calculus", "Precálculo"), ("Statistics", "Estadística")),
}
COURSES_ES = dict(course for courses in COURSES.values() for course in courses)
# When the next steps of a fall goal are due: some this fall, some in the spring.
STEP_DUE_DATES = [
    dt.date(2026, 10, 16),
    dt.date(2026, 10, 30),
    dt.date(2026, 11, 13),
    dt.date(2026, 12, 4),
    dt.date(2026, 12, 18),
    dt.date(2027, 1, 15),
    dt.date(2027, 1, 29),
]
# F&P reading levels (A = 1) where a grade starts in September, and where it should end the year.
READING_START = {0: 1, 1: 4, 2: 9, 3: 12, 4: 15, 5: 18}
READING_END_OF_YEAR = {0: 4, 1: 10, 2: 13, 3: 16, 4: 19, 5: 22}
# What a K–5 student counts in math, and where they start in September.
MATH_FACTS = {
    0: ("Numbers I can count to", "Hasta qué número cuento", "", (8, 30)),
    1: ("Addition facts I know", "Sumas que me sé", "facts", (15, 40)),
    2: ("Addition facts I know", "Sumas que me sé", "facts", (35, 60)),
    3: ("Multiplication facts I know", "Tablas de multiplicar que me sé", "facts", (5, 25)),
    4: ("Multiplication facts I know", "Tablas de multiplicar que me sé", "facts", (30, 55)),
    5: ("Multiplication facts I know", "Tablas de multiplicar que me sé", "facts", (55, 80)),
}
WPM_START = {6: 135, 7: 142, 8: 150}
LINK_HOSTS = {"slides": "slides.example.org", "media": "media.example.org"}
# Named older students whose binders show a goal already looked back on.
LOOK_BACK_FOR = frozenset({("Yusuf", "Haddad"), ("Yuxi", "Chen"), ("Isabella", "Johnson")})


@dataclass(frozen=True)
class Upload:
    """A file that passed media.check_upload, kept as bytes to be stored again and again."""

    data: bytes
    content_type: str
    extension: str
    thumbnail: bytes | None

    @classmethod
    def check(cls, data: bytes, kind: str) -> Upload:
        checked = media.check_upload(ContentFile(data, name="upload"), kind=kind)
        checked.content.seek(0)
        thumbnail = checked.thumbnail.read() if checked.thumbnail is not None else None
        return cls(checked.content.read(), checked.content_type, checked.extension, thumbnail)

    def as_checked_upload(self) -> media.CheckedUpload:
        return media.CheckedUpload(
            content=ContentFile(self.data),
            content_type=self.content_type,
            extension=self.extension,
            size=len(self.data),
            thumbnail=ContentFile(self.thumbnail) if self.thumbnail is not None else None,
        )


_CHECKED: dict[str, Upload] = {}


def checked_once(key: str, make: Callable[[], bytes], kind: str = Kind.DRAWING) -> Upload:
    """What `make()` returns, passed through media.check_upload once per process.

    Re-encoding pictures is most of the seed's work, and the result is the
    same every time; the tests seed the demo school over and over. (Photos
    and drawings are checked alike, so `kind` only tells pictures from sound.)
    """
    if key not in _CHECKED:
        _CHECKED[key] = Upload.check(make(), kind)
    return _CHECKED[key]


@dataclass(frozen=True)
class Child:
    """A student as the builder sees them: who writes for them and who approves their work."""

    student: Student
    advisor: User
    author: User
    spanish: bool

    @property
    def band(self) -> GradeBand:
        return GradeBand.of(self.student.grade)

    @property
    def grade(self) -> int:
        return self.student.grade


Step = tuple[str, str, dt.date | None, bool]  # text, text in the second language, due, done


def _comment_kind(kind: str) -> str:
    if kind == Kind.TEXT:
        return "writing"
    return "picture" if kind in {Kind.DRAWING, Kind.PHOTO} else "other"


class Binders:
    """Plans every binder in memory, writes the files, then saves the rows in bulk."""

    def __init__(self, *, school: School, fall: Term, writer: media.MediaWriter) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - demo content, not a secret
        self.school = school
        self.fall = fall
        self.writer = writer
        self.targets: dict[str, LearningTarget] = {}
        self.artifacts: list[Artifact] = []
        self.tags: list[tuple[Artifact, LearningTarget]] = []
        self.reflections: list[Reflection] = []
        self.comments: list[Comment] = []
        self.assessments: list[SelfAssessment] = []
        self.measures: list[Measure] = []
        self.points: list[DataPoint] = []
        self.goals: list[Goal] = []
        self.goal_work: list[tuple[Goal, Artifact]] = []
        self.goal_data: list[tuple[Goal, Measure]] = []
        self.steps: list[GoalStep] = []
        self.turns: dict[str, int] = {}

    # Building

    def build(self) -> None:
        self.make_targets()
        advisors = {
            m.student_id: m.advisory.advisor.user
            for m in AdvisoryMembership.objects.filter(
                school_year__school=self.school, school_year__is_current=True
            ).select_related("advisory__advisor__user")
        }
        spanish = set(
            StudentGuardian.objects.filter(
                student__school=self.school, guardian__home_language="es"
            ).values_list("student_id", flat=True)
        )
        named: dict[tuple[str, str], Callable[[Child], None]] = {
            ("Mateo", "García"): self.mateo,
            ("Lupe", "García"): self.lupe,
            ("Linh", "Tran"): self.linh,
        }
        students = Student.objects.filter(school=self.school).select_related("user")
        for turn, student in enumerate(students.order_by("sis_id")):
            advisor = advisors[student.pk]
            child = Child(student, advisor, student.user or advisor, student.pk in spanish)
            hand_written = named.get((student.first_name, student.last_name))
            if hand_written is not None:
                hand_written(child)
            else:
                self.generic(child, turn)
        self.save()

    def make_targets(self) -> None:
        admin = Staff.objects.filter(school=self.school, role=Staff.Role.SCHOOL_ADMIN).first()
        for plan in TARGETS:
            self.targets[plan.key] = LearningTarget(
                school=self.school,
                subject=plan.subject,
                statement=plan.statement,
                success_criteria="\n".join(plan.criteria),
                grade_from=plan.grades[0],
                grade_to=plan.grades[1],
                created_by=admin,
            )
        LearningTarget.objects.bulk_create(self.targets.values())

    def targets_for(self, grade: int) -> list[LearningTarget]:
        return [t for t in self.targets.values() if t.grade_from <= grade <= t.grade_to]

    # Files

    def picture(self, name: str, text: str = "") -> Upload:
        """One of the few drawings of this kind, in turn, so that neighbours rarely share one."""
        turn = self.turns.get(name, 0)
        self.turns[name] = turn + 1
        variant = turn % VARIANTS
        return checked_once(
            f"{name}/{text}/{variant}",
            lambda: PICTURES[name](random.Random(f"{name}/{text}/{variant}"), text),  # noqa: S311
        )

    def song(self, name: str) -> Upload:
        return checked_once(f"song/{name}", lambda: play_song(name), Kind.AUDIO)

    def voice(self, key: str, syllables: int) -> Upload:
        """A young student's recorded answer; `key` names whose, so each voice is their own."""
        return checked_once(
            f"voice/{key}",
            lambda: speak(random.Random(f"voice/{key}"), syllables),  # noqa: S311
            Kind.AUDIO,
        )

    # The pieces of a binder

    def work(
        self,
        child: Child,
        kind: str,
        title: str,
        created: dt.datetime,
        *,
        approved: dt.datetime | None,
        title_2: str = "",
        text: str = "",
        text_2: str = "",
        language: str = "en",
        language_2: str = "",
        url: str = "",
        targets: Iterable[str] = (),
        upload: Upload | None = None,
        shared: bool = False,
    ) -> Artifact:
        artifact = Artifact(
            student=child.student,
            kind=kind,
            title=title,
            title_2=title_2,
            text=text,
            text_2=text_2,
            language=language,
            language_2=language_2,
            url=url,
            term=self.fall,
            created_by=child.author,
            created_at=created,
            approved_at=approved,
            approved_by=child.advisor if approved else None,
            shared_with_dream_team=shared,
        )
        if upload is not None:
            media.attach(self.writer, artifact, upload.as_checked_upload())
        self.artifacts.append(artifact)
        self.tags += [(artifact, self.targets[key]) for key in targets]
        return artifact

    def reflect(
        self,
        artifact: Artifact,
        prompt: str,
        text: str,
        *,
        text_2: str = "",
        language: str = "en",
        language_2: str = "",
        audio: Upload | None = None,
        hours_later: float = 20,
    ) -> None:
        reflection = Reflection(
            artifact=artifact,
            prompt=prompt,
            text=text,
            text_2=text_2,
            language=language,
            language_2=language_2,
            updated_at=min(artifact.created_at + dt.timedelta(hours=hours_later), LATEST),
        )
        if audio is not None:
            media.attach_audio(self.writer, reflection, audio.as_checked_upload())
        self.reflections.append(reflection)

    def comment(self, artifact: Artifact, author: User, text: str, when: dt.datetime) -> None:
        self.comments.append(
            Comment(artifact=artifact, author=author, text=text, created_at=min(when, LATEST))
        )

    def rate(self, child: Child, key: str, *ratings: tuple[dt.date, int, str]) -> None:
        for day, level, note in ratings:
            self.assessments.append(
                SelfAssessment(
                    student=child.student,
                    target=self.targets[key],
                    band=child.band,
                    level=level,
                    note=note,
                    created_at=at(day, 10, 5 + len(self.assessments) % 50),
                )
            )

    def measure(
        self,
        child: Child,
        name: str,
        unit: str,
        goal: float,
        points: Sequence[tuple[dt.date, float]],
        *,
        name_2: str = "",
        language_2: str = "es",
        entered_by: User | None = None,
    ) -> Measure:
        measure = Measure(
            student=child.student,
            name=name,
            name_2=name_2,
            language_2=language_2 if name_2 else "",
            unit=unit,
            goal=Decimal(str(goal)),
            created_at=at(points[0][0], 8, 15),
        )
        self.measures.append(measure)
        self.points += [
            DataPoint(
                measure=measure,
                on=day,
                value=Decimal(str(value)),
                entered_by=entered_by or child.advisor,
            )
            for day, value in points
        ]
        return measure

    def goal(
        self,
        child: Child,
        title: Said,
        why: Said,
        measured_by: Said,
        steps: Sequence[Step],
        *,
        created: dt.datetime,
        second_language: str = "",
        first_language: str = "en",
        work: Sequence[Artifact] = (),
        data: Sequence[Measure] = (),
        status: str = Goal.Status.ACTIVE,
        review: Said = ("", ""),
        reviewed: dt.datetime | None = None,
    ) -> Goal:
        both = bool(second_language)
        goal = Goal(
            student=child.student,
            term=self.fall,
            title=title[0],
            title_2=title[1] if both else "",
            why=why[0],
            why_2=why[1] if both else "",
            measured_by=measured_by[0],
            measured_by_2=measured_by[1] if both else "",
            language=first_language,
            language_2=second_language,
            status=status,
            review=review[0],
            review_2=review[1] if both else "",
            reviewed_at=reviewed,
            created_at=created,
        )
        self.goals.append(goal)
        self.goal_work += [(goal, artifact) for artifact in work]
        self.goal_data += [(goal, measure) for measure in data]
        self.steps += [
            GoalStep(
                goal=goal,
                text=text,
                text_2=text_2 if both else "",
                due_on=due,
                done_at=at(due or LAST_DAY, 15, 20) if done else None,
            )
            for text, text_2, due, done in steps
        ]
        return goal

    # Everyone's binder

    def generic(self, child: Child, turn: int) -> None:
        rng = self.rng
        ideas = [i for i in IDEAS[child.band] if i.grades[0] <= child.grade <= i.grades[1]]
        low, high = WORKS_PER_STUDENT[child.band]
        chosen = rng.sample(ideas, min(len(ideas), rng.randint(low, high)))
        if child.band == G35 and turn % 8 == 3:
            chosen.append(RECORDER_SONG)
        days = sorted(rng.sample(SCHOOL_DAYS, len(chosen)))
        # Some young students record their answers instead of having them typed.
        recorder = child.band == K2 and turn % 6 == 1
        works = [
            self.generic_work(child, idea, day, recorded=recorder and i == 0)
            for i, (idea, day) in enumerate(zip(chosen, days, strict=True))
        ]
        data = self.generic_data(child)
        self.generic_ratings(child)
        self.generic_goals(child, works, data)

    def generic_work(
        self, child: Child, idea: Idea, day: dt.date, *, recorded: bool = False
    ) -> Artifact:
        rng = self.rng
        suffix, text, text_es = rng.choice(idea.texts) if idea.texts else ("", "", "")
        title = idea.title + suffix if suffix else idea.title.removesuffix(": ")
        title_2 = text_2 = language_2 = ""
        language = "en"
        if child.spanish and rng.random() < 0.5:
            if child.band == K2 and idea.kind == Kind.TEXT and text_es:
                title_2, text_2 = K2_TITLES_ES.get(suffix, idea.title_es), text_es
                language_2 = "es"
            elif idea.kind in {Kind.DRAWING, Kind.PHOTO} and not suffix:
                title_2, language_2 = idea.title_es, "es"
        url = ""
        upload = None
        if idea.key == "spanish":
            language = "es"
            text = SPANISH_GREETING.format(
                name=child.student.display_name,
                age=child.grade + 5 + rng.choice((0, 1)),
                grade=GRADE_ES[child.grade],
                likes=rng.choice(LIKES),
            )
        if idea.link:
            slug = "-".join(title.lower().replace(":", "").split()[:4])
            url = f"https://{LINK_HOSTS[idea.link]}/riverside/{slug}-{rng.getrandbits(32):08x}"
        if idea.picture:
            upload = self.picture(idea.picture, suffix)
            text = ""
        if idea.kind == Kind.AUDIO:
            upload = self.song(suffix)
        created = at(day, rng.randint(9, 14), rng.choice((0, 10, 20, 30, 40, 50)))
        recent = day >= dt.date(2026, 11, 9)
        approved = None
        if rng.random() >= (0.45 if recent else 0.08):
            later = _days(day + dt.timedelta(days=1), day + dt.timedelta(days=6))
            approved = at(rng.choice(later) if later else day, 15, rng.randint(30, 59))
        artifact = self.work(
            child,
            idea.kind,
            title,
            created,
            approved=approved,
            title_2=title_2,
            text=text,
            text_2=text_2,
            language=language,
            language_2=language_2,
            url=url,
            targets=idea.targets,
            upload=upload,
        )
        if rng.random() < (0.8 if approved else 0.45) or recorded:
            self.generic_reflections(child, artifact, idea, recorded=recorded)
        if rng.random() < 0.14:
            self.comment(
                artifact,
                child.advisor,
                rng.choice(COMMENTS[child.band][_comment_kind(idea.kind)]),
                created + dt.timedelta(days=1, hours=3),
            )
        return artifact

    def generic_reflections(
        self, child: Child, artifact: Artifact, idea: Idea, *, recorded: bool = False
    ) -> None:
        rng = self.rng
        prompts = Reflection.prompts_for(child.band)
        if rng.random() < 0.25 and not recorded:
            prompts = prompts[: len(prompts) - 1]
        both = child.spanish and rng.random() < 0.5
        young = child.band == K2
        for prompt in prompts:
            english, spanish = idea.answers[prompt]
            if recorded and prompt == P.PROUD:
                # A few words in a small voice; nobody typed them.
                language = "es" if child.spanish else "en"
                voice = self.voice(child.student.sis_id, self.rng.randint(5, 9))
                self.reflect(artifact, prompt, "", language=language, audio=voice)
            elif both and young:
                self.reflect(
                    artifact, prompt, spanish, text_2=english, language="es", language_2="en"
                )
            elif both:
                self.reflect(artifact, prompt, english, text_2=spanish, language_2="es")
            else:
                self.reflect(artifact, prompt, english)

    def generic_data(self, child: Child) -> dict[str, Measure]:
        rng = self.rng
        grade = child.grade
        n = rng.randint(6, 10)
        # Checked on a Tuesday or a Thursday, from the second week of school to the last.
        weekday = rng.choice((1, 3))
        checks = [d for d in _days(dt.date(2026, 9, 8), LAST_DAY) if d.weekday() == weekday]
        days = [checks[0], *sorted(rng.sample(checks[1:-1], n - 2)), checks[-1]]
        spanish = child.spanish and rng.random() < 0.5
        data: dict[str, Measure] = {}

        def es(text: str) -> str:
            return text if spanish else ""

        if grade <= 5:
            start = max(1, READING_START[grade] + rng.choice((-2, -1, -1, 0, 0, 0, 1)))
            gain = rng.choice((1, 1, 2) if grade == 0 else (1, 1, 2, 2, 2, 3))
            ups = sorted(rng.sample(range(1, n), gain))
            levels = [start + sum(1 for up in ups if up <= i) for i in range(n)]
            goal = max(READING_END_OF_YEAR[grade], levels[-1] + 2)
            data["reading"] = self.measure(
                child,
                "Reading level",
                "level (A = 1, Z = 26)",
                goal,
                list(zip(days, levels, strict=True)),
                name_2=es("Nivel de lectura"),
            )
            if rng.random() < 0.7:
                name, name_es, unit, (low, high) = MATH_FACTS[grade]
                begin = rng.randint(low, high)
                end = min(100, begin + rng.randint(15, 40))
                data["math"] = self.measure(
                    child,
                    name,
                    unit,
                    100,
                    self.rising(days, begin, end, 2.5, top=100),
                    name_2=es(name_es),
                )
        elif grade <= 8:
            begin = round(WPM_START[grade] + rng.gauss(0, 14))
            end = begin + rng.randint(4, 18)
            data["fluency"] = self.measure(
                child,
                "Words per minute",
                "words per minute",
                10 * math.ceil((end + 8) / 10),
                self.rising(days, begin, end, 4),
                name_2=es("Palabras por minuto"),
            )
            if rng.random() < 0.3:
                begin = rng.randint(60, 88)
                data["homework"] = self.measure(
                    child,
                    "Homework turned in (%)",
                    "%",
                    95,
                    self.rising(days, begin, min(100, begin + rng.randint(4, 18)), 4, top=100),
                    name_2=es("Tareas entregadas (%)"),
                )
        else:
            (course, course_es) = rng.choice(COURSES[grade])
            begin = rng.randint(62, 90)
            # Mostly up over a term; now and then a class slips a little.
            average = min(
                99, begin + (rng.uniform(-2, 1) if rng.random() < 0.15 else rng.uniform(2, 10))
            )
            data["quiz"] = self.measure(
                child,
                f"{course} quiz average",
                "%",
                min(95, 5 * math.ceil((average + 4) / 5)),
                self.rising(days, begin, average, 2.5, top=100, places=1),
                name_2=es(f"Promedio de exámenes de {course_es}"),
            )
        return data

    def rising(
        self,
        days: Sequence[dt.date],
        begin: float,
        end: float,
        noise: float,
        *,
        top: float = 1000,
        places: int = 0,
    ) -> list[tuple[dt.date, float]]:
        """Values climbing from `begin` to `end`, unevenly, as real progress does."""
        last = len(days) - 1
        values = []
        for i, day in enumerate(days):
            trend = begin + (end - begin) * i / last
            wobble = 0 if i in (0, last) else self.rng.gauss(0, noise)
            values.append((day, round(max(0, min(top, trend + wobble)), places)))
        return values

    def generic_ratings(self, child: Child) -> None:
        rng = self.rng
        top = child.band.top_level
        september = _days(dt.date(2026, 9, 14), dt.date(2026, 9, 25))
        october = _days(dt.date(2026, 10, 12), dt.date(2026, 10, 23))
        november = _days(dt.date(2026, 11, 9), LAST_DAY)
        for target in rng.sample(self.targets_for(child.grade), rng.randint(2, 4)):
            key = next(k for k, t in self.targets.items() if t is target)
            first = rng.choice((1, 1, 2, 2, 2) if top == 3 else (1, 2, 2, 2, 3, 3))
            later = min(top, first + rng.choice((0, 1, 1, 1, 2)))
            ratings = [(rng.choice(september), first, "")]
            if later - first == 2 or rng.random() < 0.2:
                ratings.append((rng.choice(october), min(top, first + 1), ""))
            ratings.append((rng.choice(november), later, ""))
            self.rate(child, key, *ratings)

    def generic_goals(self, child: Child, works: list[Artifact], data: dict[str, Measure]) -> None:
        rng = self.rng
        language_2 = ""
        if rng.random() < 0.85:
            ideas = [
                g
                for g in GOALS[child.band]
                if g.grades[0] <= child.grade <= g.grades[1]
                and (not g.measure or g.measure in data)
            ]
            idea = rng.choice(ideas)
            measure = data.get(idea.measure)
            title = idea.title
            if idea.measure == "fluency" and measure is not None:
                title = (
                    f"Read {measure.goal_text} words per minute with expression",
                    f"Leer {measure.goal_text} palabras por minuto con expresión",
                )
            elif idea.measure == "quiz" and measure is not None:
                course = measure.name.removesuffix(" quiz average")
                title = (
                    f"Raise my {course} quiz average to {measure.goal_text} %",
                    f"Subir mi promedio de exámenes de {COURSES_ES[course]} a "
                    f"{measure.goal_text} %",
                )
            dues = sorted(rng.sample(STEP_DUE_DATES, len(idea.steps)))
            count = rng.randint(2, len(idea.steps))
            steps: list[Step] = []
            for (text, text_es), due in zip(idea.steps[:count], dues, strict=False):
                done = due <= LAST_DAY and rng.random() < 0.65
                steps.append((text, text_es, None if rng.random() < 0.12 else due, done))
            if child.spanish and rng.random() < 0.5:
                language_2 = "es"
            linked = [w for w in works if rng.random() < 0.3][:2]
            created = at(rng.choice(_days(dt.date(2026, 9, 21), dt.date(2026, 10, 9))), 13, 30)
            self.goal(
                child,
                title,
                idea.why,
                idea.measured_by,
                steps,
                created=created,
                second_language=language_2,
                work=linked,
                data=[measure] if measure is not None else [],
            )
        older = child.band in (G68, G912)
        if older and (
            rng.random() < 0.3
            or (child.student.first_name, child.student.last_name) in LOOK_BACK_FOR
        ):
            look_back = rng.choice(LOOK_BACKS)
            status = rng.choice(list(look_back.reviews))
            self.goal(
                child,
                look_back.title,
                look_back.why,
                (
                    "My advisor and I check at the end of the quarter.",
                    "Lo revisamos al final del trimestre.",
                ),
                [(text, text_es, dt.date(2026, 10, 2), True) for text, text_es in look_back.steps],
                created=at(rng.choice(_days(FIRST_DAY, dt.date(2026, 9, 4))), 12, 40),
                second_language="es" if child.spanish and rng.random() < 0.5 else "",
                status=status,
                review=look_back.reviews[status],
                reviewed=at(rng.choice(_days(dt.date(2026, 10, 30), dt.date(2026, 11, 6))), 14, 10),
            )

    # The named demo people

    def mateo(self, child: Child) -> None:
        """Mateo García, grade 4, in Ms. Rivera's advisory; his mother Sofía reads Spanish."""
        day = dt.date
        reading_points = [
            (day(2026, 9, 8), 13),
            (day(2026, 9, 22), 13),
            (day(2026, 10, 6), 14),
            (day(2026, 10, 20), 14),
            (day(2026, 11, 3), 15),
            (day(2026, 11, 10), 16),
            (day(2026, 11, 17), 16),
        ]
        reading = self.measure(
            child,
            "Reading level",
            "level (A = 1, Z = 26)",
            18,
            reading_points,
            name_2="Nivel de lectura",
        )
        facts = self.measure(
            child,
            "Multiplication facts I know",
            "facts",
            100,
            [
                (day(2026, 9, 10), 38),
                (day(2026, 9, 24), 45),
                (day(2026, 10, 8), 51),
                (day(2026, 10, 22), 60),
                (day(2026, 11, 5), 66),
                (day(2026, 11, 19), 72),
            ],
            name_2="Tablas de multiplicar que me sé",
            entered_by=child.author,
        )

        chart = self.work(
            child,
            Kind.DRAWING,
            "My reading level chart",
            at(day(2026, 11, 18), 10, 20),
            approved=at(day(2026, 11, 19), 15, 45),
            title_2="Mi gráfica de nivel de lectura",
            text="Every bar is one reading check with Ms. Rivera. The dashed line is my goal.",
            text_2="Cada barra es una prueba de lectura con la maestra Rivera. "
            "La línea de rayas es mi meta.",
            language_2="es",
            targets=("35-fluency", "goals"),
            upload=checked_once(
                "mateo/reading-chart",
                lambda: draw_reading_chart(
                    random.Random("mateo"),  # noqa: S311
                    reading_points,
                    18,
                    "My reading level",
                ),
            ),
            shared=True,
        )
        for prompt, english, spanish in (
            (
                P.LEARNED,
                "I went up three levels since September. Reading every night with Lupe helped me.",
                "Subí tres niveles desde septiembre. Leer cada noche con Lupe me ayudó.",
            ),
            (
                P.HARD,
                "Reading with expression when there is a lot of dialogue.",
                "Leer con expresión cuando hay muchos diálogos.",
            ),
            (
                P.NEXT,
                "I want to get to level R by spring. I will read a chapter book about soccer.",
                "Quiero llegar al nivel R en la primavera. Voy a leer un libro de capítulos "
                "sobre fútbol.",
            ),
        ):
            self.reflect(chart, prompt, english, text_2=spanish, language_2="es")

        opinion = self.work(
            child,
            Kind.TEXT,
            "Opinion: Our school needs a garden",
            at(day(2026, 10, 7), 11, 10),
            approved=at(day(2026, 10, 9), 15, 30),
            title_2="Opinión: Nuestra escuela necesita un huerto",
            language_2="es",
            text="I think Riverside should have a school garden. First, we could learn "
            "science outside, like how seeds grow and why plants need sun. Second, the "
            "cafeteria could use the vegetables, so lunch would be fresher. Third, a "
            "garden is a calm place to read at recess. For example, my abuela's garden is "
            "the most peaceful place I know. That is why our school needs a garden.",
            targets=("35-opinion",),
        )
        for prompt, english, spanish in (
            (
                P.LEARNED,
                "Each reason needs an example so people believe you.",
                "Cada razón necesita un ejemplo para que la gente te crea.",
            ),
            (P.HARD, "Thinking of a third reason.", "Pensar en una tercera razón."),
            (
                P.NEXT,
                "I will send it to the principal!",
                "¡Se lo voy a mandar a la directora!",
            ),
        ):
            self.reflect(opinion, prompt, english, text_2=spanish, language_2="es")
        self.comment(
            opinion,
            child.advisor,
            "Your three reasons are so clear, Mateo, and the example about your abuela's "
            "garden made me smile. Could your conclusion say what we should do first?",
            at(day(2026, 10, 9), 15, 32),
        )

        problem = self.work(
            child,
            Kind.TEXT,
            "How I solved the field trip problem",
            at(day(2026, 10, 21), 13, 40),
            approved=at(day(2026, 10, 22), 15, 10),
            text="The problem: 4 classes of 23 students and 8 teachers are going to the "
            "science museum. Each bus holds 40 people. How many buses do we need?\n\n"
            "Step 1: 4 × 23 = 92 students.\nStep 2: 92 + 8 = 100 people.\n"
            "Step 3: 100 ÷ 40 = 2 remainder 20.\nStep 4: The 20 people left over still "
            "need seats, so we need 3 buses, not 2.\n\nI checked: 3 buses hold 120 "
            "people, and 100 is less than 120.",
            targets=("35-word-problem",),
        )
        self.reflect(problem, P.LEARNED, "The remainder means more people still need a bus.")
        self.reflect(problem, P.HARD, "Remembering the teachers!")
        self.reflect(
            problem, P.NEXT, "I will underline every number in the problem before I start."
        )
        self.comment(
            problem,
            child.advisor,
            "Great checking at the end! You explained the remainder better than anyone.",
            at(day(2026, 10, 22), 15, 12),
        )

        song = self.work(
            child,
            Kind.AUDIO,
            "My recorder song: Hot Cross Buns",
            at(day(2026, 11, 5), 10, 45),
            approved=at(day(2026, 11, 6), 15, 20),
            text="I played it in music class. I practiced at home every day for a week.",
            upload=self.song("Hot Cross Buns"),
        )
        self.reflect(
            song, P.LEARNED, "How to cover the holes all the way so the notes don't squeak."
        )
        self.reflect(song, P.HARD, "Going from B to G fast.")

        self.work(
            child,
            Kind.DRAWING,
            "The water cycle",
            at(day(2026, 11, 16), 11, 30),
            approved=None,
            title_2="El ciclo del agua",
            language_2="es",
            upload=self.picture("water-cycle"),
        )
        slides = self.work(
            child,
            Kind.LINK,
            "Book talk slides: The Wild Robot",
            at(day(2026, 11, 19), 9, 50),
            approved=None,
            text="My book talk for Room 12: who Roz is, my favorite part, and why you "
            "should read it.",
            url="https://slides.example.org/riverside/mateo-the-wild-robot",
            targets=("35-main-idea",),
        )
        self.reflect(slides, P.LEARNED, "Roz the robot learns to survive by watching the animals.")

        september, october, november = day(2026, 9, 16), day(2026, 10, 21), day(2026, 11, 18)
        self.rate(
            child,
            "35-fluency",
            (september, 1, "I read too fast and skip words."),
            (november, 2, "I slow down for commas now."),
        )
        self.rate(
            child,
            "35-word-problem",
            (september, 2, ""),
            (october, 3, "I solved the bus problem by myself."),
            (november, 3, "I still check that my answer makes sense."),
        )
        self.rate(child, "35-opinion", (september, 1, ""), (november, 2, ""))
        self.rate(child, "35-multiply", (september, 1, ""), (november, 2, "I know up to the 6s."))
        self.rate(child, "goals", (day(2026, 9, 30), 2, ""), (november, 3, ""))

        self.goal(
            child,
            ("Read at level R by spring", "Leer en el nivel R para la primavera"),
            (
                "I want to read chapter books like my cousin Andrés does, and read bedtime "
                "stories to Lupe in English and Spanish.",
                "Quiero leer libros de capítulos como mi primo Andrés y leerle cuentos a "
                "Lupe en inglés y en español.",
            ),
            (
                "My reading level on my bar chart: the bars should reach the dashed line.",
                "Mi nivel de lectura en mi gráfica de barras: las barras deben llegar a la "
                "línea de rayas.",
            ),
            [
                (
                    "Read 20 minutes every night and write the title in my reading log",
                    "Leer 20 minutos cada noche y escribir el título en mi registro de lectura",
                    day(2026, 10, 30),
                    True,
                ),
                (
                    "Read a picture book to Lupe every Saturday",
                    "Leerle un libro ilustrado a Lupe cada sábado",
                    day(2026, 12, 19),
                    False,
                ),
                (
                    "Ask Ms. Rivera for a level-Q book from the class library",
                    "Pedirle a la maestra Rivera un libro del nivel Q de la biblioteca del salón",
                    day(2027, 1, 15),
                    False,
                ),
            ],
            created=at(day(2026, 9, 30), 13, 20),
            second_language="es",
            work=[chart],
            data=[reading],
        )
        self.goal(
            child,
            GOALS[G35][1].title,
            ("Then long division will be easier.", ""),
            ("The facts I know on my chart.", ""),
            [
                ("Practice flash cards for 10 minutes after school", "", day(2026, 10, 16), True),
                ("Learn the tricks for the 6s, 7s and 8s", "", day(2026, 12, 4), False),
            ],
            created=at(day(2026, 9, 30), 13, 30),
            data=[facts],
        )

    def lupe(self, child: Child) -> None:
        """Lupe García, kindergarten: she draws, sings and talks; Ms. Alvarez types for her."""
        day = dt.date
        house = self.work(
            child,
            Kind.DRAWING,
            "My house and the big sun",
            at(day(2026, 9, 18), 10, 0),
            approved=at(day(2026, 9, 21), 15, 0),
            title_2="Mi casa y el sol grande",
            language_2="es",
            targets=("k2-draw",),
            upload=self.picture("house"),
        )
        self.reflect(
            house,
            P.PROUD,
            "Usé muchos colores.",
            text_2="I used lots of colors.",
            language="es",
            language_2="en",
        )
        family = self.work(
            child,
            Kind.DRAWING,
            "My family",
            at(day(2026, 9, 30), 10, 30),
            approved=at(day(2026, 10, 2), 15, 5),
            title_2="Mi familia",
            language_2="es",
            targets=("k2-draw",),
            upload=checked_once(
                "lupe/family",
                lambda: draw_family(
                    random.Random("lupe/family"),  # noqa: S311
                    people=(("MAMA", 150, True), ("MATEO", 112, False), ("YO", 82, True)),
                    caption="MI FAMILIA",
                ),
            ),
        )
        self.reflect(
            family,
            P.LEARNED,
            "Dibujé a mi mamá, a Mateo y a mí. Mateo es el más alto.",
            text_2="I drew my mom, Mateo and me. Mateo is the tallest.",
            language="es",
            language_2="en",
            audio=self.voice("lupe/family/learned", 8),
        )
        self.reflect(
            family,
            P.PROUD,
            "Le puse cara feliz a todos.",
            text_2="I gave everybody a happy face.",
            language="es",
            language_2="en",
            audio=self.voice("lupe/family/proud", 6),
        )
        self.comment(
            family,
            child.advisor,
            "¡Qué bonita familia, Lupe! Me encantan las caras felices.",
            at(day(2026, 10, 2), 15, 7),
        )
        song = self.work(
            child,
            Kind.AUDIO,
            "My song about the sun",
            at(day(2026, 10, 27), 9, 40),
            approved=at(day(2026, 10, 28), 15, 15),
            title_2="Mi canción del sol",
            language_2="es",
            text="Lupe made up words about the sun to the tune of Twinkle, Twinkle.",
            text_2="Lupe inventó una letra sobre el sol con la música de Estrellita.",
            upload=self.song("Twinkle, Twinkle"),
        )
        self.reflect(song, P.PROUD, "", language="es", audio=self.voice("lupe/song/proud", 7))
        bears = self.work(
            child,
            Kind.DRAWING,
            "Counting bears",
            at(day(2026, 11, 12), 10, 15),
            approved=None,
            title_2="Contando ositos",
            language_2="es",
            targets=("k2-count",),
            upload=checked_once(
                "lupe/bears",
                lambda: draw_counting(random.Random("lupe/bears"), total=12),  # noqa: S311
            ),
        )
        self.reflect(
            bears,
            P.LEARNED,
            "Conté 12 ositos.",
            text_2="I counted 12 bears.",
            language="es",
            language_2="en",
        )

        reading = self.measure(
            child,
            "Reading level",
            "level (A = 1, Z = 26)",
            4,
            [
                (day(2026, 9, 15), 1),
                (day(2026, 9, 29), 1),
                (day(2026, 10, 13), 1),
                (day(2026, 10, 27), 2),
                (day(2026, 11, 10), 2),
                (day(2026, 11, 17), 2),
            ],
            name_2="Nivel de lectura",
        )
        counting = self.measure(
            child,
            "Numbers I can count to",
            "",
            100,
            [
                (day(2026, 9, 15), 12),
                (day(2026, 9, 29), 20),
                (day(2026, 10, 13), 29),
                (day(2026, 10, 27), 31),
                (day(2026, 11, 10), 45),
                (day(2026, 11, 17), 52),
            ],
            name_2="Hasta qué número cuento",
        )
        del reading
        september, november = day(2026, 9, 15), day(2026, 11, 17)
        self.rate(
            child,
            "k2-count",
            (september, 1, ""),
            (day(2026, 10, 20), 2, ""),
            (november, 3, "Conté hasta 52."),
        )
        self.rate(child, "k2-draw", (september, 2, ""), (november, 3, ""))
        self.rate(child, "k2-sentence", (september, 1, ""), (november, 2, ""))
        self.rate(child, "k2-retell", (day(2026, 9, 22), 2, ""), (november, 3, ""))

        self.goal(
            child,
            ("Contar hasta 100", "Count to 100"),
            (
                "Para contar los carros en el camino a la escuela.",
                "So I can count the cars on the way to school.",
            ),
            ("La maestra Alvarez me escucha contar.", "Ms. Alvarez listens to me count."),
            [
                (
                    "Contar las escaleras con Mamá",
                    "Count the stairs with Mamá",
                    day(2026, 10, 30),
                    True,
                ),
                (
                    "Cantar la canción de contar de diez en diez",
                    "Sing the counting-by-tens song",
                    day(2026, 12, 11),
                    False,
                ),
            ],
            created=at(day(2026, 9, 29), 11, 0),
            first_language="es",
            second_language="en",
            work=[bears],
            data=[counting],
        )

    def linh(self, child: Child) -> None:
        """Linh Tran, grade 7; her father Minh reads Vietnamese."""
        day = dt.date
        argument_text = next(t for t in G68_IDEAS[0].texts if t[0].startswith("Middle school"))
        slides = self.work(
            child,
            Kind.LINK,
            "Slides: Salmon of the Columbia River",
            at(day(2026, 10, 14), 13, 5),
            approved=at(day(2026, 10, 16), 15, 40),
            text="My science presentation: why salmon need cold, clean rivers, and what the "
            "dams change.",
            url="https://slides.example.org/riverside/linh-salmon-of-the-columbia",
            targets=("68-experiment",),
        )
        self.reflect(
            slides,
            P.LEARNED,
            "Salmon need cold water with lots of oxygen, and reservoirs behind dams warm "
            "the water up.",
        )
        self.reflect(slides, P.HARD, "Fitting everything into five minutes.")
        self.reflect(slides, P.NEXT, "Add a map that shows where the fish ladders are.")
        argument = self.work(
            child,
            Kind.TEXT,
            f"Argument: {argument_text[0]}",
            at(day(2026, 10, 28), 10, 25),
            approved=at(day(2026, 11, 2), 15, 50),
            text=argument_text[1],
            targets=("68-argument", "68-evidence"),
        )
        self.reflect(
            argument, P.LEARNED, "A claim is stronger when every piece of evidence is explained."
        )
        self.reflect(argument, P.HARD, "Finding a study about students our age.")
        self.reflect(argument, P.NEXT, "Answer the bus-schedule problem with real numbers.")
        self.comment(
            argument,
            child.advisor,
            "Your evidence from the sleep study is strong. Add a counterclaim about bus "
            "schedules and answer it with numbers.",
            at(day(2026, 11, 2), 15, 52),
        )
        graph = self.work(
            child,
            Kind.DRAWING,
            "Lab graph: salt and melting ice",
            at(day(2026, 10, 29), 12, 0),
            approved=at(day(2026, 10, 30), 15, 20),
            targets=("68-experiment",),
            upload=self.picture("lab-graph", "salt and melting ice"),
        )
        self.reflect(graph, P.LEARNED, "The independent variable goes on the x-axis.")
        self.reflect(graph, P.HARD, "Choosing a scale so 31 minutes would fit.")
        self.reflect(graph, P.NEXT, "Run three trials for each amount of salt.")
        self.work(
            child,
            Kind.PHOTO,
            "My landscape painting",
            at(day(2026, 11, 13), 14, 10),
            approved=None,
            upload=self.picture("painting"),
        )
        self.work(
            child,
            Kind.TEXT,
            "Ratio problem: trail mix for the camping trip",
            at(day(2026, 11, 18), 11, 35),
            approved=None,
            text=G68_IDEAS[5].texts[0][1],
            targets=("68-ratios",),
        )

        fluency = self.measure(
            child,
            "Words per minute",
            "words per minute",
            160,
            [
                (day(2026, 9, 10), 128),
                (day(2026, 9, 24), 131),
                (day(2026, 10, 8), 129),
                (day(2026, 10, 22), 136),
                (day(2026, 11, 5), 138),
                (day(2026, 11, 12), 142),
                (day(2026, 11, 19), 147),
            ],
            name_2="Số từ đọc mỗi phút",
            language_2="vi",
        )
        september, november = day(2026, 9, 17), day(2026, 11, 19)
        self.rate(
            child,
            "68-argument",
            (september, 2, ""),
            (november, 3, "My argument has a claim, evidence and reasoning."),
        )
        self.rate(child, "68-experiment", (september, 2, ""), (november, 3, ""))
        self.rate(child, "68-ratios", (september, 3, ""), (november, 3, ""))
        self.rate(
            child,
            "68-planner",
            (september, 1, ""),
            (day(2026, 10, 15), 2, ""),
            (november, 3, "I use my planner every day now."),
        )

        self.goal(
            child,
            (
                "Read 160 words per minute with expression by spring",
                "Đọc 160 từ mỗi phút một cách diễn cảm trước mùa xuân",
            ),
            (
                "I want to read aloud in class without feeling nervous.",
                "Em muốn đọc to trong lớp mà không thấy lo lắng.",
            ),
            (
                "My words per minute on my chart, checked every two weeks.",
                "Số từ em đọc được mỗi phút trên biểu đồ, kiểm tra hai tuần một lần.",
            ),
            [
                (
                    "Read aloud to Bao for 15 minutes every night",
                    "Đọc to cho Bao nghe 15 phút mỗi tối",
                    day(2026, 10, 30),
                    True,
                ),
                (
                    "Time myself on one passage every Friday",
                    "Tự bấm giờ khi đọc một đoạn văn vào mỗi thứ Sáu",
                    day(2026, 12, 18),
                    False,
                ),
                (
                    "Listen to an audiobook while I follow the text",
                    "Nghe sách nói và dò theo chữ",
                    day(2027, 1, 29),
                    False,
                ),
            ],
            created=at(day(2026, 9, 24), 13, 15),
            second_language="vi",
            work=[argument],
            data=[fluency],
        )
        look_back = LOOK_BACKS[0]
        self.goal(
            child,
            look_back.title,
            look_back.why,
            ("My advisor and I check at the end of the quarter.", ""),
            [(text, "", day(2026, 10, 2), True) for text, _es in look_back.steps],
            created=at(day(2026, 8, 27), 12, 40),
            status=Goal.Status.MET,
            review=look_back.reviews[Goal.Status.MET],
            reviewed=at(day(2026, 11, 4), 14, 10),
        )

    # Saving

    def save(self) -> None:
        Artifact.objects.bulk_create(self.artifacts, batch_size=500)
        Tag = Artifact.targets.through
        Tag.objects.bulk_create(
            (Tag(artifact_id=a.pk, learningtarget_id=t.pk) for a, t in self.tags), batch_size=500
        )
        Reflection.objects.bulk_create(self.reflections, batch_size=500)
        Comment.objects.bulk_create(self.comments, batch_size=500)
        SelfAssessment.objects.bulk_create(self.assessments, batch_size=500)
        Measure.objects.bulk_create(self.measures, batch_size=500)
        DataPoint.objects.bulk_create(self.points, batch_size=500)
        Goal.objects.bulk_create(self.goals, batch_size=500)
        GoalWork, GoalData = Goal.artifacts.through, Goal.measures.through
        GoalWork.objects.bulk_create(
            GoalWork(goal_id=g.pk, artifact_id=a.pk) for g, a in self.goal_work
        )
        GoalData.objects.bulk_create(
            GoalData(goal_id=g.pk, measure_id=m.pk) for g, m in self.goal_data
        )
        GoalStep.objects.bulk_create(self.steps, batch_size=500)


def fill_binders(*, school: School, fall: Term) -> None:
    """Give every student of the demo school a binder. Run inside the seed's transaction.

    Files are written as the binders are planned; if anything fails, they are
    removed again, as the rows that would have named them are rolled back.
    """
    with media.files_removed_on_failure() as writer:
        Binders(school=school, fall=fall, writer=writer).build()


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def describe(student: Student) -> str:
    """What a demo binder holds, in a sentence (for `demo_people`)."""
    work = student.artifacts.all()
    kinds = [
        _count(work.filter(kind__in=[Kind.DRAWING, Kind.PHOTO]).count(), "picture", "pictures"),
        _count(
            work.filter(kind=Kind.AUDIO).count()
            + Reflection.objects.filter(artifact__student=student).exclude(audio="").count(),
            "recording",
            "recordings",
        ),
        _count(work.awaiting_review().count(), "piece", "pieces") + " waiting for approval",
    ]
    parts = [
        _count(work.count(), "piece of work", "pieces of work")
        + " ("
        + ", ".join(kind for kind in kinds if not kind.startswith("0 "))
        + ")"
    ]
    measures = sorted(student.measures.values_list("name", flat=True))
    if measures:
        parts.append("data: " + ", ".join(measures))
    if ratings := student.self_assessments.count():
        parts.append(_count(ratings, "self-rating", "self-ratings"))
    if fall := student.goals.active().count():
        parts.append(_count(fall, "goal", "goals") + " from the fall to review in spring")
    if reviewed := student.goals.reviewed().count():
        parts.append(_count(reviewed, "goal", "goals") + " already looked back on")
    return "; ".join(parts) + "."
