"""Template context: the signed-in user's role and the navigation it opens."""

from revival_portal.navigation import menu_sections


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_role": None, "menu": menu_sections(None)}
    return {"user_role": user.primary_role, "menu": menu_sections(user)}
