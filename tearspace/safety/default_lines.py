"""Crisis lines that every new installation starts with, each with its source and check date.

Every line here was checked on `CHECKED` against `crisis_lines_checked.md` (stored copies of
public pages, newest dated March 2026), and only lines marked there *own page* (the service's
own or a government page states the number) or *secondary* (reputable directories or several
national news outlets do) are shipped. Numbers marked *unverified* there (Argentina's
0800-999-0091) and the wrong numbers that still circulate (TELL "03-3501-0110", the unified dial
"0570-046-556", Samaritans' retired 08457 90 90 90, Spain's premium-rate 902 500 002, Mexico's
800 290 0024 labelled as a national line) are left out on purpose. Operators must still confirm
each line (a test call, the service's live site) before going live; they add, correct and retire
lines in the admin. Migration 0008 brought earlier installations' shipped lines up to date.

Descriptions and hours are English source strings (gettext_noop): the pages show them in the
reader's language through the message catalogs. `speaks` lists the ISO 639-1 codes a line
answers in; `languages` adds what codes cannot say (interpreters, sign language).
"""

import datetime
from typing import Any

# `_` marks for the catalogs without translating (gettext_noop): pages translate when showing.
from django.utils.translation import gettext_noop as _

CHECKED = datetime.date(2026, 12, 1)
OWN_PAGE = "own page"
SECONDARY = "secondary"
ANY_TIME = _("Any time, every day")
OPTIONAL = {"phone": "", "text": "", "chat_url": "", "url": "", "languages": "", "speaks": ""}

