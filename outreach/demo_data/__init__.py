"""Demo data for development, kept out of the production feature packages: demo providers and one
account of every type (``accounts``), tasters (``tasters``), vacancies with applicants and their
stories (``applications``, ``application_stories``). Loaded by ``flask demo load`` (and so by
``./bin/run``); safe to load twice. Never load in production."""
