"""The reviewed pattern grammar for crisis screening, organised by C-SSRS kinds.

A rule is (kind, language, regex) over `text.normalise` output (lower case, no apostrophes,
accents folded for Latin scripts, chat spellings and leetspeak undone). What a hit means is
decided in `crisis.py` from the sentence it sits in: who the subject is, whether it is negated,
quoted or in the past, and which time words or farewells surround it.

Patterns exist to catch, never to explain: no pattern text is ever shown to anyone. Moderators
see `Kind.reason`; the person sees `Kind.why`, plain words that never name a means. Review
changes with a second person and the fixture suites (`tests/test_crisis_kinds.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tearspace.ml.crisis_phrases import PHRASES
from tearspace.ml.marks import gettext_noop

Level = Literal["none", "distress", "concern", "urgent"]
LEVEL_ORDER: dict[str, int] = {"none": 0, "distress": 1, "concern": 2, "urgent": 3}


@dataclass(frozen=True)
class Kind:
    """One C-SSRS-based kind: its level when it is the writer's own, present and un-negated."""

    name: str
    level: Level
    reason: str  # for moderators: names the kind, never a means
    why: str  # for the person, in the help panel: plain, warm, never a means


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "imminent",
            "urgent",
            "says they may not be safe right now",
            gettext_noop("you wrote that you might not be safe right now"),
        ),
        Kind(
            "intent",
            "concern",
            "says they intend to act on thoughts of suicide",
            gettext_noop("you wrote about acting on thoughts of ending your life"),
        ),
        Kind(
            "plan",
            "urgent",
            "mentions a plan or preparations",
            gettext_noop("you wrote about getting ready to end your life"),
        ),
        Kind(
            "method",
            "urgent",
            "mentions a possible means of self-harm",
            gettext_noop("you wrote about a way you might hurt yourself"),
        ),
        Kind(
            "method_question",
            "concern",
            "asks about ways or amounts that could end a life (possible means)",
            gettext_noop("you asked something that sounded like it was about ending your life"),
        ),
        Kind(
            "farewell",
            "urgent",
            "writes what may be a goodbye",
            gettext_noop("what you wrote sounded like it might be a goodbye"),
        ),
        Kind(
            "goodbye",
            "concern",
            "says goodbye to everyone",
            gettext_noop("what you wrote sounded like it might be a goodbye"),
        ),
        Kind(
            "coded_time",
            "concern",
            "names a time that may be a plan",
            gettext_noop("what you wrote sounded like something might happen soon"),
        ),
        Kind(
            "absence",
            "urgent",
            "says they will not be here much longer",
            gettext_noop("you wrote about not being here much longer"),
        ),
        Kind(
            "means_at_hand",
            "concern",
            "says a possible means is close by",
            gettext_noop(
                "you wrote about having something close by that you could hurt yourself with"
            ),
        ),
        Kind(
            "thoughts",
            "concern",
            "mentions thoughts of suicide",
            gettext_noop("you wrote about thoughts of ending your life"),
        ),
        Kind(
            "wish_dead",
            "concern",
            "mentions wishing to be dead or not to wake up",
            gettext_noop("you wrote about wishing you weren't alive"),
        ),
        Kind(
            "behaviour",
            "concern",
            "mentions a past attempt",
            gettext_noop("you wrote about having tried to end your life"),
        ),
        Kind(
            "self_harm",
            "concern",
            "mentions self-harm",
            gettext_noop("you wrote about hurting yourself"),
        ),
        Kind(
            "hurt_by_other",
            "concern",
            "says someone is hurting or threatening them",
            gettext_noop("you wrote about someone hurting you or threatening to"),
        ),
    )
}
# Kinds that describe the writer's own risk (everything except being hurt by someone else).
OWN_RISK = frozenset(KINDS) - {"hurt_by_other"}
# Kinds that are enough, with a time word close by, to make "urgent".
TIMED = frozenset({"intent", "method_question", "means_at_hand", "goodbye"})
# Ordinary on their own ("the party is all planned"); with the writer's own risk, a plan.
PLAN_CONTEXT = re.compile(
    r"\b(?:have|got) it (?:all )?planned\b"
    r"|\b(?:picked|chose|set|choosing|picking) (?:a |the )?(?:date|day|time|place|spot)\b"
    r"|\b(?:wrote|written|updated|made) (?:my|a) will\b"
)
# Intent that is decided or under way is urgent without a time word.
STRONG_INTENT = re.compile(r"\b(?:decided|ready|about to|made (?:my )?peace|plan|planning)\b")
# Kinds dropped when the same few sentences are about logging off, sleep, travel or an outing.
FAREWELLS = frozenset({"farewell", "goodbye", "absence", "coded_time"})


