from tests.access import everyone

ROUTES = {
    "careers.index": ("GET", "/careers/", everyone(200)),
    "careers.role": ("GET", "/careers/care-worker", everyone(200)),
    "careers.pathway_explorer": ("GET", "/careers/pathways", everyone(200)),
    "careers.page": ("GET", "/careers/pages/myths", everyone(200)),
    "careers.glossary": ("GET", "/careers/glossary", everyone(200)),
    "careers.quiz_start": ("GET", "/careers/quiz", everyone(200)),
    "careers.quiz_result": ("GET", "/careers/quiz/result?a=abcdabca", everyone(200)),
    "careers.search": ("GET", "/careers/search?q=carer", everyone(200)),
    "careers.api_roles": ("GET", "/api/v1/roles", everyone(200)),
}
