"""Build the demo school: Riverside Community School, K–12, about 300 students.

Every run builds the same school (a fixed random seed, fixed dates), so the
README and `demo_people` can name the people to sign in as. Only the school
year is marked current; nothing depends on today's date.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction

from podium.accounts.models import User
from podium.binder.demo import fill_binders
from podium.conferences.demo import seed_cycle
from podium.conferences.demo_day import seed_conference_days
from podium.conferences.demo_placing import seed_school_schedule
from podium.roster.models import (
    Advisory,
    AdvisoryMembership,
    Guardian,
    School,
    SchoolYear,
    Staff,
    Student,
    StudentGuardian,
    Term,
)

SEED = 20260819
# Public on purpose: the README prints it. Never used outside the demo school.
DEMO_PASSWORD = "podium-demo"  # noqa: S105
SCHOOL_NAME = "Riverside Community School"
YEAR_NAME = "2026–27"

# The people the README and `demo_people` name. Changing one means changing both.
ADMIN_USERNAME = "admin"
ADVISOR_USERNAME = "rivera"
INTERPRETER_USERNAME = "haddad"
DISTRICT_USERNAME = "district"
STUDENT_USERNAME = "mateo"
SOFIA_EMAIL = "sofia@example.com"
MINH_EMAIL = "minh.tran@example.com"
LAYLA_EMAIL = "layla.haddad@example.com"
WEI_EMAIL = "wei.chen@example.com"
# The separated family: each parent sees a different household.
ROSA_EMAIL = "rosa.delgado@example.net"
MARCUS_EMAIL = "marcus.johnson@example.org"
KEISHA_EMAIL = "keisha.williams@example.com"
NAMED_GUARDIAN_EMAILS = (
    SOFIA_EMAIL,
    MINH_EMAIL,
    LAYLA_EMAIL,
    WEI_EMAIL,
    ROSA_EMAIL,
    MARCUS_EMAIL,
    KEISHA_EMAIL,
)

# Students per grade, K to 12: 300 in all.
GRADE_SIZES = (22, 23, 24, 23, 24, 22, 23, 24, 23, 22, 24, 23, 23)
THREE_CHILD_FAMILIES = 6
TWO_CHILD_FAMILIES = 39

R = StudentGuardian.Relationship


@dataclass(frozen=True)
class AdvisorPlan:
    username: str
    title: str
    first_name: str
    last_name: str
    languages: tuple[str, ...]
    grades: tuple[int, ...]
    advisory: str
    room: str


# Advisories by grade band, so that brothers and sisters mostly have different
# advisors: one per grade for K–2, mixed grades from 3 up.
K2, G35, G68, G912 = (0,), (3, 4, 5), (6, 7, 8), (9, 10, 11, 12)
ADVISORS = (
    AdvisorPlan("alvarez", "Ms.", "Marisol", "Alvarez", ("en", "es"), K2, "K-Alvarez", "3"),
    AdvisorPlan("brooks", "Mr.", "Daniel", "Brooks", ("en",), (1,), "1-Brooks", "5"),
    AdvisorPlan("kim", "Mx.", "Jordan", "Kim", ("en", "ko"), (2,), "2-Kim", "7"),
    AdvisorPlan("rivera", "Ms.", "Elena", "Rivera", ("en", "es"), G35, "Room 12", "12"),
    AdvisorPlan("okafor", "Mr.", "Chidi", "Okafor", ("en",), G35, "Room 14", "14"),
    AdvisorPlan("pham", "Dr.", "Thu", "Pham", ("en", "vi"), G35, "Room 15", "15"),
    AdvisorPlan("whitfield", "Mr.", "Samuel", "Whitfield", ("en",), G68, "Room 21", "21"),
    AdvisorPlan("raman", "Ms.", "Priya", "Raman", ("en",), G68, "Room 22", "22"),
    AdvisorPlan("kowalski", "Mx.", "Riley", "Kowalski", ("en",), G68, "Room 23", "23"),
    AdvisorPlan("saleh", "Dr.", "Amira", "Saleh", ("en", "ar"), G912, "Room 31", "31"),
    AdvisorPlan("herrera", "Mr.", "Tomás", "Herrera", ("en", "es"), G912, "Room 32", "32"),
    AdvisorPlan("lindqvist", "Ms.", "Hannah", "Lindqvist", ("en",), G912, "Room 33", "33"),
    AdvisorPlan("watanabe", "Mr.", "Kenji", "Watanabe", ("en",), G912, "Room 34", "34"),
)
LUPE_ADVISOR = "alvarez"


@dataclass(frozen=True)
class Culture:
    language: str
    weight: float
    surnames: tuple[str, ...]
    mothers: tuple[str, ...]
    fathers: tuple[str, ...]
    children: tuple[str, ...]
    # How often a mother keeps her own surname.
    own_surname: float = 0.15
    # Children who go by another name at school, and how often.
    preferred: tuple[str, ...] = ()
    preferred_rate: float = 0.0
    sms_rate: float = 0.1


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


LATINO_SURNAMES = _names(
    "Hernández, López, Martínez, Rodríguez, González, Pérez, Sánchez, Ramírez, Torres, Flores,"
    "Morales, Ortiz, Castillo, Vargas, Mendoza, Cruz, Reyes, Jiménez, Ruiz, Aguilar, Navarro,"
    "Romero, Medina, Castro, Guzmán, Salazar, Chávez, Domínguez, Vázquez, Rojas, Contreras,"
    "Estrada, Guerrero, Ramos, Cabrera, Soto, Luna, Ríos, Acosta, Mejía, Cervantes, Fuentes,"
    "Ochoa, Zamora, Ibarra, Villalobos, Sandoval, Orozco"
)
LATINO_CHILDREN = _names(
    "Santiago, Sebastián, Diego, Emiliano, Leonardo, Alejandro, Daniel, Gael, Adrián, Ángel,"
    "Julián, Joaquín, Nicolás, Matías, Iker, Valentina, Camila, Ximena, Valeria, Isabella,"
    "Lucía, Renata, Daniela, Mariana, Gabriela, Natalia, Victoria, Regina, Jimena, Andrea,"
    "Paola, Itzel, Alondra, Esmeralda, Fernando, Jesús, Carlos, Brandon, Kevin, Dulce"
)
ENGLISH_SURNAMES = _names(
    "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas,"
    "Moore, Jackson, Martin, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young,"
    "Allen, King, Wright, Scott, Hill, Green, Adams, Baker, Nelson, Carter, Mitchell, Roberts,"
    "Turner, Phillips, Campbell, Parker, Evans, Edwards, Collins, Stewart, Morris, Murphy,"
    "Cook, Rogers, Morgan, Bell, Bailey, Cooper, Richardson, Howard, Ward, Peterson, Gray,"
    "Watson, Sanders, Price, Bennett, Wood, Barnes, Ross, Henderson, Coleman, Jenkins, Perry,"
    "Powell, Sullivan, Fischer, Olson, Larson, Schmidt, O'Brien, McCarthy, Novak, Rossi,"
    "Cohen, Goldberg, Nakamura, Yamamoto, Eriksen, Hoffman, Becker, Mensah, Adeyemi"
)
ENGLISH_MOTHERS = _names(
    "Jessica, Ashley, Amanda, Sarah, Jennifer, Emily, Megan, Lauren, Rachel, Nicole, Stephanie,"
    "Heather, Danielle, Kimberly, Hannah, Katie, Molly, Erin, Rebecca, Allison, Kristen,"
    "Melissa, Courtney, Lindsey, Caitlin, Abigail"
)
ENGLISH_FATHERS = _names(
    "Michael, Christopher, Matthew, Joshua, David, James, Daniel, Robert, John, Joseph,"
    "Andrew, Ryan, Brandon, Justin, Kevin, Jason, Tyler, Nathan, Eric, Adam, Benjamin,"
    "Patrick, Sean, Travis, Derek, Luke"
)
ENGLISH_CHILDREN = _names(
    "Liam, Noah, Oliver, Elijah, James, William, Benjamin, Lucas, Henry, Theodore, Jackson,"
    "Aiden, Caleb, Owen, Wyatt, Isaiah, Ezra, Levi, Miles, Hudson, Olivia, Emma, Charlotte,"
    "Amelia, Ava, Sophia, Mia, Evelyn, Harper, Luna, Nora, Zoe, Maya, Chloe, Riley, Aubrey,"
    "Madison, Avery, Ella, Hazel, Violet, Penelope, Grace, Eleanor, Jack, Leo, Sam, Ruby"
)

CULTURES = (
    Culture(
        "es",
        21,
        LATINO_SURNAMES,
        _names(
            "María, Guadalupe, Rosa, Ana, Carmen, Verónica, Leticia, Patricia, Claudia, Adriana,"
            "Yesenia, Maribel, Alejandra, Martha, Silvia, Araceli, Norma, Elizabeth"
        ),
        _names(
            "José, Juan, Luis, Carlos, Jorge, Miguel, Francisco, Javier, Ricardo, Alejandro,"
            "Manuel, Roberto, Antonio, Fernando, Raúl, Óscar, Arturo, Eduardo"
        ),
        LATINO_CHILDREN,
        own_surname=0.4,
        sms_rate=0.25,
    ),
    # Latino families who speak English at home.
    Culture(
        "en",
        7,
        LATINO_SURNAMES,
        _names("Vanessa, Cristina, Monica, Jasmine, Erica, Diana, Crystal, Samantha, Victoria"),
        _names("Anthony, Adrian, Marco, Gabriel, Steven, Richard, Victor, Andrew, Angel, Daniel"),
        LATINO_CHILDREN + ENGLISH_CHILDREN[:16],
        own_surname=0.2,
    ),
    Culture("en", 34, ENGLISH_SURNAMES, ENGLISH_MOTHERS, ENGLISH_FATHERS, ENGLISH_CHILDREN),
    # African American families.
    Culture(
        "en",
        9,
        _names(
            "Washington, Jefferson, Banks, Freeman, Robinson, Jackson, Brooks, Coleman, Gaines,"
            "Mosley, Dorsey, Pruitt, Whitaker, Hollis, Booker, Simmons, Harrison, Moore, Bryant"
        ),
        _names("Aisha, Keisha, Latoya, Ebony, Tasha, Monique, Alicia, Shanice, Jasmine, Kiara"),
        _names("Marcus, Andre, Darnell, Terrence, Jamal, Malcolm, DeShawn, Corey, Reginald"),
        _names(
            "Jaylen, Malik, Isaiah, Elijah, Josiah, Jayden, Kai, Amir, Xavier, Aaliyah, Imani,"
            "Nia, Zuri, Kennedy, Jada, Brielle, Maya, Layla, Trinity, Naomi, Amara"
        ),
    ),
    # South Asian families who speak English at home.
    Culture(
        "en",
        3,
        _names("Patel, Shah, Singh, Kumar, Reddy, Iyer, Desai, Mehta, Chopra, Nair, Rao"),
        _names("Priya, Anjali, Deepa, Kavita, Neha, Sunita, Pooja, Meera"),
        _names("Rahul, Vikram, Arjun, Sanjay, Rohan, Amit, Karthik, Nikhil"),
        _names("Arjun, Aarav, Vihaan, Ishaan, Anika, Diya, Saanvi, Riya, Aditi, Kabir, Nisha"),
        own_surname=0.1,
    ),
    # Asian American families who speak English at home.
    Culture(
        "en",
        3,
        _names("Wong, Nguyen, Tran, Kim, Park, Lee, Liu, Huang, Lam, Yamada, Ito"),
        _names("Michelle, Jennifer, Christine, Tiffany, Angela, Helen, Karen, Linda"),
        _names("Kevin, Eric, Brian, Steven, Jonathan, Alan, Dennis, Vincent"),
        _names("Ethan, Ryan, Lucas, Aiden, Emily, Chloe, Olivia, Claire, Audrey, Nathan, Isla"),
    ),
    Culture(
        "zh-hans",
        6,
        _names(
            "Wang, Li, Zhang, Liu, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, Lin,"
            "He, Gao, Luo, Zheng, Deng"
        ),
        _names("Li, Jing, Hui, Yan, Xiaoli, Mei, Ying, Hong, Fang, Ling, Xiu, Min"),
        _names("Wei, Jun, Hao, Lei, Qiang, Jian, Bo, Tao, Gang, Ming, Feng, Yong"),
        _names(
            "Yuxuan, Zihan, Haoran, Yichen, Xinyi, Ziyi, Mingyu, Jiayi, Ruoxi, Zhiwei, Yutong,"
            "Ethan, Emily, Kevin, Angela, Vivian, Eric, Amy"
        ),
        own_surname=0.7,
        preferred=_names("Jason, Andy, Grace, Cindy, Leo, Tony, Annie, Jenny, Max, Lily"),
        preferred_rate=0.3,
        sms_rate=0.05,
    ),
    Culture(
        "vi",
        5,
        _names(
            "Nguyen, Tran, Le, Pham, Hoang, Huynh, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong,"
            "Ly, Truong, Dinh"
        ),
        _names("Lan, Huong, Mai, Thuy, Hoa, Phuong, Trang, Ngoc, Hanh, Dung, Thao, Oanh"),
        _names("Tuan, Hung, Thanh, Duc, Quang, Long, Hai, Khanh, Son, Vinh, Dat, Phuc"),
        _names(
            "Bao, Khang, An, Vy, Khoa, Nhi, Tam, Quynh, Huy, Thien, My, Kevin, Vivian, Tina,"
            "Danny, Jenny"
        ),
        own_surname=0.6,
        preferred=_names("Tony, Jimmy, Kelly, Annie, Peter, Cathy, Tommy, Linda"),
        preferred_rate=0.2,
        sms_rate=0.2,
    ),
    Culture(
        "ar",
        4,
        _names(
            "Khalil, Mansour, Nasser, Hamdan, Abboud, Darwish, Youssef, Ibrahim, Hassan,"
            "Al-Sayed, Qasim, Aziz, Sabbagh, Khoury, Jaber"
        ),
        _names("Yasmin, Fatima, Noor, Rania, Huda, Amal, Mona, Salma, Dalia, Hanan, Reem"),
        _names("Ahmed, Mohammed, Omar, Khaled, Tariq, Samir, Bilal, Nabil, Hussein, Walid"),
        _names(
            "Yusuf, Adam, Zayd, Ali, Hamza, Omar, Maryam, Lina, Sara, Jana, Aya, Zaina, Rayan,"
            "Karim, Nour, Malak"
        ),
        own_surname=0.3,
        sms_rate=0.2,
    ),
    Culture(
        "so",
        2,
        _names("Mohamed, Abdi, Warsame, Farah, Osman, Jama, Yusuf, Ahmed, Nur, Hirsi, Egal"),
        _names("Hodan, Fadumo, Asha, Amina, Khadra, Sahra, Ifrah, Halima"),
        _names("Abdirahman, Mahad, Liban, Abdullahi, Hassan, Mohamud, Guled, Bashir"),
        _names("Ayaan, Hibo, Sagal, Abdullahi, Nasra, Deeqa, Mustafe, Ilhan, Sumaya, Yahye"),
        own_surname=0.8,
        sms_rate=0.4,
    ),
    Culture(
        "tl",
        2,
        _names("Santos, Reyes, Bautista, Dela Cruz, Mendoza, Villanueva, Ramos, Aquino, Domingo"),
        _names("Maricel, Jocelyn, Rowena, Marites, Lorna, Analyn, Cherry, Rosalie"),
        _names("Rodel, Jun, Ramon, Arnel, Rogelio, Efren, Jomar, Renato"),
        _names("Angelo, Jasmine, Nicole, Joshua, Paolo, Bea, Miguel, Kyla, Jericho, Princess"),
    ),
    Culture(
        "ht",
        1,
        _names("Jean-Baptiste, Pierre, Joseph, Louis, Charles, Toussaint, Étienne, Desir"),
        _names("Marie, Widline, Fabienne, Nadège, Guerline, Roseline"),
        _names("Jean, Ricardo, Jacques, Wesner, Frantz, Reginald"),
        _names("Stephanie, Kervens, Daphnée, Wilson, Mackenson, Esther, Rose-Merline, Samuel"),
        sms_rate=0.3,
    ),
    Culture(
        "ru",
        1,
        _names("Kovalenko, Shevchenko, Bondarenko, Tkachenko, Melnyk, Kravchenko, Savchenko"),
        _names("Olga, Natalia, Irina, Svetlana, Tatiana, Yulia"),
        _names("Dmitri, Sergei, Andrei, Oleksandr, Viktor, Pavel"),
        _names("Sofia, Anastasia, Daniel, Maksim, Alina, Artem, Veronika, Mark, Eva"),
    ),
    Culture(
        "ko",
        1.5,
        _names("Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Shin"),
        _names("Ji-yeon, Soo-jin, Eun-ji, Hye-jin, Min-ji, Yoon-hee"),
        _names("Min-jun, Hyun-woo, Jae-hoon, Sung-min, Dong-hyun, Ji-hoon"),
        _names("Ethan, Grace, Daniel, Chloe, Joon, Seo-yeon, Ha-eun, Ian, Yuna, Ryan"),
        own_surname=0.8,
    ),
    Culture(
        "pt",
        1,
        _names("Silva, Souza, Oliveira, Costa, Pereira, Almeida, Carvalho, Ferreira"),
        _names("Ana Paula, Juliana, Fernanda, Camila, Patrícia, Renata"),
        _names("Marcelo, Rafael, Thiago, Rodrigo, Gustavo, Leandro"),
        _names("Lucas, Gabriel, Beatriz, Isadora, Enzo, Laura, Heitor, Manuela"),
        own_surname=0.3,
    ),
    # French-speaking families from West and Central Africa.
    Culture(
        "fr",
        1,
        _names("Diallo, Traoré, Koné, Camara, Kabongo, Mukendi, Kouassi, Ndiaye"),
        _names("Aminata, Fatoumata, Mariam, Clarisse, Aïssatou, Nadine"),
        _names("Moussa, Ibrahima, Jean-Pierre, Serge, Mamadou, Patrice"),
        _names("Awa, Ismaël, Grace, Josué, Océane, Mamadou, Binta, Christian"),
        own_surname=0.5,
        sms_rate=0.3,
    ),
)

DOMAINS = ("example.com", "example.org", "example.net")


def ascii_slug(text: str) -> str:
    """Lowercase ASCII letters and digits for e-mail addresses: Dela Cruz → delacruz."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class DemoSchool:
    """The plan of the school, built in memory from one random stream, then saved in bulk."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.school = School(
            name=SCHOOL_NAME,
            timezone="America/Los_Angeles",
            languages=["en", "es", "zh-hans", "vi", "ar"],
        )
        self.students: list[Student] = []
        self.guardians: list[Guardian] = []
        self.links: list[tuple[Guardian, Student, str]] = []
        self.pinned: dict[int, str] = {}  # id(student) → advisor username
        self.mateo: Student | None = None  # signs in with a password
        self.guardians_with_accounts: list[Guardian] = []
        self.open_seats = Counter(dict(enumerate(GRADE_SIZES)))
        self.emails: set[str] = set(NAMED_GUARDIAN_EMAILS)
        self.student_names: set[tuple[str, str]] = {("Mateo", "García"), ("Lupe", "García")}
        mobiles = list(range(200, 10000))
        rng.shuffle(mobiles)
        self.mobiles: Iterator[int] = iter(mobiles)

    # People

    def child(
        self, first: str, last: str, grade: int, *, preferred: str = "", advisor: str = ""
    ) -> Student:
        assert self.open_seats[grade] > 0, f"grade {grade} is full"
        self.open_seats[grade] -= 1
        student = Student(
            school=self.school,
            first_name=first,
            last_name=last,
            preferred_name=preferred,
            grade=grade,
        )
        self.students.append(student)
        if advisor:
            self.pinned[id(student)] = advisor
        return student

    def adult(
        self,
        first: str,
        last: str,
        language: str,
        *,
        email: str | None = None,
        channel: str = Guardian.Channel.EMAIL,
    ) -> Guardian:
        if email is None:
            email = self.new_email(first, last)
        guardian = Guardian(
            first_name=first,
            last_name=last,
            email=email,
            mobile=f"+1503555{next(self.mobiles):04d}",
            home_language=language,
            contact_channel=channel,
        )
        self.guardians.append(guardian)
        return guardian

    def link(self, guardian: Guardian, relationship: str, *children: Student) -> None:
        for student in children:
            self.links.append((guardian, student, relationship))

    def new_email(self, first: str, last: str) -> str:
        first_part = ascii_slug(first.split()[0]) or "parent"
        last_part = ascii_slug(last) or "family"
        patterns = (
            f"{first_part}.{last_part}",
            f"{first_part}{last_part}",
            f"{first_part[0]}{last_part}",
            f"{last_part}.{first_part}",
            f"{first_part}.{last_part}{self.rng.randint(1, 99)}",
        )
        candidate = self.rng.choice(patterns)
        domain = self.rng.choice(DOMAINS)
        email = f"{candidate}@{domain}"
        number = 2
        while email in self.emails:
            email = f"{candidate}{number}@{domain}"
            number += 1
        self.emails.add(email)
        return email

    # The families the README names

    def named_families(self) -> None:
        mateo = self.child("Mateo", "García", 4, advisor=ADVISOR_USERNAME)
        lupe = self.child("Lupe", "García", 0, advisor=LUPE_ADVISOR)
        sofia = self.adult("Sofía", "García", "es", email=SOFIA_EMAIL)
        self.link(sofia, R.MOTHER, mateo, lupe)

        linh = self.child("Linh", "Tran", 7)
        bao = self.child("Bao", "Tran", 2)
        minh = self.adult("Minh", "Tran", "vi", email=MINH_EMAIL)
        self.link(minh, R.FATHER, linh, bao)
        self.link(self.adult("Thuy", "Nguyen", "vi"), R.MOTHER, linh, bao)

        yusuf = self.child("Yusuf", "Haddad", 10)
        mariam = self.child("Mariam", "Haddad", 5)
        layla = self.adult("Layla", "Haddad", "ar", email=LAYLA_EMAIL)
        self.link(layla, R.MOTHER, yusuf, mariam)
        karim = self.adult("Karim", "Haddad", "ar", email="", channel=Guardian.Channel.SMS)
        self.link(karim, R.FATHER, yusuf, mariam)

        yuxi = self.child("Yuxi", "Chen", 8, preferred="Emily")
        wei = self.adult("Wei", "Chen", "zh-hans", email=WEI_EMAIL)
        self.link(wei, R.FATHER, yuxi)
        self.link(self.adult("Li", "Zhang", "zh-hans"), R.MOTHER, yuxi)

        self.mateo = mateo
        self.guardians_with_accounts = [sofia, minh, layla, wei]

        # Separated parents: each sees both children, and the father also sees
        # his daughter with his new partner, so the two households differ.
        isabella = self.child("Isabella", "Johnson", 6)
        elijah = self.child("Elijah", "Johnson", 3)
        zoe = self.child("Zoe", "Johnson", 0)
        self.link(self.adult("Rosa", "Delgado", "es", email=ROSA_EMAIL), R.MOTHER, isabella, elijah)
        marcus = self.adult("Marcus", "Johnson", "en", email=MARCUS_EMAIL)
        self.link(marcus, R.FATHER, isabella, elijah, zoe)
        self.link(self.adult("Keisha", "Williams", "en", email=KEISHA_EMAIL), R.MOTHER, zoe)

        for student in self.students:
            self.student_names.add((student.display_name, student.last_name))

    # Everyone else

    def random_families(self) -> None:
        for size, count in ((3, THREE_CHILD_FAMILIES), (2, TWO_CHILD_FAMILIES)):
            for _ in range(count):
                self.family(self.sibling_grades(size))
        seats = [grade for grade in sorted(self.open_seats) for _ in range(self.open_seats[grade])]
        self.rng.shuffle(seats)
        for grade in seats:
            self.family([grade])

    def sibling_grades(self, size: int) -> list[int]:
        """Distinct grades a few years apart, drawn where seats are left."""
        grades: list[int] = []
        while len(grades) < size:
            candidates = [
                grade
                for grade, seats in sorted(self.open_seats.items())
                if seats > 0
                and grade not in grades
                and all(1 <= abs(grade - other) <= 6 for other in grades)
            ]
            weights = [self.open_seats[grade] for grade in candidates]
            grades.append(self.rng.choices(candidates, weights)[0])
        return grades

    def family(self, grades: Sequence[int]) -> None:
        rng = self.rng
        culture = rng.choices(CULTURES, [c.weight for c in CULTURES])[0]
        surname = rng.choice(culture.surnames)
        children = [self.child_of(culture, surname, grade) for grade in grades]

        def person(names: tuple[str, ...], last: str, language: str = culture.language) -> Guardian:
            sms = rng.random() < culture.sms_rate
            # Some families who prefer texts never gave the school an e-mail address.
            email = "" if sms and rng.random() < 0.4 else None
            channel = Guardian.Channel.SMS if sms else Guardian.Channel.EMAIL
            return self.adult(rng.choice(names), last, language, email=email, channel=channel)

        def mother_surname() -> str:
            if rng.random() < culture.own_surname:
                return rng.choice([s for s in culture.surnames if s != surname])
            return surname

        shape = rng.random()
        if shape < 0.55:
            self.link(person(culture.mothers, mother_surname()), R.MOTHER, *children)
            self.link(person(culture.fathers, surname), R.FATHER, *children)
        elif shape < 0.58:
            # Two mums or two dads.
            names = culture.mothers if rng.random() < 0.6 else culture.fathers
            self.link(person(names, surname), R.PARENT, *children)
            self.link(person(names, mother_surname()), R.PARENT, *children)
        elif shape < 0.82:
            self.link(person(culture.mothers, mother_surname()), R.MOTHER, *children)
        elif shape < 0.88:
            self.link(person(culture.fathers, surname), R.FATHER, *children)
        elif shape < 0.93:
            self.link(person(culture.mothers, mother_surname()), R.MOTHER, *children)
            stepfather = rng.choice(ENGLISH_SURNAMES if rng.random() < 0.5 else culture.surnames)
            self.link(person(culture.fathers, stepfather), R.STEPPARENT, *children)
        elif shape < 0.975:
            self.link(person(culture.mothers, surname), R.GRANDPARENT, *children)
        elif shape < 0.99:
            aunt = rng.choice(culture.surnames)
            self.link(person(culture.mothers, aunt), R.GUARDIAN, *children)
        else:
            foster = rng.choice(ENGLISH_SURNAMES)
            self.link(person(ENGLISH_MOTHERS, foster, "en"), R.FOSTER, *children)
            self.link(person(ENGLISH_FATHERS, foster, "en"), R.FOSTER, *children)

    def child_of(self, culture: Culture, surname: str, grade: int) -> Student:
        first = self.rng.choice(culture.children)
        while (first, surname) in self.student_names:
            first = self.rng.choice(culture.children)
        preferred = ""
        if culture.preferred and self.rng.random() < culture.preferred_rate:
            preferred = self.rng.choice(culture.preferred)
        self.student_names.add((preferred or first, surname))
        return self.child(first, surname, grade, preferred=preferred)

    # School IDs and advisories

    def number_students(self) -> None:
        """School IDs grow with the year of enrolment: seniors have the lowest."""
        numbers = sorted(self.rng.sample(range(10000, 100000), len(self.students)))
        order = sorted(self.students, key=lambda s: (-s.grade, self.rng.random()))
        for student, number in zip(order, numbers, strict=True):
            student.sis_id = f"RCS{number:05d}"
        self.students = order

    def siblings(self) -> dict[int, set[int]]:
        households: dict[int, set[int]] = {}
        for guardian, student, _relationship in self.links:
            households.setdefault(id(guardian), set()).add(id(student))
        siblings: dict[int, set[int]] = {id(student): set() for student in self.students}
        for children in households.values():
            for child in children:
                siblings[child] |= children - {child}
        return siblings

    def seat_advisees(self) -> dict[str, list[Student]]:
        """Fill each band's advisories evenly, keeping siblings apart where the band allows."""
        siblings = self.siblings()
        seated: dict[str, list[Student]] = {plan.username: [] for plan in ADVISORS}
        home: dict[int, str] = {}
        bands: dict[tuple[int, ...], list[AdvisorPlan]] = {}
        for plan in ADVISORS:
            bands.setdefault(plan.grades, []).append(plan)
        for grades, plans in bands.items():
            band = [s for s in self.students if s.grade in grades]
            band.sort(key=lambda s: (id(s) not in self.pinned, s.grade, s.last_name, s.first_name))
            base, extra = divmod(len(band), len(plans))
            seats = {plan.username: base + (i < extra) for i, plan in enumerate(plans)}
            order = {plan.username: i for i, plan in enumerate(plans)}
            for student in band:
                username = self.pinned.get(id(student))
                if username is None:
                    kin = {home[s] for s in siblings[id(student)] if s in home}
                    username = min(
                        (name for name in seats if len(seated[name]) < seats[name]),
                        key=lambda name: (name in kin, len(seated[name]), order[name]),
                    )
                seated[username].append(student)
                home[id(student)] = username
        return seated


