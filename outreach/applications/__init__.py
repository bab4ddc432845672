"""Applicants' profiles and matches, applications for vacancies, and providers' shortlists.

The matching engine ranks and explains; every decision about an application is made by a person.
"""