@dataclass(frozen=True)
class Rule:
    kind: str
    language: str
    regex: re.Pattern[str]


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _rules(language: str, table: dict[str, tuple[str, ...]]) -> list[Rule]:
    for kind in table:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
    return [Rule(kind, language, _rx(*parts)) for kind, parts in table.items()]


_REFLEXIVE = r"(?:myself|my self)"
# "I hurt myself playing football", "cut myself off": accidents and idioms are not self-harm.
_NOT_ACCIDENT = (
    r"(?! (?:off|out|short|loose|free|some slack|a break|a slice|a piece|playing|at (?:the )?"
    r"(?:gym|work)|by accident|accidentally|during|in the (?:kitchen|garden)|lifting|running"
    r"|skiing|falling"
    r"|on (?:the|a) (?:stove|oven|pan|iron|kettle|door|corner|edge)|cooking|shaving))"
)
_METHOD_VERBS = (
    r"hang|hanging|hanged|hung|shoot|shooting|shot|drown|drowning|drowned|poison|poisoning"
    r"|poisoned|stab|stabbing|stabbed|suffocate|suffocating|suffocated|strangle|strangling"
    r"|electrocute|electrocuting|gas|gassing|overdose|overdosing|overdosed|od|set fire to"
)
_SUICIDE = r"\bs[uo]i?[cs]+i?d(?:e|al|ally)\w*|\bsuicid\w*|\bsewer ?slide\b|\bsoup ?slide\b"
_KILL_SELF = (
    r"\bkil+(?:ing|ed|s)? (?:myself|my self)\b(?! laughing)|\bkms\b|\bk m s\b"
    r"|\bun-?aliv(?:e|ing|ed)\b|\boff(?:ing)? myself\b|\bctb\b|\bcatch(?:ing)? the bus\b"
)
_END_LIFE = (
    r"\bend(?:ing)? (?:my|his|her|their) (?:own )?life\b|\bend(?:ing)? it all\b"
    r"|\btak(?:e|ing) my (?:own )?life\b|\bend(?:ing)? (?:it|everything) (?:tonight|today|now"
    r"|soon|for good)\b"
)
_DIE = r"d(?:ie+|ye)\b"

