"""A newcomer's first visit: sign up on the Persian site, confirm the e-mail address, switch to English,
log out, log in."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_operator_signs_up_switches_language_logs_out_and_in(page):
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"

    page.click("#sign-up-link")
    page.fill("#id_first_name", "علی")
    page.fill("#id_last_name", "رضایی")
    page.fill("#id_national_id", "۰۴۹۹۳۷۰۸۹۹")  # typed with Persian digits
    page.fill("#id_mobile", "۰۹۱۲۱۲۳۴۵۶۷")
    page.fill("#id_email", "ali@example.ir")
    page.fill("#id_password1", "Kavir-mine-1404")
    page.fill("#id_password2", "Kavir-mine-1404")
    page.click("#sign-up-form button[type=submit]")

    page.wait_for_url("**/sign-up/sent/")
    assert page.locator("#sign-up-sent").is_visible()
    # The account is active once the link e-mailed to the address is followed.
    [message] = mail.outbox
    assert message.to == ["ali@example.ir"]
    page.goto(re.search(r"/accounts/verify/\S+/", message.body).group(0))
    page.wait_for_url("**/dashboard/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#dashboard-title").inner_text() == "داشبورد"
    assert page.locator("#unread-count").inner_text() == "۱"  # the welcome notification

    page.click("#language-switch button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#dashboard-title").inner_text() == "Dashboard"

    page.click("#user-menu")
    page.click("#logout-button")
    page.wait_for_url(lambda url: "/dashboard/" not in url)
    assert page.locator("#login-link").is_visible()

    page.click("#login-link")
    page.fill("#id_username", "0499370899")
    page.fill("#id_password", "Kavir-mine-1404")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    assert page.locator("#dashboard-title").inner_text() == "Dashboard"
