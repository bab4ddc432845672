"""The demo vacancies and the story of each demo applicant: who they are, what they answered, and
each application's stages with how many days ago each happened. Loaded by
``outreach.demo_data.applications``."""
from __future__ import annotations

CLOSES_IN_DAYS = 42  # about six weeks
WEEKDAYS, EVERY_DAY = range(5), range(7)


def _slots(days, *parts) -> list[list]:
    return [[day, part] for day in days for part in parts]


FORDINGTON, PURBECK, TRENT = "Care worker, day shifts", "Adult care apprentice (Level 2)", \
    "Home care worker, Stafford and Stone"

DEMO_VACANCIES = [
    {
        "organisation": "Fordington House", "kind": "job", "role_slug": "care-worker", "title": FORDINGTON,
        "published_days_ago": 240, "min_age": 18, "hours_per_week": 36, "pay_pence": 13_25,
        "pay_age_band": "21_plus",
        "shift_pattern": "Three 12-hour days a week, 8am to 8pm, with every other weekend off",
        "shift_slots": _slots(EVERY_DAY, "morning", "afternoon", "evening"),
        "description": (
            "Fordington House is a 40-bed care home in the middle of Dorchester. We are looking for care workers "
            "to join our day team: helping residents to wash, dress and eat, getting out and about with them, and "
            "spending time on the things they enjoy. Many of our residents live with dementia, so patience and a "
            "sense of humour matter more than experience.\n\n"
            "You will complete the Care Certificate with us in your first 12 weeks, work alongside experienced "
            "colleagues until you feel confident, and have a named mentor. We recruit care workers all year "
            "round.\n\n"
            "Paid breaks, free meals on shift, 28 days' holiday including bank holidays, and a workplace pension."),
        "desired_values": {"compassion_empathy": 5, "dignity_respect": 5, "teamwork": 4, "reliability": 3},
        "motivation_questions": ["why_care", "dignity", "teamwork"],
    },
    {
        "organisation": "Purbeck Nursing Home", "kind": "apprenticeship", "role_slug": "care-apprenticeship",
        "title": PURBECK, "published_days_ago": 20, "min_age": 16, "hours_per_week": 37.5, "pay_pence": 9_60,
        "pay_age_band": "apprentice", "shift_pattern": "Monday to Friday, 8am to 4pm, with one study day a week",
        "shift_slots": _slots(WEEKDAYS, "morning", "afternoon"),
        "apprenticeship_standard": "Adult Care Worker", "apprenticeship_level": 2, "apprenticeship_months": 15,
        "training_provider": "Wessex Care Skills",
        "description": (
            "Start a career in care while you earn and train. At Purbeck Nursing Home in Wareham you will work "
            "alongside our nurses and senior carers, helping residents with personal care, meals and moving "
            "safely, and keeping them company.\n\n"
            "One day a week is set aside for study. You will finish with the Level 2 Adult Care Worker "
            "apprenticeship and the Care Certificate, and many of our apprentices go on to Level 3. No "
            "experience is needed, just kindness and a willingness to learn.\n\n"
            "We provide your uniform and pay for your DBS check."),
        "desired_values": {"learning": 5, "reliability": 4, "compassion_empathy": 4, "teamwork": 3},
        "motivation_questions": ["why_care", "learning", "reliability"],
    },
    {
        "organisation": "Trent Valley Home Care", "kind": "job", "role_slug": "home-care-worker", "title": TRENT,
        "published_days_ago": 25, "min_age": 18, "hours_per_week": 30, "pay_pence": 13_40,
        "pay_age_band": "21_plus",
        "shift_pattern": "Mornings 7am to 11am and teatimes 4pm to 8pm, with alternate weekends",
        "shift_slots": _slots(EVERY_DAY, "morning", "evening"),
        "description": (
            "Visit people in their own homes around Stafford and Stone, helping them get up, washed and dressed, "
            "make meals, take their medicines and stay independent. Most visits last between 30 minutes and an "
            "hour, and you will usually see the same people each week, so you get to know them well.\n\n"
            "You will have full training and shadow an experienced colleague before you visit anyone on your "
            "own. We pay for travel time between visits, and 45p a mile if you use your own car. Town-centre "
            "rounds can be walked, so a driving licence helps but is not essential."),
        "desired_values": {"reliability": 5, "person_centred": 5, "communication": 4, "dignity_respect": 3},
        "motivation_questions": ["why_care", "reliability", "listening"],
    },
]

