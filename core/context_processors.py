from django.conf import settings

from accounts import roles


def simpor(request):
    """Values every page needs: the deployment's kabupaten and what the signed-in user may open."""
    user = request.user
    return {
        "SIMPOR_REGENCY_CODE": settings.SIMPOR_REGENCY_CODE,
        "SIMPOR_DEMO": settings.SIMPOR_DEMO,
        "nav": {
            "village": roles.is_village_user(user),
            "agency": roles.is_agency_user(user),
            "leaders": roles.can_read_all(user),
            "admin": roles.is_admin(user),
            "imports": roles.can_import_projects(user),
        },
    }
