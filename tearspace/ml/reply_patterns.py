"""Reviewed phrases for the kindness check on replies (run on `text.normalise` output)."""

from __future__ import annotations

import re


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


_YOURSELF = r"(?:yourself|urself|your self|yourselves|yoself)"

# Encouraging self-harm or threatening: always held back.
HARM = _rx(
    r"\bkys\b|\bkill (?:" + _YOURSELF + r")\b|\bkil+ ur ?self\b",
    r"\b(?:end|unalive|neck|hang|cut|off|hurt|harm) " + _YOURSELF + r"\b"
    r"(?! (?:some slack|a break|off|short|free|loose))",
    r"\bgo (?:and )?(?:die|drown|jump)\b|\bdie already\b|\bjust die\b|\bdrink bleach\b",
    r"\b(?:hope|wish) (?:you|that you) (?:die|suffer|get hurt|never stop crying|rot)\b",
    r"\byou (?:should|deserve to|ought to) (?:just )?(?:die|suffer|disappear|be dead)\b",
    r"\bnobody (?:would|will) (?:miss|mourn) you\b|\b(?:world|everyone) would be better"
    r" (?:off )?without you\b",
    r"\bjump off a\b|\bsewer ?slide\b|\bdo (?:everyone|us all|the world) a favou?r\b",
    r"\b(?:i will|i am going to|going to) (?:hurt|find|kill|beat) you\b",
    r"\b(?:i will|ill|i am going to|going to|we will|well) (?:give you something to cry about"
    r"|make (?:sure )?you (?:cry|pay|regret|suffer|have a (?:real )?reason)|come for you)\b",
    r"\bwatch your back\b|\byou(?:ll| will) regret (?:posting|saying|this|that|it)\b"
    r"|\b(?:keep (?:\w+ ){0,3}and|try me and|do (?:it|that) again and) see what happens\b",
    r"\b(?:i|we) (?:know|found|will find|can find|found out) where you"
    r" (?:live|work|go to school)\b",
    r"\bshould have been (?:you|the one who died)\b|\bshould have aborted\b",
    r"\bdelete your (?:account and your )?life\b",
)

# Insults and slurs aimed at a person: held back.
ABUSE = _rx(
    r"\b(?:retard(?:s|ed)?|fag+(?:ot)?s?|f4g\w*|cunts?|whores?|sluts?|n[i1]gg\w*|tranny|trannies"
    r"|dykes?|spastic|kike|chink|wetback|paki)\b",
    r"\b(?:stupid|dumb|fat|ugly|whiny|little|pathetic|worthless|useless|fucking) "
    r"(?:bitch|cow|pig|loser|idiot|moron|scum|creature|freak|piece of shit|waste)\b",
    r"\byou(?: are|re| r)? (?:a |an |such a |so )?(?:fucking )?(?:idiot|moron|loser|freak|joke"
    r"|failure|waste of (?:space|oxygen|air)|disgusting|trash|garbage|worthless|pathetic|scum)\b",
    r"\bwaste of (?:space|oxygen|air)\b|\bpiece of shit\b|\bworthless scum\b",
    r"\b(?:shut (?:the fuck )?up|fuck off)\b|\bgo back to where you came from\b",
    r"\beveryone hates you\b|\bnobody (?:likes|loves) you\b|\bno one (?:likes|loves) you\b"
    r"|\bnobody will ever (?:love|care about) (?:you|a)\b",
    r"\byour kind (?:doesnt|does not|dont) belong\b",
)

