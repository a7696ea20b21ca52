"""The fixed vocabularies of the method: default stages, channels, scales.

Keys are persisted (in answers and button data), so they are short stable slugs; labels are
display text in both languages.
"""

from __future__ import annotations

from flows.i18n import I18n, Lang

DEFAULT_STAGES: tuple[tuple[str, I18n], ...] = (
    ("trigger", I18n(nl="Aanleiding / latente behoefte", en="Trigger / latent need")),
    ("need", I18n(nl="Concrete behoefte", en="Concrete need")),
    ("orientation", I18n(nl="Oriëntatie", en="Orientation")),
    ("consideration", I18n(nl="Overweging", en="Consideration")),
    ("decision", I18n(nl="Beslissing", en="Decision")),
    ("purchase", I18n(nl="Aankoop", en="Purchase")),
    ("delivery", I18n(nl="Levering / start van de dienst", en="Delivery / start of service")),
    ("use", I18n(nl="Gebruik en service", en="Use and service")),
    ("loyalty", I18n(nl="Loyaliteit en aanbeveling", en="Loyalty and advocacy")),
)

CHANNELS: tuple[tuple[str, I18n], ...] = (
    ("website", I18n(nl="Website", en="Website")),
    ("webshop", I18n(nl="Webshop", en="Webshop")),
    ("app", I18n(nl="App", en="App")),
    ("social", I18n(nl="Social media", en="Social media")),
    ("email", I18n(nl="E-mail", en="Email")),
    ("phone", I18n(nl="Telefoon / klantenservice", en="Phone / call centre")),
    ("chat", I18n(nl="Chat / WhatsApp", en="Chat / WhatsApp")),
    ("store", I18n(nl="Winkel of kantoor", en="Shop or office")),
    ("delivery", I18n(nl="Bezorger", en="Delivery person")),
    ("reviews", I18n(nl="Review- en vergelijkingssites", en="Review and comparison sites")),
    ("forums", I18n(nl="Fora", en="Forums")),
    ("events", I18n(nl="Evenementen / beurzen", en="Events / fairs")),
)

# Emotion is a 5-point scale from -2 (very negative) to +2 (very positive).
EMOTIONS: tuple[tuple[int, str, I18n], ...] = (
    (-2, "😠", I18n(nl="Heel negatief", en="Very negative")),
    (-1, "🙁", I18n(nl="Negatief", en="Negative")),
    (0, "😐", I18n(nl="Neutraal", en="Neutral")),
    (1, "🙂", I18n(nl="Positief", en="Positive")),
    (2, "😄", I18n(nl="Heel positief", en="Very positive")),
)

# Impact and effort of an idea: 1 low, 2 medium, 3 high.
LEVELS: tuple[tuple[int, I18n], ...] = (
    (1, I18n(nl="Laag", en="Low")),
    (2, I18n(nl="Middel", en="Medium")),
    (3, I18n(nl="Hoog", en="High")),
)

DECISION_ROLES: tuple[tuple[str, I18n], ...] = (
    ("initiator", I18n(nl="Initiator", en="Initiator")),
    ("user", I18n(nl="Gebruiker", en="User")),
    ("influencer", I18n(nl="Beïnvloeder", en="Influencer")),
    ("decider", I18n(nl="Beslisser", en="Decider")),
    ("buyer", I18n(nl="Inkoper", en="Buyer")),
)


def stage_label(key: str, lang: Lang) -> str:
    """Label of a default stage; custom stages carry their own names."""
    for stage_key, label in DEFAULT_STAGES:
        if stage_key == key:
            return label.get(lang)
    return key


def channel_label(key: str, lang: Lang) -> str:
    """Label of a known channel; a free-text channel is shown as typed."""
    for channel_key, label in CHANNELS:
        if channel_key == key:
            return label.get(lang)
    return key


def emotion_face(score: int) -> str:
    """The emoji for an emotion score (-2 .. +2)."""
    for value, face, _ in EMOTIONS:
        if value == score:
            return face
    raise ValueError(f"emotion out of range: {score}")
