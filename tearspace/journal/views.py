from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tearspace.accounts import clock
from tearspace.accounts.access import signed_in_user
from tearspace.accounts.models import User
from tearspace.core.idempotency import new_client_key
from tearspace.core.validators import BadInput, id_or_none
from tearspace.journal.access import (
    access_clip_by_entry_id,
    access_entry_by_id,
    access_montage_by_id,
)
from tearspace.journal.actions import (
    JOURNAL_KIND,
    ClipRejected,
    ClipUpload,
    Saved,
    clip_max_bytes,
    clip_max_seconds,
    do_cancel_montage,
    do_delete_entry,
    do_import_journal,
    do_log_entry,
    do_remove_clip,
    do_save_reflection,
    do_set_relief,
    do_start_montage,
    do_update_entry,
)
from tearspace.journal.data import read_export
from tearspace.journal.forms import (
    EntryForm,
    ImportForm,
    MontageForm,
    QuickLogForm,
    ReflectionForm,
    ReliefForm,
)
from tearspace.journal.models import EMOTION_CHOICES, Company, Entry, Kind, MontageStatus
from tearspace.journal.selectors import (
    TimelineFilters,
    attach_tags,
    entry_list,
    growth_stats,
    montage_list,
    recent_entries,
    tag_list,
    usual_emotions,
    year_of_tears,
)
from tearspace.lib.http import sealed_file_response
from tearspace.safety.screening import earlier_screening

PAGE_SIZE = 20
HELP_SESSION_KEY = "journal_show_help"
DRAFT_SAVED_SESSION_KEY = "journal_draft_saved"
QUICK_SAVED_SESSION_KEY = "journal_quick_saved"


def _remember_help(request: HttpRequest, saved: Saved) -> None:
    if saved.screening is not None and saved.screening.show_help:
        request.session[HELP_SESSION_KEY] = saved.entry.pk


def _show_help(request: HttpRequest, entry: Entry) -> bool:
    return request.session.get(HELP_SESSION_KEY) == entry.pk


def _help_context(request: HttpRequest, entry: Entry) -> dict[str, object]:
    """`show_help`, and the screening behind it, so the help panel says why and, for imminent
    risk, puts the emergency number first and offers no volunteer."""
    show = _show_help(request, entry)
    found = earlier_screening(obj=entry, kind=JOURNAL_KIND) if show else None
    return {"show_help": show, "screening": found}


def draft_owner_id(user: User) -> str:
    """The id a person's drafts are kept under in their browser (static/js/journal_form.js).

    Keyed by the server's secret, it tells drafts on a shared device apart without naming
    anyone: a handle or account number in browser storage would say who wrote there.
    """
    return salted_hmac("tearspace.journal.draft", str(user.pk), algorithm="sha256").hexdigest()[:20]


def _confirm_draft(request: HttpRequest, form: EntryForm) -> None:
    """Tell the next page the browser may now drop the draft this form was saved from."""
    request.session[DRAFT_SAVED_SESSION_KEY] = form.cleaned_data.get("client_key") or ""


def _saved_draft(request: HttpRequest) -> str:
    return str(request.session.pop(DRAFT_SAVED_SESSION_KEY, ""))


