"""Form and page helpers shared by every app: Bootstrap markup, Persian digits, service refusals."""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from revival_portal.core.text import normalize_number
from revival_portal.exceptions import TransitionNotAllowed

NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


class BootstrapFormMixin:
    """Give widgets Bootstrap's classes and mark invalid fields, so templates stay plain; accept numbers
    typed with Persian digits and separators in every number field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if isinstance(field, forms.IntegerField | forms.DecimalField) and isinstance(
                    data.get(key), str
                ):
                    data[key] = normalize_number(data[key])
            self.data = data
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.NumberInput):
                # Browsers refuse Persian digits and separators in number inputs; the server reads them.
                widget.input_type = "text"
                widget.attrs.update(dir="ltr", inputmode="decimal")
                for limit in ("min", "max", "step"):
                    widget.attrs.pop(limit, None)
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                # Screen readers read the error with the field (the id is set in includes/form.html).
                widget.attrs["aria-describedby"] = f"error-{self.add_prefix(name)}"


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, errors)


def refusal_message(error: Exception) -> str:
    """A readable sentence for a refused service call (never a 500)."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, PermissionDenied):
        return str(error) if error.args else _("You are not allowed to do this.")
    return str(error)


def call_service(request, service, *, form=None, success: str = "", **kwargs):
    """Run ``service``; on refusal put the reason on the page (errors onto ``form``) and return None."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, refusal_message(error))
        return None
    except (PermissionDenied, TransitionNotAllowed) as error:
        messages.error(request, refusal_message(error))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True
