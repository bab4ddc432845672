"""What tasters and vacancies share: posting a draft, the publish-or-queue rule and admins' review,
closing and deleting a draft, moving a post, finding posts nearby, and the openings referrals
point to. Each feature keeps its own details and checks and calls these for the common steps."""