def _refused(form: EntryForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the form, beside the field it names when there is one."""
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def _upload(file: UploadedFile | None) -> ClipUpload | None:
    if file is None:
        return None
    if file.size is not None and file.size > clip_max_bytes():
        raise ClipRejected(
            _("That clip is too big. Clips can be up to %(mb)d MB.")
            % {"mb": clip_max_bytes() // (1024 * 1024)}
        )
    return ClipUpload(file.read(), file.content_type or "")


def _form_page(
    request: HttpRequest, form: EntryForm, entry: Entry | None, status: int = 200
) -> HttpResponse:
    slot = f"entry-{entry.pk}" if entry else "new"
    user = signed_in_user(request)
    usual = EntryForm.usual_sections([_answers(e) for e in recent_entries(owner=user)])
    return render(
        request,
        "journal/entry_form.html",
        {
            "form": form,
            "sections": form.sections(usual),
            "entry": entry,
            "draft_key": f"journal-draft:{draft_owner_id(signed_in_user(request))}:{slot}",
            "tags": tag_list(owner=signed_in_user(request)),
            "max_mb": clip_max_bytes() // (1024 * 1024),
            "max_minutes": clip_max_seconds() // 60,
        },
        status=status,
    )


# --- Timeline --------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> TimelineFilters:
    return TimelineFilters(
        emotion=request.GET.get("emotion", ""),
        kind=request.GET.get("kind", ""),
        tag=id_or_none(request.GET.get("tag", "")),
        with_whom=request.GET.get("with_whom", ""),
        has_clip=request.GET.get("has_clip") == "1",
        q=request.GET.get("q", "")[:200],
    )


@login_required
@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    filters = _filters(request)
    page = Paginator(entry_list(owner=user, filters=filters, with_tags=False), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    tags = tag_list(owner=user)
    attach_tags(entries=page.object_list, tags=tags)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "journal/timeline.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "emotion_choices": EMOTION_CHOICES,
            "kind_choices": Kind.choices,
            "company_choices": Company.choices,
            "tags": tags,
        },
    )


# --- Entries ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        initial = {**EntryForm.initial_from_query(request.GET), "client_key": new_client_key()}
        return _form_page(request, EntryForm(initial=initial), None)
    form = EntryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, None, status=400)
    try:
        saved = do_log_entry(
            owner=signed_in_user(request),
            fields=form.entry_fields(),
            tag_names=form.tag_names(),
            clip=_upload(form.cleaned_data.get("clip")),
            client_key=form.cleaned_data["client_key"],
        )
    except ClipRejected as error:
        form.add_error("clip", str(error))
        return _form_page(request, form, None, status=400)
    except ValidationError as error:
        _refused(form, error)
        return _form_page(request, form, None, status=400)
    _confirm_draft(request, form)
    _remember_help(request, saved)
    if saved.created:  # a second click or a retry lands on the same entry, quietly
        messages.success(request, _("Saved. Thank you for letting it out."))
    return redirect("journal:reflect", entry_id=saved.entry.pk)


@login_required
@require_POST
def quick_log(request: HttpRequest) -> HttpResponse:
    """Save the home's two-tap cry and go back home, which says it is saved and offers "add more".

    What cannot be read (a strength or feeling the form does not offer) opens the full form
    with what could be kept, so nothing chosen is lost.
    """
    form = QuickLogForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That didn't save. Please choose again, or add more here."))
        full = EntryForm(initial={**form.entry_fields(), "client_key": new_client_key()})
        return _form_page(request, full, None, status=400)
    saved = do_log_entry(
        owner=signed_in_user(request),
        fields=form.entry_fields(),
        client_key=form.cleaned_data["client_key"],
    )
    _remember_help(request, saved)
    if _show_help(request, saved.entry):
        return redirect("journal:reflect", entry_id=saved.entry.pk)
    request.session[QUICK_SAVED_SESSION_KEY] = saved.entry.pk
    return redirect("core:home")


def today_quick_log(request: HttpRequest) -> dict[str, object]:
    """The home's quick log: the form, the person's usual feelings, the cry just saved if any."""
    user = signed_in_user(request)
    saved_id = request.session.pop(QUICK_SAVED_SESSION_KEY, None)
    just_saved = Entry.objects.filter(owner=user, pk=saved_id).first() if saved_id else None
    labels = dict(EMOTION_CHOICES)
    return {
        "form": QuickLogForm(initial={"client_key": new_client_key()}),
        "feelings": [(key, labels[key]) for key in usual_emotions(owner=user)],
        "just_saved": just_saved,
    }


def _answers(entry: Entry) -> dict[str, object]:
    """What `entry` holds, as the form's fields (a clip as True, none as None): see
    `EntryForm.usual_sections`."""
    return {**_initial(entry), "clip": True if hasattr(entry, "clip") else None}


def _initial(entry: Entry) -> dict[str, object]:
    when = clock.local(entry.when, entry.owner)
    wall = when.replace(tzinfo=None, fold=0)
    return {
        "when": wall,
        "when_fold": when.fold if clock.is_ambiguous(wall, clock.zone_of(entry.owner)) else None,
        "client_key": new_client_key(),
        "duration_minutes": entry.duration_minutes,
        "intensity": entry.intensity,
        "emotions": entry.emotion_keys,
        "emotion_words": entry.emotion_words,
        "kind": entry.kind,
        "trigger": entry.trigger,
        "tags": ", ".join(str(tag.name) for tag in entry.tags.all()),
        "place": entry.place,
        "with_whom": entry.with_whom,
        "relief": entry.relief,
        "helped": entry.helped_keys,
        "notes": entry.notes,
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry_by_id(request.user, entry_id)
    if request.method == "GET":
        return _form_page(request, EntryForm(initial=_initial(entry)), entry)
    form = EntryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, entry, status=400)
    try:
        saved = do_update_entry(
            entry=entry,
            fields=form.entry_fields(),
            tag_names=form.tag_names(),
            clip=_upload(form.cleaned_data.get("clip")),
        )
    except ClipRejected as error:
        form.add_error("clip", str(error))
        return _form_page(request, form, access_entry_by_id(request.user, entry_id), status=400)
    except ValidationError as error:
        _refused(form, error)
        return _form_page(request, form, access_entry_by_id(request.user, entry_id), status=400)
    _confirm_draft(request, form)
    _remember_help(request, saved)
    messages.success(request, _("Your changes are saved."))
    return redirect("journal:detail", entry_id=entry.pk)


@login_required
@require_GET
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry_by_id(request.user, entry_id)
    return render(
        request,
        "journal/entry_detail.html",
        {
            "entry": entry,
            "clip": getattr(entry, "clip", None),
            "relief_form": ReliefForm(
                initial={"relief": entry.relief, "helped": entry.helped_keys}
            ),
            **_help_context(request, entry),
            "prompts": ReflectionForm.base_fields,
            "saved_draft": _saved_draft(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry_by_id(request.user, entry_id)
    if request.method == "POST":
        do_delete_entry(entry=entry)
        messages.success(request, _("That entry is gone for good."))
        return redirect("journal:timeline")
    return render(request, "journal/entry_delete.html", {"entry": entry})


@login_required
@require_POST
def entry_relief(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry_by_id(request.user, entry_id)
    form = ReliefForm(request.POST)
    if form.is_valid():
        do_set_relief(
            entry=entry, relief=form.cleaned_data["relief"], helped=form.cleaned_data["helped"]
        )
        messages.success(request, _("Noted how you felt afterwards."))
    return redirect("journal:detail", entry_id=entry.pk)


@login_required
@require_http_methods(["GET", "POST"])
def entry_reflect(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry_by_id(request.user, entry_id)
    if request.method == "POST":
        form = ReflectionForm(request.POST)
        if form.is_valid():
            saved = do_save_reflection(entry=entry, answers=form.cleaned_data)
            _remember_help(request, saved)
            if form.cleaned_data.get("quiet_minute") == "yes":
                # "Yes, I'll take one" starts the quiet minute at once, not just stores the answer.
                query = urlencode({"quiet": "start", "entry": entry.pk})
                return redirect(reverse("toolkit:after") + "?" + query)
            return redirect("journal:detail", entry_id=entry.pk)
        status = 400
    else:
        form = ReflectionForm(initial=entry.reflection or {})
        status = 200
    helping = _help_context(request, entry)
    show_help = bool(helping["show_help"])
    return render(
        request,
        "journal/entry_reflect.html",
        {
            "entry": entry,
            "form": form,
            **helping,
            # Help comes first: after the help panel, the generic questions ("expressing or
            # protesting?") wait until the person asks for them.
            "hold_prompts": show_help and status == 200 and "questions" not in request.GET,
            "saved_draft": _saved_draft(request),
        },
        status=status,
    )


# --- Clips -----------------------------------------------------------------------------------


@login_required
@require_GET
def clip_stream(request: HttpRequest, entry_id: int) -> HttpResponseBase:
    clip = access_clip_by_entry_id(request.user, entry_id)
    return sealed_file_response(request, path=clip.path, content_type=clip.content_type)


@login_required
@require_POST
def clip_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    clip = access_clip_by_entry_id(request.user, entry_id)
    do_remove_clip(clip=clip)
    messages.success(request, _("The clip is deleted."))
    return redirect("journal:detail", entry_id=entry_id)


# --- Dashboard -------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    stats = growth_stats(owner=user, period=request.GET.get("period", "12m"))
    return render(
        request,
        "journal/dashboard.html",
        {
            "stats": stats,
            "chart_data": stats.to_dict(),
            "kind_labels": dict(Kind.choices),
            "year": year_of_tears(owner=user),
            "relief_levels": RELIEF_LEVELS,
        },
    )


# The year calendar's key, in the order it reads: no cry, then worse to much lighter.
RELIEF_LEVELS = (
    ("unsaid", gettext_lazy("a cry, relief not noted")),
    ("worse", gettext_lazy("felt worse")),
    ("same", gettext_lazy("about the same")),
    ("lighter", gettext_lazy("a bit lighter")),
    ("much_lighter", gettext_lazy("much lighter")),
)


# --- Montage ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def montage_index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = MontageForm(request.POST or None, initial={"client_key": new_client_key()})
    if request.method == "POST" and form.is_valid():
        job = do_start_montage(
            owner=user,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            client_key=form.cleaned_data["client_key"],
        )
        return redirect("journal:montage_detail", montage_id=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "journal/montage_index.html",
        {"form": form, "jobs": montage_list(owner=user)},
        status=status,
    )


@login_required
@require_GET
def montage_detail(request: HttpRequest, montage_id: str) -> HttpResponse:
    job = access_montage_by_id(request.user, montage_id)
    template = (
        "journal/montage_detail.html#progress"
        if getattr(request, "htmx", False)
        else "journal/montage_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_POST
def montage_cancel(request: HttpRequest, montage_id: str) -> HttpResponse:
    job = do_cancel_montage(job=access_montage_by_id(request.user, montage_id))
    return redirect("journal:montage_detail", montage_id=job.pk)


@login_required
@require_GET
def montage_download(request: HttpRequest, montage_id: str) -> HttpResponseBase:
    job = access_montage_by_id(request.user, montage_id)
    if job.status != MontageStatus.DONE or not job.path:
        raise Http404
    return sealed_file_response(
        request,
        path=job.path,
        content_type="video/mp4",
        filename=f"tearspace-montage-{job.start}-{job.end}.mp4",
    )


# --- Import ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def journal_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data, files = read_export(form.cleaned_data["file"].read())
            added = do_import_journal(owner=signed_in_user(request), data=data, files=files)
        except BadInput as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Restored %(count)d entries.") % {"count": added})
            return redirect("journal:timeline")
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/import.html", {"form": form}, status=status)
