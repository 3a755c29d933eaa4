"""Write tools/ml/data/replies/generated.tsv: templated replies to someone who cried.

Each template is a hand-written reply with slots (what the person cried about, who they are);
every template is expanded over a few fillers and then over registers (as written, lower-case
chat with dropped apostrophes, one typo, an emoji, a lead-in or a follow-up sentence). The split
is by template, so the held-out part has sentences the model never saw in any variation.
Deterministic: run `python tools/ml/make_reply_corpus.py` from the repository root.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import common

OUT = Path(__file__).resolve().parent / "data" / "replies" / "generated.tsv"
TEST_SHARE = 5  # one template in five is held out (by a hash of its id)
VARIANTS = 8

SITUATION = [
    "your breakup",
    "losing your job",
    "your dog dying",
    "a sad film",
    "failing one exam",
    "your grandma's funeral",
    "a bad day at work",
    "moving away from home",
    "a fight with your mum",
    "not getting the part",
]
THING = ["film", "exam", "breakup", "job", "pet", "song", "haircut", "grade", "argument", "game"]
WHO = [
    "the council",
    "the government",
    "the minister",
    "this company",
    "the school board",
    "the mayor",
]
PLAN = ["raising taxes", "another committee", "a new app", "cutting the budget", "more meetings"]
GROUP = ["your generation", "people like you", "girls", "guys like you", "you millennials", "gen z"]

# (kind, verdict, templates). {s}: a situation, {t}: a small thing, {g}: a group of people,
# {w}: an institution, {p}: a plan. The "comment_" kinds are the same tones in ordinary
# comment threads (news, work, school), so the model learns the tone and not the topic.
TEMPLATES: list[tuple[str, str, list[str]]] = [
    (
        "comment_sarcasm",
        "nudge",
        [
            "oh sure, because {p} has always worked out so well.",
            "brilliant idea. what could possibly go wrong?",
            "I'm sure {w} will get right on that.",
            "wow, {p}. nobody has ever thought of that before.",
            "great, {p}. that'll fix everything.",
            "yes, because {w} is famous for listening.",
            "thanks for proving my point so nicely.",
            "nice try.",
            "what a surprise, {w} wants {p}. shocking.",
            "oh good, {p}. exactly what we needed.",
            "sure, and I'm the queen of england.",
            "let me guess, you also think {p} is a good idea.",
            "ah yes, {p}, the magic cure for everything.",
            "truly inspiring work from {w}, as always.",
        ],
    ),
    (
        "comment_sarcasm",
        "nudge",
        [
            "yeah, that'll work.",
            "shocker. who could have seen that coming.",
            "gee, I wonder why nobody trusts {w}.",
            "funny how {w} only cares right before an election.",
            "oh the irony.",
            "good luck with that.",
            "love how {w} thinks {p} will fix anything.",
            "how convenient for {w}.",
            "because that worked so well last time.",
            "apparently {p} is the answer to everything now.",
            "who knew? oh right, everyone.",
            "I'm shocked. shocked, I tell you.",
            "nice to see {w} finally discovering the obvious.",
            "another genius plan from {w}. can't wait.",
        ],
    ),
    (
        "comment_condescension",
        "nudge",
        [
            "do you even know what {p} means?",
            "try reading past the headline.",
            "let me help you understand, since you clearly don't.",
            "you do realise that's not how any of this works, right?",
            "I guess you missed the part where it was explained.",
            "perhaps you should learn some economics before commenting.",
            "sorry to burst your bubble, but grown-ups already thought of that.",
            "it's called a budget, look it up.",
            "nice try, but no.",
            "you have no idea what you're talking about, do you?",
        ],
    ),
    (
        "comment_hostile",
        "nudge",
        [
            "what a ridiculous comment.",
            "this is the dumbest thing I've read all week.",
            "pathetic.",
            "shame on you for writing this.",
            "you should be ashamed of yourself.",
            "get a clue.",
            "spare us the lecture.",
            "give me a break.",
            "absurd. just absurd.",
            "garbage article from start to finish.",
            "what a hypocrite.",
            "clown.",
        ],
    ),
    (
        "comment_generalisation",
        "nudge",
        [
            "liberals always want someone else to pay.",
            "typical conservative, only cares about money.",
            "these people will never learn.",
            "millennials want everything handed to them.",
            "boomers ruined everything and now they complain.",
            "of course a journalist would say that, they're all biased.",
        ],
    ),
    (
        "comment_opinion",
        "ok",
        [
            "I think {p} is a mistake, because it hurts small businesses most.",
            "the article misses an important point about costs.",
            "I strongly disagree with the premise of this piece.",
            "this is disappointing. {w} promised something different.",
            "shame the library budget was cut; it mattered to a lot of families.",
            "I'm angry about this decision, and I'll be writing to my councillor.",
            "honestly I'm not sure either side has this right.",
            "the author makes a good case, but I'd want to see the long-term data.",
            "that's a fair criticism of {w}, and they should answer it.",
            "I was wrong about this last year; the results speak for themselves.",
            "we tried {p} in my town and it went badly, so I'm sceptical.",
            "whatever you think of {w}, the staff work hard.",
        ],
    ),
    (
        "comment_condescension",
        "nudge",
        [
            "clearly you've never run a business.",
            "did you even read the article?",
            "spoken like someone who has never worked a day in their life.",
            "maybe if you read a book now and then you'd understand {p}.",
            "I'll type slowly so you can keep up.",
            "it's adorable that you trust {w}.",
            "educate yourself before commenting.",
            "you obviously don't understand how {p} works.",
            "try using your brain for once.",
            "when you're older you'll see how naive this is.",
            "do some basic research, it's not hard.",
            "this is a grown-up conversation, let the adults talk.",
        ],
    ),
    (
        "comment_dismissal",
        "nudge",
        [
            "nobody cares what you think about {p}.",
            "who asked?",
            "irrelevant. next.",
            "this comment adds nothing.",
            "whatever, keep telling yourself that.",
            "ok boomer.",
            "cope.",
            "not reading all that.",
        ],
    ),
    (
        "comment_generalisation",
        "nudge",
        [
            "politicians are all liars, every single one.",
            "typical lefties, always whining about {p}.",
            "conservatives never care about anyone but themselves.",
            "people who support {p} are all idiots.",
            "everyone who works for {w} is lazy.",
            "this is what happens when you let young people vote.",
            "landlords are all greedy parasites.",
            "rich people never pay their fair share, they're all the same.",
        ],
    ),
    (
        "comment_opinion",
        "ok",
        [
            "I disagree. the numbers I've seen point the other way on {p}.",
            "I think {w} should publish the full budget before deciding.",
            "good article, thanks for the clear summary.",
            "I'm not sure {p} will help, but I'd like to see the evidence.",
            "fair point, though I think the costs are higher than stated.",
            "I voted against {p}, mainly because of the timing.",
            "has anyone seen the report {w} mentioned? I'd like to read it.",
            "this is a tough one. both sides make some good arguments.",
            "I used to support {p}, but the last year changed my mind.",
            "the problem is real, but I'm not convinced {p} is the answer.",
            "thanks for explaining. I hadn't thought about the rural areas.",
            "I'd rather see {w} fix the roads first, honestly.",
            "my neighbour works for {w} and says the staff are stretched thin.",
            "is there any data on how this worked in other cities?",
            "I think you're wrong about the cause, but I agree it needs fixing.",
            "the mayor made a mistake here and should admit it.",
        ],
    ),
    (
        "sarcasm",
        "nudge",
        [
            "oh great, another sob story. how original.",
            "wow, crying over {s}. truly groundbreaking stuff.",
            "oh no, not {s}, the absolute horror.",
            "sure, because crying about it is going to fix everything.",
            "congrats, you cried. do you want a medal?",
            "must be nice to have so much time to cry about {s}.",
            "yeah, {s} is SO hard. how do you even survive.",
            "cool story. tell it again next week, I'm sure it'll be even sadder.",
            "thanks for the update, we were all dying to know about your tears.",
            "how brave of you to share your tears with the whole internet.",
            "I'm sure the whole world will stop for your little cry.",
            "wow, you're so special, nobody has ever been sad before.",
            "what a shock, another post about crying over a {t}.",
            "yeah right, like crying over a {t} is a real problem.",
            "oh wow, a {t}. call the news.",
            "brilliant plan, cry about it and wait for someone to fix it.",
            "amazing, another tear diary. just what this place needed.",
            "oh sure, the {t} was clearly the end of the world.",
            "well done, you've discovered feelings. groundbreaking.",
            "great, so now we're crying about a {t}. what's next, the weather?",
            "oh how tragic. a whole {t}. however will you cope.",
            "lucky us, another episode of the crying show.",
            "shocking. someone on the internet is sad. never seen that before.",
            "imagine having {s} as your biggest problem. must be rough.",
            "nice, really mature, crying in public over a {t}.",
            "ah yes, the famous tragedy of {s}.",
            "totally, everyone should cry about a {t}. very healthy.",
            "what an original thing to cry about. truly.",
        ],
    ),
    (
        "condescension",
        "nudge",
        [
            "maybe if you tried harder you wouldn't be so sad.",
            "sweetie, that's just how life works. you'll learn.",
            "you'll understand when you're older.",
            "honey, everyone goes through {s}. it's not special.",
            "have you considered just not being sad about it?",
            "you clearly don't know how the real world works yet.",
            "bless your heart, you really think a {t} is worth tears.",
            "a little advice: grow some resilience before you post.",
            "you should really learn to handle your emotions like an adult.",
            "I'm sure you mean well, but crying is not how grown-ups deal with {s}.",
            "let me explain this slowly: crying won't change the outcome.",
            "it's cute that you think anyone needs to hear about your {t}.",
            "maybe if you'd planned better, {s} wouldn't have happened.",
            "try thinking before you post next time.",
            "do you even hear yourself? it's a {t}.",
            "as an adult, I'd expect you to handle {s} a bit better.",
            "you obviously haven't thought this through.",
            "when you've lived a little, you'll laugh at this.",
            "here's a tip: stop feeling and start doing.",
            "if you were a bit tougher you wouldn't need to cry about {s}.",
            "maybe if you spent less time crying you'd actually fix it.",
            "I'll say it slowly for you: it is just a {t}.",
            "some of us learned to deal with {s} without making a post about it.",
            "you just need to be more positive, it's really not that hard.",
            "ok kiddo, when you grow up you'll see this was nothing.",
            "honestly, a mature person would just move on from {s}.",
        ],
    ),
    (
        "dismissal",
        "nudge",
        [
            "calm down, it's not a tragedy.",
            "whatever. next.",
            "ok and? why are you telling us this?",
            "so what? everyone cries sometimes, no need to post it.",
            "it's not that deep.",
            "nobody asked for the play-by-play of your tears.",
            "why is this even here.",
            "just move on already.",
            "stop making such a fuss about {s}.",
            "relax, it's just a {t}.",
            "you'll forget about this by tomorrow, so why cry.",
            "this is not worth crying over.",
            "meh. happens to everyone.",
            "chill, it's literally just a {t}.",
            "you're overreacting, seriously.",
            "can we stop with the crying posts please.",
            "this isn't a big deal, stop acting like it is.",
            "just don't think about it and you'll be fine.",
            "sounds like a you problem.",
            "cool, anyway.",
            "not this again.",
            "keep it to yourself next time.",
        ],
    ),
    (
        "minimising",
        "nudge",
        [
            "it's only a {t}, you'll get another one.",
            "at least you still have a job.",
            "it could be worse, honestly.",
            "it's just a breakup, you'll find someone else in a week.",
            "it was only a dog, you can get a new one.",
            "it's just one exam, nobody will remember it.",
            "people lose jobs every day, it's not the end of the world.",
            "you're overthinking it, it's really nothing.",
            "it's not like anyone died.",
            "it's only been a week, you can't be that upset.",
            "a {t}? that's hardly something to cry about.",
            "it's a small thing, don't blow it up.",
            "at least it wasn't something serious.",
            "crying over {s} seems a bit much.",
            "look on the bright side, it's just a {t}.",
            "honestly {s} is pretty minor in the grand scheme.",
            "that's barely a problem.",
            "you'll laugh about {s} in a month, it's tiny.",
        ],
    ),
    (
        "generalisation",
        "nudge",
        [
            "{g} always cry for attention.",
            "{g} cry about everything these days.",
            "typical, {g} are always so emotional.",
            "everyone on this site is a snowflake.",
            "{g} never take responsibility for anything.",
            "kids these days can't handle anything.",
            "of course, {g} make everything about their feelings.",
            "this is why nobody takes {g} seriously.",
            "{g} are all the same, always the victim.",
            "another one of {g} who can't cope with real life.",
            "all of you on here are way too soft.",
            "{g} would cry over a broken nail.",
        ],
    ),
    (
        "others_worse",
        "nudge",
        [
            "people are starving and you're crying about {s}.",
            "some people have real problems, you know.",
            "others have it way worse, be grateful.",
            "kids in war zones would love to have your problems.",
            "try having a real problem for once.",
            "imagine crying about a {t} when people are dying of cancer.",
            "there are people with no home at all, and you cry over {s}?",
            "my friend lost her whole family, so {s} is nothing.",
            "think of people who actually suffer before posting this.",
            "you have no idea what real pain is.",
            "be thankful, plenty of people would swap places with you.",
            "crying over {s} while the world is on fire. priorities.",
        ],
    ),
    (
        "mocking",
        "nudge",
        [
            "lol imagine crying over a {t}",
            "crying over a {t} \U0001f602\U0001f602",
            "boo hoo, poor you.",
            "waaah waaah, somebody get the tissues.",
            "cry more lol",
            "did you need a tissue? \U0001f602",
            "sobbing over {s} lmao",
            "aww, poor baby is sad about a {t}.",
            "someone give this crybaby a dummy.",
            "\U0001f644 here we go again with the tears",
            "cry me a river.",
            "lmao the tears over a {t}",
            "is the little baby crying again?",
            "ha, crying in public. embarrassing.",
        ],
    ),
    (
        "victim_blaming",
        "nudge",
        [
            "well, you chose to date him.",
            "you brought this on yourself.",
            "what did you expect after {s}?",
            "that's what you get for trusting people.",
            "if you'd studied you wouldn't be crying now.",
            "maybe you had it coming.",
            "you should have seen it coming, honestly.",
            "you made your choices, now live with them.",
            "it's your own fault, so why cry.",
            "if you weren't so sensitive this wouldn't hurt.",
            "stop blaming others, {s} is on you.",
        ],
    ),
    (
        "abuse",
        "hold",
        [
            "you're a pathetic idiot.",
            "shut up you crybaby loser.",
            "what a worthless waste of space.",
            "you're disgusting and everyone knows it.",
            "stupid cow, stop posting.",
            "you are such a fucking moron.",
            "nobody likes you, that's why you cry.",
            "you're a joke and a failure.",
            "piece of shit, crying for likes.",
            "you absolute idiot, stop crying.",
        ],
    ),
    (
        "threat",
        "hold",
        [
            "I know where you live.",
            "watch your back.",
            "I'll give you something to cry about.",
            "you'll regret posting this, I promise.",
            "I'm going to find you.",
            "keep crying and see what happens to you.",
        ],
    ),
    (
        "harm_encouragement",
        "hold",
        [
            "kys",
            "just end it then.",
            "nobody would miss you.",
            "do everyone a favour and disappear.",
            "the world would be better without you.",
            "why don't you just kill yourself.",
            "hope you never stop crying.",
            "go die somewhere quiet.",
            "you should just end yourself.",
        ],
    ),
    (
        "validation",
        "ok",
        [
            "it makes total sense that you cried.",
            "your tears are valid, always.",
            "of course you cried, {s} is a real loss.",
            "I'm so sorry about {s}. sending you love.",
            "crying after {s} is completely human.",
            "thank you for sharing this. you're not alone.",
            "that sounds so heavy. I'm glad you let it out.",
            "sending a big hug. take all the time you need.",
            "it's okay to cry, there's no right way to feel.",
            "I hear you. {s} would knock anyone down.",
            "I'm proud of you for letting yourself feel it.",
            "be gentle with yourself tonight.",
            "you matter, and what you feel matters.",
            "I cried reading this. I'm so sorry.",
        ],
    ),
    (
        "strong_words",
        "ok",
        [
            "that's fucking awful, I'm so sorry.",
            "what your boss did was disgusting and you didn't deserve it.",
            "holy shit, that's so much to carry. I'm here.",
            "he's an absolute idiot for treating you like that.",
            "damn, that's brutal. sending love.",
            "that is a terrible, cruel thing to happen to anyone.",
            "I'm furious on your behalf.",
            "this is heartbreaking. I'm so sorry.",
            "anyone who mocked you for crying is a jerk.",
            "{s} sucks so hard. cry as much as you need.",
            "screw anyone who made you feel small for crying.",
            "that's a hell of a week. no wonder you cried.",
            "wow, that's awful. you deserved so much better.",
            "ugh, I hate that this happened to you.",
            "what a shitty thing for them to say to you. your tears are fine.",
            "I'd have cried too, that sounds horrible.",
        ],
    ),
    (
        "quote_reject",
        "ok",
        [
            "people who say 'just get over it' are wrong.",
            "ignore anyone telling you to 'man up'.",
            "'stop being dramatic' is the worst advice there is.",
            "whoever told you 'big boys don't cry' was wrong.",
            "don't listen to the 'others have it worse' crowd. your pain counts.",
            'I hate when people say "it could be worse". it\'s still hard.',
            "anyone who calls you a crybaby doesn't get it.",
            "no one gets to tell you 'it's just a {t}'.",
            'my dad used to say "crying is for babies". he was wrong.',
            "people saying 'calm down, it's not a tragedy' don't know what it meant to you.",
            "forget the 'you're too sensitive' comments. feeling deeply is okay.",
            "the whole 'toughen up' thing is nonsense. let it out.",
            "when someone says 'nobody cares', remember we do.",
            "'you brought this on yourself' is a cruel thing to hear. you didn't.",
        ],
    ),
    (
        "denial",
        "ok",
        [
            "you're not being dramatic.",
            "you are not overreacting.",
            "this is not attention seeking at all.",
            "you're not weak for crying.",
            "crying isn't a sign of weakness.",
            "it's not stupid to cry over a {t}.",
            "you're not too sensitive, you care.",
            "nobody should tell you to grow up for feeling this.",
            "it's not your fault, and it's okay to cry.",
            "you didn't bring this on yourself.",
            "you're not a burden for sharing this.",
            "it is not silly to cry about {s}.",
            "never let anyone call you a crybaby for this.",
            "don't let anyone tell you to get over it.",
        ],
    ),
    (
        "safety_question",
        "ok",
        [
            "are you safe right now?",
            "are you safe right now? did you cut yourself?",
            "is there a crisis centre near where you live?",
            "do you have someone who can stay with you tonight?",
            "are you thinking about hurting yourself?",
            "have you had thoughts of ending your life?",
            "would you be willing to call a crisis line with me?",
            "is anyone with you right now?",
            "are you having thoughts of suicide? it's okay to tell me.",
            "do you feel like you might hurt yourself tonight?",
            "did you hurt yourself? you can tell me, no judgement.",
            "is there a doctor or counsellor near where you live you could see this week?",
            "do you want to kill yourself, or hurt yourself? I'm asking because I care.",
            "can you get to a safe place right now?",
        ],
    ),
    (
        "therapist",
        "ok",
        [
            "It sounds like you have been carrying a lot. Crying can be the body's way of "
            "releasing that. It may help to talk with a counsellor about {s}.",
            "What you describe is a common response to grief. Many people find it helps to "
            "set aside time to feel it rather than push it away.",
            "Thank you for reaching out. I would encourage you to speak with a licensed "
            "therapist who can help you work through {s}.",
            "Tears are a natural response to loss. If the sadness stays for weeks, with changes "
            "in sleep or appetite, please consider seeing your doctor.",
            "It is understandable to feel overwhelmed after {s}. A therapist can help you find "
            "ways to cope that fit you.",
            "I hear how painful this has been. Sometimes naming the feeling, without judging "
            "it, is the first step.",
            "Many of my clients describe exactly this. There is nothing wrong with you for "
            "crying; it means this matters to you.",
            "You might notice what happens in your body before the tears come. That can tell "
            "you what you need in those moments.",
            "If you ever feel unsafe, please contact a crisis line or emergency services right "
            "away. You deserve support.",
            "Grief does not follow a schedule. Be patient with yourself as you move through it.",
            "When you grow up in a home where crying was punished, it makes sense that tears "
            "feel frightening now.",
            "It takes time to get over a loss like {s}, and there is no deadline.",
            "Slow breathing can calm down your body first; the thoughts often follow.",
            "Many people who were told to toughen up as children find it hard to cry as adults.",
            "Cut yourself some slack. You are doing far better than you think.",
            "Some people feel they are overreacting when they cry. Feelings are information, "
            "not overreactions.",
        ],
    ),
    (
        "advice_warm",
        "ok",
        [
            "maybe try a short walk when you feel ready, and be gentle with yourself.",
            "if it helps, writing down what happened can ease it a little.",
            "have you thought about talking to someone you trust about {s}?",
            "you might try the breathing exercise, it helped me after a cry.",
            "maybe if you feel up to it, call a friend tonight.",
            "maybe if you rest tonight, tomorrow will feel a little lighter.",
            "just take it one hour at a time. you're doing fine.",
            "a warm drink and an early night can help after a big cry.",
            "it could help to tell your manager how hard {s} has been.",
            "try to eat something small, even if you don't feel like it.",
            "just know we're here whenever you want to talk.",
            "when you're ready, maybe look for a support group for {s}.",
            "cut yourself some slack today, you've been through a lot.",
            "it's okay if you're not over it yet. there's no rush.",
            "maybe just try to calm down your breathing first, then see how you feel.",
        ],
    ),
    (
        "shared_experience",
        "ok",
        [
            "I cried over my dog for weeks too. it does get softer.",
            "same here, I cried in the car yesterday after {s}.",
            "I sobbed at that {t} too, you're in good company.",
            "I went through {s} last year. it hurt so much and it did get easier.",
            "honestly I cry at every sad film. nothing wrong with it.",
            "me too. crying after {s} is so normal.",
        ],
    ),
]


def _by_kind() -> list[tuple[str, str, list[str]]]:
    """TEMPLATES with the blocks of one kind joined, so template ids are unique per kind."""
    joined: dict[str, tuple[str, list[str]]] = {}
    for kind, verdict, templates in TEMPLATES:
        joined.setdefault(kind, (verdict, []))[1].extend(templates)
    return [(kind, verdict, templates) for kind, (verdict, templates) in joined.items()]


KINDS = _by_kind()
KIND_LEADS = ["hey, ", "oh friend, ", "honestly, ", "hi. ", "aw, "]
KIND_TAILS = [" \U0001f499", " \U0001fac2", " \u2764\ufe0f", " sending hugs.", " take care x"]
UNKIND_LEADS = ["honestly ", "lol ", "bro, ", "I'm sorry but ", "no offence but ", "ok so "]
UNKIND_TAILS = [" \U0001f644", " \U0001f602", " smh", " just saying.", " \U0001f921", " lol"]
CHAT = [(r"\byou\b", "u"), (r"\byour\b", "ur"), (r"\bare\b", "r"), (r"'", "")]


def fill(template: str, rng: random.Random) -> str:
    return template.format(
        s=rng.choice(SITUATION),
        t=rng.choice(THING),
        g=rng.choice(GROUP),
        w=rng.choice(WHO),
        p=rng.choice(PLAN),
    )


def typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def chat(text: str) -> str:
    text = text.lower().rstrip(".")
    for pattern, repl in CHAT:
        text = re.sub(pattern, repl, text)
    return text


def register(text: str, verdict: str, rng: random.Random, n: int) -> str:
    kind = verdict == "ok"
    leads, tails = (KIND_LEADS, KIND_TAILS) if kind else (UNKIND_LEADS, UNKIND_TAILS)
    transforms = [
        lambda t: t,
        lambda t: chat(t),
        lambda t: typo(t, rng),
        lambda t: t + rng.choice(tails),
        lambda t: rng.choice(leads) + t,
        lambda t: t[0].upper() + t[1:] if t else t,
        lambda t: chat(t) + rng.choice(tails),
        lambda t: rng.choice(leads) + typo(t, rng),
    ]
    return transforms[n % len(transforms)](text)


def expand() -> list[tuple[str, str, str, str, str]]:
    """(verdict, kind, split, template id, text) rows, without duplicate texts."""
    rng = random.Random(common.SEED)
    rows: list[tuple[str, str, str, str, str]] = []
    seen: set[str] = set()
    for kind, verdict, templates in KINDS:
        for k, template in enumerate(templates):
            tid = f"{kind}-{k:02d}"
            split = _split_of(tid)
            for n in range(VARIANTS):
                text = register(fill(template, rng), verdict, rng, n)
                if text not in seen:
                    seen.add(text)
                    rows.append((verdict, kind, split, tid, text))
    rows.extend(_pairs(rng, seen))
    return rows


def _split_of(tid: str) -> str:
    return "test" if common.stable_hash(tid) % TEST_SHARE == 0 else "train"


def _pairs(rng: random.Random, seen: set[str]) -> list[tuple[str, str, str, str, str]]:
    """Two-sentence replies built only from templates of one split: a kind opener then an
    unkind point is still unkind; two kind sentences are kind."""
    rows = []
    for i in range(240):
        split = "test" if i % TEST_SHARE == 0 else "train"
        pool = [
            (k, v, t)
            for k, v, ts in KINDS
            for n, t in enumerate(ts)
            if _split_of(f"{k}-{n:02d}") == split
        ]
        kind_t = [(k, t) for k, v, t in pool if v == "ok"]
        unkind_t = [(k, t) for k, v, t in pool if v == "nudge"]
        kk, kt = rng.choice(kind_t)
        if i % 2:
            uk, ut = rng.choice(unkind_t)
            text, verdict, kind = f"{fill(kt, rng)} but {fill(ut, rng)}", "nudge", uk
        else:
            text, verdict, kind = f"{fill(kt, rng)} {fill(rng.choice(kind_t)[1], rng)}", "ok", kk
        if text not in seen:
            seen.add(text)
            rows.append((verdict, kind, split, f"pair-{i:03d}", text))
    return rows


def main() -> None:
    rows = expand()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ["verdict\tkind\tsplit\torigin\ttext"] + ["\t".join(r) for r in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
