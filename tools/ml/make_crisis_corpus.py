"""Write tools/ml/data/crisis_corpus.jsonl: the team's post-level crisis corpus.

Programmatic: hand-written core sentences per C-SSRS kind and per hard-negative kind (below),
combined with hand-written openers and closers (journal, chat and slang registers), then varied
by case, dropped apostrophes, common typos and emoji, at several lengths. Deterministic (fixed
seed). Labels are post-level: `risk` 1 means the writer's own risk in this very text.
Never reads ../shared/data/eval/. Run: python tools/ml/make_crisis_corpus.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "crisis_corpus.jsonl"
SEED = 20261130
PER_KIND = 170

RISK: dict[str, list[str]] = {
    "wish_dead": [
        "I wish I could just not wake up tomorrow",
        "sometimes I wish I was never born",
        "I don't want to be alive anymore",
        "I keep hoping I just won't wake up",
        "everyone would be better off if I was gone",
        "I'm so tired of being alive",
        "what's the point of living like this",
        "I just want to stop existing",
    ],
    "thoughts": [
        "I keep thinking about killing myself",
        "the thoughts of ending it all won't go away",
        "I've been having suicidal thoughts again",
        "I think about suicide every single day",
        "part of me wants to end my life",
        "I want to die and I don't know what to do",
        "thinking about ending it all again",
    ],
    "method": [
        "I keep looking at the pills and thinking about taking them all",
        "I've been thinking about which way would hurt least",
        "what's the most painless way to go",
        "how many would it take to not wake up",
        "I keep picturing myself jumping",
    ],
    "intent_plan": [
        "I've decided I'm going to end it this weekend",
        "I have a plan and I'm going to do it tonight",
        "I wrote my goodbye letters today",
        "I've been giving my things away so nobody has to deal with them",
        "tonight's the night. goodbye",
        "by the time anyone reads this I'll be gone",
        "I won't be around much longer, I've made up my mind",
        "I picked the day to end it",
    ],
    "behaviour": [
        "I tried to kill myself last week and I'm still here",
        "I took too many pills last night on purpose",
        "I attempted again and woke up in hospital",
    ],
    "self_harm": [
        "I cut myself again last night",
        "I've been hurting myself to feel something",
        "the urge to self harm is so strong tonight",
        "I burned myself again and hid it",
    ],
    "imminent": [
        "I'm not safe right now",
        "I can't keep myself safe tonight",
        "I don't trust myself to be alone tonight",
        "I have everything ready and I'm scared of what I'll do",
    ],
    "other_languages": [
        "quiero morirme, ya no aguanto más",
        "no quiero seguir viviendo",
        "pienso en suicidarme todos los días",
        "je veux mourir, je n'en peux plus",
        "j'ai envie d'en finir",
        "ich will nicht mehr leben",
        "ich denke ständig an Selbstmord",
        "eu quero morrer",
        "voglio morire, non ce la faccio più",
        "死にたい",
        "もう消えたい",
        "я хочу умереть",
    ],
}
SAFE: dict[str, list[str]] = {
    "depression_no_ideation": [
        "I've felt empty and flat for weeks and can't get out of bed",
        "my depression is bad again, I just sleep and cry",
        "nothing feels fun anymore and I'm so tired all the time",
        "I started antidepressants and my therapist says it takes time",
    ],
    "stress": [
        "work is crushing me, three deadlines this week",
        "my exams are next week and I'm panicking",
        "rent went up again and I don't know how we'll manage",
        "my boss yelled at me and I cried in the bathroom",
        "I can't do this anymore, this project is a nightmare",
    ],
    "bereavement": [
        "my grandma died last month and I miss her every day",
        "it's been a year since we lost dad and it still hurts",
        "our dog passed away this morning and I can't stop crying",
    ],
    "hyperbole_idiom": [
        "this exam is killing me lol",
        "I nearly died laughing at that video",
        "if I have to sit through one more meeting I'll scream",
        "my feet are killing me after that hike",
        "I'm dead tired but happy",
        "we hang out every friday after class",
        "I need to cut myself off from social media",
    ],
    "recovery": [
        "two years ago I tried to end my life, today I'm doing so much better",
        "I used to self harm but I'm three years clean now",
        "therapy helped me learn that the thoughts pass",
        "I am not going to kill myself, I promise. I just need to cry.",
        "I don't want to die, I just want this pain to stop",
    ],
    "third_person": [
        "I'm worried about my friend, she said she wants to die",
        "my brother has been talking about suicide and I don't know how to help",
        "my mum self harms and I'm scared for her",
    ],
    "clinical": [
        "the lecture covered suicide risk assessment and the C-SSRS",
        "our charity trains volunteers in suicide prevention",
        "the article was about overdose rates and public health",
    ],
    "lyrics_fiction": [
        "that song about wanting to die always makes me cry",
        "the character in the book kills himself and I sobbed",
        "the film ended with a funeral and the whole cinema was in tears",
    ],
    "farewell_benign": [
        "goodbye everyone, logging off for the night",
        "bye guys, off to the airport, see you in two weeks",
        "I won't be here tomorrow, I'm visiting my grandma",
        "tonight's the night! concert with my sister",
        "I'm so ready to go home",
        "this is my last post before my exams, see you after",
    ],
    "ordinary_crying": [
        "I had a good cry after the film and feel lighter now",
        "cried at my sister's wedding, happy tears",
        "had a rough day and cried on the bus, feeling better now",
    ],
}
OPENERS = [
    "",
    "",
    "Dear journal, ",
    "ok so ",
    "honestly ",
    "I don't even know how to say this but ",
    "Today was long. ",
    "It's 3am and ",
    "I've been crying all evening. ",
    "Not sure anyone reads this, but ",
]
CLOSERS = [
    "",
    "",
    ".",
    "...",
    " 😔",
    " 😭",
    " idk",
    ". I just needed to write it down.",
    ". Anyway, that's where I am.",
    ". Thanks for reading.",
]
FILLER = [
    "I made tea and sat by the window for a while.",
    "The bus was late again and it rained the whole way.",
    "My sister called and we talked about her new job.",
    "I watched half a film and fell asleep on the sofa.",
    "Work was busy and I forgot to eat lunch.",
]
TYPOS = [("ing ", "in "), ("you", "u"), ("want to", "wanna"), ("going to", "gonna"), ("'", "")]


def vary(rng: random.Random, core: str) -> str:
    text = rng.choice(OPENERS) + core + rng.choice(CLOSERS)
    if rng.random() < 0.25:  # a journal-length entry with the sentence somewhere inside
        before = " ".join(rng.sample(FILLER, rng.randint(1, 3)))
        after = " ".join(rng.sample(FILLER, rng.randint(0, 2)))
        text = f"{before} {text} {after}".strip()
    if rng.random() < 0.3:
        text = text.lower()
    for old, new in TYPOS:
        if rng.random() < 0.15:
            text = text.replace(old, new)
    return text


def rows() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    for risk, table in ((1, RISK), (0, SAFE)):
        for kind, cores in table.items():
            made = 0
            for _ in range(PER_KIND * 20):
                if made == PER_KIND:
                    break
                text = vary(rng, rng.choice(cores))
                if text not in seen:
                    seen.add(text)
                    out.append({"text": text, "risk": risk, "kind": kind, "source": "template"})
                    made += 1
            for core in cores:  # every hand-written line once, as written
                if core not in seen:
                    seen.add(core)
                    out.append({"text": core, "risk": risk, "kind": kind, "source": "handwritten"})
    return out


def main() -> None:
    data = rows()
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data))
    print(f"wrote {len(data)} rows to {OUT}")


if __name__ == "__main__":
    main()