class Command(BaseCommand):
    help = "Build the demo school (Riverside Community School, K–12), the same on every run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has a school (for `make run`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if School.objects.exists():
            if options["if_empty"]:
                self.stdout.write("A school already exists; the demo school was not added.")
                return
            raise CommandError(
                "The database already has a school; seed_demo only fills an empty database. "
                "Use --if-empty to skip quietly, or start from a fresh database."
            )
        taken = User.objects.filter(
            username__in=[plan.username for plan in ADVISORS]
            + [ADMIN_USERNAME, INTERPRETER_USERNAME, DISTRICT_USERNAME, STUDENT_USERNAME]
        ).values_list("username", flat=True)
        if taken:
            raise CommandError(f"These usernames are taken already: {', '.join(sorted(taken))}.")

        plan = DemoSchool(random.Random(SEED))
        plan.named_families()
        plan.random_families()
        plan.number_students()
        try:
            with transaction.atomic():
                self.save(plan)
        except IntegrityError as error:
            raise CommandError(
                f"The demo school clashes with data already in the database ({error}); "
                "nothing was saved."
            ) from error
        self.report(plan)

    def save(self, plan: DemoSchool) -> None:
        # One hash for every demo account: hashing the shared password twenty
        # times would take most of the run.
        password = make_password(DEMO_PASSWORD)

        def account(username: str, first: str, last: str, email: str, **extra: Any) -> User:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=email,
                password=password,
                **extra,
            )
            user.save()
            return user

        school = plan.school
        school.save()
        year = SchoolYear.objects.create(
            school=school,
            name=YEAR_NAME,
            starts_on=dt.date(2026, 8, 19),
            ends_on=dt.date(2027, 6, 11),
            is_current=True,
        )
        fall = Term.objects.create(
            school_year=year,
            name="Fall 2026",
            starts_on=dt.date(2026, 8, 19),
            ends_on=dt.date(2026, 12, 18),
        )
        Term.objects.create(
            school_year=year,
            name="Spring 2027",
            starts_on=dt.date(2027, 1, 5),
            ends_on=dt.date(2027, 6, 11),
        )

        admin_user = account(ADMIN_USERNAME, "Grace", "Park", "admin@riverside.example")
        admin_user.is_staff = True
        admin_user.save(update_fields=["is_staff"])
        Staff.objects.create(
            user=admin_user,
            school=school,
            role=Staff.Role.SCHOOL_ADMIN,
            title="Ms.",
            first_name="Grace",
            last_name="Park",
            email=admin_user.email,
            languages=["en", "ko"],
        )
        for username, title, first, last, languages in (
            (INTERPRETER_USERNAME, "Mr.", "Omar", "Haddad", ["ar", "en"]),
            ("morales", "Ms.", "Lucía", "Morales", ["es", "en"]),
            ("ly", "Ms.", "Lan", "Ly", ["vi", "zh-hans", "en"]),
        ):
            user = account(username, first, last, f"{username}@riverside.example")
            Staff.objects.create(
                user=user,
                school=school,
                role=Staff.Role.INTERPRETER,
                title=title,
                first_name=first,
                last_name=last,
                email=user.email,
                languages=languages,
            )
        account(
            DISTRICT_USERNAME,
            "Dana",
            "Whitman",
            "it@district.example",
            is_staff=True,
            is_superuser=True,
        )

        advisories: dict[str, Advisory] = {}
        for number, advisor_plan in enumerate(ADVISORS, start=1):
            email = f"{advisor_plan.username}@riverside.example"
            user = account(
                advisor_plan.username, advisor_plan.first_name, advisor_plan.last_name, email
            )
            advisor = Staff.objects.create(
                user=user,
                school=school,
                role=Staff.Role.ADVISOR,
                title=advisor_plan.title,
                first_name=advisor_plan.first_name,
                last_name=advisor_plan.last_name,
                email=email,
                languages=list(advisor_plan.languages),
                sis_id=f"RCS-T{number:03d}",
            )
            advisories[advisor_plan.username] = Advisory.objects.create(
                school_year=year,
                advisor=advisor,
                name=advisor_plan.advisory,
                room=advisor_plan.room,
            )

        Student.objects.bulk_create(plan.students)
        Guardian.objects.bulk_create(plan.guardians)
        StudentGuardian.objects.bulk_create(
            StudentGuardian(student=student, guardian=guardian, relationship=relationship)
            for guardian, student, relationship in plan.links
        )
        # bulk_create skips AdvisoryMembership.save(), which copies the year.
        AdvisoryMembership.objects.bulk_create(
            AdvisoryMembership(advisory=advisories[username], student=student, school_year=year)
            for username, students in plan.seat_advisees().items()
            for student in students
        )

        assert plan.mateo is not None
        mateo_user = plan.mateo.ensure_user()
        mateo_user.username = STUDENT_USERNAME
        mateo_user.password = password
        mateo_user.save(update_fields=["username", "password"])
        for guardian in plan.guardians_with_accounts:
            guardian.ensure_user()

        # Last, so that the binders find every student with their advisor and family.
        fill_binders(school=school, fall=fall)
        upcoming = seed_cycle(school=school, year=year)
        seed_conference_days(school=school, year=year, upcoming=upcoming)
        seed_school_schedule(school=school, year=year)

    def report(self, plan: DemoSchool) -> None:
        households: dict[int, set[int]] = {}
        for guardian, student, _relationship in plan.links:
            households.setdefault(id(guardian), set()).add(id(student))
        distinct = {frozenset(children) for children in households.values()}
        with_siblings = {children for children in distinct if len(children) > 1}
        students_with_siblings = len({child for children in with_siblings for child in children})
        total = len(plan.students)
        languages = Counter(guardian.home_language for guardian in plan.guardians)
        self.stdout.write(self.style.SUCCESS(f"{SCHOOL_NAME} {YEAR_NAME}: {total} students, K–12."))
        self.stdout.write(
            f"{len(ADVISORS)} advisors with one advisory each, 3 interpreters, 1 school admin."
        )
        self.stdout.write(
            f"{len(plan.guardians)} guardians in {len(distinct)} households; "
            f"{len(with_siblings)} households have siblings at the school "
            f"({students_with_siblings} students, {100 * students_with_siblings // total} %)."
        )
        self.stdout.write(
            "Home languages: "
            + ", ".join(f"{code} {count}" for code, count in languages.most_common())
            + "."
        )
        self.stdout.write("Run `python manage.py demo_people` to see who to sign in as.")
