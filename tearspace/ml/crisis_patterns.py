"""Reviewed pattern layer for crisis screening, organised by the C-SSRS screener items.

Patterns run on `text.normalise` output (lower case, no apostrophes, "im" -> "i am", leetspeak
undone). They exist to catch, never to explain: reasons name only the category, and no pattern
text is ever shown to a person. Review changes with a second person and the fixture suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Level = Literal["none", "distress", "concern", "urgent"]
LEVEL_ORDER: dict[str, int] = {"none": 0, "distress": 1, "concern": 2, "urgent": 3}


@dataclass(frozen=True)
class Category:
    name: str
    level: Level
    reason: str
    regex: re.Pattern[str]
    negatable: bool = True


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


_SELF = r"(?:myself|my self|me)"
_DIE = r"d(?:ie+|ye|ed)\b"
_SUICIDE = r"\bs[uo]i?[cs]+i?d(?:e|al|ally)\w*|\bsuicid\w*|\bsewer ?slide\b|\bsoup ?slide\b"
_KILL_SELF = (
    r"\bkil+(?:ing|ed|s)? (?:myself|my self)\b|\bkms\b|\bk m s\b"
    r"|\bun-?aliv(?:e|ing|ed)\b|\boff(?:ing)? myself\b|\bctb\b|\bcatch(?:ing)? the bus\b"
)
_END_LIFE = (
    r"\bend(?:ing)? (?:my|it|his|her|their) (?:own )?(?:life|all)\b|\bend it all\b"
    r"|\btak(?:e|ing) my (?:own )?life\b|\bend(?:ing)? (?:it|everything) (?:tonight|today|now"
    r"|soon)\b"
)
_METHOD_TERMS = (
    r"\b(?:pills?|tablets|overdos\w*|od|rope|noose|bridge|ledge|rooftop|gun|bullet|blades?"
    r"|razors?|knife|train tracks|tracks|hang(?:ing)?|jump(?:ing)?|bleed(?:ing)? out|wrists?"
    r"|emoji_blade|emoji_pills|emoji_rope|emoji_gun)\b"
)

CATEGORIES: list[Category] = [
    Category(
        "attempt_now",
        "urgent",
        "says they may be acting on it right now",
        _rx(
            r"\b(?:just |already )?(?:took|taken|swallowed|downed) (?:all|a bunch|a lot|too many"
            r"|a handful|the whole|a whole|an entire|way too many|every)\b[^.!?]{0,20}"
            r"\b(?:pills?|tablets|meds|medication|bottle|pack)\b",
            r"\b(?:just|already) (?:overdosed|od d|odd|cut (?:too )?deep)\b",
            r"\b(?:standing|sitting|i am) on (?:the|a) (?:ledge|bridge|roof|rooftop|tracks"
            r"|railing)\b",
            r"\b(?:bleeding|blood) (?:everywhere|wont stop|will not stop|a lot)\b",
            r"\bcant stop the bleeding\b",
        ),
        negatable=False,
    ),
    Category(
        "intent",
        "urgent",
        "says they intend to act soon",
        _rx(
            r"\b(?:going to|will|i will|decided to|ready to|about to|plan to|planning to"
            r"|tonight i|i have decided to)\s(?:just )?(?:kill myself|kms|end (?:it|my life|it all"
            r"|everything)|take my (?:own )?life|unalive|do it tonight|do it today|die tonight)",
            r"\b(?:ready|decided) to (?:die|go)\b",
            r"\b(?:tonight|today|this weekend|tomorrow) (?:is|will be) the (?:night|day)\b",
            r"\bdo it (?:tonight|today|soon|right now|tomorrow)\b",
            r"\bthis is (?:my )?(?:goodbye|the end|my last (?:post|message))\b",
            r"\bgoodbye (?:everyone|world|all|forever|cruel world)\b",
            r"\b(?:my )?(?:last|final) (?:post|message|words|goodbye|night alive)\b",
            r"\bwont (?:be )?(?:here|around|alive) (?:much longer|for long|tomorrow|by|next)",
            r"\bwont be a burden (?:much longer|for long|anymore|soon"
            r"|to anyone (?:much )?longer)\b",
            r"\b(?:by the time|when) (?:you|anyone|someone) (?:read|reads|see|sees|find"
            r"|finds) this\b",
            r"\byou (?:wont|will not|will never) (?:see|hear from) me again\b",
            r"\bi will be gone (?:soon|tonight|tomorrow|by)\b",
            r"\bmade (?:my )?peace with (?:dying|death|it all)\b",
            r"\bcant keep myself safe\b",
        ),
        negatable=False,
    ),
    Category(
        "plan",
        "urgent",
        "mentions a plan or preparations",
        _rx(
            r"\b(?:suicide|goodbye|farewell|final) (?:note|letter)s?\b",
            r"\bgiv(?:e|ing|en|ve)? (?:away )?(?:all )?(?:of )?my (?:things|stuff|belongings"
            r"|possessions)(?: away| to)\b",
            r"\bg(?:iv(?:e|ing|en)?|ave) away (?:all )?(?:of )?my (?:things|stuff|belongings"
            r"|possessions|pets?|cat|dog)\b",
            r"\b(?:said|saying|say) (?:my )?goodbyes\b",
            r"\b(?:have|got|made|making|working on) a plan (?:to|for) "
            r"(?:die|dying|end|kill|it|how)",
            r"\b(?:researching|looking up|looked up) (?:suicide )?methods\b(?! (?:for|of|in|to))",
            r"\b(?:stockpil\w*|hoard\w*|sav(?:ed|ing) up|saving) (?:up )?"
            r"(?:my |some |the |enough )?(?:pills|tablets|meds|medication)\b",
            r"\b(?:researching|looked up|looking up|googled|googling|searching|search)"
            r" (?:how to |ways to |for )?(?:die|kill myself|end it|painless|lethal|suicide)",
        ),
        negatable=False,
    ),
    Category(
        "preparation",
        "concern",
        "mentions possible preparations",
        _rx(
            r"\b(?:bought|got|buying|ordered|collected|hiding)"
            r" (?:a |some |the |enough |my )?(?:rope|noose|pills|tablets|gun|blades?|razors?)\b",
            r"\bgave away (?:all )?(?:of )?my\b|\bgiving away (?:all )?(?:of )?my\b",
        ),
        negatable=False,
    ),
    Category(
        "method",
        "urgent",
        "mentions a possible means of self-harm",
        _rx(
            rf"\b(?:hang|shoot|drown|poison|stab|overdose|od) {_SELF}\b",
            r"\b(?:want|going|plan|planning|thinking|think) (?:to|about|of) (?:overdos\w*|od)\b",
            r"\bslit(?:ting)? my\b|\bgun to my head\b|\bbleed out\b",
            r"\bjump(?:ing)? (?:off|from) (?:a|the|this) (?:bridge|roof|building|cliff|balcony)\b",
            r"\b(?:step+|walk|jump)(?:ing)? in front of (?:a|the) (?:train|car|bus|truck)\b",
            r"\b(?:take|taking|swallow|swallowing) (?:all|every one of) (?:my|the|of my) "
            r"(?:pills|tablets|meds)\b",
        ),
    ),
    Category(
        "suicidal_thoughts",
        "concern",
        "mentions thoughts of suicide or of wanting to die",
        _rx(
            _SUICIDE,
            _KILL_SELF,
            _END_LIFE,
            rf"\b(?:wants?|wnat|wnt|watn|wanted|wanting|wish(?:es)?|ready|going|about|deserves?"
            rf"|needs?|longing|yearn)"
            rf" to (?:just )?(?:{_DIE}|be dead)",
            rf"\bi (?:should|could|might|must|will) (?:just )?{_DIE}",
            r"\b(?:thinking|thoughts|thought|think|fantasi[sz]\w*|dream\w*) (?:about|of) "
            r"(?:dying|death|ending it|not being alive|not existing|killing)",
            r"\bcommit (?:die|not alive|toaster bath)\b|\bgame end\b|\bkermit\b",
            r"\b(?:dont|do not) deserve to (?:live|be alive|exist)\b",
            r"\bcant promise (?:that )?i (?:wont|will not)\b",
            r"\bgiv(?:e|ing|en) up on (?:life|living|everything)\b",
        ),
    ),
    Category(
        "past_attempt",
        "concern",
        "mentions a past attempt",
        _rx(
            r"\b(?:tried|attempted|try|trying) (?:to )?(?:kill myself|end my life|take my (?:own )?"
            r"life|suicide|die|unalive|end it)\b",
            r"\b(?:my|last|previous|first|second|third|failed|suicide) attempts?\b",
            r"\bsurvived (?:an |my |the )?(?:attempt|overdose|od)\b",
            r"\bhospitali[sz]ed (?:after|for) (?:my |an )?(?:attempt|overdose|od)\b",
        ),
    ),
    Category(
        "self_harm",
        "concern",
        "mentions self-harm",
        _rx(
            r"\bself[- ]?harm\w*|\bself[- ]?injur\w*|\bnssi\b",
            r"\bcut(?:s|ting)? (?:myself|my (?:arms?|wrists?|thighs?|legs?|skin|body))\b",
            r"\b(?:burn|burned|burnt|burning|hurt|hurting|harm|harming|punish|punishing|starve"
            r"|starving|hit"
            r"|hitting|scratch|scratching) (?:myself|my self)\b",
            r"\b(?:urges?|urge) to (?:cut|hurt|harm|burn|bleed|sh)\b",
            r"\b(?:cutting|cut) again\b|\bstarted cutting\b|\brelapsed\b[^.!?]{0,20}\b(?:cut|sh)\b",
            r"\b(?:relaps\w*|clean|urges?) (?:on |from |of )?sh\b|\bsh urges?\b",
            r"\b(?:fresh|new|deep) (?:cuts|scars)\b|\bcutter\b",
            r"\bemoji_blade\b|\bemoji_blood\b|\bemoji_rope\b|\bemoji_gun\b",
        ),
    ),
    Category(
        "wish_dead",
        "concern",
        "mentions wishing to be dead or not to wake up",
        _rx(
            r"\b(?:wish|wishing|hope|hoping|pray|praying)\w*(?: that)? (?:i|i would)"
            r"(?: was| were| would| could| had)?(?: just)?(?: be| been)?"
            r" (?:dead|gone|never born|never been born|die|disappear|not exist|not here|not alive"
            r"|not wake up|dont wake up|never wake up|wont wake up)",
            r"\b(?:dont|do not|never) (?:want to|wish to|wanna) wake up\b",
            r"\b(?:sleep|go to sleep|fall asleep) and (?:never|not) wake up\b|\bsleep forever\b",
            r"\bbetter off dead\b|\brather be dead\b",
            r"\b(?:want|wish|need) to (?:disappear|vanish|stop existing|not exist"
            r"|cease to exist)\b",
            r"\b(?:dont|do not|doesnt|does not|didnt|no longer) want to (?:exist|be alive"
            r"|be here|live|be around"
            r"|go on|keep going|continue|keep living)\b",
            r"\bnot sure (?:that )?i want to (?:live|be alive|be here|go on|exist)\b",
            r"\b(?:tired|sick) of (?:living|being alive|life|existing|being here)\b",
            r"\b(?:no|nothing to|no reason to|whats the|what is the) (?:point in|point of|reason to"
            r"|point to|reason for)? ?(?:living|being alive|go on|going on|keep going|live\b"
            r"|waking up"
            r"|be alive|wake up)",
            r"\bno reason to (?:live|stay|be here|go on|keep going)\b",
            r"\b(?:cant|cannot|can not) (?:go on|keep going|keep living|do this anymore"
            r"|take (?:it|this) anymore|live like this)\b",
            r"\b(?:life|living)(?: is)? (?:not|isnt|aint) worth(?: living| it)\b|not worth living",
            r"\b(?:want|wish) (?:it|everything) (?:all )?to (?:end|stop|be over)\b",
            r"\bdisappear forever\b|\bnot (?:wanting|want) to be alive\b",
            r"\bbetter off without (?:me|him|her|them)\b|\beasier (?:for everyone )?without me\b",
            r"\b(?:no one|nobody|noone|no body) would (?:even )?(?:miss|notice|care)\b",
            r"\bif i (?:died|was gone|were gone|disappeared|wasnt here|wasnt around|was dead)\b",
            r"\b(?:i am|am|being) (?:just )?(?:a|such a) burden\b|\bburden (?:to|on) (?:everyone"
            r"|everybody|my family|them|you all|my friends)\b",
            r"\bemoji_coffin\b|\bemoji_grave\b",
        ),
    ),
]

# Context terms: a means or a preparation mentioned alongside own risk raises it to urgent.
# Alone they are ordinary ("we picked a date for the wedding"), so they never flag by themselves.
METHOD_CONTEXT = re.compile(_METHOD_TERMS)
PLAN_CONTEXT = _rx(
    r"\b(?:picked|chose|set|choosing|picking) (?:a |the )?(?:date|day|time|place|spot)\b",
    r"\b(?:have|got) it (?:all )?planned\b|\b(?:wrote|written|updated|made) (?:my|a) will\b",
    r"\b(?:bought|got|buying|ordered) (?:a |some |the |enough )?(?:rope|pills|tablets|gun)\b",
    r"\bgiv(?:e|ing|en)? away\b|\bgave away\b",
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
)

NEGATION_BEFORE = re.compile(
    r"(?:\b(?:dont|do not|didnt|did not|never|not|wont|will not|wouldnt|would not|no longer"
    r"|am not|i am not|isnt|arent|not going to|no)\b(?: \w+){0,2} ?)$"
)
FIRST_PERSON = re.compile(r"\b(?:i|me|myself|i am|my self)\b")
OTHER_PERSON = re.compile(
    r"\b(?:he|she|they|hes|shes|theyre|him|her|them|his|himself|herself|themselves|themself"
    r"|yourself|you|friend|friends|brother|sister|mom|mum|mother|dad|father|son|daughter|partner"
    r"|boyfriend|girlfriend|husband|wife|someone|somebody|person|people|kid|cousin|roommate"
    r"|classmate|colleague|coworker|student|client|uncle|aunt|grandma|grandpa|bf|gf)\b"
)
REFLEXIVE_OTHER = re.compile(
    r"\b(?:kil+(?:ing|ed|s)?|hurt(?:ing|s)?|cut(?:ting|s)?|harm(?:ing|s)?|end(?:ing|s)?)"
    r" (?:himself|herself|themselves|themself|yourself|urself)\b|\bkys\b"
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
    r"|no way out|trapped|no future|give up|giving up|empty inside|dead inside|numb inside)\b"
)
