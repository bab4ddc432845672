"""Learning job titles from recruiters: the title typed beside the role chosen, reviewed by admins.

``recording`` keeps a typed title the engine did not recognise as the chosen role; ``review``
groups them for an admin and applies a decision; ``outreach.content.title_edits`` writes an
approved title into the content (a role's synonyms, or the list of titles that belong to no role),
the single source the taxonomy is built from.
"""
