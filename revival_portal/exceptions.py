"""Errors that services raise and every interface (page, API, admin) turns into a user message."""


class TransitionNotAllowed(Exception):
    """A state change that the object's current state does not allow; the API answers 409."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
