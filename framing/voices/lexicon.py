"""The words and patterns the attribution rules read: verbs of saying, speaker phrases, offices.

English news conventions, gathered from the demo corpus and the real dev set (Pakistani full texts
and Indian headlines): verbs of saying (after the PARC 3.0 attribution cues, Pareti 2016), the
words a speaker phrase may hold, the offices that make a phrase a government speaker, and the
clause boundaries a speaker phrase does not cross.

Every name here is public: :mod:`~framing.voices.speech`, :mod:`~framing.voices.codebook`,
:mod:`~framing.voices.attribution` and :mod:`~framing.voices.speakers` all read the one lexicon.
"""

from __future__ import annotations

import re

_VERBS = (
    r"said|says|say|told|tells|stated|added|adds|noted|observed|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|asserted|claimed|claims|maintained|warned|warns|urged|urges|announced|"
    r"announces|declared|declares|insisted|insists|argued|argues|explained|pointed out|points out|"
    r"reiterated|reiterates|affirmed|reaffirmed|remarked|underlined|underscored|highlighted|recalled|"
    r"alleged|acknowledged|admitted|denied|denies|confirmed|confirms|reported|wrote|writes|tweeted|"
    r"posted|commented|replied|assured|cautioned|contended|conveyed|informed|briefed|"
    r"called for|called on|called upon|calls for|condemned|condemns|denounced|accused|accuses|demanded|"
    r"vowed|pledged|quoted as saying|threatened|clarified|disclosed|revealed|expressed|described|"
    r"termed|dismissed|lauded|praised|criticised|criticized|slammed|questioned|answered|note|caution|cautions|"
    r"warn|insist|argue|believe|believes|expect|expects|welcomed|welcomes|referred to|flagged|describes|"
    r"suggested|suggests|recommended|recommends|advocated|appreciated|outlined|outlines|debunked|debunks|"
    r"criticises|criticizes|backs|backed|endorsed|endorses|rejected|rejects|saying|adding|stressing|noting|"
    r"urging|labelling|labeling|calling it|made it clear|slams|responds|hits out"
)
VERB_RE = re.compile(rf"\b(?:{_VERBS})\b")
VERB_RE_I = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
# A quotation: text between quotation marks (straight or curly, not apostrophes); four words or more
# make it a direct quote rather than a scare-quoted term.
QUOTE_RE = re.compile(r"[\"“”]([^\"“”]{1,2000})[\"“”]|‘([^‘’]{1,2000})’")


