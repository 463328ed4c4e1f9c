from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts import roles


def home(request: HttpRequest) -> HttpResponse:
    # Each role lands on its own screen; visitors without an account go to the public portal.
    if not request.user.is_authenticated:
        return redirect("portal:home")
    return redirect(roles.home_url_name(request.user))
