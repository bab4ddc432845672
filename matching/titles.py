"""Job titles as adverts and people write them, made ready for scoring (pure, no taxonomy state).

A title in the wild carries much more than the role: "Senior Carer - Nights - £13.50ph (Bank),
Dorchester". The pipeline in ``roles.RoleTaxonomy.prepare`` uses the pieces here, in order:

1. ``segments``: pay ("£12.60ph", "£25,000 pa", "up to £14"), "level 3" and "band 6" are cut
   out, and the title is split at its separators (" - ", "|", ",", brackets, "+"). The first
   segment is always the title; a later one is kept only when it says something about the role
   (a taxonomy word, such as "(Mental Health)") or about a non-care job ("- Call Centre"), so a
   town, "(Sponsorship available)" or "- Dorset Council" drops out.
2. ``NOISE``: shift and contract words ("nights", "bank", "days", "relief", "immediate start",
   "driver essential") are removed wherever they are. "Night" stays a context word instead.
3. ``EXPANSIONS``: short forms that are not one role ("snr", "reg", "ld", "mh", "asst") become
   words. Short forms that *are* a role (HCA, RGN, PA) live in the role files' ``abbreviations``.
4. Spelling: a word the vocabulary does not know is corrected to the nearest vocabulary word
   within one edit (words of 4-5 letters) or two (longer words), by Damerau-Levenshtein
   (rapidfuzz over the *vocabulary*, never over whole titles).
5. ``NOT_CARE_WORDS``: words that mark a job outside care ("veterinary", "nursery", "customer",
   "pet"). They are part of the vocabulary, so they are never "corrected" into care words, and a
   title that keeps one its best label does not contain loses most of its confidence.
"""
from __future__ import annotations

import re

