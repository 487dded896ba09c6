"""Template context: the signed-in user's role and the navigation it opens."""

from revival_portal.navigation import menu_for


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_role": None, "menu": menu_for(None)}
    return {"user_role": user.primary_role, "menu": menu_for(user)}
