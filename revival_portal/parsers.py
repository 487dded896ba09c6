"""The API's JSON parser: bounded in size and nesting, so a hostile body is a 400 and never a 500."""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]")


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text``, brackets inside strings not counted."""
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    """JSON of at most ``API_JSON_MAX_BYTES`` bytes and ``API_JSON_MAX_DEPTH`` levels of nesting."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_JSON_MAX_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(_("The request body is larger than %(limit)d bytes.") % {"limit": limit})
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise ParseError(_("The request body is not valid text.")) from error
        if json_depth(text) > settings.API_JSON_MAX_DEPTH:
            raise ParseError(
                _("The JSON is nested deeper than %(depth)d levels.") % {"depth": settings.API_JSON_MAX_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": error}) from error


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")