LINES: list[dict[str, Any]] = [
    {
        "country": "US",
        "order": 1,
        "name": "988 Suicide & Crisis Lifeline",
        "description": _(
            "Free, confidential support for anyone in distress, by call, text or chat."
        ),
        "phone": "988",
        "text": _("Text 988"),
        "chat_url": "https://988lifeline.org/chat/",
        "url": "https://988lifeline.org/",
        "hours": ANY_TIME,
        "speaks": "en es",
        "languages": _("Interpreters for many languages; ASL videophone"),
        "source": "https://health.wyo.gov/publichealth/prevention/wivpp/suicide-prevention/988-suicide-crisis-lifeline",
        "confidence": OWN_PAGE,
    },
    {
        "country": "US",
        "order": 2,
        "name": "Crisis Text Line",
        "description": _("Text with a trained volunteer, any time."),
        "text": _("Text HOME to 741741"),
        "url": "https://www.crisistextline.org/",
        "hours": ANY_TIME,
        "speaks": "en",
        "source": "https://dupageplt.org/258/Crisis-Text-Line",
        "confidence": SECONDARY,
    },
    {
        "country": "CA",
        "order": 1,
        "name": "9-8-8 Suicide Crisis Helpline",
        "description": _("Call or text any time, in English or French."),
        "phone": "988",
        "text": _("Text 988"),
        "url": "https://988.ca/",
        "hours": ANY_TIME,
        "speaks": "en fr",
        "languages": _("Cree, Ojibway and Inuktitut on request"),
        "source": "https://www.newswire.ca/news-releases/government-of-canada-launches-three-digit-suicide-crisis-helpline-896472116.html",
        "confidence": OWN_PAGE,
    },
    {
        "country": "GB",
        "order": 1,
        "name": "Samaritans",
        "description": _("Whatever you're going through, call free any time."),
        "phone": "116 123",
        "url": "https://www.samaritans.org/",
        "hours": ANY_TIME,
        "speaks": "en",
        "source": "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
        "confidence": OWN_PAGE,
    },
    {
        "country": "GB",
        "order": 2,
        "name": "Shout",
        "description": _("Free, confidential text support."),
        "text": _("Text SHOUT to 85258"),
        "url": "https://giveusashout.org/",
        "hours": ANY_TIME,
        "speaks": "en",
        "source": "https://imperial.ac.uk/Stories/Help-is-just-a-text-away",
        "confidence": SECONDARY,
    },
    {
        "country": "IE",
        "order": 1,
        "name": "Samaritans Ireland",
        "description": _("Whatever you're going through, call free any time."),
        "phone": "116 123",
        "url": "https://www.samaritans.org/ireland/",
        "hours": ANY_TIME,
        "speaks": "en",
        "source": "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
        "confidence": OWN_PAGE,
    },
    {
        "country": "AU",
        "order": 1,
        "name": "Lifeline Australia",
        "description": _("Crisis support and suicide prevention. Calls from mobiles are free."),
        "phone": "13 11 14",
        "text": _("Text 0477 13 11 14"),
        "chat_url": "https://www.lifeline.org.au/crisis-chat/",
        "url": "https://www.lifeline.org.au/",
        "hours": ANY_TIME,
        "speaks": "en",
        "source": "https://lifelineh2h.org.au/get-help/telephone-crisis-support/faqs/",
        "confidence": OWN_PAGE,
    },
    {
        "country": "NZ",
        "order": 1,
        "name": "Need to talk? 1737",
        "description": _("Free call or text to talk with a trained counsellor."),
        "phone": "1737",
        "text": _("Text 1737"),
        "url": "https://1737.org.nz/",
        "hours": ANY_TIME,
        "speaks": "en",
        "languages": _("Interpreters for about 150 languages"),
        "source": "https://www.pegasus.health.nz/?p=6300",
        "confidence": OWN_PAGE,
    },
    {
        "country": "ES",
        "order": 1,
        "name": "024 — Línea de atención a la conducta suicida",
        "description": _(
            "For anyone with thoughts of suicide, and for their family and friends. Free and "
            "confidential."
        ),
        "phone": "024",
        "hours": ANY_TIME,
        "speaks": "es",
        "languages": _("Interpreting into other languages; sign-language video"),
        "source": "https://www.rtve.es/noticias/20220509/sanidad-presenta-telefono-prevencion-suicidio/2347183.shtml",
        "confidence": SECONDARY,
    },
    {
        "country": "ES",
        "order": 2,
        "name": "Teléfono de la Esperanza",
        "description": _("Someone to talk to in an emotional crisis."),
        "phone": "717 003 717",
        "hours": ANY_TIME,
        "speaks": "es",
        "source": "https://teleonuba.es/el-telefono-de-la-esperanza-una-llamada-que-salva-vidas/",
        "confidence": SECONDARY,
    },
    {
        "country": "MX",
        "order": 1,
        "name": "Línea de la Vida",
        "description": _(
            "Free support in a mental-health, substance-use or suicidal crisis, for you or "
            "someone close."
        ),
        "phone": "800 911 2000",
        "hours": ANY_TIME,
        "speaks": "es",
        "source": "https://www.eluniversal.com.mx/nacion/promueven-la-linea-de-la-vida-tras-presentar-encuesta-sobre-consumo-de-drogas-asi-puedes-pedir-ayuda/",
        "confidence": SECONDARY,
    },
    {
        "country": "MX",
        "order": 2,
        "name": "SAPTEL",
        "description": _("Emotional support by phone. Call charges may apply."),
        "phone": "55 5259 8121",
        "hours": ANY_TIME,
        "speaks": "es",
        "source": "https://sipse.com/novedades/anuncian-linea-de-apoyo-emocional-para-jovenes-cancunenses-477641.html",
        "confidence": SECONDARY,
    },
    {
        "country": "AR",
        "order": 1,
        "name": "Centro de Asistencia al Suicida — 135",
        "description": _("Free from Buenos Aires city and Greater Buenos Aires."),
        "phone": "135",
        "hours": _("Every day from 08:00 until midnight (not through the night)"),
        "speaks": "es",
        "source": "https://www.perfil.com/noticias/equipo-de-investigacion/llamados-135-crecieron-50-por-ciento-durante-pandemia-coronavirus.phtml",
        "confidence": SECONDARY,
    },
    {
        "country": "AR",
        "order": 2,
        "name": "Centro de Asistencia al Suicida",
        "description": _("From the rest of Argentina."),
        "phone": "(011) 5275-1135",
        "hours": _("Every day from 08:00 until midnight (not through the night)"),
        "speaks": "es",
        "source": "https://www.perfil.com/noticias/equipo-de-investigacion/llamados-135-crecieron-50-por-ciento-durante-pandemia-coronavirus.phtml",
        "confidence": SECONDARY,
    },
    {
        "country": "FR",
        "order": 1,
        "name": "3114 — Numéro national de prévention du suicide",
        "description": _(
            "For anyone with thoughts of suicide or worried about someone. Free and confidential."
        ),
        "phone": "3114",
        "url": "https://3114.fr/",
        "hours": ANY_TIME,
        "speaks": "fr",
        "source": "https://www.mayotte.ars.sante.fr/3114-le-numero-national-de-prevention-du-suicide",
        "confidence": OWN_PAGE,
    },
    {
        "country": "FR",
        "order": 2,
        "name": "SOS Amitié",
        "description": _(
            "Someone to listen when you feel alone or low. Chat and e-mail on the website."
        ),
        "phone": "09 72 39 40 50",
        "url": "https://www.sos-amitie.com/",
        "hours": ANY_TIME,
        "speaks": "fr",
        "source": "https://www.francetvinfo.fr/societe/pendant-les-fetes-les-benevoles-de-sos-amitie-restent-mobilises-la-personne-appelle-en-pleurs-et-peu-a-peu-l-angoisse-se-desserre_4892343.html",
        "confidence": SECONDARY,
    },
    {
        "country": "BE",
        "order": 1,
        "name": "Centre de Prévention du Suicide",
        "description": _(
            "Free and anonymous, for anyone with thoughts of suicide or worried about someone."
        ),
        "phone": "0800 32 123",
        "url": "https://www.preventionsuicide.be/",
        "hours": ANY_TIME,
        "speaks": "fr",
        "source": "https://www.preventionsuicide.be/actualites/le-centre-de-prevention-du-suicide-publie-son-rapport-dactivites-2022",
        "confidence": OWN_PAGE,
    },
    {
        "country": "BE",
        "order": 2,
        "name": "Zelfmoordlijn 1813",
        "description": _("Free and anonymous. Chat and e-mail on the website."),
        "phone": "1813",
        "url": "https://www.zelfmoord1813.be/",
        "hours": ANY_TIME,
        "speaks": "nl",
        "source": "https://zelfmoordlijn1813.be/over-deze-website-en-de-organisaties",
        "confidence": OWN_PAGE,
    },
    {
        "country": "CH",
        "order": 1,
        "name": "Die Dargebotene Hand / La Main Tendue / Telefono Amico — 143",
        "description": _("Anonymous support on any topic. Chat and e-mail on the website."),
        "phone": "143",
        "url": "https://www.143.ch/",
        "hours": ANY_TIME,
        "speaks": "de fr it",
        "source": "https://www.bag-blueprint.ch/die-dargebotene-hand-tel-143",
        "confidence": OWN_PAGE,
    },
    {
        "country": "CH",
        "order": 2,
        "name": "Pro Juventute — 147",
        "description": _(
            "For children and young people: call, SMS or chat. Free and confidential."
        ),
        "phone": "147",
        "url": "https://www.147.ch/",
        "hours": ANY_TIME,
        "speaks": "de fr it",
        "source": "https://www.projuventute.ch/de/eltern/familie-gesellschaft/147",
        "confidence": OWN_PAGE,
    },
    {
        "country": "DE",
        "order": 1,
        "name": "TelefonSeelsorge",
        "description": _(
            "Free and anonymous; not shown on your phone bill. Chat and e-mail on the website."
        ),
        "phone": "0800 111 0 111",
        "chat_url": "https://online.telefonseelsorge.de/",
        "url": "https://www.telefonseelsorge.de/",
        "hours": ANY_TIME,
        "speaks": "de",
        "source": "https://ekmd.de/helfen/seelsorge/telefonseelsorge",
        "confidence": OWN_PAGE,
    },
    {
        "country": "DE",
        "order": 2,
        "name": "TelefonSeelsorge",
        "description": _("The same service on its second free number."),
        "phone": "0800 111 0 222",
        "url": "https://www.telefonseelsorge.de/",
        "hours": ANY_TIME,
        "speaks": "de",
        "source": "https://ekmd.de/helfen/seelsorge/telefonseelsorge",
        "confidence": OWN_PAGE,
    },
    {
        "country": "AT",
        "order": 1,
        "name": "TelefonSeelsorge — Notruf 142",
        "description": _("Free and anonymous. Chat every day 16:00 to 23:00."),
        "phone": "142",
        "hours": ANY_TIME,
        "speaks": "de",
        "source": "https://www.dioezese-linz.at/institution/8170/aktuelles/article/297583.html",
        "confidence": OWN_PAGE,
    },
    {
        "country": "AT",
        "order": 2,
        "name": "Rat auf Draht — 147",
        "description": _(
            "For children, young people and the adults around them. Free and anonymous."
        ),
        "phone": "147",
        "url": "https://www.rataufdraht.at/",
        "hours": ANY_TIME,
        "speaks": "de",
        "source": "https://www.rataufdraht.at/pressemitteilungen/25-jahre-notrufnummer-147",
        "confidence": OWN_PAGE,
    },
    {
        "country": "JP",
        "order": 1,
        "name": "よりそいホットライン (Yorisoi Hotline)",
        "description": _(
            "Free, for any difficulty. From Iwate, Miyagi or Fukushima: 0120-279-226."
        ),
        "phone": "0120-279-338",
        "hours": ANY_TIME,
        "speaks": "ja",
        "source": "https://kotobank.jp/word/%E3%82%88%E3%82%8A%E3%81%9D%E3%81%84%E3%81%BB%E3%81%A4%E3%81%A8%E3%82%89%E3%81%84%E3%82%93-3193813",
        "confidence": OWN_PAGE,
    },
    {
        "country": "JP",
        "order": 2,
        "name": "いのちの電話 (Inochi no Denwa)",
        "description": _("Talk with a trained volunteer. Call charges apply."),
        "phone": "0570-783-556",
        "url": "https://www.inochinodenwa.org/",
        "hours": _("Every day 10:00 to 22:00 (Japan time)"),
        "speaks": "ja",
        "source": "https://www.inochinodenwa.org/about.php",
        "confidence": OWN_PAGE,
    },
    {
        "country": "JP",
        "order": 3,
        "name": "自殺予防いのちの電話 (Inochi no Denwa, free line)",
        "description": _("Free suicide-prevention line."),
        "phone": "0120-783-556",
        "hours": _(
            "Every day 16:00 to 21:00 (Japan time); on the 10th of each month from 08:00 "
            "for 24 hours"
        ),
        "speaks": "ja",
        "source": "https://www.city.akiruno.tokyo.jp/0000015267.html",
        "confidence": OWN_PAGE,
    },
    {
        "country": "JP",
        "order": 4,
        "name": "TELL Lifeline",
        "description": _("Support in English, anywhere in Japan."),
        "phone": "03-5774-0992",
        "hours": _("Every day 09:00 to 23:00 (Japan time)"),
        "speaks": "en",
        "source": "https://japantoday.com/category/national/tell-tokyo-inochi-no-denwa-facebook-partner-to-prevent-suicide-in-japan",
        "confidence": SECONDARY,
    },
    {
        "country": "JP",
        "order": 5,
        "name": "こころの健康相談統一ダイヤル",
        "description": _(
            "Connects you to your prefecture's public mental-health line. Call charges apply."
        ),
        "phone": "0570-064-556",
        "hours": _("Depends on your prefecture"),
        "speaks": "ja",
        "source": "https://www.wic-net.com/material/document/23000/14",
        "confidence": OWN_PAGE,
    },
    {
        "country": "",
        "order": 1,
        "name": "Find A Helpline",
        "description": _("Free, confidential helplines in over 130 countries, kept up to date."),
        "url": "https://findahelpline.com/",
        "hours": ANY_TIME,
        "speaks": "",
        "languages": _("Many languages"),
        "source": "https://developer.throughlinecare.com/general",
        "confidence": OWN_PAGE,
    },
]


def load_default_lines(model: Any) -> None:
    """Create the default lines with `model` (CrisisLine) when the table has none (the tests'
    `crisis_lines` fixture: a transactional test may have emptied it). The migrations keep
    their own frozen copies (0002, 0008)."""
    if model.objects.exists():
        return
    for line in LINES:
        model.objects.create(**line_fields(model, line))


def line_fields(model: Any, line: dict[str, Any]) -> dict[str, Any]:
    """The fields of `model` that `line` sets, with `checked_on` set to `CHECKED`; the optional
    text fields `line` leaves out are empty (so a refresh clears what a line no longer says)."""
    names = {field.name for field in model._meta.get_fields()}
    full = {**OPTIONAL, **line, "checked_on": CHECKED}
    return {key: value for key, value in full.items() if key in names}
