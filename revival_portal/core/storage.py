"""Private file storage: uploaded documents and built reports live outside any URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT with no URL: they are only streamed by permission-checked views."""

    # Read the setting on every use, so a test (or a deployment) may point it elsewhere at run time.
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; they are served by a permission-checked view.")


def private_storage() -> FileSystemStorage:
    """The storage for FileFields holding private files (a callable, so migrations do not freeze a path)."""
    return PrivateStorage()
