"""Pages of legal and clinical prose for the ingest bench: realistic length and vocabulary, made
from a fixed seed so every run reads and embeds the same text.

Each page holds a few paragraphs of 3-6 sentences (about 300-400 words), sentences drawn from
templates whose names, sums, dates and places vary, so the keyword index sees a spread of words
as a real matter's files give it, not one paragraph repeated.
"""

from __future__ import annotations

import random
import textwrap

NAMES = ["Anna Berg", "Jonas Keller", "Mira Novak", "Paul Hofmann", "Lena Duarte", "Omar Tanaka"]
FIRMS = ["Northwind Ltd", "Bluefield GmbH", "Crestline SA", "Ironbark plc", "Oakmont BV"]
PLACES = ["Zurich", "Vienna", "Amsterdam", "Dublin", "Hamburg", "Lyon", "Turin", "Porto"]
DRUGS = ["ramipril", "metformin", "amlodipine", "atorvastatin", "bisoprolol", "apixaban"]
MONTHS = ["January", "March", "April", "June", "September", "November"]

TEMPLATES = [
    "The lessee shall maintain the premises in {place} in good repair at its own expense.",
    "Either party may terminate this agreement on {days} days' written notice to the other.",
    "{firm} shall indemnify and hold harmless {name} from all claims arising under clause {n}.",
    "Any dispute arising under this contract shall be settled by arbitration seated in {place}.",
    "The plaintiff, {name}, alleges that {firm} breached the duty of care it owed to her.",
    "Discovery shall be completed no later than {day} {month}, as the scheduling order provides.",
    "The witness testified that the vehicle was travelling well above the posted limit.",
    "Confidential information excludes what was already public at the time of disclosure.",
    "{name} presented with intermittent chest pain radiating to the left arm for {days} hours.",
    "Blood pressure was {bp} over {low} and the heart rate regular at {pulse} beats per minute.",
    "An electrocardiogram taken on {day} {month} showed no acute ST-segment changes.",
    "The dose of {drug} was increased to {dose} milligrams twice daily from {day} {month}.",
    "{name} reports no known drug allergies and denies tobacco or alcohol use.",
    "Follow-up imaging in {weeks} weeks is recommended to assess the size of the lesion.",
    "The court finds that the motion of {firm} for summary judgment is well founded.",
    "Payment of EUR {amount:,} is due within {days} days of the invoice date, without deduction.",
    "The guarantor waives any right to require the lender to proceed first against {firm}.",
    "Physical examination revealed mild tenderness in the right lower quadrant.",
    "{name} agrees not to solicit clients of {firm} for {weeks} months after leaving.",
    "Informed consent was obtained after the risks and alternatives were explained to {name}.",
    "Under clause {n}, the supplier warrants that the goods conform to the agreed specification.",
    "The tenant shall notify the landlord in writing of any defect within {days} days.",
    "Counsel for {firm} objected to the question as leading, and the objection was sustained.",
    "The parties met in {place} on {day} {month} to discuss the draft settlement terms.",
    "Renal function is to be checked again in {weeks} weeks, with electrolytes and creatinine.",
    "No amendment to this agreement is effective unless it is in writing and signed by both.",
    "{firm} delivered {amount:,} units to the warehouse in {place}, of which some were damaged.",
    "The expert report of {name} concludes that the damage predates the inspection in {month}.",
]


def _sentence(r: random.Random) -> str:
    return r.choice(TEMPLATES).format(
        name=r.choice(NAMES),
        firm=r.choice(FIRMS),
        place=r.choice(PLACES),
        drug=r.choice(DRUGS),
        month=r.choice(MONTHS),
        day=r.randint(1, 28),
        days=r.choice([7, 14, 30, 60, 90]),
        weeks=r.choice([2, 4, 6, 12]),
        n=r.randint(2, 24),
        bp=r.randint(110, 170),
        low=r.randint(65, 100),
        pulse=r.randint(55, 100),
        dose=r.choice([5, 10, 20, 500, 1000]),
        amount=r.randint(10, 900) * 100,
    )


def prose_page(r: random.Random, number: int, words: tuple[int, int] = (280, 360)) -> str:
    """One page: a heading line, then paragraphs separated by blank lines, lines wrapped to
    fit a Letter page in 12-point Helvetica."""
    target = r.randint(*words)
    paragraphs: list[str] = []
    count = 0
    while count < target:
        sentences = [_sentence(r) for _ in range(r.randint(3, 6))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    wrapped = ["\n".join(textwrap.wrap(p, 88)) for p in paragraphs]
    return f"Page {number}\n\n" + "\n\n".join(wrapped)


def prose_pages(count: int, seed: int = 19) -> list[str]:
    r = random.Random(seed)
    return [prose_page(r, number) for number in range(1, count + 1)]