ENGLISH = _rules(
    "en",
    {
        "imminent": (
            r"\b(?:just |already )?(?:took|taken|swallowed|downed) (?:all|a bunch|a lot|too many"
            r"|a handful|the whole|a whole|an entire|way too many|every|\d{2,}|twenty|thirty"
            r"|forty|fifty|a hundred)\b[^.!?\n]{0,20}"
            r"\b(?:pills?|tablets|meds|medication|bottle|pack)\b"
            r"(?![^.!?\n]{0,30}\b(?:vitamins?|supplements?|this (?:week|month|year)|a day|per day"
            r"|daily|over (?:the|a))\b)",
            # Holding the means now ("I have the pills in my hand").
            r"\b(?:pills|tablets|noose|gun)\b[^.!?\n]{0,12}\bin my hands?\b",
            r"\b(?:just|already) (?:overdosed|od d|odd|cut (?:too )?deep)\b",
            r"\b(?:standing|sitting|i am) on (?:the|a) (?:ledge|bridge|roof|rooftop|tracks"
            r"|railing)\b",
            r"\b(?:bleeding|blood) (?:everywhere|wont stop|will not stop|a lot)\b",
            r"\b(?:it|cuts?|wounds?|wrists?|arms?|legs?|thighs?) (?:wont|will not|doesnt"
            r"|does not|isnt|is not) stop(?:ping)? bleeding\b",
            r"\bcant stop the bleeding\b",
            r"\b(?:cant|cannot|can not|unable to|dont think i can|not sure i can) keep myself"
            r" safe\b",
            r"\bi am not (?:feeling )?safe\b(?! (?:at|in|on|walking|driving|to|around (?!myself)"
            r"|with (?!myself)))",
            r"\b(?:dont|do not) feel safe (?:with|around|from|being alone with) myself\b",
            r"\bnot safe (?:with|around|from) myself\b",
            r"\b(?:dont|do not|cant) trust myself (?:tonight|right now|alone|anymore|not to)\b",
        ),
        "intent": (
            r"\b(?:going to|will|decided to|ready to|about to|plan to|planning to|tonight i)"
            r" (?:just )?(?:kill myself|kms|end (?:it|my life|it all|everything)|take my (?:own )?"
            r"life|unalive(?: myself)?|die tonight)\b",
            r"\bready to die\b",
            r"\b(?:going to|will|i am) (?:just )?(?:do|doing) it (?:tonight|today|soon|right now"
            r"|tomorrow|this weekend)\b",
            r"\bmade (?:my )?peace with (?:dying|death|it all)\b",
            r"\bgo(?:ing)? through with it\b",
        ),
        "plan": (
            r"\b(?:suicide|goodbye|farewell|final) (?:note|letter)s?\b",
            r"\bgiv(?:e|ing|en|ve)? (?:away )?(?:all )?(?:of )?my (?:things|stuff|belongings"
            r"|possessions)(?: away| to)\b",
            r"\bg(?:iv(?:e|ing|en)?|ave) away (?:all )?(?:of )?my (?:things|stuff|belongings"
            r"|possessions|pets?|cat|dog)\b",
            r"\b(?:said|saying|say) (?:my )?goodbyes\b",
            r"\b(?:have|got|made|making|working on) a plan (?:to|for) "
            r"(?:die|dying|end|kill|it|how)",
            r"\b(?:picked|chose|set|choosing|picking) (?:a |the )?(?:date|day|time|place|spot)"
            r" (?:to|for) (?:end|die|do it|kill)",
            r"\b(?:researching|looking up|looked up) (?:suicide )?methods\b(?! (?:for|of|in|to))",
            r"\b(?:stockpil\w*|hoard\w*|sav(?:ed|ing) up|saving) (?:up )?"
            r"(?:my |some |the |enough )?(?:pills|tablets|meds|medication)\b",
            r"\b(?:researching|looked up|looking up|googled|googling|searching|search)"
            r" (?:how to |ways to |for )?(?:die|kill myself|end it|painless|lethal|suicide)",
        ),
        "method": (
            rf"\b(?:{_METHOD_VERBS}) {_REFLEXIVE}\b",
            r"\b(?:want|wanting|going|plan|planning|thinking|think|thought|ready|about) (?:to"
            r"|about|of) (?:overdos\w*|od(?:ing)?)\b",
            r"\bod (?:on|tonight|again)\b",
            r"\bslit(?:ting)? my (?:wrists?|throat)\b|\bgun to my (?:head|temple)\b"
            r"|\bbleed(?:ing)? out\b|\bput a bullet (?:in|through) my\b"
            r"|\bblow(?:ing)? my (?:brains|head) (?:out|off)\b",
            r"\bjump(?:ing|ed)? (?:off|from) (?:a|the|this|my) (?:bridge|roof|building|cliff"
            r"|balcony|window|tower)\b"
            r"(?! (?:into|in) (?:the )?(?:water|lake|pool|sea|river|ocean))",
            r"\b(?:step+|walk|jump|throw myself)(?:ing)? in front of (?:a|the) (?:train|car|bus"
            r"|truck|lorry)\b",
            r"\b(?:take|taking|swallow|swallowing|down|downing) (?:all|every one of) (?:my|the"
            r"|of my) (?:pills|tablets|meds)\b",
        ),
        "method_question": (
            r"\b(?:what|whats|which|how|is there)\b[^.!?\n]{0,40}\b(?:painless|painlessly"
            r"|quickest|fastest|easiest|least painful|surest|quietest|best|most effective"
            r"|peaceful)\b[^.!?\n]{0,20}\b(?:way|ways|method|methods)\b[^.!?\n]{0,15}"
            r"\bto (?:go\b(?! (?:to|home|there|back|out|in|into|from|about|through|over|up|down"
            r"|shopping|for|on|with|by|and|abroad|away|forward))|die|end it|end things|end my life"
            r"|kill myself|not wake up|check out|leave this world|disappear forever)",
            r"\bhow (?:many|much)\b[^.!?\n]{0,30}\b(?:would it take|does it take|to take|is (?:a )?"
            r"(?:lethal|fatal|deadly|too much)|(?:to|would) (?:die|od|overdose|not wake up|kill))",
            r"\b(?:lethal|fatal|deadly) (?:dose|amount|dosage)\b",
            r"\bhow (?:high|tall|far)\b[^.!?\n]{0,30}\b(?:fall|drop|jump)\b[^.!?\n]{0,20}"
            r"\b(?:die|fatal|kill|survive)",
            r"\bhow long (?:does it|would it|until you|till you)\b[^.!?\n]{0,15}\b(?:die|bleed out"
            r"|suffocate|stop breathing)\b",
            r"\bpainless (?:way|ways|method|methods) to (?:die|go|end it|kill)",
        ),
        "farewell": (
            r"\bthis is (?:my )?(?:goodbye|the end|my last (?:post|message|entry))\b",
            r"\bgoodbye (?:forever|cruel world|world)\b",
            r"\b(?:my )?(?:last|final) (?:words|goodbye|night alive|day alive)\b",
            r"\bmy (?:last|final) (?:post|message|entry)\b",
            r"\bit (?:was|has been) nice knowing (?:you|everyone)\b",
        ),
        "goodbye": (r"\b(?:goodbye|farewell) (?:everyone|all|guys|everybody|yall|friends)\b",),
        "coded_time": (
            r"\b(?:tonight|today|this weekend|tomorrow)(?:s| is| will be) the (?:night|day)\b",
            r"\b(?:this|tonight|today) (?:is|will be) (?:my|the) last (?:day|night|time)\b",
        ),
        "absence": (
            r"\b(?:wont|will not) (?:be )?(?:here|around|alive) (?:much longer|for long|tomorrow"
            r"|by|next|anymore|after)",
            r"\b(?:wont|will not) be a burden (?:much longer|for long|anymore|soon"
            r"|to anyone (?:much )?longer)\b",
            r"\b(?:by the time|when) (?:you|anyone|someone) (?:read|reads|see|sees|find"
            r"|finds) this\b",
            r"\byou (?:wont|will not|will never) (?:see|hear from) me again\b",
            r"\bi will be gone (?:soon|tonight|tomorrow|by|forever)\b",
            r"\bno one will (?:have to )?(?:see|hear from|deal with|worry about) me (?:again"
            r"|anymore)\b",
        ),
        "means_at_hand": (
            r"\b(?:bought|buying|ordered|collected|hiding|hid)"
            r" (?:a |some |the |enough |my )?(?:rope|noose|pills|tablets|gun|blades?|razors?)\b"
            r"(?! for (?:the |a |my |our )?(?:camping|climbing|boat|sailing|gym|trip|garden|project"
            r"|dog|kitchen|work|class|cooking|swing|tent|hike|hiking|headache|pain|cold|flu))",
            r"\bgave away (?:all )?(?:of )?my\b|\bgiving away (?:all )?(?:of )?my\b",
            r"\b(?:i have|i have got|i got|got|holding|i am holding|in my hand|sitting with)"
            r" (?:the|a|my|some|all (?:my|the)|enough) (?:pills|tablets|rope|noose|gun|knife"
            r"|blades?|razors?)\b",
            r"\b(?:pills|tablets|rope|noose|gun|knife|blades?|razors?) (?:is |are )?(?:right here"
            r"|in (?:my|front of me)|next to me|ready|beside me|on my (?:desk|bed|lap))\b",
            r"\bemoji_(?:blade|pills|rope|gun)\b",
        ),
        "thoughts": (
            _SUICIDE,
            _KILL_SELF,
            _END_LIFE,
            rf"\b(?:wants?|wnat|wnt|watn|wanted|wanting|wish(?:es)?|deserves?|needs?|longing"
            rf"|yearn) to (?:just )?(?:{_DIE}|be dead)",
            rf"\bi (?:should|could|might|must) (?:just )?{_DIE}",
            r"\b(?:thinking|thoughts|thought|think|fantasi[sz]\w*|dream\w*) (?:about|of) "
            r"(?:dying|death|ending it|not being alive|not existing|killing myself)",
            r"\bcommit (?:die|not alive|toaster bath)\b|\bkermit\b(?! the frog)",
            r"\b(?:dont|do not) deserve to (?:live|be alive|exist)\b",
            r"\bcant promise (?:that )?i (?:wont|will not)\b",
            r"\bgiv(?:e|ing|en) up on (?:life|living)\b",
        ),
        "wish_dead": (
            r"\b(?:wish|wishing|hope|hoping|pray|praying)\w*(?: that)? (?:i|i would)"
            r"(?: was| were| would| could| had)?(?: just)?(?: be| been)?"
            r" (?:dead|gone|never born|never been born|die|disappear|not exist|not here|not alive"
            r"|not wake up|dont wake up|never wake up|wont wake up)",
            r"\b(?:dont|do not|never) (?:want to|wish to) wake up\b",
            r"\b(?:sleep|go to sleep|fall asleep) and (?:never|not) wake up\b|\bsleep forever\b",
            r"\bbetter off dead\b|\brather be dead\b",
            # Said plainly about now, not of something ("going to die of boredom"): help, not
            # an escalation on its own.
            r"\b(?:i am|im|i will|ill) (?:going to |gonna )?die (?:right )?(?:now|tonight|today)\b"
            r"(?! (?:of|from|laughing|if|when|unless))",
            r"\b(?:want|wish|need) to (?:disappear|vanish|stop existing|not exist"
            r"|cease to exist)\b",
            r"\b(?:dont|do not|doesnt|does not|didnt|no longer) want to (?:exist|be alive"
            r"|live|keep living)\b",
            r"\b(?:dont|do not|no longer) want to (?:be here|be around|go on|keep going|continue)"
            r" (?:anymore|any longer|like this)\b",
            r"\b(?:dont|do not|no longer) want to (?:go on|keep going|carry on)(?= *(?:$|[.!,\n]"
            r"|living|with (?:life|this)))",
            r"\bnot sure (?:that )?i want to (?:live|be alive|be here|go on|exist)\b",
            r"\b(?:tired|sick) of (?:living|being alive|existing|life)\b"
            r"(?! (?:in|as|at|with|here))",
            r"\b(?:no|no reason to|whats the|what is the) (?:point (?:in|of|to) )?(?:living"
            r"|being alive|waking up|going on|carrying on|being here)\b",
            r"\bno reason to (?:live|stay alive|be here|go on|keep going)\b",
            r"\b(?:cant|cannot|can not) (?:go on|keep going|keep living|live like this)\b",
            r"\b(?:life|living)(?: is)? (?:not|isnt|aint) worth(?: living| it)\b|not worth living",
            r"\bdisappear forever\b|\bnot (?:wanting|want) to be alive\b",
            r"\b(?:want|wish) (?:it|everything) (?:all )?to (?:end|stop|be over)\b",
            r"\bbetter off without (?:me|him|her|them)\b|\beasier (?:for everyone )?without me\b",
            r"\b(?:no one|nobody|noone|no body) would (?:even )?(?:miss me|notice (?:if|when) i"
            r"|care (?:if|when) i)\b",
            r"\b(?:i am|am|being) (?:just )?(?:a|such a) burden\b|\bburden (?:to|on) (?:everyone"
            r"|everybody|my family|them|you all|my friends)\b",
            r"\bif i (?:died|was gone|were gone|wasnt here|wasnt around|was dead)\b",
            r"\bemoji_coffin\b|\bemoji_grave\b",
        ),
        "behaviour": (
            r"\b(?:tried|attempted|try|trying) (?:to )?(?:kill myself|end my life|take my (?:own )?"
            r"life|suicide|unalive|end it)\b",
            r"\b(?:my|last|previous|first|second|third|failed|suicide) attempts?\b"
            r"(?! (?:at|to|of|in|on|for|with)\b)"
            r"(?!(?: was| is)? (?:a )?(?:success|good|great|fail))",
            r"\bsurvived (?:an |my |the )?(?:suicide attempt|attempt|overdose|od)\b",
            r"\bhospitali[sz]ed (?:after|for) (?:my |an )?(?:attempt|overdose|od)\b",
        ),
        "self_harm": (
            r"\bself[- ]?harm\w*|\bself[- ]?injur\w*|\bnssi\b",
            rf"\bcut(?:s|ting)? (?:myself{_NOT_ACCIDENT}|my (?:arms?|wrists?|thighs?|legs?|skin"
            r"|body))\b",
            rf"\b(?:burn|burned|burnt|burning|hurt|hurting|harm|harming|punish|punishing|starve"
            rf"|starving|hit|hitting|scratch|scratching) {_REFLEXIVE}\b{_NOT_ACCIDENT}",
            r"\b(?:urges?|urge) to (?:cut|hurt|harm|burn|bleed|sh)\b",
            r"\b(?:cutting|cut) again\b|\bstarted cutting\b"
            r"|\brelapsed\b[^.!?\n]{0,20}\b(?:cut|sh)\b",
            r"\b(?:relaps\w*|clean|urges?) (?:on |from |of )?sh\b|\bsh urges?\b",
            r"\b(?:fresh|new|deep) (?:cuts|scars)\b|\bcutter\b",
            r"\bemoji_blood\b",
        ),
        "hurt_by_other": (
            r"\b(?:tried|trying|try|wants?|wanted|threaten\w*|going|says he will|says she will)"
            r" to (?:kill|drown|hurt|strangle|choke|stab|shoot|poison|hang|suffocate) me\b",
        ),
    },
)

