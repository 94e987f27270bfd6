"""Varied stored messages for the batch benchmark, composed from many templates.

Each message is put together from interchangeable parts (a greeting, who
the writer is, how they found the reader, what they want to learn, the ask,
a closing), with names, fields and organizations drawn at random, so no two
messages of a run are alike. About one message in four carries a sentence
that trips a rule (a job ask, an interview by email, a meeting at home, a
long ask of time), as a real archive would.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

FIRST = [
    "Maya",
    "Jonah",
    "Priya",
    "Lee",
    "Sam",
    "Aiko",
    "Tomás",
    "Nadia",
    "Elif",
    "Kwame",
    "Ingrid",
    "Rafael",
    "Mei",
    "Oskar",
    "Amara",
    "Dev",
    "Lucía",
    "Farid",
    "Hana",
    "Ruth",
]
FAMILY = [
    "Lindqvist",
    "Chen",
    "Alvarez",
    "Okafor",
    "Raman",
    "Halvorsen",
    "Nakamura",
    "Brooks",
    "Dubois",
    "Mensah",
    "Kowalski",
    "Haddad",
    "Ferreira",
    "Novak",
    "Oyelaran",
]
HONORIFIC = ["Ms.", "Mr.", "Dr.", "Mx.", "Professor"]
FIELD = [
    "audit",
    "forensic accounting",
    "quality control",
    "product design",
    "urban planning",
    "public health",
    "data journalism",
    "museum education",
    "supply chain analytics",
    "environmental law",
    "clinical research",
    "game development",
    "actuarial work",
    "nonprofit fundraising",
    "structural engineering",
    "speech therapy",
    "UX research",
    "investment banking",
    "wildlife biology",
    "hospital administration",
]
ORG = [
    "Harbor & Vale",
    "Northbay Health",
    "Tidewater Studio",
    "Cobalt Analytics",
    "Riverside Museum",
    "Greenline Transit",
    "Keel & Compass",
    "Summit Legal Aid",
    "Orchard Labs",
    "Meridian Partners",
    "Bluefin Games",
    "Cedar County Planning",
]
SCHOOL = ["Northbay University", "Northfield College", "Lakeshore State", "Westbrook Tech"]
MAJOR = [
    "economics",
    "chemistry",
    "design",
    "history",
    "biology",
    "computer science",
    "statistics",
    "English",
    "civil engineering",
    "psychology",
]
CHANNELS = ["email", "alumni-platform", "linkedin-message", "linkedin-note", ""]

GREETINGS = [
    "Dear {hon} {fam},",
    "Hello {hon} {fam},",
    "Hi {first},",
    "Good morning {hon} {fam},",
    "Dear {first} {fam},",
    "Hi {hon} {fam},",
    "Greetings {hon} {fam},",
]
WHO = [
    "My name is {me} and I am a {year} studying {major} at {school}.",
    "I'm {me}, a {year} in the {major} program at {school}.",
    "I am {me}; I graduate from {school} next spring with a degree in {major}.",
    "I'm a {year} at {school} majoring in {major}, and I am exploring {field}.",
    "My name is {me}, and after four years as a teacher I am looking into {field}.",
    "I recently finished a {major} degree at {school} and I'm curious about {field}.",
]
FOUND = [
    "I found your profile on the alumni network and saw that you work in {field} at {org}.",
    "Professor {fam2} suggested I reach out to you about {field}.",
    "We met briefly at the {org} career panel last month.",
    "I read your article on {field} in the alumni magazine and enjoyed it.",
    "A classmate mentioned that you moved into {field} after starting elsewhere.",
    "I noticed we both studied {major} at {school}.",
    "Your talk on {field} at {school} stayed with me.",
]
LEARN = [
    "I would love to hear how you chose {field} and what a typical week looks like.",
    "I'm trying to understand what the first years in {field} are really like.",
    "I am curious how people find their way into {field} from {major}.",
    "I'd value your view on which skills matter most in {field}.",
    "I want to learn what surprised you most when you started at {org}.",
    "I hope to understand how {org} differs from other places in {field}.",
    "I'm weighing graduate school against starting work, and your path interests me.",
]
ASK = [
    "Would you be willing to talk with me for {minutes} minutes by phone or video?",
    "Could we speak for {minutes} minutes sometime in the next few weeks?",
    "Would you have {minutes} minutes for a short call about your work?",
    "If you have time, could I ask you a few questions over a {minutes}-minute call?",
    "Might you be open to a {minutes}-minute video chat at a time that suits you?",
]
TRIP = [
    "Also, if {org} has any openings this fall, I would be grateful if you kept me in mind.",
    "Could you pass my résumé along to the hiring manager?",
    "If it is easier, you could simply answer my questions by email instead of a call.",
    "We could meet at your house on Saturday if that suits you.",
    "I would also love to be considered for an internship on your team.",
    "Would you be able to give me an hour or two of your time?",
    "Could we meet at your place near the park one evening?",
    "Are you hiring for any junior roles right now?",
]
CLOSE = [
    "Thank you for considering it.",
    "Many thanks for your time.",
    "I'm happy to work around your schedule.",
    "Thank you, and I hope to hear from you.",
    "I understand if you are busy.",
    "Thanks so much!",
]
SIGN = [
    "Best regards,\n{me}",
    "Sincerely,\n{me}",
    "Thanks,\n{first_me}",
    "Warmly,\n{me}",
    "All the best,\n{first_me}",
]

THANKS = [
    "Thank you for speaking with me on {day} about {field}. Your advice on {topic} was "
    "exactly what I needed, and I have already {did}.",
    "Thanks again for the call about {field}. I especially valued hearing about {topic}; "
    "I have since {did}.",
    "I wanted to thank you for our conversation about {org}. What you said about {topic} "
    "changed how I think about {field}.",
    "Thank you for your time on {day}. I {did} after our talk and learned a lot.",
]
TOPIC = [
    "the licensing exams",
    "your first rotation",
    "choosing a graduate program",
    "working with clients",
    "the busy season",
    "building a portfolio",
    "mentors",
]
DID = [
    "read the book you mentioned",
    "signed up for the workshop",
    "written to your colleague",
    "updated my course plan",
    "joined the professional association",
]
DAY = ["Tuesday", "Monday", "Thursday", "Friday", "last week", "the 14th"]
QUESTIONS = [
    "What does a typical week look like for you in {field}?",
    "How did you get your first job in {field}?",
    "What do you wish you had known before joining {org}?",
    "Which courses at {school} best prepared you for {field}?",
    "Does {org} offer internships or research opportunities?",
    "Who makes the decision to hire someone for this kind of job?",
    "What is the most rewarding part of your work?",
    "How do you see {field} changing in the next five years?",
    "Could you hire me for your team?",
    "What is {org}'s mission?",
]
FOLLOW_UPS = [
    "Hello {hon} {fam}, I wanted to follow up on my note from {day} about a short call on "
    "{field}. I know how busy things get, so no worries if now is not a good time.",
    "Hi {first}, just checking whether my earlier message reached you. I would still value "
    "{minutes} minutes to learn about {field} at {org}.",
    "Dear {hon} {fam}, following up on my request: could you send your answers by email "
    "instead, if a call is hard to fit in?",
]


def _fill(template: str, draw: random.Random, names: dict[str, str]) -> str:
    values = {
        **names,
        "field": draw.choice(FIELD),
        "org": draw.choice(ORG),
        "school": draw.choice(SCHOOL),
        "major": draw.choice(MAJOR),
        "year": draw.choice(["first-year", "sophomore", "junior", "senior"]),
        "minutes": draw.choice(["15", "20", "25", "30"]),
        "topic": draw.choice(TOPIC),
        "did": draw.choice(DID),
        "day": draw.choice(DAY),
        "fam2": draw.choice(FAMILY),
    }
    return template.format(**values)


def message(draw: random.Random) -> tuple[str, str, str]:
    """Return one (kind, channel, text), drawn with *draw*."""
    first_me = draw.choice(FIRST)
    names = {
        "hon": draw.choice(HONORIFIC),
        "fam": draw.choice(FAMILY),
        "first": draw.choice(FIRST),
        "me": f"{first_me} {draw.choice(FAMILY)}",
        "first_me": first_me,
    }
    roll = draw.random()
    if roll < 0.6:
        parts = [draw.choice(GREETINGS), draw.choice(WHO), draw.choice(FOUND)]
        parts += draw.sample(LEARN, draw.randint(1, 2))
        parts.append(draw.choice(ASK))
        if draw.random() < 0.25:
            parts.insert(draw.randint(3, len(parts)), draw.choice(TRIP))
        parts += [draw.choice(CLOSE), draw.choice(SIGN)]
        text = "\n\n".join([parts[0], " ".join(parts[1:-1]), parts[-1]])
        kind = "outreach"
    elif roll < 0.75:
        text = f"{draw.choice(GREETINGS)}\n\n{draw.choice(THANKS)}\n\n{draw.choice(SIGN)}"
        kind = "thank_you"
    elif roll < 0.9:
        text = draw.choice(QUESTIONS)
        kind = "question"
    else:
        text = f"{draw.choice(FOLLOW_UPS)}\n\n{draw.choice(SIGN)}"
        kind = "follow_up"
    return kind, draw.choice(CHANNELS) if kind == "outreach" else "", _fill(text, draw, names)


def messages(count: int, *, seed: int = 14) -> Iterator[tuple[str, str, str]]:
    """Yield *count* varied (kind, channel, text) triples, the same for the same seed."""
    draw = random.Random(seed)
    for _ in range(count):
        yield message(draw)
