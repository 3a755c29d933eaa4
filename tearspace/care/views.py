"""Care pages: parse → access → action → render. Person, therapist and operator sides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tearspace.accounts.access import signed_in_user
from tearspace.care import actions, selectors
from tearspace.care.access import (
    access_incoming_request_by_id,
    access_operator,
    access_own_profile,
    access_own_request_by_id,
    access_profile_for_operator,
    access_request_by_id,
    is_operator,
    is_therapist,
)
from tearspace.care.chat import CareChat, CareError
from tearspace.care.forms import AnswerForm, IntakeForm, ProfileForm, profile_initial
from tearspace.care.imports import COLUMNS, do_import_therapists
from tearspace.care.matching import Preferences, PreferencesError, match_therapists
from tearspace.care.models import CareRequest, RequestState, TherapistProfile
from tearspace.circles.actions import CirclesError
from tearspace.circles.models import Share
from tearspace.conversations.selectors import page_after
from tearspace.core.idempotency import new_client_key, posted_client_key
from tearspace.core.validators import id_or_none
from tearspace.journal.access import access_entry_by_id
from tearspace.journal.models import Entry


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Where my requests stand, and the way to matches; therapists and operators get links."""
    person = signed_in_user(request)
    requests = list(selectors.request_list(person=person)[:50])
    return render(
        request,
        "care/index.html",
        {
            "requests": requests,
            "intake": selectors.last_intake(person),
            "is_therapist": is_therapist(person),
            "is_operator": is_operator(person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """The short questionnaire; it comes back with every word kept when something is wrong."""
    person = signed_in_user(request)
    initial: dict[str, object] = {}
    last = selectors.last_intake(person)
    if last is not None:
        # "Change your answers" starts from every answer, their own words included.
        initial = {
            **(last.preferences or {}),
            "what_brings": last.what_brings,
            "self_check": last.self_check_id,
        }
    form = IntakeForm(request.POST or None, person=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        check = form.cleaned_data.get("self_check")
        result = actions.do_submit_intake(
            person=person,
            what_brings=form.cleaned_data["what_brings"],
            prefs=form.preferences,
            self_check_id=check.pk if check else None,
        )
        if result.screening is not None and result.screening.show_help:
            request.session["care_show_help"] = True
        return redirect("care:matches")
    return render(request, "care/intake.html", {"form": form})


@login_required
@require_GET
def matches(request: HttpRequest) -> HttpResponse:
    """Ranked matches with their reasons, for the person's last intake."""
    person = signed_in_user(request)
    last = selectors.last_intake(person)
    if last is None:
        return redirect("care:intake")
    try:
        prefs = Preferences.from_dict(last.preferences or {})
    except PreferencesError:
        return redirect("care:intake")
    found = match_therapists(prefs)
    profiles = TherapistProfile.objects.in_bulk([m.therapist_id for m in found])
    asked = set(actions.asked_therapists(person))
    rows = [(m, profiles[m.therapist_id], m.therapist_id in asked) for m in found]
    return render(
        request,
        "care/matches.html",
        {
            "rows": rows,
            "intake": last,
            "show_help": request.session.pop("care_show_help", False),
        },
    )


@login_required
@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    """Request one or more of the matches shown."""
    person = signed_in_user(request)
    ids = [i for i in map(id_or_none, request.POST.getlist("therapist")) if i]
    if not ids:
        messages.info(request, _("Choose at least one therapist to ask."))
        return redirect("care:matches")
    last = selectors.last_intake(person)
    for therapist_id in ids[: actions.OPEN_REQUESTS_LIMIT]:
        try:
            actions.do_request_care(person=person, therapist_id=therapist_id, intake=last)
        except CareError as error:
            messages.info(request, error.reason)
            break
    return redirect("care:index")


def _request_context(care: CareRequest, viewer_id: int) -> dict[str, object]:
    page = None
    if care.conversation_id is not None:
        page = page_after(
            conversation_id=care.conversation_id, after=0, floor=0, policy=CareChat(care)
        )
    is_person = care.person_id == viewer_id
    return {
        "care": care,
        "is_person": is_person,
        "hours_left": selectors.hours_left(care),
        "shares": list(selectors.shared_entries(request=care)),
        "trend": selectors.self_check_trend(request=care),
        "page": page,
        "entries": (
            Entry.objects.filter(owner_id=viewer_id).order_by("-when")[:30] if is_person else []
        ),
        "answer_form": AnswerForm(),
        "client_key": new_client_key(),
    }


@login_required
@require_GET
def request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request as its person or its therapist sees it: state, shares, messages."""
    viewer = signed_in_user(request)
    care = access_request_by_id(viewer, request_id)
    return render(request, "care/request.html", _request_context(care, viewer.pk))


@login_required
@require_POST
def withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    care = access_own_request_by_id(signed_in_user(request), request_id)
    try:
        actions.do_withdraw_request(request=care)
    except CareError as error:
        messages.info(request, error.reason)
    return redirect("care:index")


@login_required
@require_POST
def answer(request: HttpRequest, request_id: int) -> HttpResponse:
    care = access_incoming_request_by_id(signed_in_user(request), request_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.info(request, _("Choose yes or no."))
        return redirect("care:request", request_id=care.pk)
    try:
        actions.do_answer_request(
            request=care,
            accept=form.cleaned_data["answer"] == "accept",
            note=form.cleaned_data["note"],
        )
    except CareError as error:
        messages.info(request, error.reason)
    return redirect("care:request", request_id=care.pk)


@login_required
@require_POST
def share(request: HttpRequest, request_id: int) -> HttpResponse:
    """Share one of my entries with my therapist (words and feelings, and the clip if asked)."""
    person = signed_in_user(request)
    care = access_own_request_by_id(person, request_id)
    entry_id = id_or_none(request.POST.get("entry"))
    if entry_id is None:
        raise Http404
    entry = access_entry_by_id(person, entry_id)
    try:
        actions.do_share_with_therapist(
            request=care,
            entry=entry,
            words="words" in request.POST,
            feelings="feelings" in request.POST,
            clip="clip" in request.POST,
            client_key=posted_client_key(request),
        )
    except (CareError, CirclesError) as error:
        messages.info(request, getattr(error, "reason", str(error)))
    return redirect("care:request", request_id=care.pk)


@login_required
@require_POST
def revoke(request: HttpRequest, request_id: int, share_id: int) -> HttpResponse:
    person = signed_in_user(request)
    care = access_own_request_by_id(person, request_id)
    if care.circle_id is None:
        raise Http404
    found = Share.objects.filter(
        pk=share_id, author=person, audiences__circle_id=care.circle_id, revoked_at__isnull=True
    ).first()
    if found is None:
        raise Http404
    actions.do_revoke_therapist_share(share=found)
    messages.info(request, _("Taken back. Your therapist no longer sees it."))
    return redirect("care:request", request_id=care.pk)


@login_required
@require_POST
def self_checks(request: HttpRequest, request_id: int) -> HttpResponse:
    care = access_own_request_by_id(signed_in_user(request), request_id)
    try:
        actions.do_set_self_check_sharing(request=care, shared=request.POST.get("share") == "on")
    except CareError as error:
        messages.info(request, error.reason)
    return redirect("care:request", request_id=care.pk)


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, request_id: int) -> HttpResponse:
    """GET: the messages after `?after=` as JSON (the resume path). POST: send one (a form)."""
    viewer = signed_in_user(request)
    care = access_request_by_id(viewer, request_id)
    if request.method == "GET":
        if care.conversation_id is None:
            return JsonResponse({"messages": [], "changes": [], "last": None})
        page = page_after(
            conversation_id=care.conversation_id,
            after=id_or_none(request.GET.get("after", "0")) or 0,
            floor=0,
            policy=CareChat(care),
        )
        return JsonResponse({"messages": page.messages, "changes": page.changes, "last": page.last})
    try:
        _message, screening = actions.do_send_care_message(
            request=care,
            author=viewer,
            body=request.POST.get("body", ""),
            client_key=posted_client_key(request),
        )
        if screening is not None and screening.show_help:
            messages.info(request, _("Thank you for saying this. Help is one click away, now."))
            return redirect("safety:help")
    except CareError as error:
        messages.info(request, error.reason)
    return redirect("care:request", request_id=care.pk)


# --- Therapists ------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The therapist's requests with the 48-hour clock (their profile first, if none yet)."""
    person = signed_in_user(request)
    if is_therapist(person) and not TherapistProfile.objects.filter(user=person).exists():
        return redirect("care:profile")
    profile = access_own_profile(person)
    rows = [(r, selectors.hours_left(r)) for r in selectors.inbox(profile=profile)[:100]]
    return render(request, "care/inbox.html", {"profile": profile, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """A therapist's own profile; a new or changed licence waits for an operator's check."""
    person = signed_in_user(request)
    if not is_therapist(person):
        raise Http404
    current = TherapistProfile.objects.filter(user=person).first()
    form = ProfileForm(request.POST or None, initial=profile_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_save_profile(user=person, fields=form.profile_fields())
        except (CareError, ValidationError) as error:
            messages.info(request, getattr(error, "reason", _("Please check the answers.")))
        else:
            if not saved.is_listed:
                messages.info(
                    request, _("Saved. An operator checks your licence before you are listed.")
                )
            else:
                messages.info(request, _("Saved."))
            return redirect("care:inbox")
    return render(request, "care/profile.html", {"form": form, "profile": current})


# --- Operators -------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The promise's figures and the directory with verify / suspend."""
    access_operator(signed_in_user(request))
    return render(
        request,
        "care/dashboard.html",
        {
            "promise": selectors.promise(),
            "profiles": TherapistProfile.objects.order_by("verified_at", "display_name")[:200],
            "waiting": CareRequest.objects.filter(state=RequestState.REQUESTED).count(),
        },
    )


@login_required
@require_POST
def verify(request: HttpRequest, profile_id: int) -> HttpResponse:
    operator = signed_in_user(request)
    profile = access_profile_for_operator(operator, profile_id)
    if request.POST.get("do") == "suspend":
        actions.do_suspend_therapist(profile=profile, suspended=True)
    else:
        actions.do_verify_therapist(profile=profile, operator=operator)
    return redirect("care:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def import_therapists(request: HttpRequest) -> HttpResponse:
    """Import therapists from a CSV file: all rows or none, with a per-row report."""
    operator = access_operator(signed_in_user(request))
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = ""
        if upload is not None:
            try:
                text = upload.read(2_000_001).decode("utf-8-sig")
            except UnicodeDecodeError:
                text = "\x00"
        report = do_import_therapists(text=text, operator=operator)
    return render(request, "care/import.html", {"report": report, "columns": ", ".join(COLUMNS)})