OTHER_LANGUAGES = [rule for language, table in PHRASES.items() for rule in _rules(language, table)]
RULES: tuple[Rule, ...] = (*ENGLISH, *OTHER_LANGUAGES)
PATTERN_LANGUAGES = ("en", "es", "fr", "de", "ja", "pt", "it", "ru")

# Negation inside the clause before a hit ("I am not going to kill myself, I promise").
NEGATION: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:dont|do not|didnt|did not|never|not|wont|will not|wouldnt|would not|no longer"
        r"|isnt|arent|aint|nobody is|no one is|nor|stopped)\b"
    ),
    "es": re.compile(r"\b(?:no|nunca|jamas|ni)\b"),
    "fr": re.compile(r"\b(?:ne|n|pas|jamais|plus)\b"),
    "de": re.compile(r"\b(?:nicht|nie|niemals|kein\w*)\b"),
    "pt": re.compile(r"\b(?:nao|nunca|jamais)\b"),
    "it": re.compile(r"\b(?:non|mai)\b"),
    "ru": re.compile(r"(?:^|\s)(?:не|никогда)\s"),
    "ja": re.compile(r"(?!)"),  # Japanese negates after the verb: NEGATION_AFTER
}
# Negation that follows the verb, read just after a hit ("死ぬつもりはない", "自殺しません").
NEGATION_AFTER: dict[str, re.Pattern[str]] = {
    "ja": re.compile(r"[^、。！？!?\n]{0,4}?(?:は|も)?(?:ない|ありません|ません|なかった|なく)"),  # noqa: RUF001
}
# Clause boundaries: negation and subjects do not carry across them.
CLAUSE_BREAK = re.compile(
    r"[,:;()\"、。]|\b(?:but|and|because|so|though|although|pero|mais|aber|ma)\b"
)
SENTENCE = re.compile(r"[^.!?\n。！？]+[.!?\n。！？]*")  # noqa: RUF001 - Japanese full stops

