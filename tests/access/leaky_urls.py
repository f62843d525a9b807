"""The project's URLs plus routes that must not be: the URL walk and the route lists must catch each."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from access.policy import individual_access
from individuals.models import Individual
from samverkan.urls import urlpatterns as project_urlpatterns


def leaky_page(request: HttpRequest, uuid: str) -> HttpResponse:
    """Shows the individual to anyone signed in, logs nothing."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return HttpResponse(Individual.objects.get(uuid=uuid).last_name)


def quiet_refusal(request: HttpRequest, uuid: str) -> HttpResponse:
    """Decides with the policy but not through the door: right answers, nothing in the log."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    individual = Individual.objects.filter(uuid=uuid).first()
    if individual is None or individual_access(request.user, individual) is None:
        raise Http404
    return HttpResponse("ok")


urlpatterns = [
    *project_urlpatterns,
    path("individuals/<uuid:uuid>/leak/", leaky_page, name="leaky_page"),
    path("individuals/<uuid:uuid>/quiet/", quiet_refusal, name="quiet_refusal"),
    path("individuals/by-other-name/<uuid:individual>/", leaky_page, name="by_other_name"),
    path("individuals/by-number/<str:personnummer>/", leaky_page, name="by_number"),
]