# Each application's stages, oldest first, as (stage, days ago). Interviews come after an invitation.
INTERVIEW = ("shortlisted", "invited_to_interview", "interviewed")


def _path(applied: int, *later: int, to: str = "interviewed", reason: str | None = None):
    stages = ("applied",) + {"applied": (), "shortlisted": INTERVIEW[:1], "interviewed": INTERVIEW,
                             "offered": INTERVIEW + ("offered",), "hired": INTERVIEW + ("offered", "hired"),
                             "rejected": INTERVIEW + ("rejected",)}[to]
    days = (applied,) + later
    assert len(days) == len(stages), (to, days)
    return {"stages": list(zip(stages, days, strict=True)), "reason": reason}


# number, first name, last name, age, postcode sector, profile, equal-opportunities answers, answers,
# applications {vacancy title: path}, 3-month answers {vacancy title: still employed}
DEMO_APPLICANTS = [
    dict(n=1, first="Ellie", last="Hughes", age=24, postcode="DT1 2", eo=("female", "white"),
         profile=dict(roles=["care worker"], travel=10, discoverable=False,
                      experience="Two years as a waitress. Helped to look after my gran after her stroke.",
                      interests="Baking, swimming and quizzes", slots=_slots(EVERY_DAY, "morning", "afternoon")),
         answers={
             "why_care": "I helped look after my gran after her stroke and found I was good at it. I want a job "
                         "where I go home knowing I made someone's day better.",
             "dignity": "I would knock, say who I am and ask how they like things done. I would keep them covered "
                        "and never talk over them to a colleague.",
             "teamwork": "In the cafe I worked with a small team on busy Saturdays. I took the tables nobody "
                         "wanted and made sure the next shift had what they needed."},
         applications={FORDINGTON: _path(235, 230, 228, 222, 215, 200, to="hired")},
         checks={FORDINGTON: True}),
    dict(n=2, first="Marcus", last="Bell", age=38, postcode="DT1 3", eo=("male", "black"),
         profile=dict(roles=["care worker", "senior carer"], travel=15, discoverable=False,
                      experience="Fifteen years in retail management. I volunteer at a lunch club for older people.",
                      interests="Football, cooking and local history",
                      slots=_slots(EVERY_DAY, "morning", "afternoon", "evening")),
         answers={
             "why_care": "After years in retail I want work that matters. Volunteering at a lunch club showed me "
                         "how much a friendly face means to someone who lives on their own.",
             "dignity": "By asking rather than assuming, giving people time, and treating their room as their home "
                        "rather than my workplace.",
             "teamwork": "I ran a shop team of twelve. My part was keeping the rota fair and making sure everyone "
                         "knew what was happening on each shift."},
         applications={FORDINGTON: _path(135, 130, 127, 121, 112, 100, to="hired")}),
    dict(n=3, first="Sophie", last="Turner", age=60, postcode="DT2 7", eo=("female", "white"),
         profile=dict(roles=["care assistant"], travel=20, discoverable=False, licence=True,
                      experience="I cared for my husband at home for five years. Before that I was a school cook.",
                      interests="Gardening, choir and crosswords", slots=_slots(WEEKDAYS, "morning", "afternoon")),
         answers={
             "why_care": "I cared for my husband until he died and learned so much. I would like to use that to "
                         "help other families.",
             "dignity": "I would talk to the person, not about them, keep doors closed and let them do as much as "
                        "they can for themselves.",
             "teamwork": "In the school kitchen we fed four hundred children in an hour. I always made sure the "
                         "new starters were not left to struggle."},
         applications={FORDINGTON: _path(20, 16, 14, 9, 3, to="offered")}),
    dict(n=4, first="Ravi", last="Sharma", age=29, postcode="DT1 1", eo=("male", "asian"),
         profile=dict(roles=["care worker", "healthcare assistant"], travel=25, discoverable=True, licence=True,
                      experience="Bank shifts as a healthcare assistant at the county hospital for two years.",
                      interests="Cricket, running and cooking for friends",
                      slots=_slots(EVERY_DAY, "morning", "afternoon", "evening")),
         answers={
             "why_care": "I have done bank shifts as a healthcare assistant and want a permanent team, where I get "
                         "to know the people I support properly.",
             "dignity": "Explain what I am about to do, ask first, and respect how someone likes their routine, "
                        "even when we are busy.",
             "teamwork": "On the ward I handed over clearly at the end of every shift, and stayed on when a "
                         "colleague was running late."},
         applications={FORDINGTON: _path(18, 15, 12, 6, to="interviewed")}),
    dict(n=5, first="Chloe", last="Adams", age=19, postcode="DT1 2", eo=("female", "mixed"),
         profile=dict(roles=["care worker", "care apprentice"], travel=30, discoverable=True,
                      experience="Saturday job at a bakery. Volunteered at a care home for my Duke of Edinburgh "
                                 "award.",
                      interests="Netball, baking and music", slots=_slots(EVERY_DAY, "morning", "afternoon")),
         answers={
             "why_care": "I volunteered at a care home for my Duke of Edinburgh award and loved chatting to the "
                         "residents. I want to make it my career.",
             "dignity": "I would ask people what they want and remember how they like things, like how they take "
                        "their tea.",
             "teamwork": "On my Duke of Edinburgh expedition I did the map reading and kept everyone going when it "
                         "rained all weekend.",
             "learning": "I learned to make bread at my Saturday job by watching the baker and practising until I "
                         "got it right.",
             "reliability": "I have not missed a shift at the bakery in two years, and I always say early if I "
                            "need to swap."},
         applications={FORDINGTON: _path(10, 5, to="shortlisted"), PURBECK: _path(4, to="applied")}),
    dict(n=6, first="Dan", last="Walsh", age=45, postcode="DT1 1", eo=("male", "prefer_not_to_say"),
         profile=dict(roles=["carer"], travel=None, discoverable=False, licence=True,
                      experience="Delivery driver for eight years. I looked after my dad when he was ill.",
                      interests="Fishing and walking the dog", slots=_slots(WEEKDAYS, "morning", "afternoon")),
         answers={
             "why_care": "Looking after my dad showed me I have the patience for it. I would like a steadier job "
                         "where I am helping people.",
             "dignity": "Speak to people as adults, give them choices and never rush them because I am in a "
                        "hurry.",
             "teamwork": "As a driver I work alone a lot, but I always swap rounds when a colleague needs to be "
                         "home for their children."},
         applications={FORDINGTON: _path(21, 16, 14, 9, 7, to="rejected",
                                         reason="Offered to candidates with more experience of dementia care")}),
    dict(n=7, first="Niamh", last="Byrne", age=33, postcode="DT1 3", eo=None,
         profile=dict(roles=["care worker"], travel=15, discoverable=True,
                      experience="Ten years as a nursery nurse.",
                      interests="Reading, yoga and crafts", slots=_slots(WEEKDAYS, "morning", "afternoon")),
         answers={
             "why_care": "I have worked with young children for ten years and want to bring the same care and "
                         "patience to older people.",
             "dignity": "Give people choices, explain things, and keep their privacy, the way I would want for my "
                        "own mum.",
             "teamwork": "At the nursery we plan each week together. I lead the messy play and cover the room when "
                         "someone is off."},
         applications={FORDINGTON: _path(2, to="applied")}),
    dict(n=8, first="Tyler", last="Green", age=17, postcode="DT1 2", eo=None,
         profile=dict(roles=["care apprentice"], travel=30, discoverable=False,
                      experience="Paper round. I help my nan, who lives in a care home.",
                      interests="Gaming, football and cooking", slots=_slots(WEEKDAYS, "morning", "afternoon")),
         answers={
             "why_care": "My nan lives in a care home and the staff there are brilliant with her. I want to do "
                         "what they do.",
             "learning": "I taught myself to cook from videos online. I started with pasta and now I make the "
                         "Sunday roast.",
             "reliability": "I do a paper round six mornings a week and I have not missed one in a year, even in "
                            "the snow."},
         applications={PURBECK: _path(12, 6, to="shortlisted")}),
    dict(n=9, first="Hannah", last="Moss", age=18, postcode="BH20 4", eo=("female", "white"),
         profile=dict(roles=["care apprentice", "care worker"], travel=20, discoverable=False,
                      experience="Studying health and social care at college, with a placement in a care home.",
                      interests="Horse riding and photography", slots=_slots(WEEKDAYS, "morning", "afternoon")),
         answers={
             "why_care": "I am studying health and social care and loved my placement. I want to earn while I "
                         "keep learning.",
             "learning": "On placement I learned to use a hoist safely by watching a senior carer, then practising "
                         "with her beside me.",
             "reliability": "I have a part-time job at a supermarket and they trust me to open up on Sunday "
                            "mornings."},
         applications={PURBECK: _path(14, 10, 8, 3, to="interviewed")}),
    dict(n=10, first="Leah", last="Carter", age=17, postcode="BH20 4", eo=None,
         profile=dict(roles=["care apprentice", "support worker"], travel=15, discoverable=False,
                      experience="I help to look after my younger brother, who is autistic. Youth club helper.",
                      interests="Sign language, drama and swimming", slots=_slots(WEEKDAYS, "afternoon")),
         answers={
             "why_care": "I help look after my younger brother, who is autistic, and I want to help other people "
                         "live the life they want.",
             "learning": "I learned British Sign Language to Level 1 at an evening class last year so I could talk "
                         "to a friend.",
             "reliability": "I am on time for everything at school and I help to run a youth club every "
                            "Thursday."},
         applications={PURBECK: _path(1, to="applied")}),
    dict(n=11, first="Olivia", last="Shaw", age=27, postcode="ST16 1", eo=("female", "white"),
         profile=dict(roles=["home carer"], travel=20, discoverable=True, licence=True,
                      experience="Receptionist at a GP surgery. My grandad had carers at home.",
                      interests="Running, films and my two dogs", slots=_slots(EVERY_DAY, "morning", "evening")),
         answers={
             "why_care": "I want to help people stay in their own homes for as long as they can. My grandad did, "
                         "thanks to his carers.",
             "reliability": "I have my own car and I plan my day the night before, so I am never late.",
             "listening": "I put my phone away, look at the person and say back what they told me, so they know I "
                          "have understood."},
         applications={TRENT: _path(19, 15, 13, 8, 2, to="offered")}),
    dict(n=12, first="Kwame", last="Mensah", age=41, postcode="ST17 4", eo=("male", "black"),
         profile=dict(roles=["home care worker", "support worker"], travel=None, discoverable=False,
                      experience="Six years as a support worker at a day centre.",
                      interests="Church choir, cooking and five-a-side",
                      slots=_slots(EVERY_DAY, "morning", "afternoon", "evening")),
         answers={
             "why_care": "I have been a support worker at a day centre and want to work one to one with people in "
                         "their own homes.",
             "reliability": "In six years at the day centre I had two days off sick. People know I will turn up.",
             "listening": "I sit at their level, give them time to finish, and ask about the things that matter "
                          "to them."},
         applications={TRENT: _path(11, 8, 6, 2, to="interviewed")}),
]


def applicant_email(number: int) -> str:
    return f"demo-applicant-{number:02d}@careways.example"