# Minimising, judgemental or dismissive: nudge to pause and reflect.
DISMISSIVE = _rx(
    r"\bstop (?:being )?(?:so |such a )?(?:dramatic|whining|crying|complaining|moping|baby"
    r"|emotional|sensitive|feeling sorry for yourself|making excuses)\b",
    r"\b(?:others|other people|people|some people) (?:have it|have|got it) (?:way |much |so )?"
    r"(?:worse|real problems)\b|\b(?:it )?could (?:always )?be worse\b",
    r"\b(?:crying|tears|cry|crying about it) (?:wont|doesnt|will not|does not|isnt going to)"
    r" (?:fix|change|help|solve|bring)\b",
    r"\bgrow up\b(?=\s*(?:$|[.!?,;:]|already|lol|and (?:stop|get|move)|dude|bro|kid))"
    r"|\bman up\b|\btoughen up\b|\bsuck it up\b|\bharden up\b"
    r"|\bpull yourself together\b",
    r"\b(?:nobody|no one|noone) (?:even )?cares\b|(?:^|[.!?,]\s*|\b(?:honestly|lol|so|like|and"
    r"|but|ok) )who (?:even )?cares\b|\bnobody asked\b|\bnobody wants to (?:read"
    r"|hear)",
    r"\bget over (?:it|yourself)\b|\bmove on already\b|\bget a (?:grip|life)\b|\bsnap out of it\b",
    r"\b(?:over|under)reacting\b|\b(?:youre|you are|you r|being|you get|so)(?: way| just| so)?"
    r" too (?:sensitive|emotional|dramatic)\b|\bso dramatic\b",
    r"\bdrama queen\b|\bcry ?bab(?:y|ies)\b|\bboo hoo\b|\bcry me a river\b|\bcry more\b",
    r"\b(?:big|real) (?:boys|girls|men|man) (?:dont|do not) cry\b|\bfor babies\b",
    r"\battention (?:seek\w*|whore)\b|\bseeking (?:attention|validation|sympathy)\b",
    r"\blooking for (?:sympathy|attention)\b|\bfirst world problems?\b|\bthicker skin\b",
    r"\bnot (?:that|a|such a) big (?:of a )?deal\b|\bits (?:just|only) an? (?:\w+)\b",
    r"\bquit (?:your )?(?:crying|whining)\b|\bovershar\w*\b|\bsign of weakness\b",
    r"\bbrought this on yourself\b|\bact like (?:one|an adult)\b|\bjust (?:be happy"
    r"|think positive)\b",
    r"\bkeep your feelings to yourself\b|\bmaking a mountain\b|\b(?:this|so) cringe\b",
    r"\bsounds like a you problem\b|\bdont be (?:so )?weak\b|\bthats pathetic\b",
    r"\bstupid reason\b|\bnot worth crying\b|\bwhy are you (?:crying|so emotional)\b",
    r"\bimagine crying\b|\byou cry (?:way )?too much\b|\bembarrassing yourself\b",
)

# Replies that would encourage someone who is at risk ("do it").
ENCOURAGE = _rx(
    r"^(?:just )?do it\b|\bgo (?:for it|ahead)\b|\bnobody (?:will|would) stop you\b",
    r"\byou should\b(?! (?:talk|call|reach|see|get help|tell|rest|sleep))",
)

# --- Scope: a phrase hit counts only when the reply says it, not when it quotes, denies,
# reports or asks about it ("people who say 'get over it' are wrong", "you're not overreacting",
# "are you safe? did you cut yourself?").

SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
QUOTE_MARKS = re.compile(r"[\"'\u201c\u201d\u2018\u2019]")
# Said before the phrase in the same sentence, it turns the phrase into something rejected.
DENIED_OR_REPORTED = re.compile(
    r"(?:(?<!why )\b(?:dont|do not|never|please dont|please do not|wont|not|isnt|arent|wasnt"
    r"|no one should|nobody should|not true that|nothing)\s(?:\w+\s){0,6}"
    r"|\b(?:people|anyone|whoever|those|someone|they|he|she|everyone)\s(?:who\s)?(?:say|says|said"
    r"|tell|tells|told|telling|call|calls|called|saying)\b.*"
    r"|\b(?:ignore|forget)\s(?:anyone|people|everyone|the)\b.*"
    r"|\b(?:told|think|thinks|thought|believe|believes|feel|feels|felt|hear|heard)\b(?:\s\w+){0,4}"
    r"\s(?:that\s)?"
    r"|\b(?:called|calling|call|calls)\s(?:a\s|an\s|her\s|him\s|you\s|me\s|them\s)?"
    # a condition is not a statement: "if you ever feel you might hurt yourself, call..."
    r"|\bif\b(?:(?!\b(?:just|then|so)\b)[^,;:])*"
    r"|\b(?:dont|do not|never)\s(?:listen to|let anyone|let them)\b.*)$"
)
# A question that is really an instruction or a jibe ("why don't you just ...?", "who even
# cares?") is not a question.
SUGGESTION = re.compile(
    r"^\s*(?:why (?:dont|do not|not|wont) you|why not|how about you|can(?:t|not)? you (?:just|go)"
    r"|could you (?:just|go)|will you (?:just|go)|would you (?:just|go)|who (?:even )?cares"
    r"|why (?:are|do) you (?:even |always |still )?(?:crying|cry|so)|(?:are you )?seriously"
    r"|are you (?:kidding|serious)|(?:so )?what)\b"
)


