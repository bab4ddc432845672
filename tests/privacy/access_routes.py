from tests.access import SIGNED_IN, only

ROUTES = {
    "privacy.your_data": ("GET", "/account/your-data", only(SIGNED_IN)),
    "privacy.download": ("GET", "/account/your-data/download", only(SIGNED_IN)),
    "privacy.delete_account": ("POST", "/account/delete", only(SIGNED_IN)),
}
