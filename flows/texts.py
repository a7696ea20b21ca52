"""Everything the interview engine itself says, in Dutch and English.

Question prompts come from the flow files; these are the engine's own replies: hints,
validation errors, navigation, menu and status texts. ``Catalog`` refuses a missing language at
import time.
"""

from __future__ import annotations

from flows.i18n import Catalog, Lang

T = Catalog(
    {
        # progress and question decoration
        "progress": {"nl": "Stap {n} van {total} · {title}", "en": "Step {n} of {total} · {title}"},
        "current_answer": {
            "nl": "Je huidige antwoord: {value}",
            "en": "Your current answer: {value}",
        },
        "skipped_value": {"nl": "(overgeslagen)", "en": "(skipped)"},
        "continue_button": {"nl": "⏩ Verder waar ik was", "en": "⏩ Continue where I was"},
        "continue_hint": {
            "nl": (
                "(Stuur een nieuw antwoord om het te wijzigen; daarna komt de vraag erna. "
                "Verder waar je was: /verder.)"
            ),
            "en": (
                "(Send a new answer to change it; the question after it comes next. "
                "Back to where you were: /continue.)"
            ),
        },
        "changed_next": {
            "nl": "Opgeslagen. Dit is de volgende vraag, met je antwoord van eerder.",
            "en": "Saved. This is the next question, with your earlier answer.",
        },
        "yes": {"nl": "Ja", "en": "Yes"},
        "no": {"nl": "Nee", "en": "No"},
        "done_button": {"nl": "Klaar ✔", "en": "Done ✔"},
        "skip_button": {"nl": "Overslaan ⏭", "en": "Skip ⏭"},
        "keep_list_button": {"nl": "✔ Deze lijst houden", "en": "✔ Keep this list"},
        "hint_optional": {
            "nl": "(Niet verplicht: /skip slaat deze vraag over.)",
            "en": "(Optional: /skip skips this question.)",
        },
        "list_proposal": {"nl": "Voorstel:", "en": "Suggestion:"},
        "list_now": {"nl": "Je lijst nu:", "en": "Your list now:"},
        "hint_list_edit": {
            "nl": (
                "Klopt dit? Kies ‘Deze lijst houden’.\n"
                "Eén ding anders? Typ alleen de wijziging:\n"
                "{n} = nieuwe naam → nummer {n} hernoemen\n"
                "- {n} → nummer {n} schrappen\n"
                "+ naam → achteraan toevoegen (+ {n} = naam: op plek {n})\n"
                "Of stuur een hele nieuwe lijst: één per regel, of gescheiden door ;."
            ),
            "en": (
                "Is this right? Choose ‘Keep this list’.\n"
                "One thing different? Type just the change:\n"
                "{n} = new name → rename number {n}\n"
                "- {n} → drop number {n}\n"
                "+ name → add at the end (+ {n} = name: at place {n})\n"
                "Or send a whole new list: one per line, or separated by ;."
            ),
        },
        "list_renamed": {"nl": "„{old}” heet nu „{new}”.", "en": "“{old}” is now “{new}”."},
        "list_dropped": {"nl": "„{old}” is geschrapt.", "en": "“{old}” is dropped."},
        "list_added": {"nl": "„{new}” is toegevoegd.", "en": "“{new}” is added."},
        # validation
        "err_empty": {
            "nl": "Ik kreeg geen antwoord. Typ je antwoord, graag.",
            "en": "That was empty. Please type your answer.",
        },
        "err_empty_optional": {
            "nl": "Ik kreeg geen antwoord. Typ je antwoord, of /skip om over te slaan.",
            "en": "That was empty. Please type your answer, or /skip to skip.",
        },
        "err_too_short": {
            "nl": "Dat is wat kort: minstens {min} tekens, graag.",
            "en": "That is a bit short: at least {min} characters, please.",
        },
        "err_too_long": {
            "nl": "Dat is te lang: hoogstens {max} tekens, jouw antwoord heeft er {length}.",
            "en": "That is too long: at most {max} characters, yours has {length}.",
        },
        "err_choice": {
            "nl": "„{text}” staat niet tussen de keuzes.",
            "en": "“{text}” is not one of the choices.",
        },
        "err_too_many": {
            "nl": "Kies er hoogstens {max} (het waren er {count}).",
            "en": "Choose at most {max} (that was {count}).",
        },
        "err_none_chosen": {
            "nl": "Kies er minstens één.",
            "en": "Choose at least one.",
        },
        "err_number": {
            "nl": "Dat is geen heel getal van {min} tot {max}.",
            "en": "That is not a whole number from {min} to {max}.",
        },
        "err_range": {
            "nl": "{value} valt buiten de schaal: kies van {min} tot {max}.",
            "en": "{value} is outside the scale: choose from {min} to {max}.",
        },
        "err_yesno": {
            "nl": "Antwoord met ja of nee.",
            "en": "Please answer yes or no.",
        },
        "err_list_empty": {
            "nl": "Ik zie geen items. Zet elk item op een eigen regel.",
            "en": "I see no items. Put each item on its own line.",
        },
        "err_list_too_many": {
            "nl": "Hoogstens {max} items, het waren er {count}.",
            "en": "At most {max} items, that was {count}.",
        },
        "err_list_fixed": {
            "nl": (
                "Dat zijn er {count}, maar het moeten er {n} zijn: één per fase, in dezelfde "
                "volgorde. Hier is de lijst weer zoals voorgesteld; verander er een met: "
                "3 = nieuwe tekst"
            ),
            "en": (
                "That is {count}, but it must be {n}: one per stage, in the same order. Here is "
                "the list as proposed again; change one with: 3 = new text"
            ),
        },
        "err_item_too_long": {
            "nl": "Item {n} is te lang: hoogstens {max} tekens, het heeft er {length}.",
            "en": "Item {n} is too long: at most {max} characters, it has {length}.",
        },
        "err_list_one": {
            "nl": (
                "Alleen „{item}”? Dat zou de hele lijst vervangen, dus ik heb niets veranderd. "
                "Toevoegen: + {item} · nummer {n} vervangen: {n} = {item}"
            ),
            "en": (
                "Only “{item}”? That would replace the whole list, so I changed nothing. "
                "To add it: + {item} · to replace number {n}: {n} = {item}"
            ),
        },
        "err_list_edit_number": {
            "nl": "Er is geen nummer {n}: de lijst loopt van 1 tot {max}.",
            "en": "There is no number {n}: the list goes from 1 to {max}.",
        },
        "err_list_edit_place": {
            "nl": "Plek {n} bestaat niet: kies een plek van 1 tot {max}.",
            "en": "There is no place {n}: choose a place from 1 to {max}.",
        },
        "err_list_edit_twice": {
            "nl": "Nummer {n} staat twee keer in je wijziging. Eén wijziging per nummer, graag.",
            "en": "Number {n} comes twice in your change. One change per number, please.",
        },
        "err_list_edit_name": {
            "nl": "Bij „{part}” mist de naam. Zet hem erachter, zo: {example}",
            "en": "“{part}” lacks the name. Put it after, like this: {example}",
        },
        "err_list_edit_duplicate": {
            "nl": "„{name}” staat al in de lijst.",
            "en": "“{name}” is already in the list.",
        },
        "err_list_edit_empty": {
            "nl": "Dan blijft er niets over. Er moet er minstens één in de lijst blijven.",
            "en": "That would leave nothing. At least one has to stay in the list.",
        },
        "err_list_edit_unclear": {
            "nl": (
                "„{part}” lees ik niet als wijziging, dus ik heb niets veranderd. Een wijziging "
                "begint met een nummer en = (hernoemen), met - (schrappen) of met + (toevoegen)."
            ),
            "en": (
                "I can't read “{part}” as a change, so I changed nothing. A change starts with a "
                "number and = (rename), with - (drop) or with + (add)."
            ),
        },
        "err_unsupported": {
            "nl": "Een {content} kan ik hier niet gebruiken. {expected}",
            "en": "I can't use a {content} here. {expected}",
        },
        "expect_text": {
            "nl": "Ik verwacht een getypt antwoord.",
            "en": "I need a typed answer.",
        },
        "expect_choice": {
            "nl": "Kies een van de keuzes.",
            "en": "Please pick one of the choices.",
        },
        # buttons and navigation
        "stale_button": {
            "nl": "Die keuze hoort bij een eerdere vraag. Dit is de vraag van nu:",
            "en": "That choice belongs to an earlier question. Here is the current one:",
        },
        "first_question": {
            "nl": "Dit is de eerste vraag; verder terug kan niet.",
            "en": "This is the first question; there is nothing before it.",
        },
        "addition_dropped": {
            "nl": "Terug in het menu; er is niets toegevoegd.",
            "en": "Back in the menu; nothing was added.",
        },
        "addition_kept": {
            "nl": "Terug in het menu. Wat je al invulde, is bewaard; wijzigen kan via "
            "‘Antwoord wijzigen’.",
            "en": "Back in the menu. What you filled in is kept; you can change it with "
            "‘Edit an answer’.",
        },
        "back_in_menu": {
            "nl": "Je bent in het menu. Kies ‘Antwoord wijzigen’ om iets aan te passen.",
            "en": "You are in the menu. Choose ‘Edit an answer’ to change something.",
        },
        "skip_required": {
            "nl": "Deze vraag is nodig, dus overslaan kan niet. Een kort antwoord is prima.",
            "en": "This question is needed, so it can't be skipped. A short answer is fine.",
        },
        "skip_required_choice": {
            "nl": "Deze vraag is nodig, dus overslaan kan niet: kies wat het best past.",
            "en": "This question is needed, so it can't be skipped: pick what fits best.",
        },
        "skip_not_here": {
            "nl": "Hier valt niets over te slaan.",
            "en": "There is nothing to skip here.",
        },
        "status": {
            "nl": "Je bent bij {where}.\nVraag: {question}\nBeantwoord tot nu toe: {answered}.",
            "en": "You are at {where}.\nQuestion: {question}\nAnswered so far: {answered}.",
        },
        "status_menu": {
            "nl": "De eerste ronde is klaar ({answered} antwoorden). Je bent in het menu.",
            "en": "The first round is done ({answered} answers). You are in the menu.",
        },
        "help_question": {
            "nl": (
                "Beantwoord gewoon de vraag; hieronder staat hij nog eens. Verder kun je:\n"
                "/back – terug naar de vorige vraag\n"
                "/verder – verder waar je was (na /back)\n"
                "/skip – overslaan (als de vraag niet verplicht is)\n"
                "/status – waar ben ik?\n"
                "/language – taal wijzigen (nl/en)\n"
                "/cancel – dit interview stoppen (je antwoorden blijven bewaard)\n"
                "/help – deze hulp"
            ),
            "en": (
                "Just answer the question; it is shown again below. You can also:\n"
                "/back – go to the previous question\n"
                "/continue – continue where you were (after /back)\n"
                "/skip – skip (when the question is optional)\n"
                "/status – where am I?\n"
                "/language – change the language (nl/en)\n"
                "/cancel – stop this interview (your answers are kept)\n"
                "/help – this help"
            ),
        },
        "help_menu": {
            "nl": (
                "Kies in het menu: iets toevoegen, een antwoord wijzigen, het rapport maken of "
                "afronden.\n/status – waar ben ik?\n/language – taal wijzigen\n"
                "/cancel – stoppen\n/help – deze hulp"
            ),
            "en": (
                "Choose from the menu: add something, edit an answer, make the report or "
                "finish.\n/status – where am I?\n/language – change the language\n"
                "/cancel – stop\n/help – this help"
            ),
        },
        "cancel_confirm": {
            "nl": "Wil je dit interview stoppen? Je antwoorden tot nu toe blijven bewaard.",
            "en": "Stop this interview? The answers you gave so far are kept.",
        },
        "cancel_yes": {"nl": "Ja, stoppen", "en": "Yes, stop"},
        "cancel_no": {"nl": "Nee, doorgaan", "en": "No, continue"},
        "cancelled": {
            "nl": "Gestopt. Je antwoorden tot nu toe zijn bewaard.",
            "en": "Stopped. The answers you gave so far are kept.",
        },
        "cancel_kept": {"nl": "Prima, we gaan verder.", "en": "Fine, let's go on."},
        "language_choose": {
            "nl": "Kies je taal · Choose your language",
            "en": "Choose your language · Kies je taal",
        },
        "language_set": {"nl": "De taal is nu Nederlands.", "en": "The language is now English."},
        "unknown_command": {
            "nl": "Het commando /{command} ken ik niet. /help laat zien wat kan.",
            "en": "I don't know the command /{command}. /help shows what you can do.",
        },
        "command_not_here": {
            "nl": "/{command} kan hier niet.",
            "en": "/{command} is not available here.",
        },
        "ended": {
            "nl": "Dit interview is afgesloten; je antwoorden zijn bewaard.",
            "en": "This interview is closed; your answers are kept.",
        },
        "ended_cancelled": {
            "nl": "Dit interview is gestopt; je antwoorden zijn bewaard. "
            "Verder waar je was: /verder. Meer: /help.",
            "en": "This interview is stopped; your answers are kept. "
            "To continue where you were: /continue. More: /help.",
        },
        "ended_finished": {
            "nl": "Deze kaart is afgerond; je antwoorden zijn bewaard. "
            "Terug naar het menu: /verder. Meer: /help.",
            "en": "This map is finished; your answers are kept. "
            "Back to the menu: /continue. More: /help.",
        },
        "help_closed": {
            "nl": (
                "Dit interview staat stil; je antwoorden zijn bewaard. Je kunt:\n"
                "/verder – verder waar je was\n"
                "/maps – je kaarten bekijken en wisselen\n"
                "/new – een nieuwe kaart beginnen\n"
                "/language – taal wijzigen (nl/en)\n"
                "/help – deze hulp"
            ),
            "en": (
                "This interview is paused; your answers are kept. You can:\n"
                "/continue – continue where you were\n"
                "/maps – see your maps and switch\n"
                "/new – start a new map\n"
                "/language – change the language (nl/en)\n"
                "/help – this help"
            ),
        },
        "finished": {
            "nl": "Klaar! Dank je wel voor je antwoorden.",
            "en": "All done! Thank you for your answers.",
        },
        "first_pass_done": {
            "nl": (
                "De eerste ronde is klaar. "
                "Je kunt nu aanvullen, antwoorden wijzigen of het rapport maken."
            ),
            "en": "The first round is done. You can now add more, edit answers or make the report.",
        },
        "internal_error": {
            "nl": "Er ging iets mis aan mijn kant. Dit is waar je was:",
            "en": "Something went wrong on my side. Here is where you were:",
        },
        # menu
        "menu_prompt": {"nl": "Wat wil je nu doen?", "en": "What would you like to do next?"},
        "menu_add": {"nl": "➕ {title} toevoegen", "en": "➕ Add {title}"},
        "menu_edit": {"nl": "✏️ Antwoord wijzigen", "en": "✏️ Edit an answer"},
        "menu_report": {"nl": "📊 Rapport maken", "en": "📊 Make the report"},
        "menu_done": {"nl": "✅ Afronden", "en": "✅ Finish"},
        "menu_back": {"nl": "↩ Menu", "en": "↩ Menu"},
        "menu_pick_parent": {
            "nl": "Waar hoort het bij? Kies een {title}.",
            "en": "Which {title} does it belong to?",
        },
        "menu_no_parent": {
            "nl": "Er is nog geen {title} om dit aan toe te voegen.",
            "en": "There is no {title} yet to add this to.",
        },
        "menu_max": {
            "nl": "Het maximum van {max} is bereikt.",
            "en": "The maximum of {max} is reached.",
        },
        "menu_added": {"nl": "Toegevoegd.", "en": "Added."},
        "cap_first_pass": {
            "nl": "✋ Dat was {last}: meer vraagt deze eerste ronde niet. Meer toevoegen kan "
            "straks via het menu.",
            "en": "✋ That was {last}: this first round asks for no more. You can add more "
            "later from the menu.",
        },
        "cap_max": {
            "nl": "✋ {last} is het maximum hier.",
            "en": "✋ {last} is the most there can be here.",
        },
        "cap_next": {"nl": "We gaan verder met het volgende deel.", "en": "On to the next part."},
        "edit_pick_step": {
            "nl": "Welk deel wil je aanpassen?",
            "en": "Which part do you want to change?",
        },
        "edit_pick_entry": {
            "nl": "Kies het antwoord dat je wilt wijzigen, of een onderdeel om het te openen.",
            "en": "Pick the answer you want to change, or a part to open it.",
        },
        "edit_pick_answer": {
            "nl": "Kies het antwoord dat je wilt wijzigen.",
            "en": "Pick the answer you want to change.",
        },
        "edit_page": {"nl": "(pagina {page} van {pages})", "en": "(page {page} of {pages})"},
        "edit_up": {"nl": "⬆ Terug", "en": "⬆ Back"},
        "edit_nothing": {
            "nl": "Er zijn nog geen antwoorden om te wijzigen.",
            "en": "There are no answers to change yet.",
        },
        "edit_prev": {"nl": "« Vorige", "en": "« Previous"},
        "edit_next": {"nl": "Volgende »", "en": "Next »"},
        "edit_hint": {
            "nl": "(Stuur een nieuw antwoord om het te wijzigen; /back laat het zoals het is.)",
            "en": "(Send a new answer to change it; /back leaves it as it is.)",
        },
        "edit_keep_button": {"nl": "⬆ Laten zoals het is", "en": "⬆ Leave it as it is"},
        "edit_saved": {"nl": "Gewijzigd.", "en": "Changed."},
        "done_not_here": {
            "nl": "/klaar sluit een reeks af (gebeurtenissen, ideeën); hier is die er niet.",
            "en": "/done ends a series (events, ideas); there is nothing to end here.",
        },
        # names of content the bot cannot read
        "content_sticker": {"nl": "sticker", "en": "sticker"},
        "content_photo": {"nl": "foto", "en": "photo"},
        "content_voice": {"nl": "spraakbericht", "en": "voice message"},
        "content_audio": {"nl": "geluidsbestand", "en": "audio file"},
        "content_video": {"nl": "video", "en": "video"},
        "content_video_note": {"nl": "videobericht", "en": "video message"},
        "content_animation": {"nl": "GIF", "en": "GIF"},
        "content_document": {"nl": "bestand", "en": "file"},
        "content_location": {"nl": "locatie", "en": "location"},
        "content_contact": {"nl": "contact", "en": "contact"},
        "content_poll": {"nl": "peiling", "en": "poll"},
        "content_other": {"nl": "dit soort bericht", "en": "this kind of message"},
    }
)


def content_name(content: str, lang: Lang) -> str:
    """A readable name for non-text content, e.g. ``voice`` -> ``spraakbericht``."""
    key = f"content_{content}"
    return T(key, lang) if key in _CONTENT_KEYS else T("content_other", lang)


_CONTENT_KEYS = frozenset(k for k in T.keys() if k.startswith("content_"))  # noqa: SIM118
