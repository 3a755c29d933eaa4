"""Reviewed crisis phrase lists for the languages other than English: the product's own
(es, fr, de), Japanese, and pt, it, ru. Kinds are those of `crisis_patterns.KINDS`; the English
grammar and how a hit is read (negation, past, time words) live in `crisis_patterns`.
"""

# Reviewed phrase lists for the languages the product offers, plus Japanese. Text is
# normalised first: accents folded ("morirme", "ware"), apostrophes dropped ("jai", "dadieu").
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "wish_dead": (
            r"\bquisiera (?:morir(?:me)?|estar muert[oa]"
            r"|no despertar|desaparecer)\b|\bojala (?:me muriera|estuviera muert[oa]"
            r"|no despertar\w*|no haber nacido)\b|\b(?:deseo|desearia) estar muert[oa]\b",
            r"\bno quiero (?:vivir|seguir viviendo|despertar|existir|seguir aqui)\b"
            r"|\bya no quiero (?:vivir|estar aqui|seguir)\b",
            r"\b(?:ganas|deseo) de morir(?:me)?\b|\bestaria mejor muert[oa]\b|\bprefiero"
            r" morir\b|\b(?:cansad[oa]|hart[oa]) de vivir\b|\bsin ganas de vivir\b",
            r"\bno vale la pena vivir\b|\bquiero desaparecer\b|\bmejor sin mi\b",
            r"\bno (?:le )?veo (?:el )?sentido a (?:seguir viviendo|vivir|la vida|mi vida)\b",
        ),
        "thoughts": (
            # "Want to die" is a thought of dying, as in English: a time word after makes it
            # urgent ("quiero morir esta noche").
            r"\b(?:me )?quiero morir(?:me)?\b",
            r"\bsuicid(?:arme|io|a|as|al)\b|\bquitarme la vida\b|\bmatarme\b"
            r"|\bme (?:voy a|quiero)"
            r" matar\b|\bacabar con (?:mi vida|todo)\b|\bterminar con (?:mi vida|todo)\b",
            r"\bpienso en (?:matarme|suicidarme|morir(?:me)?|quitarme la vida)\b",
            r"\bme (?:quito|quitare|voy a quitar) la vida\b",
        ),
        "intent": (
            r"\bme voy a (?:matar|suicidar|quitar la vida)\b"
            r"|\bvoy a (?:matarme|suicidarme|quitarme la vida)\b",
        ),
        "method": (
            r"\b(?:ahorcarme|colgarme|envenenarme|pegarme un tiro|cortarme las venas"
            r"|tirarme (?:de|del|desde|por|a las vias)|tomarme todas las pastillas"
            r"|sobredosis)\b",
        ),
        "method_question": (
            r"\b(?:forma|manera) (?:mas )?(?:facil|rapida|indolora|sin dolor) de (?:morir"
            r"|matarse|suicidarse|matarme)\b|\bcuantas pastillas\b",
        ),
        "plan": (
            r"\bcarta de despedida\b|\bnota suicida\b"
            r"|\bya lo (?:decidi|tengo (?:todo )?(?:decidido|planeado))\b",
        ),
        "farewell": (r"\bme despido de (?:todos|ustedes|ti)\b|\badios a todos\b",),
        "absence": (r"\b(?:manana|pronto) ya no (?:estare|voy a estar)\b",),
        "behaviour": (
            r"\bintente (?:suicidarme|matarme|quitarme la vida)\b|\bintento de suicidio\b",
        ),
        "self_harm": (
            r"\b(?:me corto|me corte|cortarme|autolesion\w*|hacerme dano|lastimarme"
            r"|me hago dano|me volvi a cortar|volvi a cortarme)\b",
        ),
        "imminent": (
            r"\bno estoy a salvo\b|\bno me siento segur[oa] conmigo\b"
            r"|\bno me fio de mi(?: mism[oa])? (?:esta noche|ahora|hoy)\b",
        ),
    },
    "fr": {
        "wish_dead": (
            r"\bje voudrais (?:mourir"
            r"|etre mort|disparaitre|ne plus me reveiller)\b"
            r"|\b(?:jaimerais|je voudrais|je prefererais) ne (?:pas|plus) me reveiller\b",
            r"\bje ne veux plus vivre\b|\bplus envie de vivre\b|\b(?:marre|fatigue)e? de"
            r" vivre\b|\bla vie ne vaut (?:pas|plus) la peine\b|\bmieux sans moi\b",
        ),
        "thoughts": (
            r"\bje veux mourir\b|\b(?:jai )?envie de mourir\b",
            r"\bme suicider\b|\bsuicid\w+|\bme tuer\b|\ben finir\b|\bmettre fin a (?:mes jours"
            r"|ma vie)\b|\bje pense a (?:mourir|me tuer|la mort)\b|\b(?:envie|besoin) den finir\b",
        ),
        "intent": (r"\bje vais (?:me tuer|me suicider|mettre fin a (?:mes jours|ma vie))\b",),
        "method": (
            r"\bme pendre\b|\bme jeter (?:sous|du|dun|par|de)\b|\bme tirer une balle\b"
            r"|\bmouvrir les veines\b|\bprendre tous mes (?:cachets|medicaments)\b",
        ),
        "method_question": (
            r"\b(?:facon|maniere|moyen) (?:la plus )?(?:facile|rapide|douce|sans douleur)"
            r" de (?:mourir|me tuer|se tuer|en finir)\b",
        ),
        "plan": (r"\blettre dadieu\b|\bjai (?:un plan|tout prevu)\b",),
        "farewell": (r"\badieu (?:a tous|tout le monde)\b",),
        "coded_time": (r"\bce soir cest (?:fini|la fin|le soir)\b",),
        "behaviour": (r"\btentative de suicide\b|\bjai essaye de me (?:tuer|suicider)\b",),
        "self_harm": (
            r"\bme scarifier\b|\bscarification\b|\bme faire du mal\b|\bautomutil\w*"
            r"|\bme suis (?:encore |de nouveau )?scarifie\w*",
        ),
        "imminent": (r"\bje ne suis pas en securite\b",),
    },
    "de": {
        "wish_dead": (
            r"\bich will nicht mehr leben\b"
            r"|\bich wunschte,? ich ware tot\b|\blieber tot\b|\bnicht mehr aufwachen\b"
            r"|\blebensmude\b|\bkeinen sinn mehr (?:zu leben|im leben)\b|\bbesser dran ohne mich\b",
        ),
        "thoughts": (
            r"\bich (?:will|mochte|wurde gern) sterben\b",
            r"\bselbstmord\w*|\bsuizid\w*|\bmich umbringen\b|\bmir das leben nehmen\b"
            r"|\bmich toten\b|\balles beenden\b|\bmich umzubringen\b|\bmir das leben zu nehmen\b",
        ),
        "intent": (r"\bich (?:werde mich umbringen|bringe mich (?:heute nacht |jetzt )?um)\b",),
        "method": (
            r"\bmich (?:erhangen|aufhangen|erschiessen|vergiften)\b|\bvon der brucke springen\b"
            r"|\bvor den zug\b|\buberdosis\b",
        ),
        "plan": (r"\babschiedsbrief\w*|\bich habe einen plan\b",),
        "behaviour": (r"\b(?:suizid|selbstmord)versuch\w*|\bversucht,? mich umzubringen\b",),
        "self_harm": (r"\b(?:mich )?ritzen\b|\bselbstverletz\w*|\bmir weh tun\b|\bgeritzt\b",),
        "imminent": (
            r"\bheute nacht (?:ist es so weit|mache ich es|bringe ich mich um"
            r"|mache ich schluss(?! mit (?:ihm|ihr|dir|euch)))\b|\bangst vor mir selbst\b",
            # German puts the time inside the phrase: "ich will heute nacht sterben".
            r"\bich (?:will|werde|mochte|wurde gern) (?:mich )?(?:heute nacht|heute|jetzt)"
            r" (?:sterben|umbringen|toten|das leben nehmen)\b",
        ),
    },
    "ja": {
        "wish_dead": (
            r"死にたい|死にたくて|死にたかった|死にたくなる|消えたい|生きていたくない"
            r"|生きたくない|生きる意味(?:が)?(?:ない|わからない)|いなくなりたい|死んだ(?:方|ほう)が"
            r"(?:まし|いい|楽)|目が覚めなければ",
        ),
        "thoughts": (
            r"自殺|自死|死のうと(?:思|考)|命を絶",
            # "I'm dying" as an idiom is left out: 死ぬほど (to death), 死ぬかと (thought I'd die).
            r"もう死ぬ(?!ほど|かと|気|くらい|程)",
            # "Want to die" is also a thought of dying, as in es/fr/de: a time word makes it
            # urgent ("今夜、死にたい"); "死にたいくらい" (so much I could die) is an idiom.
            r"死にたい(?!くらい|ほど|程)",
        ),
        # Japanese puts the time before the verb ("今から死にます"); crisis.py reads it there.
        "intent": (
            r"自殺(?:します|しよう|する(?:つもり|ことに))|死(?:にます|ぬつもり|ぬことに(?:した|決め)"
            r"|のうと決め)|命を絶(?:ちます|つつもり)",
        ),
        "method": (r"首を吊|飛び降り|手首を切|オーバードーズ|薬を全部",),
        "plan": (r"遺書",),
        "coded_time": (r"今夜(?:死|で終わ)|今日で(?:最後|終わり)",),
        "self_harm": (r"リストカット|リスカ|自傷|自分を傷つけ",),
    },
    "pt": {
        "wish_dead": (
            r"\b(?:eu )?(?:quero|queria) morrer\b|\bvontade de morrer\b|\bnao quero mais"
            r" viver\b|\bcansad[oa] de viver\b",
        ),
        "thoughts": (
            r"\bme matar\b|\bsuicid\w+|\btirar (?:a )?minha (?:propria )?vida\b"
            r"|\bacabar com (?:tudo|a minha vida|minha vida)\b",
        ),
        "self_harm": (r"\bme cortar\b|\bautomutila\w*|\bme machucar\b",),
        "plan": (r"\bcarta de despedida\b",),
    },
    "it": {
        "wish_dead": (
            r"\b(?:voglio|vorrei) morire\b|\bvorrei essere mort[oa]\b"
            r"|\bnon voglio piu vivere\b",
        ),
        "thoughts": (
            r"\bammazzarmi\b|\buccidermi\b|\bsuicid\w+|\btogliermi la vita\b"
            r"|\bfarla finita\b",
        ),
        "self_harm": (r"\btagliarmi\b|\bautolesion\w*|\bfarmi del male\b",),
        "plan": (r"\blettera daddio\b",),
    },
    "ru": {
        "wish_dead": (r"хочу умереть|хочу сдохнуть|не хочу жить|лучше бы я умер",),
        "thoughts": (r"покончить с (?:собой|жизнью)|убить себя|суицид|самоубий",),  # noqa: RUF001
        "method": (r"повеситься|выпрыгнуть из окна",),
        "self_harm": (r"порезать себя|резать себя|режу себя|селфхарм|самоповрежд",),
        "plan": (r"прощальн\w* записк",),
    },
}