FIRST_PERSON = re.compile(
    r"\b(?:i|me|myself|my)\b|(?:^|\s)(?:я|меня)\s|(?:私|僕|俺|わたし|あたし|自分)(?:が|は|も)"
)
OTHER_PERSON = re.compile(
    r"\b(?:he|she|they|hes|shes|theyre|him|her|them|his|himself|herself|themselves|themself"
    r"|yourself|you|friend|friends|brother|sister|mom|mum|mother|dad|father|son|daughter|partner"
    r"|boyfriend|girlfriend|husband|wife|someone|somebody|person|people|kid|cousin|roommate"
    r"|classmate|colleague|coworker|student|client|uncle|aunt|grandma|grandpa|bf|gf|character"
    r"|singer|song|lyrics|patients?|mi amig[oa]|mon amie?|mein freund|meine freundin)\b"
    # Japanese subjects are marked by a particle, with no spaces around them.
    r"|(?:友達|友人|彼女|彼|母|父|祖父|祖母|兄|姉|弟|妹|息子|娘|夫|妻|犬|猫|ペット|キャラ|誰か"
    r"|あの人|みんな|主人公)(?:が|は|も)"
)
REFLEXIVE_OTHER = re.compile(
    r"\b(?:kil+(?:ing|ed|s)?|hurt(?:ing|s)?|cut(?:ting|s)?|harm(?:ing|s)?|end(?:ing|s)?)"
    r" (?:himself|herself|themselves|themself|yourself|urself)\b|\bkys\b"
)
# Said about an earlier time: caps a hit at `concern` ("I tried to hang myself years ago").
PAST = re.compile(
    r"\b(?:years? ago|months? ago|used to|back (?:then|in)|in the past|last year|when i was"
    r" (?:younger|a (?:teen|teenager|kid|child)|in (?:high )?school|\d+)|(?:years?|months?)"
    r" (?:clean|free|sober)|recovered|in recovery|survived)\b"
)
# Time words that make intent, thoughts or a farewell imminent.
TIME_NOW = re.compile(
    r"\b(?:tonight|tonite|right now|this (?:weekend|evening|afternoon|morning)|tomorrow"
    r"|in (?:a few|an|one|two|\d+) (?:hours?|minutes|mins)|when (?:everyone|they) (?:is|are)"
    r" asleep|before (?:morning|dawn|sunrise)|at midnight|soon|today|esta noche|hoy|ahora mismo"
    r"|ce soir|aujourdhui|maintenant|heute nacht|heute|jetzt|stasera|oggi|adesso|hoje"
    r"|agora|сегодня|сейчас)\b|今夜|今日|今から"
)
# Languages whose time words come before the verb ("今夜、自殺します"): a thought of suicide
# is read with the time just before it as well as just after.
TIME_BEFORE_VERB = frozenset({"ja"})
# A goodbye that is about logging off, sleep or travel.
BENIGN_FAREWELL = re.compile(
    r"\b(?:log(?:ging)? off|sign(?:ing)? off|for the night|going to bed|bed ?time|heading"
    r" (?:out|to bed|home|off)|see (?:you|ya|yall|u|everyone) (?:all )?(?:tomorrow|later|soon"
    r"|next|on|in|at|again|after)|catch (?:you|ya) later|good ?night|goodnight|nite|trip"
    r"|vacation|holiday|flight|travel\w*|airport|moving (?:to|out|away)|new job"
    r"|leaving (?:for|the|this|work)|off to|back (?:on|in|next|tomorrow|soon)|offline"
    r"|a break from|hiatus|talk (?:to you )?soon|until next|ttyl|gtg|g2g|brb|class|school|work"
    r"|stream|game|match|party|hello|concert|gig|wedding|birthday|premiere|date night|excited"
    r"|cant wait|visiting (?:my |our )?(?:family|friends|relatives|grand\w+|mum|mom|dad|parents"
    r"|sister|brother|aunt|uncle|cousins?)|(?:before|after|during) (?:my|the|our) (?:exams?"
    r"|finals))\b"
)
GOODBYE = re.compile(
    r"\b(?:goodbye|bye|farewell|adios|adieu|addio|tschuss|adeus)\b|さようなら|さよなら|прощай"
)
# What makes a goodbye sound final.
FINAL_FAREWELL = re.compile(
    r"\b(?:i am sorry|sorry for everything|forgive me|i love you (?:all|guys|so much)|take care"
    r" of (?:my|mom|dad|yourselves|each other|them)|remember me|dont blame (?:yourself"
    r"|yourselves)|its not your fault|this is it|thank you for everything|forever)\b"
)
# A possible means in the same sentence as the writer's own thoughts of dying.
MEANS = re.compile(
    r"\b(?:pills|tablets|rope|noose|gun|pistol|bullets?|blades?|razors?|knife"
    r"|emoji_blade|emoji_pills|emoji_rope|emoji_gun|emoji_blood)\b"
)

