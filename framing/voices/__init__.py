"""Who speaks: reported speech, speakers and their categories, and voices by side.

Sourcing is one of the most measured features of news framing: whose words a
story carries, and how often each side lets its own officials, the other
side's officials, third parties or anonymous sources speak (Sigal 1973;
Berkowitz 2009; Carlson 2009 on anonymous sources). This module finds, for each
sentence, whether it carries reported speech and who speaks, then compares the
mix of voices between sides with the same statistics as every other share in
framing.

Method: rules over the sentence text, in the tradition of rule-based quotation
attribution (Pareti 2016; Muzny, Fang, Chang & Jurafsky 2017 show that
deterministic sieves over speech verbs, quotation marks and "according to"
reach most of the accuracy of learned attributors). In order:

1. a headline or transcript line whose speaker sits before or after a colon
   (``"India isolated at SCO: Asif"``, ``"Spokesperson: ..."``);
2. ``according to X`` / ``as reported by X``;
3. a verb of saying (said, told, stated, stressed, urged, called for...) with
   its subject before it (``"Officials said ..."``, ``"..., he said."``) or
   after it (``"..., said Foreign Secretary Vikram Misri."``).

A sentence with a quotation of four words or more is ``direct``; the others are
``indirect``, ``according_to`` or ``headline_colon``. Pronouns and bare titles
(``he``, ``the minister``) take the last speaker named earlier in the same
document (a one-step coreference sieve, as in Muzny et al. 2017).

The speaker's category comes from a codebook that maps names, offices and
patterns to an affiliation (a country's government or military, an
international organisation, experts, media, anonymous sources). Government
speakers are then placed relative to the sentence's side: a Pakistani minister
quoted in an Indian article is the *other side's government*; in a Pakistani
article, the side's *own government*; in a Chinese or wire article, a
*third-country official*. The media wings, press services and spokespersons of a
government or an armed force speak for that government. The default codebook
(``framing/voices/data``) is plain CSV; a user's speakers table overrides it,
and :func:`unknown_speakers` lists the speakers it could not place.

No maintained NLP library fits here: spaCy's English models are published on
GitHub, not on PyPI (the PyPI copies are unofficial re-uploads), and stanza
downloads its models at run time. The rules use only the standard library.
Measured accuracy: ``benchmarks/voices_accuracy.py``.

The modules, in the order of the flow: :mod:`~framing.voices.lexicon` (the words the rules read),
:mod:`~framing.voices.speech` (speech and speaker span in one sentence),
:mod:`~framing.voices.codebook` and :mod:`~framing.voices.categories` (who a speaker is, relative to
the side), :mod:`~framing.voices.attribution` (:func:`attribute`, document by document),
:mod:`~framing.voices.shares` (:func:`voice_shares`, :func:`compare_voices`),
:mod:`~framing.voices.speakers` (:func:`top_speakers`, :func:`unknown_speakers`) and :mod:`~framing.voices.contrasts`
(:func:`voice_contrasts`).
"""

from framing.voices.attribution import attribute
from framing.voices.categories import CATEGORIES, NO_SPEAKER, RIVALS
from framing.voices.codebook import load_codebook
from framing.voices.contrasts import voice_contrasts
from framing.voices.shares import compare_voices, voice_shares
from framing.voices.speakers import top_speakers, unknown_speakers

__all__ = [
    "CATEGORIES",
    "NO_SPEAKER",
    "RIVALS",
    "attribute",
    "compare_voices",
    "load_codebook",
    "top_speakers",
    "unknown_speakers",
    "voice_contrasts",
    "voice_shares",
]
