"""Every string a person can see goes through a translation call (issue #17).

A pure AST pass over every non-test module under tearspace/ and config/ (no database, no
imports of the code it reads). A string literal with a letter word (not an identifier such as
"not_found", nor an instrument's name such as "PHQ-9") fails when it reaches one of the sinks
below without being inside `_()` / gettext / gettext_lazy / ngettext* / pgettext* /
npgettext* (gettext_noop does not count: it leaves the words in English where they are shown):

- the message of `messages.debug/info/success/warning/error(request, message)` and of
  `messages.add_message(request, level, message)`;
- the message of `ValidationError(...)` (also the values of a dict or the items of a list
  given to it) and the error of `form.add_error(field, error)`;
- the first positional argument of the domain exceptions whose message reaches people
  (`DOMAIN_ERRORS`), raised or built, and `super().__init__(...)` inside those classes;
- the reason of `HttpError(status, reason)` and of `problem(status, detail)` in the JSON API;
- keyword arguments label / help_text / empty_label / verbose_name / verbose_name_plural /
  placeholder / title, the values of `error_messages={...}`, and the values of the keys
  "placeholder" / "title" / "aria-label" in any dict literal (widget attrs);
- choice labels: in the bodies of TextChoices / IntegerChoices / Choices classes, in
  `choices=[(value, "Label"), ...]` and in module or class constants named `*CHOICES`;
- `verbose_name` / `verbose_name_plural` set in a class body (a model's Meta, an AppConfig),
  and the values of `labels` / `help_texts` / `error_messages` in a ModelForm's Meta.

Walking into the message follows concatenation, %-formatting, f-strings, conditional
expressions, `.format()` and the string helpers in `WRAPPERS`, so `_("Hi") + " there friend"`
and `f"Saved {n} tears"` are findings too.

Not checked here (see MARK.md): log messages, internal errors, identifiers, URLs, tests,
migrations, and the validated PHQ-9/GAD-7 wording in tearspace/safety/selfchecks.py (items
and answer options are plain data, not sinks, so nothing needs excluding for them).
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ("tearspace", "config")

# The project's exceptions whose message is shown to people (found by listing every class in
# tearspace/ deriving from Exception and reading where its str() goes). Subclasses are listed
# too: the checker matches names, it does not follow the class hierarchy.
DOMAIN_ERRORS = frozenset(
    {
        # tearspace/accounts
        "AgeBandFixed",  # actions.py: shown on the profile page and as the API's 409 detail
        "BlockRefused",  # actions.py: shown when a block cannot be made
        "LocalTimeError",  # clock.py: a wall-clock time that names no single moment
        "AmbiguousTime",  # clock.py: LocalTimeError, the clocks went back
        "SkippedTime",  # clock.py: LocalTimeError, the clocks went forward
        # tearspace/core
        "BadClientKey",  # idempotency.py: a malformed Idempotency-Key, answered as a 400
        "BadInput",  # validators.py: input refused at the boundary, str() is the 400 detail
        # tearspace/journal
        "ClipRejected",  # actions.py: BadInput, a clip that cannot be kept
        "ImportRejected",  # actions.py: BadInput, a journal export that cannot be read
        # tearspace/circles
        "CirclesError",  # actions.py: a circle write that cannot happen
        # tearspace/conversations and the chat kinds built on it
        "ConversationError",  # policy.py: `reason` is shown (pages, API, socket error frames)
        "RoomError",  # rooms/common.py: ConversationError
        "CareError",  # care/chat.py: ConversationError
        "SupportError",  # support/chat.py: ConversationError
        # tearspace/care
        "PreferencesError",  # matching.py: preferences that cannot be matched
        # tearspace/notifications
        "NotificationsError",  # actions.py: a notification setting that cannot be saved
        # tearspace/safety
        "CaseActionError",  # actions.py: a moderator's case action refused, shown to them
        "SanctionError",  # actions.py: a moderation decision refused, shown to the moderator
        "PostingPaused",  # enforcement.py: the paused person reads it (pages, API, sockets)
        "InvalidAnswers",  # selfchecks.py: a self-check that cannot be scored
        # tearspace/toolkit
        "UnknownTool",  # actions.py: a tool key a person cannot note they used
    }
)
# Exceptions whose message people never read (test_every_exception_class_is_decided keeps the
# two lists complete: a new exception class must be put in one of them).
NOT_SHOWN = frozenset(
    {
        "RangeNotSatisfiable",  # lib/http.py: a bare 416, no words
        "ClipDecryptionError",  # lib/crypto.py: logged; the person sees a generic refusal
        "_NumberTooLarge",  # core/validators.py: internal, becomes a BadInput with its own words
    }
)

# Calls whose positional argument `index` (or keyword `keyword`) is a message people read.
MESSAGE_LEVELS = frozenset({"debug", "info", "success", "warning", "error"})
STATUS_THEN_REASON = frozenset({"HttpError", "problem"})
LABEL_KEYWORDS = frozenset(
    {
        "label",
        "help_text",
        "empty_label",
        "verbose_name",
        "verbose_name_plural",
        "placeholder",
        "title",
    }
)
# Set in a class body: an AppConfig's or a model Meta's name for people (the admin shows them).
CLASS_LABELS = frozenset({"verbose_name", "verbose_name_plural"})
# Tables in a ModelForm's Meta.
META_TABLES = frozenset({"labels", "help_texts", "error_messages"})
ATTR_KEYS = frozenset({"placeholder", "title", "aria-label"})
CHOICES_BASES = frozenset({"TextChoices", "IntegerChoices", "Choices"})

TRANSLATORS = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
    }
)
# Not in the list: gettext_noop only marks words for the catalog and returns them in English,
# so at a sink it is a finding (translate where the words are shown instead).
# Helpers that only carry their argument into the result: look inside them.
WRAPPERS = frozenset({"format_html", "format_lazy", "mark_safe", "capfirst", "str", "gettext_noop"})

# A letter word: "Saved", "Not Found", "Try again." — but not an identifier, slug or code
# ("not_found", "journal.entry", "room-full"), which are lower case with no space, nor the name
# of an instrument ("PHQ-9", "GAD-7"), which is the same in every language.
WORD = re.compile(r"[A-Za-z]{2,}")
IDENTIFIER = re.compile(r"[a-z0-9_.:/#-]*|[A-Z]{2,}-?[0-9]+")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    sink: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.sink}: {self.text!r}"


def is_words(text: str) -> bool:
    return bool(WORD.search(text)) and not IDENTIFIER.fullmatch(text.strip())


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class Checker(ast.NodeVisitor):
    """Collect unmarked wordy literals at the sinks of one module."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.translators = set(TRANSLATORS)
        self.classes: list[str] = []
        self.class_bodies: list[list[ast.stmt]] = []

    # --- what counts as marked --------------------------------------------------------------

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "django.utils.translation":
            for alias in node.names:
                if alias.asname and alias.name in TRANSLATORS:
                    self.translators.add(alias.asname)
        self.generic_visit(node)

    def _is_translation(self, node: ast.expr) -> bool:
        return isinstance(node, ast.Call) and _name(node.func) in self.translators

    def unmarked(self, node: ast.expr | None) -> Iterator[ast.Constant]:
        """Wordy string literals in `node` that no translation call wraps."""
        if node is None or self._is_translation(node):
            return
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and is_words(node.value):
                yield node
        elif isinstance(node, ast.JoinedStr):
            # An f-string: its letter words are a message built outside a translation call.
            for part in node.values:
                if (
                    isinstance(part, ast.Constant)
                    and isinstance(part.value, str)
                    and WORD.search(part.value)
                ):
                    yield part
                    return
        elif isinstance(node, ast.BinOp):
            yield from self.unmarked(node.left)
            yield from self.unmarked(node.right)
        elif isinstance(node, ast.IfExp):
            yield from self.unmarked(node.body)
            yield from self.unmarked(node.orelse)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self.unmarked(value)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "format":
                yield from self.unmarked(func.value)
            elif _name(func) in WRAPPERS and node.args:
                yield from self.unmarked(node.args[0])

    def report(self, node: ast.expr | None, sink: str) -> None:
        for literal in self.unmarked(node):
            text = literal.value if isinstance(literal.value, str) else ""
            self.findings.append(Finding(self.path, literal.lineno, sink, text))

    def report_messages(self, node: ast.expr | None, sink: str) -> None:
        """A ValidationError's message may also be a list of messages or a dict of them."""
        if isinstance(node, ast.List | ast.Tuple):
            for item in node.elts:
                self.report_messages(item, sink)
        elif isinstance(node, ast.Dict):
            for value in node.values:
                self.report_messages(value, sink)
        else:
            self.report(node, sink)

    def report_choices(self, node: ast.expr | None, sink: str) -> None:
        """(value, label) pairs, possibly grouped: (group label, [(value, label), ...])."""
        if not isinstance(node, ast.List | ast.Tuple):
            return
        for pair in node.elts:
            if isinstance(pair, ast.Tuple | ast.List) and len(pair.elts) == 2:
                label = pair.elts[1]
                if isinstance(label, ast.List | ast.Tuple):
                    self.report(pair.elts[0], sink)
                    self.report_choices(label, sink)
                else:
                    self.report(label, sink)

    # --- the sinks ----------------------------------------------------------------------------

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = {_name(base) for base in node.bases}
        if bases & CHOICES_BASES:
            for statement in node.body:
                if isinstance(statement, ast.Assign):
                    value = statement.value
                    if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                        self.report(value.elts[-1], "choice label")
        self.classes.append(node.name)
        self.class_bodies.append(node.body)
        self.generic_visit(node)
        self.classes.pop()
        self.class_bodies.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            name = _name(target) if isinstance(target, ast.Name | ast.Attribute) else None
            if name and name.upper().endswith("CHOICES"):
                self.report_choices(node.value, "choice label")
            elif name in CLASS_LABELS and self.classes and self.in_class_body(node):
                self.report(node.value, f"class {name}")
            elif name in META_TABLES and self.classes and self.classes[-1] == "Meta":
                # labels / help_texts: {field: text}; error_messages: {field: {code: text}}
                tables = [node.value]
                while tables:
                    table = tables.pop()
                    if isinstance(table, ast.Dict):
                        for value in table.values:
                            if isinstance(value, ast.Dict):
                                tables.append(value)
                            else:
                                self.report(value, f"Meta.{name}")
        self.generic_visit(node)

    def in_class_body(self, node: ast.stmt) -> bool:
        return node in self.class_bodies[-1]

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in ATTR_KEYS:
                self.report(value, f'"{key.value}" attribute')
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        args = node.args
        keywords = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg}

        def arg(index: int, keyword: str) -> ast.expr | None:
            return args[index] if len(args) > index else keywords.get(keyword)

        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if receiver is not None and _name(receiver) == "messages":
            if name in MESSAGE_LEVELS:
                self.report(arg(1, "message"), f"messages.{name}")
            elif name == "add_message":
                self.report(arg(2, "message"), "messages.add_message")
        if name == "ValidationError":
            self.report_messages(arg(0, "message"), "ValidationError")
        elif name == "add_error":
            self.report_messages(arg(1, "error"), "add_error")
        elif name in DOMAIN_ERRORS:
            self.report(args[0] if args else None, name)
        elif name in STATUS_THEN_REASON:
            self.report(arg(1, "message" if name == "HttpError" else "detail"), name)
        elif (
            name == "__init__"
            and isinstance(receiver, ast.Call)
            and _name(receiver.func) == "super"
            and self.classes
            and self.classes[-1] in DOMAIN_ERRORS
        ):
            self.report(args[0] if args else None, self.classes[-1])
        for keyword, value in keywords.items():
            if keyword in LABEL_KEYWORDS:
                self.report(value, f"{keyword}=")
            elif keyword == "error_messages" and isinstance(value, ast.Dict):
                for message in value.values:
                    self.report(message, "error_messages=")
            elif keyword == "choices":
                self.report_choices(value, "choices=")
        self.generic_visit(node)