ACCORDING_RE = re.compile(r"\b(?:[Aa]ccording to|as reported by|as quoted by|as described by|[Qq]uoting)\s+")
STOPWORDS_AFTER_ACCORDING = re.compile(
    r"^(?:the )?(?:plan|schedule|data|figures?|estimates?|draft|law|constitution|rules?|treaty|agreement|"
    r"reports? (?:of|on)|survey|census|results?|records?|tradition|calendar|programme|program|itinerary|"
    r"the latest|this|these|which|what|her|his|their|its)\b",
    re.IGNORECASE,
)
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
BARE_ROLE_RE = re.compile(
    r"^(?:the |a |an |its |his |her |their )?(?:(?:federal|interim|caretaker|foreign|defence|defense|interior|"
    r"information|prime|chief|senior|deputy|state|external affairs|home|finance|army|military|naval|air|"
    r"press|official|government)\s+)*(?:minister|ministry|spokesperson|spokesman|spokeswoman|government|"
    r"office|army|military|premier|president|prime minister|secretary|chief|statement|embassy|mission|"
    r"ambassador|envoy|delegation|cabinet|authorities|forces|leader|leadership|commander|side|country|"
    r"chair|host|adviser|advisor|Minister|Ministry|Spokesperson)$",
    re.IGNORECASE,
)
GOV_ROLE_RE = re.compile(
    r"(?i:\b(?:minister|ministry|government|govt|army|military|spokes(?:person|man|woman)|president|"
    r"premier|foreign office|embassy|ambassador|envoy|high commission(?:er)?|secretary|forces|chief|general|"
    r"commander|navy|air force|police|authorities|cabinet|parliament|senate|assembly|lawmakers?|senators?|"
    r"leaders?|delegation|mission|adviser|advisor|state department|office|administration|establishment|"
    r"top brass|defence|defense|foreign|prime|side|readout|statement|delegations?|senators?|governor|"
    r"chief minister|resolution|mayor|commissioner|police|cop|lieutenant general|lt gen|major general|"
    r"air marshal|admiral|brigadier|corps commander|chairman|federal|provincial|parliamentary)\b)|"
    r"\b(?:PM|FM|CM|DG|DIG|IG|IGP|MNA|MPA|MP|Gen|L-G|LG|DPM|COAS|CJCSC|CDS|NSA)\b"
)
# Words a speaker phrase may contain besides capitalised ones.
NP_WORDS = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "'s",
    "’s",
    "its",
    "his",
    "her",
    "their",
    "this",
    "that",
    "these",
    "those",
    "one",
    "two",
    "three",
    "several",
    "some",
    "many",
    "most",
    "other",
    "another",
    "both",
    "all",
    "each",
    "foreign",
    "defence",
    "defense",
    "external",
    "affairs",
    "ministry",
    "minister",
    "ministers",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "official",
    "officials",
    "officer",
    "officers",
    "source",
    "sources",
    "expert",
    "experts",
    "analyst",
    "analysts",
    "diplomat",
    "diplomats",
    "secretary",
    "chief",
    "senior",
    "junior",
    "military",
    "army",
    "navy",
    "government",
    "office",
    "media",
    "report",
    "reports",
    "people",
    "familiar",
    "with",
    "matter",
    "state",
    "national",
    "security",
    "adviser",
    "advisor",
    "general",
    "director",
    "press",
    "agency",
    "news",
    "daily",
    "newspaper",
    "channel",
    "leader",
    "leaders",
    "country",
    "countries",
    "side",
    "delegation",
    "mission",
    "embassy",
    "ambassador",
    "envoy",
    "party",
    "observers",
    "commentators",
    "scholar",
    "scholars",
    "professor",
    "researcher",
    "researchers",
    "representative",
    "representatives",
    "member",
    "members",
    "counterpart",
    "host",
    "chair",
    "prime",
    "president",
    "federal",
    "interim",
    "caretaker",
    "provincial",
    "chief-minister",
    "minister's",
    "interior",
    "information",
    "home",
    "finance",
    "deputy",
    "top",
    "former",
    "retired",
    "veteran",
    "statement",
    "joint",
    "release",
    "communique",
    "communiqué",
    "council",
    "committee",
    "commission",
    "authorities",
    "police",
    "forces",
    "spokespersons",
    "intelligence",
    "agencies",
    "agency's",
    "ministry's",
    "government's",
    "country's",
    "counterparts",
    "leadership",
    "residents",
    "witnesses",
    "locals",
    "sources'",
    "experts'",
    "analysts'",
    "told",
    "aware",
    "close",
    "to",
    "in",
    "at",
    "on",
    "from",
    "based",
    "senior-most",
    "high-ranking",
    "ranking",
    "vice",
    "air",
    "marshal",
    "field",
    "station",
    "house",
    "bench",
    "court",
    "judge",
    "lawyer",
    "lawyers",
    "petitioner",
    "counsel",
    "think",
    "tank",
    "academic",
    "academics",
    "strategist",
    "strategists",
    "economist",
    "economists",
    "correspondent",
    "correspondents",
    "journalist",
    "journalists",
    "editorial",
    "editor",
    "channels",
    "newspapers",
    "outlet",
    "outlets",
    "broadcaster",
    "television",
    "tv",
    "radio",
    "daily's",
    "paper",
    "wing",
    "service",
    "cell",
    "directorate",
    "bureau",
    "public",
    "relations",
    "army's",
    "military's",
    "navy's",
}
TRAIL_STRIP = re.compile(
    r"(?:\s*,?\s*(?:also|further|later|earlier|again|today|yesterday|recently|separately|however|had|has|have|"
    r"was|were|is|are|would|will|could|may|might|had also|has also|then|previously|repeatedly|reportedly|"
    r"publicly|categorically|firmly|strongly|clearly|once|too|meanwhile|further|last week|this week|"
    r"last month|this month|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"on (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}|on \d{1,2} [A-Z][a-z]+|"
    r"(?:in|at) (?:a|his|her|their|its|the) (?:statement|speech|address|remarks|post|tweet|message|"
    r"interview|briefing|press conference|news conference|meeting)[^,]{0,40})\s*)$"
)
TOKEN_RE = re.compile(r"[A-Za-z][\w'’.\-]*|\d[\w.\-]*|\S")
SKIP_HEAD = {
    "question",
    "q",
    "answer",
    "a",
    "watch",
    "explainer",
    "video",
    "live",
    "opinion",
    "editorial",
    "analysis",
    "update",
    "updates",
    "photos",
    "exclusive",
    "breaking",
    "read",
    "also read",
    "note",
}


