"""Texts of the chat layer (maps, reports, chats); the interview's own texts live in flows/."""

from __future__ import annotations

from flows.i18n import Catalog

T = Catalog(
    {
        "welcome": {
            "nl": "Hoi! Ik ben journeybot. Ik help je in een kwartiertje een customer journey "
            "map te maken: ik stel vragen, jij antwoordt in je eigen woorden.",
            "en": "Hi! I'm journeybot. In about fifteen minutes I'll help you build a customer "
            "journey map: I ask, you answer in your own words.",
        },
        "welcome_back": {
            "nl": "Welkom terug bij je kaart ‘{title}’. We gaan verder waar je was.",
            "en": "Welcome back to your map ‘{title}’. Let's continue where you left off.",
        },
        "new_map": {
            "nl": "Nieuwe kaart gestart. Je andere kaarten vind je met /maps.",
            "en": "New map started. Your other maps are under /maps.",
        },
        "maps_header": {
            "nl": "Je kaarten (✅ = actief). Kies er een om verder te gaan:",
            "en": "Your maps (✅ = active). Pick one to continue:",
        },
        "maps_none": {
            "nl": "Je hebt nog geen kaart. Stuur /new om er een te beginnen.",
            "en": "You have no maps yet. Send /new to start one.",
        },
        "map_switched": {
            "nl": "Je werkt nu aan ‘{title}’.",
            "en": "You are now working on ‘{title}’.",
        },
        "map_not_found": {
            "nl": "Die kaart kan ik niet vinden (of hij is niet van jou). Kies er een uit /maps.",
            "en": "I can't find that map (or it isn't yours). Pick one from /maps.",
        },
        "no_active_map": {
            "nl": "Je hebt nog geen kaart open. Stuur /new om te beginnen of /maps om te kiezen.",
            "en": "No map is open yet. Send /new to start or /maps to choose.",
        },
        "report_ready": {
            "nl": "Je rapport van ‘{title}’ staat klaar.",
            "en": "Your report of ‘{title}’ is ready.",
        },
        "report_written": {
            "nl": "Rapport opgeslagen: {paths}",
            "en": "Report saved: {paths}",
        },
        "report_failed": {
            "nl": "Het rapport maken lukte nu niet. Je antwoorden zijn veilig; probeer het zo "
            "nog eens.",
            "en": "I couldn't make the report just now. Your answers are safe; please try again "
            "in a moment.",
        },
        "group_chat": {
            "nl": "Interviews doe ik één-op-één. Open een privégesprek met mij: {link}",
            "en": "I run interviews one-to-one. Open a private chat with me: {link}",
        },
        "busy": {
            "nl": "Even geduld, ik verwerk je vorige bericht nog.",
            "en": "One moment, I'm still handling your previous message.",
        },
        "internal_error": {
            "nl": "Er ging iets mis aan mijn kant. Je antwoorden zijn bewaard; stuur je "
            "bericht nog eens of typ /status.",
            "en": "Something went wrong on my side. Your answers are saved; send your message "
            "again or type /status.",
        },
        "chat_intro": {
            "nl": "Typ je antwoord en druk op Enter. Keuzes beantwoord je met hun nummer. "
            "Commando's: /help. Stoppen kan altijd (Ctrl-D); je antwoorden blijven bewaard.",
            "en": "Type your answer and press Enter. Answer choices by their number. "
            "Commands: /help. You can stop any time (Ctrl-D); your answers are kept.",
        },
        "chat_bye": {
            "nl": "Tot later! Je antwoorden zijn bewaard; met `journeybot chat` ga je verder.",
            "en": "See you later! Your answers are saved; `journeybot chat` continues.",
        },
        "untitled_map": {"nl": "Kaart van {date}", "en": "Map of {date}"},
        "cmd_start": {"nl": "Beginnen of verdergaan", "en": "Start or continue"},
        "cmd_new": {"nl": "Nieuwe kaart", "en": "New map"},
        "cmd_maps": {"nl": "Je kaarten", "en": "Your maps"},
        "cmd_report": {"nl": "Rapport van deze kaart", "en": "Report of this map"},
        "cmd_status": {"nl": "Waar ben ik?", "en": "Where am I?"},
        "cmd_back": {"nl": "Vorige vraag aanpassen", "en": "Change the previous answer"},
        "cmd_skip": {"nl": "Vraag overslaan (als dat kan)", "en": "Skip a question (if optional)"},
        "cmd_cancel": {"nl": "Interview stoppen", "en": "Stop the interview"},
        "cmd_language": {"nl": "Taal: Nederlands / English", "en": "Language: Dutch / English"},
        "cmd_help": {"nl": "Uitleg", "en": "Help"},
    }
)
