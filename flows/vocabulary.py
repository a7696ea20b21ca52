"""The fixed vocabularies of the method: stages, channels, scales, decision roles.

Keys are persisted (in answers and button data), so they are short stable slugs that are never
renamed; labels are display text in both languages and may change. Labels are the words a shop
owner (and their customer) uses, not the method's jargon.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from flows.domain import JourneyType
from flows.i18n import I18n, Lang

_Key = TypeVar("_Key", str, int)

# Every stage the bot knows, in journey order. A map's stages are the names the owner kept
# or typed (the ``stages`` answer); a name equal to one of these labels, in either language
# and including a former label, keeps the stage's key (flows.projection.stages_from_names).
STAGES: tuple[tuple[str, I18n], ...] = (
    ("trigger", I18n(nl="Merken dat je iets nodig hebt", en="Noticing you need something")),
    ("need", I18n(nl="Weten wat je zoekt", en="Knowing what you're after")),
    ("orientation", I18n(nl="Rondkijken wat er is", en="Looking around at what's out there")),
    ("consideration", I18n(nl="Vergelijken en navragen", en="Comparing and asking questions")),
    ("decision", I18n(nl="De knoop doorhakken", en="Making up your mind")),
    ("purchase", I18n(nl="Kopen, bestellen of boeken", en="Buying, ordering or booking")),
    ("delivery", I18n(nl="Ontvangen of van start gaan", en="Receiving it or getting started")),
    ("use", I18n(nl="Gebruiken", en="Using it")),
    ("support", I18n(nl="Hulp of service nodig hebben", en="Needing help or service")),
    ("loyalty", I18n(nl="Terugkomen en aanbevelen", en="Coming back and recommending")),
)

# How a customer recognises a stage they lived through: what *they* did, in their words, for
# the customer interview's "which of these fits that step?" (the owner may reword them per map;
# a stage of the owner's own is offered under its name until then).
CUSTOMER_STAGE_TEXTS: Mapping[str, I18n] = {
    "trigger": I18n(
        nl="Je merkte dat je iets nodig had",
        nl_u="U merkte dat u iets nodig had",
        en="You noticed you needed something",
    ),
    "need": I18n(
        nl="Je kreeg helder wat je zocht",
        nl_u="U kreeg helder wat u zocht",
        en="You worked out what you were after",
    ),
    "orientation": I18n(
        nl="Je zocht uit waar je terecht kon",
        nl_u="U zocht uit waar u terecht kon",
        en="You looked into where you could go",
    ),
    "consideration": I18n(
        nl="Je vergeleek en stelde vragen",
        nl_u="U vergeleek en stelde vragen",
        en="You compared options and asked questions",
    ),
    "decision": I18n(
        nl="Je hakte de knoop door",
        nl_u="U hakte de knoop door",
        en="You made up your mind",
    ),
    "purchase": I18n(
        nl="Je bestelde, kocht of boekte",
        nl_u="U bestelde, kocht of boekte",
        en="You ordered, bought or booked",
    ),
    "delivery": I18n(
        nl="Je kreeg het binnen of ging van start",
        nl_u="U kreeg het binnen of ging van start",
        en="You received it or got started",
    ),
    "use": I18n(
        nl="Je ging het gebruiken",
        nl_u="U ging het gebruiken",
        en="You started using it",
    ),
    "support": I18n(
        nl="Je had hulp of service nodig",
        nl_u="U had hulp of service nodig",
        en="You needed help or service",
    ),
    "loyalty": I18n(
        nl="Je kwam terug of raadde ons aan",
        nl_u="U kwam terug of raadde ons aan",
        en="You came back or recommended us",
    ),
}

# Labels stages had before; answers given then still name them.
FORMER_STAGE_LABELS: Mapping[str, tuple[I18n, ...]] = {
    "trigger": (I18n(nl="Aanleiding / latente behoefte", en="Trigger / latent need"),),
    "need": (I18n(nl="Concrete behoefte", en="Concrete need"),),
    "orientation": (I18n(nl="Oriëntatie", en="Orientation"),),
    "consideration": (I18n(nl="Overweging", en="Consideration"),),
    "decision": (I18n(nl="Beslissing", en="Decision"),),
    "purchase": (I18n(nl="Aankoop", en="Purchase"),),
    "delivery": (I18n(nl="Levering / start van de dienst", en="Delivery / start of service"),),
    "use": (I18n(nl="Gebruik en service", en="Use and service"),),
    "loyalty": (I18n(nl="Loyaliteit en aanbeveling", en="Loyalty and advocacy"),),
}

# The stages proposed for each kind of journey (the owner's ``goal.journey_type`` answer):
# up to the purchase, after it, or the whole experience (also when the type is not known).
STAGE_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "buyer": ("trigger", "orientation", "consideration", "decision", "purchase"),
    "customer": ("delivery", "use", "support", "loyalty"),
    "experience": (
        "trigger",
        "orientation",
        "consideration",
        "purchase",
        "delivery",
        "use",
        "support",
        "loyalty",
    ),
}
WHOLE_JOURNEY: JourneyType = "experience"

# The first twelve are the method's list; the rest came later (so typed numbers people know
# still pick the same channel).
CHANNELS: tuple[tuple[str, I18n], ...] = (
    ("website", I18n(nl="Website", en="Website")),
    ("webshop", I18n(nl="Webshop", en="Webshop")),
    ("app", I18n(nl="App", en="App")),
    ("social", I18n(nl="Social media", en="Social media")),
    ("email", I18n(nl="E-mail", en="Email")),
    ("phone", I18n(nl="Telefoon / klantenservice", en="Phone / customer service")),
    ("chat", I18n(nl="Chat / WhatsApp", en="Chat / WhatsApp")),
    ("store", I18n(nl="In de winkel of op kantoor", en="In the shop or office")),
    ("delivery", I18n(nl="Bezorger", en="Delivery person")),
    ("reviews", I18n(nl="Review- en vergelijkingssites", en="Review and comparison sites")),
    ("forums", I18n(nl="Fora en online groepen", en="Forums and online groups")),
    ("events", I18n(nl="Evenementen / beurzen", en="Events / fairs")),
    ("search", I18n(nl="Zoekmachine (Google)", en="Search engine (Google)")),
    (
        "ads",
        I18n(nl="Advertenties (online, krant, radio)", en="Advertising (online, print, radio)"),
    ),
    (
        "word_of_mouth",
        I18n(nl="Via via (familie, vrienden, collega's)", en="Word of mouth (family, friends)"),
    ),
    ("marketplace", I18n(nl="Marktplaatsen (bol, Amazon)", en="Marketplaces (Amazon, eBay)")),
    ("post", I18n(nl="Post of folder", en="Post or flyer")),
    ("visit", I18n(nl="Bezoek bij de klant", en="Visit at the customer's")),
)

# Emotion is a 5-point scale from -2 (very negative) to +2 (very positive).
EMOTIONS: tuple[tuple[int, str, I18n], ...] = (
    (-2, "😠", I18n(nl="Heel negatief", en="Very negative")),
    (-1, "🙁", I18n(nl="Negatief", en="Negative")),
    (0, "😐", I18n(nl="Neutraal", en="Neutral")),
    (1, "🙂", I18n(nl="Positief", en="Positive")),
    (2, "😄", I18n(nl="Heel positief", en="Very positive")),
)

# Impact and effort of an idea are stored as 1, 2, 3 (low to high). Each has words that
# answer its own question: "How much better does it get?" is not answered with "Medium".
LEVELS: tuple[tuple[int, I18n], ...] = (
    (1, I18n(nl="Laag", en="Low")),
    (2, I18n(nl="Middel", en="Medium")),
    (3, I18n(nl="Hoog", en="High")),
)
IMPACT: tuple[tuple[int, I18n], ...] = (
    (1, I18n(nl="Een beetje", en="A little")),
    (2, I18n(nl="Flink", en="Quite a bit")),
    (3, I18n(nl="Heel veel", en="A lot")),
)
EFFORT: tuple[tuple[int, I18n], ...] = (
    (1, I18n(nl="Weinig", en="Little")),
    (2, I18n(nl="Gemiddeld", en="Some")),
    (3, I18n(nl="Veel", en="A lot")),
)

# The people who decide together in a business purchase (the decision-making unit). A label
# is the plain name, then what the role does in brackets; `role_name` gives the name alone.
DECISION_ROLES: tuple[tuple[str, I18n], ...] = (
    ("initiator", I18n(nl="Initiatiefnemer (ziet de behoefte)", en="Initiator (spots the need)")),
    ("user", I18n(nl="Gebruiker (werkt er straks mee)", en="User (will work with it)")),
    (
        "influencer",
        I18n(
            nl="Adviseur (praat mee, bv. een collega)", en="Adviser (has a say, e.g. a colleague)"
        ),
    ),
    ("decider", I18n(nl="Beslisser (hakt de knoop door)", en="Decider (has the final say)")),
    (
        "buyer",
        I18n(nl="Inkoper (regelt prijs en contract)", en="Buyer (handles price and contract)"),
    ),
    (
        "gatekeeper",
        I18n(
            nl="Poortwachter (bv. secretariaat, IT-beheer)",
            en="Gatekeeper (e.g. reception, IT admin)",
        ),
    ),
)


def template_stages(journey_type: object) -> list[tuple[str, I18n]]:
    """The stages proposed for a journey type (``buyer``, ``customer``, ``experience``); the
    whole journey for anything else, e.g. when the type is not answered yet."""
    chosen = journey_type if isinstance(journey_type, str) else WHOLE_JOURNEY
    keys = STAGE_TEMPLATES.get(chosen, STAGE_TEMPLATES[WHOLE_JOURNEY])
    labels = dict(STAGES)
    return [(key, labels[key]) for key in keys]


def stage_label(key: str, lang: Lang) -> str:
    """Label of a known stage; custom stages carry their own names."""
    return _label(STAGES, key, lang)


def customer_stage_text(key: str, name: str, lang: Lang, *, formal: bool = False) -> str:
    """How a customer interview words stage ``key`` (named ``name`` on the map) unless the
    owner reworded it: the customer-facing text of a known stage, else the map's name."""
    text = CUSTOMER_STAGE_TEXTS.get(key)
    if text is None:
        return name
    if lang == "nl" and formal and text.nl_u:
        return text.nl_u
    return text.get(lang)