def check_source(source: str, path: str = "<snippet>") -> list[Finding]:
    checker = Checker(path)
    checker.visit(ast.parse(source, filename=path))
    return checker.findings


def is_scanned(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return not (
        "tests" in parts
        or "migrations" in parts
        or path.name.startswith("test_")
        or path.name == "conftest.py"
    )


def modules() -> list[Path]:
    return sorted(
        path for top in SCANNED for path in (ROOT / top).rglob("*.py") if is_scanned(path)
    )


def findings(paths: list[Path] | None = None) -> list[Finding]:
    found: list[Finding] = []
    for path in modules() if paths is None else paths:
        found += check_source(path.read_text(), str(path.relative_to(ROOT)))
    return found


# --- the tree -----------------------------------------------------------------------------------


def packages() -> list[str]:
    """config and each app under tearspace/ (one test each, so a failure names the app)."""
    found = set()
    for path in modules():
        parts = path.relative_to(ROOT).parts
        found.add("/".join(parts[:2]) if parts[0] == "tearspace" and len(parts) > 2 else parts[0])
    return sorted(found)


@pytest.mark.parametrize("package", packages())
def test_every_string_people_see_is_marked_for_translation(package: str) -> None:
    inside = [path for path in modules() if path.is_relative_to(ROOT / package)]
    if package == "tearspace":  # the modules directly in tearspace/, not in an app
        inside = [path for path in inside if path.parent == ROOT / package]
    found = findings(inside)
    assert not found, (
        f"{len(found)} string(s) people can see in {package} are not marked for translation "
        "(wrap them in gettext / gettext_lazy / ngettext, see MARK.md):\n"
        + "\n".join(map(str, found))
    )


def test_it_reads_the_whole_tree() -> None:
    paths = {str(path.relative_to(ROOT)) for path in modules()}
    assert "config/api.py" in paths
    assert "tearspace/accounts/forms.py" in paths
    assert "tearspace/rooms/actions.py" in paths
    assert not any("/tests/" in path or "/migrations/" in path for path in paths)
    assert {"config", "tearspace/core", "tearspace/rooms", "tearspace/safety"} <= set(packages())


def exception_classes() -> dict[str, str]:
    """Every class under tearspace/ deriving from an exception, by name: its module's path."""
    bases: dict[str, tuple[set[str], str]] = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                names = {_name(base) or "" for base in node.bases}
                bases[node.name] = (names, str(path.relative_to(ROOT)))
    found = {"Exception", "BaseException", "ValueError", "LookupError", "PermissionError"}
    grew = True
    while grew:
        grew = False
        for name, (parents, _path) in bases.items():
            if name not in found and parents & found:
                found.add(name)
                grew = True
    return {name: path for name, (_parents, path) in bases.items() if name in found}


def test_every_exception_class_is_decided() -> None:
    classes = exception_classes()
    assert "PostingPaused" in classes  # the discovery itself works
    undecided = {
        name: path for name, path in classes.items() if name not in DOMAIN_ERRORS | NOT_SHOWN
    }
    assert not undecided, (
        "Is the message of these exceptions shown to people? Add them to DOMAIN_ERRORS (and mark "
        f"their messages) or to NOT_SHOWN: {undecided}"
    )
    assert not (DOMAIN_ERRORS | NOT_SHOWN) - set(classes), "a listed class no longer exists"


# --- the checker catches each kind of sink, and accepts the marked form ----------------------

BAD_AND_GOOD = {
    "messages.success": (
        'messages.success(request, "Your entry is saved.")',
        'messages.success(request, _("Your entry is saved."))',
    ),
    "messages.add_message": (
        'messages.add_message(request, messages.INFO, "Welcome back.")',
        'messages.add_message(request, messages.INFO, _("Welcome back."))',
    ),
    "ValidationError": (
        'raise ValidationError("Choose a date in the past.")',
        'raise ValidationError(_("Choose a date in the past."), code="future")',
    ),
    "ValidationError dict": (
        'raise ValidationError({"when": "Choose a date in the past."})',
        'raise ValidationError({"when": _("Choose a date in the past.")})',
    ),
    "add_error": (
        'form.add_error("name", "That name is taken.")',
        'form.add_error("name", _("That name is taken."))',
    ),
    "domain error": (
        'raise CirclesError("This circle is full.", status=409)',
        'raise CirclesError(_("This circle is full."), status=409)',
    ),
    "domain error built": (
        'error = RoomError(f"The room closed at {when}.")',
        'error = RoomError(_("The room closed at %(when)s.") % {"when": when})',
    ),
    "domain error super": (
        "class PostingPaused(Exception):\n    def __init__(self):\n"
        '        super().__init__("Posting is paused for now.")',
        "class PostingPaused(Exception):\n    def __init__(self):\n"
        '        super().__init__(_("Posting is paused for now."))',
    ),
    "HttpError": (
        'raise HttpError(403, "Only moderators can do this.")',
        'raise HttpError(403, _("Only moderators can do this."))',
    ),
    "problem": (
        'return problem(400, "That circle is not here.")',
        'return problem(400, gettext("That circle is not here."))',
    ),
    "label=": (
        'name = forms.CharField(label="Your name")',
        'name = forms.CharField(label=_("Your name"))',
    ),
    "help_text=": (
        'name = models.CharField(help_text="Only you see this.")',
        'name = models.CharField(help_text=gettext_lazy("Only you see this."))',
    ),
    "empty_label=": (
        'kind = forms.ModelChoiceField(queryset=q, empty_label="Any kind")',
        'kind = forms.ModelChoiceField(queryset=q, empty_label=_("Any kind"))',
    ),
    "verbose_name=": (
        'when = models.DateTimeField(verbose_name="Written")',
        'when = models.DateTimeField(verbose_name=_("Written"))',
    ),
    "verbose_name_plural=": (
        'f(verbose_name_plural="Tear entries")',
        'f(verbose_name_plural=_("Tear entries"))',
    ),
    "Meta verbose_name": (
        'class Entry(models.Model):\n    class Meta:\n        verbose_name = "tear entry"',
        'class Entry(models.Model):\n    class Meta:\n        verbose_name = _("tear entry")',
    ),
    "AppConfig verbose_name": (
        'class JournalConfig(AppConfig):\n    verbose_name = "Journal"',
        'class JournalConfig(AppConfig):\n    verbose_name = _("Journal")',
    ),
    "Meta labels": (
        'class F(forms.ModelForm):\n    class Meta:\n        labels = {"theme": "Appearance"}',
        'class F(forms.ModelForm):\n    class Meta:\n        labels = {"theme": _("Appearance")}',
    ),
    "Meta error_messages": (
        'class Meta:\n    error_messages = {"username": {"unique": "That handle is taken."}}',
        'class Meta:\n    error_messages = {"username": {"unique": _("That handle is taken.")}}',
    ),
    "title=": ('Tab(title="Your week")', 'Tab(title=_("Your week"))'),
    "error_messages=": (
        'f = forms.CharField(error_messages={"required": "Write a few words."})',
        'f = forms.CharField(error_messages={"required": _("Write a few words.")})',
    ),
    "widget placeholder": (
        'w = forms.TextInput(attrs={"placeholder": "What is on your mind?"})',
        'w = forms.TextInput(attrs={"placeholder": _("What is on your mind?")})',
    ),
    "widget aria-label": (
        'w = forms.Select(attrs={"aria-label": "How strong"})',
        'w = forms.Select(attrs={"aria-label": _("How strong")})',
    ),
    "TextChoices": (
        'class Mood(models.TextChoices):\n    SAD = "sad", "Sad"',
        'class Mood(models.TextChoices):\n    SAD = "sad", _("Sad")',
    ),
    "IntegerChoices": (
        "class Level(IntegerChoices):\n    LOW = 1, 'A little'",
        "class Level(IntegerChoices):\n    LOW = 1, pgettext_lazy('intensity', 'A little')",
    ),
    "choices=": (
        'f = forms.ChoiceField(choices=[("a", "Alone"), ("b", "With others")])',
        'f = forms.ChoiceField(choices=[("a", _("Alone")), ("b", _("With others"))])',
    ),
    "CHOICES constant": (
        'WHEN_CHOICES = [("am", "Morning"), ("pm", "Evening")]',
        'WHEN_CHOICES = [("am", _("Morning")), ("pm", _("Evening"))]',
    ),
    "concatenation": (
        'messages.info(request, _("Saved.") + " See you soon.")',
        'messages.info(request, _("Saved. See you soon."))',
    ),
    "ngettext": (
        'messages.info(request, f"{n} entries deleted")',
        'messages.info(request, ngettext("%(n)s entry deleted", "%(n)s entries deleted", n)'
        ' % {"n": n})',
    ),
    "gettext_noop at a sink": (
        'messages.info(request, gettext_noop("Saved for later."))',
        'messages.info(request, gettext(gettext_noop("Saved for later.")))',
    ),
    "aliased import": (
        'from django.utils.translation import gettext as t\nraise BadInput("Too long.")',
        'from django.utils.translation import gettext as t\nraise BadInput(t("Too long."))',
    ),
}


def test_the_checker_catches_each_sink_and_accepts_the_marked_form() -> None:
    for kind, (bad, good) in BAD_AND_GOOD.items():
        assert check_source(bad), f"{kind}: the unmarked form was not caught:\n{bad}"
        assert not check_source(good), f"{kind}: the marked form was refused:\n{good}"


def test_the_checker_leaves_identifiers_logs_and_internal_errors_alone() -> None:
    source = """
logger.warning("Could not reach the mail server: %s", error)
raise RuntimeError("This should never happen at all")
raise ValidationError(_("Too long."), code="too_long")
problem(404, detail)
messages.info(request, text)
class Kind(models.TextChoices):
    SAD = "sad", _("Sad")
    do_not_touch = "helper text for code"
def f():
    verbose_name = "Only a local variable"
form.add_error("name", error)
raise RoomError(SLOW_DOWN, status=429)
PHQ9 = Questionnaire(kind="phq9", title="PHQ-9")
widget.attrs = {"class": "wide field", "data-kind": "Room chat"}
"""
    assert check_source(source) == []


def test_the_finding_names_file_and_line() -> None:
    (finding,) = check_source('\n\nmessages.error(request, "It broke here.")', "app/views.py")
    assert str(finding) == "app/views.py:3: messages.error: 'It broke here.'"
