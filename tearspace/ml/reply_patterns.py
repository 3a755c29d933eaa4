"""Reviewed phrases for the kindness check on replies (run on `text.normalise` output)."""

from __future__ import annotations

import re


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


_YOURSELF = r"(?:yourself|urself|your self|yourselves|yoself)"

# Encouraging self-harm or threatening: always held back.
HARM = _rx(
    r"\bkys\b|\bkill (?:" + _YOURSELF + r")\b|\bkil+ ur ?self\b",
    r"\b(?:end|unalive|neck|hang|cut|off|hurt|harm) " + _YOURSELF + r"\b",
    r"\bgo (?:and )?(?:die|drown|jump)\b|\bdie already\b|\bjust die\b|\bdrink bleach\b",
    r"\b(?:hope|wish) (?:you|that you) (?:die|suffer|get hurt|never stop crying|rot)\b",
    r"\byou (?:should|deserve to|ought to) (?:just )?(?:die|suffer|disappear|be dead)\b",
    r"\bnobody (?:would|will) (?:miss|mourn) you\b|\b(?:world|everyone) would be better"
    r" (?:off )?without you\b",
    r"\bjump off a\b|\bsewer ?slide\b|\bdo (?:everyone|us all|the world) a favou?r\b",
    r"\b(?:i will|i am going to|going to) (?:hurt|find|kill|beat) you\b|\bwhere you live\b",
    r"\bshould have been (?:you|the one who died)\b|\bshould have aborted\b",
    r"\bdelete your (?:account and your )?life\b",
)

# Insults and slurs aimed at a person: held back.
ABUSE = _rx(
    r"\b(?:retard\w*|fag+(?:ot)?s?|f4g\w*|cunts?|whores?|sluts?|n[i1]gg\w*|tranny|trannies"
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
    r"\bgrow up\b|\bman up\b|\btoughen up\b|\bsuck it up\b|\bharden up\b"
    r"|\bpull yourself together\b",
    r"\b(?:nobody|no one|noone|who) (?:even )?cares\b|\bnobody asked\b|\bnobody wants to (?:read"
    r"|hear)",
    r"\bget over (?:it|yourself)\b|\bmove on already\b|\bget a (?:grip|life)\b|\bsnap out of it\b",
    r"\b(?:over|under)reacting\b|\btoo (?:sensitive|emotional|dramatic)\b|\bso dramatic\b",
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

# Kind replies that mention harm in order to prevent it ("please don't hurt yourself").
PROTECTIVE = re.compile(
    r"\b(?:dont|do not|never|please dont|please do not|wont|not)\s(?:\w+\s){0,4}$"
)

# Replies that would encourage someone who is at risk ("do it").
ENCOURAGE = _rx(
    r"^(?:just )?do it\b|\bgo (?:for it|ahead)\b|\bnobody (?:will|would) stop you\b",
    r"\byou should\b(?! (?:talk|call|reach|see|get help|tell|rest|sleep))",
)