def stage_key_for_name(name: str) -> str | None:
    """The key of a known stage named ``name`` (a label in either language, a former label,
    or the key itself, case-insensitive); None for a name of the owner's own."""
    folded = name.strip().casefold()
    for key, label in STAGES:
        names = (label, *FORMER_STAGE_LABELS.get(key, ()))
        if folded == key or any(folded in (n.nl.casefold(), n.en.casefold()) for n in names):
            return key
    return None


def channel_label(key: str, lang: Lang) -> str:
    """Label of a known channel; a free-text channel is shown as typed."""
    return _label(CHANNELS, key, lang)


def role_label(key: str, lang: Lang) -> str:
    """A decision role with what it means, e.g. ``Poortwachter (bv. secretariaat, IT-beheer)``."""
    return _label(DECISION_ROLES, key, lang)


def role_name(key: str, lang: Lang) -> str:
    """A decision role's name alone (``Poortwachter``), for compact places like a map lane."""
    return role_label(key, lang).split(" (", 1)[0]


def impact_label(level: int, lang: Lang) -> str:
    """How much better an idea makes the experience (1-3), in words."""
    return _label(IMPACT, level, lang)


def effort_label(level: int, lang: Lang) -> str:
    """How much effort an idea takes (1-3), in words."""
    return _label(EFFORT, level, lang)


def _label(entries: tuple[tuple[_Key, I18n], ...], key: _Key, lang: Lang) -> str:
    for entry_key, label in entries:
        if entry_key == key:
            return label.get(lang)
    return str(key)


def emotion_face(score: int) -> str:
    """The emoji for an emotion score (-2 .. +2)."""
    for value, face, _ in EMOTIONS:
        if value == score:
            return face
    raise ValueError(f"emotion out of range: {score}")
