"""Demo journal: about sixty varied entries over the last months (idempotent)."""

import random
from datetime import timedelta

from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.core.demo import in_demo_language
from tearspace.journal.actions import do_log_entry
from tearspace.journal.models import EMOTIONS, HELPED, Company, Entry, Kind, Place, Relief

# The demo journal's words in each language Tearspace offers (content, not interface: kept
# here, not in the catalogs). Every list has the same length and order, so the same random
# choices give the same journal in any language; ONIONS is the one tear of reflex.
TRIGGERS: dict[str, list[tuple[str, list[str]]]] = {
    "en": [
        ("A film ending I didn't expect", ["films"]),
        ("Long week at work, my manager snapped", ["work"]),
        ("Phone call with mum", ["family", "mum"]),
        ("Found an old photo of grandad", ["grief", "family"]),
        ("Song on the radio", ["music"]),
        ("Chopping onions", []),
        ("Friend said something kind", ["friends"]),
        ("Argument about the rent", ["home", "money"]),
        ("Too many things at once", ["work", "stress"]),
    ],
    "es": [
        ("Un final de película que no esperaba", ["películas"]),
        ("Semana larga en el trabajo; mi jefe perdió los nervios", ["trabajo"]),
        ("Llamada con mamá", ["familia", "mamá"]),
        ("Encontré una foto antigua del abuelo", ["duelo", "familia"]),
        ("Una canción en la radio", ["música"]),
        ("Picando cebolla", []),
        ("Una amiga me dijo algo bonito", ["amistades"]),
        ("Discusión por el alquiler", ["casa", "dinero"]),
        ("Demasiadas cosas a la vez", ["trabajo", "estrés"]),
    ],
    "fr": [
        ("Une fin de film à laquelle je ne m'attendais pas", ["cinéma"]),
        ("Longue semaine au travail, mon chef s'est emporté", ["travail"]),
        ("Coup de fil avec maman", ["famille", "maman"]),
        ("Retrouvé une vieille photo de papi", ["deuil", "famille"]),
        ("Une chanson à la radio", ["musique"]),
        ("En coupant des oignons", []),
        ("Une amie m'a dit quelque chose de gentil", ["amis"]),
        ("Dispute à propos du loyer", ["maison", "argent"]),
        ("Trop de choses à la fois", ["travail", "stress"]),
    ],
    "de": [
        ("Ein Filmende, mit dem ich nicht gerechnet hatte", ["Filme"]),
        ("Lange Arbeitswoche, mein Chef ist laut geworden", ["Arbeit"]),
        ("Telefonat mit Mama", ["Familie", "Mama"]),
        ("Ein altes Foto von Opa gefunden", ["Trauer", "Familie"]),
        ("Ein Lied im Radio", ["Musik"]),
        ("Beim Zwiebelschneiden", []),
        ("Eine Freundin hat etwas Liebes gesagt", ["Freunde"]),
        ("Streit wegen der Miete", ["Zuhause", "Geld"]),
        ("Zu viel auf einmal", ["Arbeit", "Stress"]),
    ],
    "ja": [
        ("思いがけない映画の結末", ["映画"]),
        ("仕事で長い一週間、上司にきつく当たられた", ["仕事"]),
        ("母との電話", ["家族", "母"]),
        ("祖父の古い写真が出てきた", ["悲しみ", "家族"]),
        ("ラジオで流れた歌", ["音楽"]),
        ("玉ねぎを刻んでいて", []),
        ("友だちが優しい言葉をかけてくれた", ["友だち"]),
        ("家賃のことで言い合いになった", ["家", "お金"]),
        ("いろいろ重なりすぎた", ["仕事", "ストレス"]),
    ],
}
ONIONS = 5
NOTES: dict[str, list[str]] = {
    "en": [
        "Let it out, then made tea.",
        "Felt silly at first, then better.",
        "Needed this more than I knew.",
        "Wrote a bit afterwards.",
        "",
    ],
    "es": [
        "Lo dejé salir y luego me preparé un té.",
        "Al principio me dio vergüenza, luego me sentí mejor.",
        "Lo necesitaba más de lo que creía.",
        "Después escribí un poco.",
        "",
    ],
    "fr": [
        "J'ai laissé couler, puis je me suis fait un thé.",
        "Ça m'a semblé bête au début, puis ça m'a fait du bien.",
        "J'en avais plus besoin que je ne le pensais.",
        "J'ai écrit un peu après.",
        "",
    ],
    "de": [
        "Einfach rausgelassen, dann einen Tee gekocht.",
        "Kam mir erst albern vor, dann ging es mir besser.",
        "Ich hatte das nötiger, als ich dachte.",
        "Danach ein bisschen geschrieben.",
        "",
    ],
    "ja": [
        "思いきり泣いて、そのあとお茶をいれた。",
        "最初は少し照れくさかったけど、楽になった。",
        "思っていた以上に、これが必要だった。",
        "あとで少し書いた。",
        "",
    ],
}


def seed_journal(user: object) -> None:
    assert isinstance(user, User)
    if Entry.objects.filter(owner=user).exists():
        return
    triggers, notes = in_demo_language(TRIGGERS), in_demo_language(NOTES)
    rng = random.Random(7)
    helped_rng = random.Random(11)  # its own stream, so the rest of the demo stays as it was
    tools = list(HELPED)
    now = timezone.now()
    for number in range(60):
        trigger, tags = rng.choice(triggers)
        do_log_entry(
            owner=user,
            fields={
                "when": now
                - timedelta(days=number * 3 + rng.random() * 2, hours=rng.randint(0, 12)),
                "duration_minutes": rng.choice([2, 5, 10, 15, 30]),
                "intensity": rng.randint(1, 5),
                "emotions": rng.sample(list(EMOTIONS), k=rng.randint(1, 3)),
                "kind": (
                    "reflex" if trigger == triggers[ONIONS][0] else rng.choice(Kind.values[:-1])
                ),
                "trigger": trigger,
                "place": rng.choice(Place.values),
                "with_whom": rng.choice(Company.values),
                "relief": rng.choice([*Relief.values, "lighter", "much_lighter", ""]),
                "helped": helped_rng.sample(tools, k=helped_rng.choice([0, 1, 1, 2])),
                "notes": rng.choice(notes),
            },
            tag_names=tags,
        )
