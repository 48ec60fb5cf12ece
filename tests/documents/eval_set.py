"""A retrieval evaluation set: documents with questions whose answering passage is known.

Built deterministically from templates: matters (leases, employment contracts, clinical
letters, supply agreements), each a document of several pages in which every fact sits in a
paragraph of its own among boilerplate that shares its vocabulary. Each question names its
matter and asks for the fact in other words than the passage uses ("How much does the
renter owe each month" for "monthly rent of EUR 1,450"), so keyword search alone is not
enough and the embedding model has to earn its place.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST = ["Anna", "Jonas", "Mira", "Paul", "Lena", "Omar", "Sofia", "Karl", "Nadia", "Felix"]
LAST = ["Berg", "Keller", "Novak", "Hofmann", "Duarte", "Lindqvist", "Moreau", "Tanaka", "Okafor"]
STREETS = ["Rosenweg", "Elm Street", "Harbour Road", "Mill Lane", "Castle Hill", "Bridge Row"]
COMPANIES = ["Northwind", "Bluefield", "Crestline", "Ironbark", "Silverleaf", "Redwood", "Oakmont"]


@dataclass(frozen=True)
class Fact:
    passage: str  # the paragraph that answers
    question: str  # what a user would ask, in other words


@dataclass(frozen=True)
class EvalDocument:
    name: str
    pages: tuple[str, ...]  # page texts; paragraphs separated by blank lines


@dataclass(frozen=True)
class EvalQuestion:
    question: str
    document: str  # the document's name
    passage: str  # a distinctive part of the answering paragraph


def _lease(r: random.Random, who: str, where: str) -> list[Fact]:
    rent, deposit, notice = r.randint(9, 30) * 50, r.randint(2, 3), r.choice([1, 2, 3])
    return [
        Fact(
            f"The Tenant {who} shall pay a monthly rent of EUR {rent:,} for the premises at "
            f"{where}, due on the first business day of each calendar month.",
            f"How much does {who} owe each month for the flat at {where}?",
        ),
        Fact(
            f"Before moving in, {who} provides a security deposit equal to {deposit} months' rent, "
            "held in a separate interest-bearing account.",
            f"What guarantee did {who} have to hand over up front for {where}?",
        ),
        Fact(
            f"Either party may end this tenancy of {where} by written notice of {notice} "
            "month(s) to the end of a calendar month.",
            f"How long in advance must {who} warn the landlord before leaving {where}?",
        ),
        Fact(
            f"Pets are permitted at {where} only with the Landlord's prior written consent; "
            f"{who} may keep one small dog.",
            f"Can {who} have an animal living at {where}?",
        ),
    ]


def _employment(r: random.Random, who: str, company: str) -> list[Fact]:
    salary, leave, probation = r.randint(40, 120) * 1000, r.randint(24, 32), r.choice([3, 6])
    return [
        Fact(
            f"{company} pays {who} a gross annual salary of EUR {salary:,}, in twelve equal "
            "instalments at the end of each month.",
            f"What will {who} earn per year at {company}?",
        ),
        Fact(
            f"{who} is entitled to {leave} working days of paid annual leave per calendar year "
            f"at {company}.",
            f"How many holidays does {who} get from {company}?",
        ),
        Fact(
            f"The first {probation} months of {who}'s employment with {company} are a trial "
            "period during which either side may terminate with two weeks' notice.",
            f"Is there a probation phase for {who} at {company}, and how long?",
        ),
        Fact(
            f"For twelve months after leaving {company}, {who} shall not work for a direct "
            "competitor within the European Union.",
            f"May {who} join a rival firm right after quitting {company}?",
        ),
    ]


def _clinical(r: random.Random, who: str, clinic: str) -> list[Fact]:
    dose, bp, allergy = (
        r.choice([5, 10, 20]),
        r.randint(130, 165),
        r.choice(["penicillin", "latex", "ibuprofen", "sulfonamides"]),
    )
    return [
        Fact(
            f"{who} was started on ramipril {dose} mg once daily at {clinic}; renal function "
            "to be checked in two weeks.",
            f"Which blood pressure medicine and dose did {clinic} prescribe to {who}?",
        ),
        Fact(
            f"On admission to {clinic} the blood pressure of {who} measured {bp}/95 mmHg "
            "sitting, after five minutes' rest.",
            f"How high was {who}'s hypertension reading when first seen at {clinic}?",
        ),
        Fact(
            f"{who} reports a documented allergy to {allergy} with hives; {clinic} flagged "
            "the record accordingly.",
            f"Is {who} intolerant of any drug or material, according to {clinic}?",
        ),
        Fact(
            f"{who} should return to {clinic} for a follow-up appointment in six weeks, or "
            "earlier if dizziness occurs.",
            f"When is {who}'s next visit to {clinic} planned?",
        ),
    ]


def _supply(r: random.Random, who: str, company: str) -> list[Fact]:
    days, cap, venue = (
        r.choice([30, 45, 60]),
        r.randint(1, 5),
        r.choice(["Zurich", "Vienna", "Amsterdam", "Dublin"]),
    )
    return [
        Fact(
            f"Invoices of {company} to {who} are payable within {days} days of receipt, "
            "without deduction.",
            f"By when must {who} settle {company}'s bills?",
        ),
        Fact(
            f"The total liability of {company} towards {who} under this agreement is capped "
            f"at EUR {cap} million per contract year.",
            f"What is the most {company} can be made to pay {who} for damages?",
        ),
        Fact(
            f"Any dispute between {company} and {who} shall be settled by arbitration seated "
            f"in {venue}.",
            f"Where would a disagreement between {who} and {company} be decided?",
        ),
        Fact(
            f"{company} guarantees to {who} that delivered goods remain free of defects for "
            "twenty-four months after delivery.",
            f"How long is {company}'s warranty on the goods sold to {who}?",
        ),
    ]


BOILERPLATE = [
    "This agreement constitutes the entire understanding between the parties and supersedes "
    "all prior arrangements, whether written or oral, relating to its subject matter.",
    "Notices under this agreement must be in writing and delivered by hand, by registered "
    "post or by e-mail to the addresses given above; each party shall notify changes.",
    "If any provision is held invalid, the remaining provisions remain in full force, and the "
    "parties shall replace the invalid provision with a valid one of similar effect.",
    "Amendments to this document require the written form; this also applies to any waiver "
    "of the written form requirement itself.",
    "The parties shall treat as confidential all information received in connection with "
    "this matter and use it only for the purposes of this agreement.",
    "The patient was informed about the purpose, risks and alternatives of the proposed "
    "treatment and consented; questions were answered in full.",
    "Headings are for convenience only and do not affect interpretation; references to a "
    "person include its successors and permitted assigns.",
    "Payments shall be made in euros by bank transfer to the account designated in writing; "
    "bank charges are borne by the paying party.",
]

KINDS = [
    ("Lease", _lease, STREETS),
    ("Employment contract", _employment, COMPANIES),
    ("Clinical letter", _clinical, ["St. Anne Clinic", "Lakeside Practice", "City Hospital"]),
    ("Supply agreement", _supply, COMPANIES),
]


def build(documents: int = 60, seed: int = 19) -> tuple[list[EvalDocument], list[EvalQuestion]]:
    r = random.Random(seed)
    docs: list[EvalDocument] = []
    questions: list[EvalQuestion] = []
    used: set[tuple[str, str]] = set()
    while len(docs) < documents:
        kind, make, places = KINDS[len(docs) % len(KINDS)]
        who = f"{r.choice(FIRST)} {r.choice(LAST)}"
        where = r.choice(places)
        if kind == "Lease":
            where = f"{where} {r.randint(1, 99)}"
        if (who, where) in used:
            continue
        used.add((who, where))
        facts = make(r, who, where)
        paragraphs = [f.passage for f in facts] + r.sample(BOILERPLATE, 6)
        r.shuffle(paragraphs)
        pages = tuple("\n\n".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3))
        name = f"{kind} - {who} - {where}.txt"
        docs.append(EvalDocument(name, pages))
        questions += [EvalQuestion(f.question, name, f.passage[:60]) for f in facts]
    return docs, questions