# Idioms and jokes that contain risk words but are not about the writer's risk.
IDIOMS = _rx(
    r"\b(?:is|are|was|were|its|it is|this|that|these|those|you are|youre|they are)"
    r"(?: \w+)? killing (?:me|us|it)\b",
    r"\b(?:\w+ )?(?:are|is) killing me\b",
    r"\bkill(?:ing|ed)? (?:it|time|the (?:game|lights|vibe|mood|music|engine|process)|for a)\b",
    r"\b(?:died|dying|die|dead|dies) (?:of |from |with )?(?:laugh\w*|lol|lmao|embarrassment|shame"
    r"|cringe|boredom|heat|thirst|cuteness)\b",
    r"\b(?:nearly|almost|literally|actually|lowkey|legit) (?:died|dying|dead)\b"
    r"(?=[^.!?]{0,25}(?:lol|lmao|haha|emoji_laugh|emoji_skull|laugh))",
    r"\bi am (?:literally |so |actually )?dead\b(?= ?(?:lol|lmao|haha|emoji_skull|emoji_laugh))",
    r"\bdying to (?:see|know|try|meet|go|hear|read|watch|get|tell)\b|\bto die for\b",
    r"\bcould kill for\b|\bdead (?:tired|serious|on|set|end|line|lines)\b|\bdeadlines?\b",
    r"\b(?:bored|scared|sick|worried|tickled) to death\b|\bover my dead body\b",
    r"\bdrop dead (?:gorgeous|beautiful)\b|\bif looks could kill\b|\bkiller\b",
    r"\b(?:cried|crying|cry) (?:laughing|with laughter)\b|\btears of (?:joy|laughter)\b",
    r"\b(?:my )?(?:feet|back|legs|knees|head) (?:are|is) killing me\b",
    r"\bbattery (?:is )?(?:dead|dying|died)\b|\b(?:phone|laptop|plant|plants) (?:died|is dead)\b",
    r"\bkill(?:ing)? myself laughing\b",
)

