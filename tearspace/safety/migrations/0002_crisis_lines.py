"""Pre-fill well-known crisis lines, each with the public page that lists it.

The lines are frozen here as they were first shipped (checked 2026-11-24), so this migration
does the same on every new database whatever default_lines.py says later; 0008 brings them up to
the re-check of 2026-12-01.
"""

import datetime

from django.db import migrations

CHECKED = datetime.date(2026, 11, 24)

LINES = [{'country': 'US',
  'order': 1,
  'name': '988 Suicide & Crisis Lifeline',
  'description': 'Free, confidential support for anyone in distress.',
  'phone': '988',
  'text': 'Text 988',
  'chat_url': 'https://988lifeline.org/chat/',
  'url': 'https://988lifeline.org/',
  'languages': 'English, Spanish, interpreters',
  'source': 'https://988lifeline.org/'},
 {'country': 'US',
  'order': 2,
  'name': 'Crisis Text Line',
  'description': 'Text with a trained volunteer crisis counselor.',
  'phone': '',
  'text': 'Text HOME to 741741',
  'url': 'https://www.crisistextline.org/',
  'languages': 'English, Spanish',
  'source': 'https://www.crisistextline.org/'},
 {'country': 'CA',
  'order': 1,
  'name': '9-8-8 Suicide Crisis Helpline',
  'description': 'Call or text any time, in English or French.',
  'phone': '988',
  'text': 'Text 988',
  'url': 'https://988.ca/',
  'languages': 'English, French',
  'source': 'https://988.ca/'},
 {'country': 'GB',
  'order': 1,
  'name': 'Samaritans',
  'description': "Whatever you're going through, call free any time.",
  'phone': '116 123',
  'text': '',
  'url': 'https://www.samaritans.org/',
  'languages': 'English',
  'source': 'https://www.samaritans.org/how-we-can-help/contact-samaritan/'},
 {'country': 'GB',
  'order': 2,
  'name': 'Shout',
  'description': 'Free, confidential text support.',
  'phone': '',
  'text': 'Text SHOUT to 85258',
  'url': 'https://giveusashout.org/',
  'languages': 'English',
  'source': 'https://giveusashout.org/'},
 {'country': 'IE',
  'order': 1,
  'name': 'Samaritans Ireland',
  'description': "Whatever you're going through, call free any time.",
  'phone': '116 123',
  'text': '',
  'url': 'https://www.samaritans.org/ireland/',
  'languages': 'English',
  'source': 'https://www.samaritans.org/ireland/how-we-can-help/contact-samaritan/'},
 {'country': 'AU',
  'order': 1,
  'name': 'Lifeline Australia',
  'description': 'Crisis support and suicide prevention.',
  'phone': '13 11 14',
  'text': 'Text 0477 13 11 14',
  'chat_url': 'https://www.lifeline.org.au/crisis-chat/',
  'url': 'https://www.lifeline.org.au/',
  'languages': 'English, interpreters',
  'source': 'https://www.lifeline.org.au/'},
 {'country': 'NZ',
  'order': 1,
  'name': 'Need to talk? 1737',
  'description': 'Free call or text to talk with a trained counsellor.',
  'phone': '1737',
  'text': 'Text 1737',
  'url': 'https://1737.org.nz/',
  'languages': 'English',
  'source': 'https://1737.org.nz/'},
 {'country': 'DE',
  'order': 1,
  'name': 'TelefonSeelsorge',
  'description': 'Kostenlos und anonym, rund um die Uhr.',
  'phone': '0800 111 0 111',
  'text': '',
  'chat_url': 'https://online.telefonseelsorge.de/',
  'url': 'https://www.telefonseelsorge.de/',
  'languages': 'German',
  'source': 'https://www.telefonseelsorge.de/'},
 {'country': 'FR',
  'order': 1,
  'name': '3114 — Numéro national de prévention du suicide',
  'description': 'Gratuit, 24h/24 et 7j/7.',
  'phone': '3114',
  'text': '',
  'url': 'https://3114.fr/',
  'languages': 'French',
  'source': 'https://3114.fr/'},
 {'country': '',
  'order': 1,
  'name': 'Find A Helpline',
  'description': 'Free, confidential helplines in over 130 countries, kept up to date.',
  'phone': '',
  'text': '',
  'url': 'https://findahelpline.com/',
  'languages': 'Many',
  'source': 'https://findahelpline.com/'}]


def add_lines(apps, schema_editor):
    CrisisLine = apps.get_model("safety", "CrisisLine")
    if CrisisLine.objects.exists():
        return
    for line in LINES:
        CrisisLine.objects.create(checked_on=CHECKED, hours="24/7", **line)


def remove_lines(apps, schema_editor):
    CrisisLine = apps.get_model("safety", "CrisisLine")
    CrisisLine.objects.filter(source__in=[line["source"] for line in LINES]).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]
    operations = [migrations.RunPython(add_lines, remove_lines)]
