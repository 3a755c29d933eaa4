from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "tearspace.journal"
    label = "journal"
    verbose_name = _("Journal")

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.core import demo
        from tearspace.journal.actions import delete_journal_files
        from tearspace.journal.data import export_journal, journal_files
        from tearspace.journal.demo import seed_journal

        data.register(
            data.DataContributor(
                name="journal",
                export=export_journal,
                files=journal_files,
                delete=delete_journal_files,
            )
        )
        demo.register(seed_journal)

        from tearspace.core import today
        from tearspace.journal.views import today_quick_log

        today.register(
            today.TodaySection("quick_log", 10, "journal/_today_quick.html", today_quick_log)
        )