BOUNDARY_RE = re.compile(
    r"[,;:()\[\]\"“”]|[—–]|\s-\s|\b(?:that|which|who|whom|whose|while|when|whereas|where|after|before|because|"
    r"since|although|though|if|but|or|so|than|then|as|once|until|unless|whether|what|how|why)\b|\band(?=\s+[a-z])"
)
INVERTIBLE = {
    "said",
    "says",
    "added",
    "adds",
    "told",
    "noted",
    "stated",
    "asked",
    "wrote",
    "explained",
    "warned",
    "remarked",
    "observed",
    "commented",
    "stressed",
    "declared",
    "insisted",
    "replied",
    "answered",
}
PARTICIPLES = {"saying", "adding", "stressing", "noting", "urging", "labelling", "labeling"}
NOT_HEAD = {"to", "be", "been", "being", "not", "also", "it's", "there", "here", "this", "these", "those"}

# Nouns for what a speaker said or did ("Congress' Asia Cup jibe", "Modi's Pahalgam speech"): after a
# possessive they end the speaker, who is the possessor.
SPEECH_NOUNS = {
    "remark",
    "remarks",
    "jibe",
    "jibes",
    "dig",
    "swipe",
    "comment",
    "comments",
    "claim",
    "claims",
    "speech",
    "post",
    "tweet",
    "barb",
    "jab",
    "taunt",
    "question",
    "questions",
    "query",
    "retort",
    "reply",
    "response",
    "reaction",
    "outrage",
    "criticism",
    "charge",
    "charges",
    "allegation",
    "allegations",
    "warning",
    "message",
    "appeal",
    "demand",
    "call",
    "offer",
    "pitch",
    "row",
    "stand",
    "stance",
    "visit",
    "push",
    "move",
    "plan",
    "bid",
    "attack",
    "fire",
    "dare",
}
# Words that may follow a finite verb inside a headline clause ("Jaishankar targets the West").
OBJECT_START = {"the", "a", "an", "his", "her", "its", "their", "this", "that"}
# Short word lists, written compactly (ruff format would give each word its own line).
# fmt: off
# Words in -ed/-ing that stay adjectives inside a speaker phrase ("retired general", "ruling party").
ADJECTIVE_PARTICIPLES = {
    "based", "led", "retired", "united", "armed", "concerned", "unnamed", "detained", "ruling"
}
# Auxiliaries and modals: a clause that holds one is a clause, not a speaker phrase.
AUXILIARIES = {
    "was", "were", "is", "are", "has", "have", "had", "can", "could", "would", "will", "may", "might",
    "must", "should", "does", "did"
}
# Words that end a sentence-initial subject ("Singh also called for ..."): adverbs, auxiliaries, "on".
SUBJECT_END = {
    "also", "has", "have", "had", "was", "were", "is", "are", "will", "would", "on", "then", "later",
    "further", "again", "however"
}
# First words of a headline tail after a colon that make it a clause, not a name ("...: How India won").
NOT_NAME_START = {
    "inside", "how", "why", "what", "when", "where", "who", "the", "a", "an", "beyond", "in", "on", "from",
    "with", "after", "before"
}
# Words before a verb of saying that make it a noun or a passive ("the claims", "is expected").
NOT_BEFORE_VERB = {
    "the", "a", "an", "his", "her", "their", "its", "these", "those", "such", "whose", "our", "member",
    "is", "are", "was", "were", "be", "been", "being", "not", "never", "n't"
}
# Verbs a title-case headline uses for other things than speech ("Reported Cases Rise").
TITLE_CASE_NOT_SPEECH = {"reported", "expressed", "confirmed", "posted", "asked", "answered"}
# Verbs that report through an agent with "by" ("as reported by Dawn").
REPORTED_BY = {"reported", "quoted", "stated", "described"}
# fmt: on
