"""Texts of the chat layer (maps, reports, chats); the interview's own texts live in flows/."""

from __future__ import annotations

from flows.i18n import Catalog

__all__ = ["T"]

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
        "welcome_back_interview": {
            "nl": "Welkom terug bij het interview over ‘{title}’. We gaan verder waar je was.",
            "en": "Welcome back to the interview about ‘{title}’. Let's continue where you left "
            "off.",
        },
        "welcome_back_interview_u": {
            "nl": "Welkom terug bij het interview over ‘{title}’. We gaan verder waar u was.",
            "en": "Welcome back to the interview about ‘{title}’. Let's continue where you left "
            "off.",
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
        "interview_stopped": {
            "nl": "Verder waar je was: /verder · je kaarten: /maps · een nieuwe kaart: /new.",
            "en": "Continue where you were: /continue · your maps: /maps · a new map: /new.",
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
            "nl": "Ik maak het rapport van ‘{title}’: eerst een plaatje van de kaart, dan de "
            "hele kaart als webpagina en als pdf. Een ogenblik…",
            "en": "Making the report of ‘{title}’: first a picture of the map, then the whole "
            "map as a web page and a PDF. One moment…",
        },
        "files_saved": {
            "nl": "Opgeslagen in {folder}:\n{files}",
            "en": "Saved in {folder}:\n{files}",
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
        "storage_unavailable": {
            "nl": "Ik kan je bericht even niet verwerken: mijn opslag is onbereikbaar. Ik heb "
            "het bewaard en ga ermee verder zodra het weer kan; probeer het over een minuut "
            "nog eens met /status. Je bericht hoef je niet opnieuw te sturen.",
            "en": "I can't process your message right now: my storage is unreachable. I've kept "
            "it and will carry on with it as soon as I can; try again in a minute with "
            "/status. No need to send your message again.",
        },
        "internal_error": {
            "nl": "Er ging iets mis aan mijn kant; je laatste bericht kon ik niet verwerken. "
            "Je eerdere antwoorden zijn bewaard; met /status zie je waar je bent.",
            "en": "Something went wrong on my side; I couldn't process your last message. "
            "Your earlier answers are saved; /status shows where you are.",
        },
        "reply_delayed": {
            "nl": "Telegram nam mijn antwoord net niet aan. Je bericht is verwerkt; ik stuur de "
            "vraag opnieuw zodra Telegram hem aanneemt.",
            "en": "Telegram didn't accept my reply just now. I've got your message; I'll send "
            "the question again as soon as Telegram accepts it.",
        },
        "held_back": {
            "nl": "Dit kwam eerder niet bij je aan (Telegram nam het niet aan), dus je laatste "
            "bericht heb ik niet als antwoord genomen:",
            "en": "This didn't reach you earlier (Telegram didn't accept it), so I haven't "
            "taken your last message as an answer:",
        },
        "chat_intro": {
            "nl": "Typ je antwoord en druk op Enter. Keuzes beantwoord je met hun nummer. "
            "Commando's: /help. Stoppen kan altijd (Ctrl-D); je antwoorden blijven bewaard.",
            "en": "Type your answer and press Enter. Answer choices by their number. "
            "Commands: /help. You can stop any time (Ctrl-D); your answers are kept.",
        },
        "chat_bye": {
            "nl": "Tot later! Je antwoorden zijn bewaard; verdergaan doe je met: {command}",
            "en": "See you later! Your answers are saved; to continue, run: {command}",
        },
        "report_owners_only": {
            "nl": "Het rapport van deze kaart is alleen voor de eigenaren. Je eigen antwoorden "
            "krijg je met /export.",
            "en": "This map's report is for its owners only. /export sends you your own answers.",
        },
        "report_filter_unknown": {
            "nl": "Dat filter ken ik niet. Probeer: {names}.",
            "en": "I don't know that filter. Try: {names}.",
        },
        "invite_needs_map": {
            "nl": "Open eerst een kaart waarvan jij eigenaar bent (/maps of /new).",
            "en": "First open a map you own (/maps or /new).",
        },
        "role_customer": {"nl": "klanten", "en": "customers"},
        "role_colleague": {"nl": "collega's", "en": "colleagues"},
        "role_editor": {"nl": "mede-eigenaar", "en": "co-owner"},
        "role_one_customer": {"nl": "Een klant", "en": "A customer"},
        "role_one_colleague": {"nl": "Een collega", "en": "A colleague"},
        "invite_created": {
            "nl": "Uitnodiging voor {role} van ‘{title}’ (geldig {days} dagen). Stuur deze link "
            "door of laat de QR-code scannen:\n{link}",
            "en": "Invite for {role} of ‘{title}’ (valid {days} days). Share this link or let "
            "people scan the QR code:\n{link}",
        },
        "invite_created_no_link": {
            "nl": "Uitnodiging voor {role} van ‘{title}’ gemaakt. Zonder Telegram-bot is er geen "
            "link; in de terminal typ je: /start {token}",
            "en": "Invite for {role} of ‘{title}’ created. Without a Telegram bot there is no "
            "link; in the terminal chat, type: /start {token}",
        },
        "invite_qr_caption": {
            "nl": "Scan om mee te doen",
            "en": "Scan to take part",
        },
        "invites_none": {
            "nl": "Deze kaart heeft nog geen uitnodigingen. Maak er een met /invite.",
            "en": "This map has no invites yet. Create one with /invite.",
        },
        "invites_header": {
            "nl": "Uitnodigingen van ‘{title}’ (gebruikt/maximum):",
            "en": "Invites of ‘{title}’ (used/maximum):",
        },
        "invite_until": {"nl": "tot {date}", "en": "until {date}"},
        "invite_status_active": {"nl": "actief", "en": "active"},
        "invite_status_revoked": {"nl": "ingetrokken", "en": "revoked"},
        "invite_status_expired": {"nl": "verlopen", "en": "expired"},
        "invite_status_used_up": {"nl": "opgebruikt", "en": "used up"},
        "invite_revoke": {"nl": "🚫 Trek #{id} in", "en": "🚫 Revoke #{id}"},
        "invite_not_yours": {
            "nl": "Die uitnodiging kan ik niet vinden bij jouw kaarten.",
            "en": "I can't find that invite among your maps.",
        },
        "invite_revoked_done": {
            "nl": "Uitnodiging #{id} is ingetrokken; de link werkt niet meer.",
            "en": "Invite #{id} is revoked; the link no longer works.",
        },
        "invite_revoked_already": {
            "nl": "Uitnodiging #{id} was al niet meer actief.",
            "en": "Invite #{id} was no longer active.",
        },
        "invite_unknown": {
            "nl": "Deze uitnodigingslink ken ik niet. Controleer of je de hele link hebt "
            "gebruikt, of vraag om een nieuwe.",
            "en": "I don't recognise this invite link. Check that you used the whole link, or "
            "ask for a new one.",
        },
        "invite_expired": {
            "nl": "Deze uitnodiging is verlopen. Vraag degene die je uitnodigde om een nieuwe "
            "link.",
            "en": "This invite has expired. Ask the person who invited you for a new link.",
        },
        "invite_revoked": {
            "nl": "Deze uitnodiging is ingetrokken. Vraag gerust om een nieuwe link.",
            "en": "This invite was withdrawn. Feel free to ask for a new link.",
        },
        "invite_used_up": {
            "nl": "Deze uitnodiging is al door het maximale aantal mensen gebruikt. Vraag om een "
            "nieuwe link.",
            "en": "This invite has been used by as many people as allowed. Ask for a new link.",
        },
        "someone": {"nl": "Iemand", "en": "Someone"},
        "consent_intro_customer": {
            "nl": "Hoi! {owner} vraagt je mee te werken aan ‘{title}’: in een paar minuten "
            "vertel je hoe jij het als klant beleefde. Daarmee wordt het beter voor klanten.",
            "en": "Hi! {owner} asks for your help with ‘{title}’: in a few minutes you tell how "
            "you experienced it as a customer. That helps make it better for customers.",
        },
        "consent_intro_colleague": {
            "nl": "Hoi! {owner} vraagt jouw kijk op de klantreis van ‘{title}’. Je kunt in "
            "meerdere korte sessies antwoorden; ik onthoud waar je was.",
            "en": "Hi! {owner} asks for your view of the customer journey of ‘{title}’. You can "
            "answer in several short sittings; I remember where you were.",
        },
        "consent_intro_customer_u": {
            "nl": "Goedendag! {owner} vraagt u mee te werken aan ‘{title}’: in een paar minuten "
            "vertelt u hoe u het als klant beleefde. Daarmee wordt het beter voor klanten.",
            "en": "Hello! {owner} asks for your help with ‘{title}’: in a few minutes you tell "
            "how you experienced it as a customer. That helps make it better for customers.",
        },
        "consent_declined_u": {
            "nl": "Helemaal goed. Er is niets van u bewaard. Bedenkt u zich, open de link dan "
            "opnieuw.",
            "en": "That's fine. Nothing of yours was stored. If you change your mind, open the "
            "link again.",
        },
        "consent_thanks_u": {
            "nl": "Dank u wel! Stoppen kan altijd; met /start gaat u later verder.",
            "en": "Thank you! You can stop any time; /start continues later.",
        },
        "consent_declined": {
            "nl": "Helemaal goed. Er is niets van je bewaard. Bedenk je je, open de link dan "
            "opnieuw.",
            "en": "That's fine. Nothing of yours was stored. If you change your mind, open the "
            "link again.",
        },
        "consent_thanks": {
            "nl": "Dank je! Stoppen kan altijd; met /start ga je later verder.",
            "en": "Thank you! You can stop any time; /start continues later.",
        },
        "editor_welcome": {
            "nl": "Je bent nu mede-eigenaar van ‘{title}’: je kunt de kaart aanvullen, mensen "
            "uitnodigen en het rapport bekijken.",
            "en": "You are now co-owner of ‘{title}’: you can add to the map, invite people and "
            "see the report.",
        },
        "status_no_invites": {
            "nl": "Kaart ‘{title}’: nog niemand uitgenodigd. Met /invite nodig je klanten of "
            "collega's uit.",
            "en": "Map ‘{title}’: nobody invited yet. /invite invites customers or colleagues.",
        },
        "status_map": {
            "nl": "Kaart ‘{title}’ · {links} uitnodigingslink(s)",
            "en": "Map ‘{title}’ · {links} invite link(s)",
        },
        "status_role": {
            "nl": "{role}: {started} begonnen, {finished} klaar, {open} bezig",
            "en": "{role}: {started} started, {finished} finished, {open} in progress",
        },
        "status_colleagues": {"nl": "Collega's: {names}", "en": "Colleagues: {names}"},
        "finished_mark": {"nl": "(klaar)", "en": "(done)"},
        "notify_finished": {
            "nl": "{role} heeft het interview voor ‘{title}’ afgerond ({done} klaar). "
            "/report toont de kaart; /notify uit zet deze berichten uit.",
            "en": "{role} finished the interview for ‘{title}’ ({done} done). /report shows the "
            "map; /notify off turns these messages off.",
        },
        "reminder": {
            "nl": "Je was halverwege het interview over ‘{title}’. Zin om verder te gaan? Stuur "
            "/start. Geen herinneringen meer? Stuur /stop.",
            "en": "You were halfway through the interview about ‘{title}’. Care to continue? "
            "Send /start. No more reminders? Send /stop.",
        },
        "reminder_u": {
            "nl": "U was halverwege het interview over ‘{title}’. Zin om verder te gaan? Stuur "
            "/start. Geen herinneringen meer? Stuur /stop.",
            "en": "You were halfway through the interview about ‘{title}’. Care to continue? "
            "Send /start. No more reminders? Send /stop.",
        },
        "remind_sent": {
            "nl": "Herinnering gestuurd aan {count} deelnemer(s) die nog niet klaar zijn.",
            "en": "Reminder sent to {count} participant(s) who have not finished.",
        },
        "stopped_notifications": {
            "nl": "Goed, je krijgt geen herinneringen of meldingen meer. (/notify zet ze weer "
            "aan.)",
            "en": "OK, no more reminders or notifications. (/notify turns them back on.)",
        },
        "notify_on": {
            "nl": "Meldingen en herinneringen staan weer aan.",
            "en": "Notifications and reminders are on again.",
        },
        "confirm_kept": {"nl": "Oké, er is niets gewist.", "en": "OK, nothing was erased."},
        "forget_nothing": {
            "nl": "Je hebt niet aan een interview van iemand anders meegedaan, dus er is niets "
            "te wissen. Je eigen kaarten verwijder je met /deletemap.",
            "en": "You haven't taken part in anyone else's interview, so there is nothing to "
            "erase. Your own maps are removed with /deletemap.",
        },
        "forget_confirm": {
            "nl": "Wil je alles wissen wat je in interviews hebt geantwoord? Dit kan niet "
            "ongedaan worden gemaakt.",
            "en": "Do you want to erase everything you answered in interviews? This cannot be "
            "undone.",
        },
        "forget_done": {
            "nl": "Gewist: je antwoorden uit {count} interview(s). Ze staan ook niet meer in "
            "rapporten.",
            "en": "Erased: your answers from {count} interview(s). They no longer appear in any "
            "report.",
        },
        "forget_done_person": {
            "nl": "Gewist: je antwoorden uit {count} interview(s), en je naam en taal. Ze staan "
            "ook niet meer in rapporten.",
            "en": "Erased: your answers from {count} interview(s), and your name and language. "
            "They no longer appear in any report.",
        },
        "delete_owner_only": {
            "nl": "Alleen de eigenaar kan een kaart verwijderen.",
            "en": "Only the owner can delete a map.",
        },
        "delete_confirm": {
            "nl": "Kaart ‘{title}’ verwijderen, met alle antwoorden van iedereen? Dit kan niet "
            "ongedaan worden gemaakt.",
            "en": "Delete map ‘{title}’ with everyone's answers? This cannot be undone.",
        },
        "delete_done": {
            "nl": "De kaart en alle antwoorden zijn verwijderd. /maps toont je andere kaarten.",
            "en": "The map and all its answers are deleted. /maps shows your other maps.",
        },
        "export_done": {
            "nl": "Hier zijn je eigen antwoorden ({count} interview(s)).",
            "en": "Here are your own answers ({count} interview(s)).",
        },
        "cmd_invite": {
            "nl": "Klanten of collega's uitnodigen",
            "en": "Invite customers or colleagues",
        },
        "cmd_invites": {"nl": "Uitnodigingen bekijken", "en": "See invites"},
        "cmd_remind": {"nl": "Herinner wie nog bezig is", "en": "Remind those not finished"},
        "cmd_export": {"nl": "Je eigen antwoorden", "en": "Your own answers"},
        "cmd_forget": {"nl": "Je antwoorden wissen", "en": "Erase your answers"},
        "cmd_stop": {"nl": "Geen herinneringen meer", "en": "No more reminders"},
        "cmd_timezone": {"nl": "Je tijdzone", "en": "Your time zone"},
        "edited_message": {
            "nl": "Een bewerkt bericht verandert je antwoord niet. Wil je een antwoord "
            "aanpassen? Gebruik /back, of later ‘Antwoord wijzigen’ in het menu.",
            "en": "Editing a message doesn't change your answer. To change an answer, use /back, "
            "or later ‘Edit an answer’ in the menu.",
        },
        "timezone_is": {
            "nl": "Je tijdzone is {zone}; 's nachts stuur ik geen herinneringen. Anders? "
            "Bijvoorbeeld: /timezone Europe/Brussels",
            "en": "Your time zone is {zone}; I send no reminders at night. Different? For "
            "example: /timezone Europe/London",
        },
        "timezone_set": {
            "nl": "Tijdzone ingesteld op {zone}.",
            "en": "Time zone set to {zone}.",
        },
        "timezone_unknown": {
            "nl": "De tijdzone ‘{zone}’ ken ik niet. Gebruik een naam als Europe/Amsterdam.",
            "en": "I don't know the time zone ‘{zone}’. Use a name like Europe/Amsterdam.",
        },
        "untitled_map": {"nl": "Kaart van {date}", "en": "Map of {date}"},
        "cmd_start": {"nl": "Beginnen of verdergaan", "en": "Start or continue"},
        "cmd_new": {"nl": "Nieuwe kaart", "en": "New map"},
        "cmd_maps": {"nl": "Je kaarten", "en": "Your maps"},
        "cmd_report": {"nl": "Rapport van deze kaart", "en": "Report of this map"},
        "cmd_status": {"nl": "Waar ben ik?", "en": "Where am I?"},
        "cmd_back": {"nl": "Vorige vraag aanpassen", "en": "Change the previous answer"},
        "cmd_continue": {
            "nl": "Verder waar je was (na /back)",
            "en": "Continue where you were (after /back)",
        },
        "cmd_skip": {"nl": "Vraag overslaan (als dat kan)", "en": "Skip a question (if optional)"},
        "cmd_cancel": {"nl": "Interview stoppen", "en": "Stop the interview"},
        "cmd_language": {"nl": "Taal: Nederlands / English", "en": "Language: Dutch / English"},
        "cmd_help": {"nl": "Uitleg", "en": "Help"},
    }
)
