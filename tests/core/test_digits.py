"""Persian digits on Persian pages: one pass over the finished HTML."""

import pytest
from django.http import HttpResponse

from revival_portal.core.digits import persian_digits_in_html
from revival_portal.core.middleware import PersianDigitsMiddleware


def test_visible_text_gets_persian_digits_and_the_persian_decimal_separator():
    html = "<p>نرخ 12.50 %، مبلغ 2,500,000 در فروردین 1405</p>"
    assert persian_digits_in_html(html) == "<p>نرخ ۱۲٫۵۰ %، مبلغ ۲٬۵۰۰٬۰۰۰ در فروردین ۱۴۰۵</p>"


def test_separators_written_beside_persian_digits_become_persian():
    assert persian_digits_in_html("<td>۱۲.۰۰ %</td><td>۱,۲۰۰</td>") == "<td>۱۲٫۰۰ %</td><td>۱٬۲۰۰</td>"


def test_identifiers_scripts_and_urls_stay_as_typed():
    html = (
        '<a href="/financing/loans/8/" title="وام 8">وام 8</a>'
        '<span class="small identifier" dir="ltr">IR12<b>34</b>56</span> 7'
        '<script type="application/json">{"a": 1}</script>'
        '<input type="hidden" name="csrfmiddlewaretoken" value="a1b2">'
    )
    assert persian_digits_in_html(html) == (
        '<a href="/financing/loans/8/" title="وام ۸">وام ۸</a>'
        '<span class="small identifier" dir="ltr">IR12<b>34</b>56</span> ۷'
        '<script type="application/json">{"a": 1}</script>'
        '<input type="hidden" name="csrfmiddlewaretoken" value="a1b2">'
    )


def test_number_boxes_show_persian_digits_but_identifier_boxes_do_not():
    html = (
        '<input type="text" name="rate" value="12.00" inputmode="decimal">'
        '<input type="text" name="sheba" class="form-control identifier" value="IR12" inputmode="text">'
        '<input type="text" name="nid" class="identifier" value="0499370899" inputmode="numeric">'
        '<input type="text" name="name" value="Mine 3">'
    )
    assert persian_digits_in_html(html) == (
        '<input type="text" name="rate" value="۱۲٫۰۰" inputmode="decimal">'
        '<input type="text" name="sheba" class="form-control identifier" value="IR12" inputmode="text">'
        '<input type="text" name="nid" class="identifier" value="0499370899" inputmode="numeric">'
        '<input type="text" name="name" value="Mine 3">'
    )


def test_character_references_and_textareas_are_left_alone():
    html = "<p>it&#x27;s 3 &amp; 4</p><textarea>Block 12</textarea><!-- 5 -->"
    assert persian_digits_in_html(html) == "<p>it&#x27;s ۳ &amp; ۴</p><textarea>Block 12</textarea><!-- 5 -->"


@pytest.mark.parametrize(
    ("language", "content_type", "expected"),
    [
        ("fa", "text/html; charset=utf-8", "<p>وام ۸</p>"),
        ("en", "text/html; charset=utf-8", "<p>وام 8</p>"),
        ("fa", "application/json", "<p>وام 8</p>"),
    ],
)
def test_the_middleware_converts_persian_html_responses_only(rf, language, content_type, expected):
    request = rf.get("/")
    request.LANGUAGE_CODE = language
    middleware = PersianDigitsMiddleware(lambda r: HttpResponse("<p>وام 8</p>", content_type=content_type))
    response = middleware(request)
    assert response.content.decode() == expected
