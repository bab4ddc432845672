"""CareWays matching engine: pure Python (numpy + rapidfuzz), dataclasses in, dataclasses out.

It knows nothing of Flask or the database; the web app adapts its models to
``ApplicantProfile`` / ``Opportunity`` in one module. It ranks and proposes; a person decides.

How a pair is scored
--------------------
1. **Hard filters first** (never scored, never returned as matches):
   age below the opportunity's minimum; a licence required and not held; an in-person
   opportunity beyond the applicant's travel limit (straight-line haversine, float32), or the
   applicant gave no location. Default limits: 8 km without a licence or under 17, 20 km for
   drivers; each person may set their own. Virtual opportunities have no distance filter.
2. **Role floor**: role fit under 0.80 means "not a role match" and the pair is never offered,
   so an unrelated role cannot rank high on nearness alone. Someone who typed no role is open
   to any role (role fit 0.5, no floor).
3. **Five components**, each 0..1, and the total = 100 x sum(weight x component):

   ============  ======  ==========================================================
   component     weight  how it is computed
   ============  ======  ==========================================================
   role          0.30    best score over the person's typed roles against the
                         opportunity role's labels: max(ratio, 0.9 x token_set_ratio)
                         on cleaned titles, abbreviations exact, a swapped word
                         caps the score (see ``roles``), divided by 100
   values        0.25    1 - sqrt(sum w*max(desired-x,0)^2 / sum w*desired^2):
                         only shortfalls count; unanswered questionnaire = 0.5
   distance      0.20    exp(-km / 8); virtual = 1
   availability  0.15    share of the opportunity's (day, part) slots the person is
                         free for; flexible opportunity = 1; not given = 0.5
   text          0.10    shared keywords between interests+experience and
                         title+description, full marks at 3 (``text``)
   ============  ======  ==========================================================

   ``MatchScore.contributions`` gives each component's points, which sum to the total.
4. **Reasons** ("3.2 km away", "free on Saturday mornings", "strong on dignity and respect")
   are written for the top k only.

Fairness: the dataclasses have no field for any protected characteristic. Age is used only in
the age filter and the default travel limit (an eligibility rule); no component reads it, so
scores do not move when only age changes within an eligible band.

Public API
----------
- ``normalise_role(text, taxonomy=None) -> RoleMatch | None`` (None under score 80,
  ``NORMALISE_THRESHOLD``: the app should offer a "did you mean" picker);
  ``guess_role(text) -> RoleGuess`` adds the confidence and the runner-up;
  ``RoleTaxonomy.from_directory``
- ``score(applicant, opportunity) -> MatchScore``; ``without_location=True`` scores a pair with no
  distance component and no travel filter (``score.WEIGHTS_WITHOUT_LOCATION``), for people whose
  location the viewer must not learn
- ``rank_opportunities(applicant, opportunities, k)``, ``rank_applicants(opportunity, applicants, k)``
- ``score_matrix(applicants, opportunities) -> (N, M) float32, NaN = not a match``
- ``allocate(applicants, opportunities, ...) -> Allocation`` (stable, deferred acceptance)
- ``ApplicantIndex.build`` / ``OpportunityIndex.build`` to rank repeatedly without rebuilding.

``python -m matching normalise "home carer"``, ``python -m matching evaluate FILE.tsv`` and
``python -m matching bench [--json]``.
See matching/README.md for the full account.
"""
from .allocate import Allocation, allocate, blocking_pairs, build_preferences, deferred_acceptance
from .index import ApplicantIndex, OpportunityIndex
from .rank import rank_applicants, rank_opportunities, score_matrix
from .roles import NORMALISE_THRESHOLD, Role, RoleTaxonomy, default_taxonomy, guess_role, normalise_role
from .score import ROLE_FLOOR, WEIGHTS, score
from .types import (
    DAY_PARTS,
    OPPORTUNITY_KINDS,
    VALUE_KEYS,
    VALUE_SHORT_NAMES,
    ApplicantProfile,
    Components,
    MatchScore,
    Opportunity,
    RoleGuess,
    RoleMatch,
    ValueWeights,
)

__all__ = [
    "DAY_PARTS", "NORMALISE_THRESHOLD", "OPPORTUNITY_KINDS", "ROLE_FLOOR", "VALUE_KEYS",
    "VALUE_SHORT_NAMES", "WEIGHTS",
    "Allocation", "ApplicantIndex", "ApplicantProfile", "Components", "MatchScore", "Opportunity",
    "OpportunityIndex", "Role", "RoleGuess", "RoleMatch", "RoleTaxonomy", "ValueWeights",
    "allocate", "blocking_pairs", "build_preferences", "deferred_acceptance", "default_taxonomy",
    "guess_role", "normalise_role", "rank_applicants", "rank_opportunities", "score", "score_matrix",
]