# Plain distress words (no risk on their own).
DISTRESS = _rx(
    r"\b(?:cry|cried|crying|cries|tears|sobb?\w*|weep\w*|bawl\w*)\b",
    r"\b(?:sad|sadness|overwhelmed|exhausted|drained|empty|numb|heartbroken|devastated|miserable"
    r"|lonely|alone|grief|grieving|broken|worthless|hopeless|helpless|useless|lost|depressed"
    r"|anxious|panic\w*|breaking down|falling apart|hate my life|hate myself|cant cope)\b",
)
HOPELESS = _rx(
    r"\b(?:hopeless|worthless|hate myself|cant cope|nothing will (?:ever )?(?:get|be) better"
    r"|no way out|trapped|no future|empty inside|dead inside|numb inside"
    r"|cant (?:do this|take (?:it|this)) anymore)\b"
)

# Cheap substring triggers: in a long text only the sentences (with their neighbours) that hold
# one of these are read by the grammar, so a 100,000-character entry costs milliseconds. Every
# rule above needs at least one of them; `tests/test_crisis_kinds.py` checks the examples of
# every kind hidden in the middle of a long text.
TRIGGERS = (
    "nice knowing",
    "endin",
    "d1e",
    "k1ll",
    "k*ll",
    "d*e",
    "su1c",
    "my things",
    "my stuff",
    "my belongings",
    "die",
    "dying",
    "dead",
    "death",
    "kill",
    "kms",
    "unaliv",
    "suic",
    "sewer",
    "soup",
    "ctb",
    "end it",
    "ending it",
    "end my",
    "end every",
    "my life",
    "own life",
    "alive",
    "wake",
    "goodbye",
    "bye",
    "farewell",
    "hang",
    "hung",
    "shoot",
    "shot",
    "drown",
    "poison",
    "stab",
    "overdos",
    "pill",
    "tablet",
    "rope",
    "noose",
    "gun",
    "knife",
    "blade",
    "razor",
    "cut my",
    "cutting",
    "cut myself",
    "hurt myself",
    "burn myself",
    "hit myself",
    "punish myself",
    "starve myself",
    "trust myself",
    "harm",
    "safe",
    "a plan",
    "plan to",
    "planned",
    "suicide note",
    "goodbye note",
    "letters",
    "be gone",
    "burden",
    "miss me",
    "better off",
    "disappear",
    "vanish",
    "tonight",
    "tonite",
    "the night",
    "attempt",
    "slit",
    "bleed",
    "blood",
    "jump",
    "bridge",
    "ledge",
    "roof",
    "in front of",
    "lethal",
    "fatal",
    "dose",
    "painless",
    "peace",
    "read this",
    "see me again",
    "hear from me",
    "giving away",
    "gave away",
    "stockpil",
    "saving up",
    "point in",
    "point of",
    "go on",
    "keep going",
    "carry on",
    "tired of",
    "sick of",
    "not worth",
    "without me",
    "never born",
    "been born",
    "urge to",
    "urges",
    "scars",
    "relapse",
    "nssi",
    "kermit",
    "commit die",
    "commit not",
    "deserve to",
    "promise i",
    "give up on",
    "hopeless",
    "worthless",
    "no way out",
    "od on",
    "od tonight",
    "be here",
    "be around",
    "last post",
    "last message",
    "final words",
    "final goodbye",
    "final post",
    "morir",
    "muert",
    "matar",
    "suicid",
    "vivir",
    "despedida",
    "autolesi",
    "desaparec",
    "no despert",
    "sentido a seguir",
    "sentido a vivir",
    "sentido a la vida",
    "sentido a mi vida",
    "volví a cortar",
    "volvi a cortar",
    "quito la vida",
    "quitar la vida",
    "quitaré la vida",
    "quitare la vida",
    "todo decidido",
    "no me fío",
    "no me fio",
    "me réveill",
    "me reveill",
    "umzubring",
    "dran ohne mich",
    "mache ich schluss",
    "angst vor mir",
    "fin à mes jours",
    "fin a mes jours",
    "bringe ich mich um",
    "mourir",
    "tuer",
    "finir",
    "vivre",
    "adieu",
    "scarif",
    "sterb",
    " tot",
    "leben",
    "umbring",
    "selbstm",
    "suizid",
    "ritz",
    "abschied",
    "morrer",
    "viver",
    "morire",
    "vivere",
    "uccider",
    "ammazz",
    "addio",
    "finita",
    "死",
    "消え",
    "自殺",
    "自傷",
    "遺書",
    "リスカ",
    "首を",
    "飛び降",
    "умер",
    "жить",
    "суиц",
    "самоуб",
    "покон",
    "убит",
    "повес",
    "реза",
    "прощ",
    "🔪",
    "🩸",
    "💊",
    "🪢",
    "🔫",
    "⚰",
    "🪦",
)