def sentence_at(norm: str, index: int) -> tuple[int, str]:
    """The sentence of `norm` that contains character `index`: (start offset, sentence)."""
    for match in SENTENCE.finditer(norm):
        if match.start() <= index < match.end():
            return match.start(), match.group(0)
    return 0, norm


def is_quoted_or_denied(norm: str, index: int) -> bool:
    """True when the phrase at `index` sits inside quotes, or after a denial or a report of what
    someone else says, within its sentence."""
    start, sentence = sentence_at(norm, index)
    before = sentence[: index - start]
    return len(QUOTE_MARKS.findall(before)) % 2 == 1 or bool(DENIED_OR_REPORTED.search(before))


def is_question(norm: str, index: int) -> bool:
    """True when the phrase at `index` is in a genuine question (not "why don't you just...?")."""
    _, sentence = sentence_at(norm, index)
    return sentence.rstrip().endswith("?") and not SUGGESTION.search(sentence)


# --- Tone cues: features for the model (never a verdict on their own), over `text.normalise`
# output; the model learns how much each one counts and in what company.
TONE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, _rx(*parts))
    for name, parts in (
        # sarcasm
        (
            "mock_exclaim",
            [
                r"\b(?:oh|ah|wow|well|gosh|gee) (?:great|wonderful|fantastic|brilliant|amazing"
                r"|lovely|perfect|sure|yes|no|how|wow|joy|poor|dear)\b",
                r"^(?:great|wonderful|fantastic|brilliant|amazing|lovely|perfect|shocking|cool"
                r"|nice|bravo|heroic|riveting|touching)\b",
            ],
        ),
        (
            "how_adjective",
            [
                r"\bhow (?:original|brave|touching|tragic|shocking|surprising|convenient|mature"
                r"|cute|heroic|fascinating|interesting|unique|novel|inspiring|sad for you)\b",
                r"\bwhat an? (?:shock|surprise|tragedy|original|heartbreaking tale|masterpiece)\b",
            ],
        ),
        (
            "mock_praise",
            [
                r"\b(?:bravo|slow clap|legend|groundbreaking|riveting|stop the presses|call the"
                r" news|(?:want|deserve|get) a (?:medal|trophy|cookie)|cool story|well done you"
                r"|masterpiece|never seen that before|truly)\b",
            ],
        ),
        (
            "yeah_right",
            [
                r"\b(?:yeah|yes|sure|right|totally|of course|oh sure)(?:,)? (?:right|because"
                r"|jan)\b|\bas if\b|\byeah right\b|\bah yes\b",
                r"\bbecause (?:that|crying|this|tears) (?:always|definitely|totally|will|is going"
                r" to|fixes|solves)\b",
            ],
        ),
        ("sarcasm_tag", [r"(?:^|\s)/s\b", r"\bnot\.?$"]),
        (
            "must_be_nice",
            [
                r"\bmust be nice\b|\bimagine (?:crying|having|being|thinking)\b|\bcant wait for\b"
                r"|\blucky (?:us|you)\b|\bwhat a (?:life|problem to have)\b",
            ],
        ),
        ("laughing", [r"\b(?:lol|lmao+|lmfao|rofl|haha\w*|hehe|emoji_laugh|emoji_skull)\b"]),
        (
            "mock_sound",
            [
                r"\b(?:boo ?hoo|wa+h+|aww+|poor (?:baby|thing|you|little)|cry ?baby|tissues?)\b",
            ],
        ),
        ("eye_roll", [r"\U0001f644|\U0001f921|\U0001f485|\U0001f971|\U0001f612|\U0001f60f"]),
        # condescension
        (
            "maybe_if_you",
            [
                r"\b(?:maybe|perhaps) if you \w+|\b(?:maybe|perhaps) you (?:should|could|tried|just"
                r"|need|had|got|spent|were|did|would|focus)\b",
                # the counterfactual lecture: "if you (did X) you wouldn't (be so sad)"
                r"\bif you (?:\w+ ){0,6}you(?:d| would)(?:nt| not)? (?:be|get|have|feel|need)\b",
                r"\bif you (?:just|only|tried|had|hadnt|were|werent|spent|got|didnt)\b",
            ],
        ),
        (
            "just_do",
            [
                r"\bjust (?:stop|get|move|be|try|ignore|deal|grow|relax|calm|chill|accept|let it"
                r" go|dont|need|think|focus|smile)\b",
                r"\b(?:simply|obviously|clearly|literally|actually|seriously)\b",
            ],
        ),
        (
            "pet_name",
            [
                r"\b(?:sweetie|sweetheart|honey|hun|kiddo|sport|princess|snowflakes?|champ"
                r"|bless your (?:heart|soul)|little one|my dear)\b",
            ],
        ),
        (
            "grow_up",
            [
                r"\bwhen you(?:re| are)? (?:older|grow up|have lived|lived a little)\b",
                r"\byou(?:ll| will) (?:understand|learn|realise|realize|see|laugh)\b",
                r"\b(?:grown ?ups?|like an adult|like a child|(?:emotional )?maturity|mature"
                r" person|well adjusted|an adult now|for kids|part of growing up|i grew up)\b",
            ],
        ),
        (
            "lecture",
            [
                r"\b(?:a little advice|heres a tip|pro tip|news ?flash|let me explain|ill say it"
                r"|let me break|not to be rude|no offen[cs]e|just saying|im going to be honest"
                r"|learn to|try thinking|think before|do you even|hear yourself)\b",
            ],
        ),
        (
            "you_should",
            [
                r"\byou (?:need to|have to|must|ought to|should) (?:learn|grow|stop|get|toughen"
                r"|try|work on|focus|realise|realize|understand|be more|think|deal)\b",
                r"\bhave you (?:tried|considered),? (?:i dont know,? )?(?:just|not)\b",
            ],
        ),
        # dismissal and minimising
        (
            "just_a",
            [
                r"\b(?:its|it is|it was|that is|thats|this is) (?:just|only|literally|merely|"
                r"barely|hardly)\b",
                r"\b(?:just|only|merely) (?:a|an|one)\b",
            ],
        ),
        (
            "not_a_big_deal",
            [
                r"\bnot (?:that deep|a (?:big )?deal|a tragedy|the end of the world|even sad"
                r"|a real problem|worth (?:crying|it|the tears))\b",
                r"\b(?:calm down|chill|relax|meh|whatever|so what|ok and|ok but|anyway|next"
                r"|give it a rest|get on with|move on)\b",
                r"\b(?:it|this|that) (?:was|is) (?:nothing|tiny|minor|small)\b",
            ],
        ),
        (
            "at_least",
            [
                r"\bat least\b|\bbright side\b|\bcould (?:always )?be worse\b|\bgrand scheme\b"
                r"|\bperspective\b|\bpriorities\b|\bbe (?:grateful|thankful)\b",
            ],
        ),
        (
            "others_worse",
            [
                r"\b(?:real|actual|bigger) (?:problems?|suffering|pain|issues)\b",
                r"\b(?:and|while|but) you(?:re| are)? (?:crying|upset|sad|complaining|whining)\b",
                r"\b(?:starving|refugees|war zones?|cancer|homeless|no home)\b",
                # the comparison that shrinks someone's pain: "...so your breakup is nothing"
                r"\b(?:is|are|was|thats|its) nothing (?:compared|next to|to cry)\b|\bcompared to"
                r" (?:what|real|people|others|me|mine)\b|\bso (?:\w+ ){1,5}is nothing\b",
            ],
        ),
        (
            "blame",
            [
                r"\byour (?:own )?fault\b|\bon you\b|\bwhat did you expect\b|\bthats what you get"
                r"\b|\bhad it coming\b",
                r"\byou (?:chose|knew|brought|made your|should have|shouldnt have|picked)\b",
            ],
        ),
        (
            "generalise",
            [
                r"\b(?:you people|people like you|your (?:generation|kind|type)|these days"
                r"|snowflakes?|typical)\b",
                r"\b(?:women|men|girls|guys|boys|kids|students|millennials|teenagers|gen z"
                r"|boomers|everyone (?:here|on (?:here|this)))(?: who \w+)? (?:always|never|are"
                r" all|all|cry|make|turn)\b",
            ],
        ),
        ("always_never", [r"\b(?:always|never|every (?:single )?time|everyone|nobody|no one)\b"]),
        (
            "rhetorical",
            [
                r"(?:^|[.!?] )(?:why (?:would|is this|even|post)|who (?:even|cares|asked)|do you"
                r" (?:even|really)|are you (?:serious|kidding|really)|seriously|how is (?:this"
                r"|that)|since when|whats next|is the little)\b[^?]*\?",
                r"\?\?|\?!|!\?",
            ],
        ),
        # kindness
        (
            "care",
            [
                r"\b(?:i am|im) (?:so |really |very |truly )?sorry\b|\bhere (?:for|with) you\b"
                r"|\bsending (?:you )?(?:love|hugs?|strength)\b|\bhugs?\b|\btake care\b",
                r"\bbe (?:gentle|kind) (?:with|to) yourself\b|\byou(?:re| are) not alone\b"
                r"|\bits (?:ok|okay|alright|fine|normal) to\b|\bvalid\b|\bproud of you\b",
                r"\bthank you for (?:sharing|telling|trusting|reaching)\b|\bif you (?:want|need)"
                r" to (?:talk|vent)\b|\byou (?:matter|deserve(?:d)? (?:better|support|so much))\b",
            ],
        ),
        (
            "safety_question",
            [
                r"\b(?:are you|is (?:anyone|someone|there)|do you (?:have|feel|want)|have you"
                r" (?:had|been)|did you|can you get|would (?:you|it))\b[^?]{0,80}\b(?:safe|hurt"
                r"|harm|cut|cutting|suicid\w*|kill|end(?:ing)? your life|crisis|hospital|doctor"
                r"|counsell?or|with you|a plan|take anything|line)\b[^?]*\?",
            ],
        ),
        (
            "reject_frame",
            [
                r"\b(?:people|anyone|whoever|those|someone|they)\s(?:who\s)?(?:say|says|said"
                r"|tell|tells|told|telling|call|calls|saying)\b",
                r"\bignore (?:anyone|people|the)\b|\bdont (?:listen to|let anyone)\b|\bnever"
                r" let anyone\b|\bno one gets to\b|\b(?:is|was|are|were) wrong\b|\bnonsense\b",
            ],
        ),
        (
            "denial",
            [
                r"\byou(?:re| are)? not (?:being )?(?:dramatic|overreacting|weak|too|a burden"
                r"|a baby|silly|stupid|crazy|much)\b",
                r"\b(?:its|it is|this is|that is|its) not (?:silly|stupid|dramatic|attention"
                r"|weak|self pity|your fault)\b|\bisnt (?:silly|stupid|weakness|a sign|self pity"
                r"|attention)\b|\bdoesnt make you weak\b|\bnothing (?:dramatic|wrong|small"
                r"|silly)\b|\byou didnt (?:deserve|bring)\b",
            ],
        ),
        (
            "shared",
            [
                r"\b(?:me too|same here|i (?:also |still )?(?:cried|cry|sobbed)|ive cried"
                r"|i (?:went|have been|was) through)\b",
            ],
        ),
    )
)
TONE_CUE_NAMES = tuple(name for name, _ in TONE_CUES)

