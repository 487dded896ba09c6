"""Steps shared by the browser journeys."""

from tests.factories import PASSWORD


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/dashboard/")


def log_out(page) -> None:
    page.click("#user-menu")
    page.click("#logout-button")
    page.wait_for_url("**/")