# Money, with the period after it: "£12.60ph", "£13.10 per hour", "£25,000 pa", "up to £14".
_MONEY = re.compile(
    r"(?:\bup\s*to\s*|\bfrom\s*)?£\s*\d[\d,]*(?:\.\d+)?\s*k?"
    r"(?:\s*(?:ph|p/h|phr|p\.h\.?|per\s+hour|an\s+hour|/\s*hr|/\s*hour|/\s*h|hourly|per\s+annum|pa|p\.a\.?|"
    r"a\s+year|per\s+year|/\s*year|ote|per\s+shift|a\s+shift)\b)?",
    re.IGNORECASE,
)
_GRADES = re.compile(r"\b(?:level|lvl|band|nvq|qcf|rqf)\s*\d+\b|\b\d+\s*(?:hours?|hrs?)\b", re.IGNORECASE)
# Separators between the title and the rest of an advert line. A hyphen inside a word
# ("co-ordinator", "re-ablement", "live-in") is not a separator; one with spaces around it is.
_SEPARATORS = re.compile(r"\s+[-\u2013\u2014]+\s+|\s*[|,;:()\[\]{}+\u2022]\s*|\s+/\s+|\s+[-\u2013\u2014]+$")
# Phrases that are advert noise as a whole, removed before the words are looked at.
_NOISE_PHRASES = re.compile(
    r"\b(?:(?:car\s+)?drivers?\s+(?:essential|required|preferred|only|wanted)|car\s+drivers?|"
    r"(?:must|need\s+to|able\s+to)\s+drive|own\s+(?:car|transport)|driving\s+licen[cs]e|"
    r"immediate\s+start|start\s+(?:asap|now|immediately)|no\s+experience(?:\s+(?:needed|required|necessary))?|"
    r"experience\s+(?:preferred|needed|required)|training\s+provided|full\s+training|"
    r"sponsorship\s+available|visa\s+sponsorship|welcome\s+bonus|sign\s*on\s+bonus|golden\s+hello|"
    r"plus\s+mileage|paid\s+mileage|mileage\s+paid|weekly\s+pay|paid\s+weekly|flexible\s+hours|"
    r"waking\s+nights?|sleep\s*ins?|long\s+days|twilight\s+shifts?|zero\s+hours?)\b",
    re.IGNORECASE,
)
# Shift, contract and advert words: they never say which role.
NOISE = frozenset(
    """nights days bank relief weekends weekend mornings afternoons evenings twilight waking shifts shift
    rota rotas flexible hours hour hourly ph pw immediate asap urgent urgently start starting
    now hiring needed required wanted essential driver drivers driving licence
    sponsorship visa bonus mileage weekly monthly paid pay salary competitive excellent great new
    fulltime parttime ft pt perm permanent temp temporary contract locum interim fixed term
    ongoing apply today experienced inexperienced experience provided training trained
    available vacancy vacancies opportunity opportunities position role job jobs""".split()
)
# Short forms that are not a single role, written out (both titles and labels get this).
EXPANSIONS = {
    "snr": "senior", "sr": "senior", "reg": "registered", "regd": "registered",
    "mgr": "manager", "mngr": "manager", "asst": "assistant", "assist": "assistant",
    "coord": "coordinator", "coordinater": "coordinator", "ordinator": "coordinator",
    "dom": "domiciliary", "domcare": "domiciliary care", "resi": "residential",
    "ld": "learning disability", "lds": "learning disability", "mh": "mental health",
    "supp": "support", "wkr": "worker", "dep": "deputy",
    "reenablement": "reablement", "re": "", "enablement": "reablement", "ablement": "reablement",
    "apprenticeship": "apprentice", "apprenticeships": "apprentice",
}
_FOR_WHOM = frozenset("to for supporting helping with".split())
_PLACE_PREPOSITIONS = frozenset("in at near around across covering".split())
# Words that mark a job outside adult social care. A title keeping one that its best label does
# not contain is not coded: "customer care advisor", "veterinary nurse", "nursery nurse".
NOT_CARE_WORDS = frozenset(
    """customer customers client call contact helpdesk sales retail shop store
    veterinary vet vets animal animals pet pets dog dogs cat kennel kennels cattery equine horse
    groom nursery nurseries childcare childminder nanny creche preschool school schools pupil
    teaching teacher tutor lecturer sen dental dentist orthodontic eye optical optician optometrist
    hearing skin beauty beautician hair hairdresser stylist barber nail nails lawn garden gardener
    grounds landscaper tree car cars vehicle vehicles valet valeter mechanic motor tyre technician
    engineer engineering software developer data analyst accountant accounts finance payroll
    legal solicitor paralegal secretary executive ceo director managing marketing media digital
    hotel hospitality restaurant bar pub cafe barista waiter waitress porter warehouse picker
    packer forklift logistics delivery courier hgv lorry van bus taxi plumber electrician
    joiner builder construction security guard receptionist pharmacy pharmacist dispensing foot
    podiatrist podiatry chiropodist trainer gym fitness leisure lifeguard
    baby infant maternity midwife theatre surgical dialysis paediatric ward hospital nhs
    office estate property insurance cashier checkout""".split()
)


def segments(text: str) -> list[str]:
    """The parts of an advert title: pay and grades removed, split at separators, first is the title."""
    text = _MONEY.sub(" , ", text or "")
    text = _GRADES.sub(" ", text)
    text = _NOISE_PHRASES.sub(" ", text)
    parts = [p.strip() for p in _SEPARATORS.split(text)]
    return [p for p in parts if p and any(c.isalnum() for c in p)]


def expand_words(cleaned: str) -> str:
    """Short forms that are not one role written out ("snr" -> "senior", "ld" -> "learning disability")."""
    return " ".join(w for w in (EXPANSIONS.get(w, w) for w in cleaned.split()) if w)


def dedupe(text: str) -> str:
    """Each word once, first place kept ("rgn rmn" expands to the same title twice)."""
    return " ".join(dict.fromkeys(text.split()))


def drop_for_whom(words: list[str], not_care: frozenset[str]) -> list[str]:
    """"personal assistant to a disabled lady" -> "personal assistant", for the fallback only.

    A clause naming an employer outside care stays ("pa to the managing director")."""
    for i, word in enumerate(words):
        if i > 0 and word in _FOR_WHOM:
            return words if not_care.intersection(words[i:]) else words[:i]
    return words


def drop_trailing_place(words: list[str], known: frozenset[str]) -> list[str]:
    """"carer in Swanage" -> "carer": unknown words after a final "in"/"at"/"near" name a place."""
    for i in range(len(words) - 1, 0, -1):
        if words[i] in _PLACE_PREPOSITIONS:
            if i + 1 < len(words) and not any(w in known for w in words[i + 1:]):
                return words[:i]
            break
    return words