# Words at least one of which every match of a cue contains: a cue whose anchors are all absent
# from a text is not run on it (the same result, at a fraction of the cost). Cues without an
# entry always run. `test_anchors_never_change_the_cues` checks this on every corpus text.
CUE_TOKEN = re.compile(r"\w+|[?!]")
CUE_ANCHORS: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "mock_exclaim": "oh ah wow well gosh gee great wonderful fantastic brilliant amazing"
        " lovely perfect shocking cool nice bravo heroic riveting touching",
        "how_adjective": "how what",
        "mock_praise": "bravo slow legend groundbreaking riveting stop call want deserve get"
        " cool well masterpiece never truly",
        "yeah_right": "yeah yes sure right totally of oh as ah because",
        "sarcasm_tag": "s not",
        "must_be_nice": "must imagine cant lucky what",
        "maybe_if_you": "maybe perhaps if",
        "just_do": "just simply obviously clearly literally actually seriously",
        "pet_name": "sweetie sweetheart honey hun kiddo sport princess snowflake snowflakes"
        " champ bless little my",
        "grow_up": "when you youll grown grownup grownups like emotional maturity mature well"
        " an for part i",
        "lecture": "a heres pro news newsflash let ill not no just im learn try think do hear",
        "you_should": "you have",
        "just_a": "its it that thats this just only merely",
        "not_a_big_deal": "not calm chill relax meh whatever so ok anyway next give get move it"
        " this that",
        "at_least": "at bright could grand perspective priorities be",
        "others_worse": "real actual bigger and while but starving refugees war cancer homeless"
        " no is are was thats its compared so",
        "blame": "your on what thats had you",
        "generalise": "you people your these snowflake snowflakes typical women men girls guys"
        " boys kids students millennials teenagers gen boomers everyone",
        "always_never": "always never every everyone nobody no",
        "rhetorical": "?",
        "care": "i im here sending hugs hug take be you youre its valid proud thank if",
        "safety_question": "?",
        "reject_frame": "people anyone whoever those someone they ignore dont never no is was"
        " are were nonsense",
        "denial": "you youre its it this that isnt doesnt nothing",
        "shared": "me same i ive",
    }.items()
}
