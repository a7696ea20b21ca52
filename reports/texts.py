"""Every label the reports show, in Dutch and English."""

from __future__ import annotations

from flows.i18n import Catalog, Lang
from reports.model import OwnerCount

__all__ = ["TEXTS", "counted", "owned"]

TEXTS = Catalog(
    {
        "doc_title": {"nl": "Customer journey map", "en": "Customer journey map"},
        "generated": {"nl": "Gemaakt op {date}", "en": "Generated on {date}"},
        "reason": {"nl": "Aanleiding", "en": "What prompted it"},
        "scope": {"nl": "Afbakening", "en": "Scope"},
        "journey_type": {"nl": "Soort reis", "en": "Journey type"},
        "type_buyer": {"nl": "Koopreis (behoefte tot aankoop)", "en": "Buyer journey"},
        "type_customer": {"nl": "Klantreis (na de aankoop)", "en": "Customer journey"},
        "type_experience": {"nl": "Hele klantervaring", "en": "Whole customer experience"},
        "market": {"nl": "Markt", "en": "Market"},
        "filters": {"nl": "Filter", "en": "Filter"},
        "filter_personas": {"nl": "persona's: {names}", "en": "personas: {names}"},
        "filter_roles": {"nl": "rollen: {names}", "en": "roles: {names}"},
        "contents": {"nl": "Inhoud", "en": "Contents"},
        "key_figures": {"nl": "In het kort", "en": "At a glance"},
        "stages_n": {"nl": "fasen", "en": "stages"},
        "events_n": {"nl": "gebeurtenissen", "en": "events"},
        "customers_n": {"nl": "klanten", "en": "customers"},
        "customers_n_one": {"nl": "klant", "en": "customer"},
        "colleagues_n": {"nl": "collega's", "en": "colleagues"},
        "colleagues_n_one": {"nl": "collega", "en": "colleague"},
        "assumption": {"nl": "aanname", "en": "assumption"},
        "n_people": {"nl": "aantal mensen dat antwoordde", "en": "people who answered"},
        "assumption_note": {
            "nl": "Aanname: dit komt alleen van de eigenaar en is nog niet getoetst bij klanten. "
            "Nodig klanten uit met /invite.",
            "en": "Assumption: this comes from the owner only and is not yet tested with "
            "customers. Invite customers with /invite.",
        },
        "whose_map": {
            "nl": "Kijk van de eigenaar (huidige scenario's)",
            "en": "The owner's view (current scenarios)",
        },
        "ideas_n": {"nl": "ideeën", "en": "ideas"},
        "worst_moment": {"nl": "Dieptepunt", "en": "Lowest moment"},
        "customers_low": {"nl": "Dieptepunt volgens klanten", "en": "Lowest for customers"},
        "customers_low_caption": {
            "nl": "{stage} (klanten gemiddeld {mean})",
            "en": "{stage} (customers' mean {mean})",
        },
        "peak_moment": {"nl": "Hoogtepunt", "en": "Peak"},
        "end_moment": {"nl": "Eindmoment", "en": "End moment"},
        "top_quick_win": {"nl": "Beste quick win", "en": "Top quick win"},
        "none": {"nl": "geen", "en": "none"},
        "no_contact": {"nl": "geen contact", "en": "no contact"},
        "personas": {"nl": "Persona's", "en": "Personas"},
        "goals": {"nl": "Doelen", "en": "Goals"},
        "frustrations": {"nl": "Frustraties", "en": "Frustrations"},
        "channels": {"nl": "Kanalen", "en": "Channels"},
        "decision_role": {"nl": "Rol in de beslissing", "en": "Decision role"},
        "customers_linked": {
            "nl": "Klanten die antwoordden: {n}",
            "en": "Customers who answered: {n}",
        },
        "map": {"nl": "De journey map", "en": "The journey map"},
        "scenario": {"nl": "Scenario", "en": "Scenario"},
        "kind_current_positive": {"nl": "Huidig (positief)", "en": "Current (positive)"},
        "kind_current_negative": {"nl": "Huidig (negatief)", "en": "Current (negative)"},
        "kind_desired": {"nl": "Gewenst", "en": "Desired"},
        "persona": {"nl": "Persona", "en": "Persona"},
        "no_persona": {"nl": "zonder persona", "en": "no persona"},
        "lane_stage": {"nl": "Fase", "en": "Stage"},
        "lane_events": {"nl": "Gebeurtenissen", "en": "Events"},
        "lane_roles": {"nl": "Wie doet mee", "en": "Who's involved"},
        "lane_actions": {"nl": "Acties", "en": "Actions"},
        "lane_thoughts": {"nl": "Gedachten", "en": "Thoughts"},
        "lane_emotion": {"nl": "Emotie", "en": "Emotion"},
        "lane_touchpoints": {"nl": "Contactmomenten en kanalen", "en": "Touchpoints and channels"},
        "lane_pain": {"nl": "Pijnpunten", "en": "Pain points"},
        "lane_mot": {"nl": "Momenten van de waarheid", "en": "Moments of truth"},
        "lane_ideas": {"nl": "Ideeën en eigenaren", "en": "Ideas and owners"},
        "lane_backstage": {"nl": "Achter de schermen", "en": "Behind the scenes"},
        "lane_backstage_source": {"nl": "volgens collega's", "en": "as colleagues tell it"},
        "backstage_shown": {
            "nl": "{shown} van {total} stappen getoond",
            "en": "{shown} of {total} steps shown",
        },
        "no_events": {"nl": "geen gebeurtenissen", "en": "no events"},
        "no_touchpoint": {"nl": "geen contactmoment", "en": "no touchpoint"},
        "no_score": {"nl": "geen score", "en": "no score"},
        "score": {"nl": "score {score}/5", "en": "score {score}/5"},
        "owner": {"nl": "Eigenaar", "en": "Owner"},
        "no_owner": {"nl": "geen eigenaar", "en": "no owner"},
        "peak": {"nl": "piek", "en": "peak"},
        "end": {"nl": "einde", "en": "end"},
        "low": {"nl": "dal", "en": "low"},
        "remembered": {
            "nl": "Herinnerde ervaring (piek-eindregel): {value}",
            "en": "Remembered experience (peak-end rule): {value}",
        },
        "peak_end_note": {
            "nl": "Mensen onthouden vooral het sterkste moment en het einde: {value} is het "
            "gemiddelde van {mark} ({intense}) en {end_mark} ({end}).",
            "en": "People mostly remember the most intense moment and the end: {value} is the "
            "mean of {mark} ({intense}) and {end_mark} ({end}).",
        },
        "peak_end_customers": {
            "nl": "Herinnerde ervaring per klant, naar aanbeveling",
            "en": "Remembered experience per customer, by recommendation",
        },
        "peak_end_customers_note": {
            "nl": "Per klant: het gemiddelde van hun sterkste fase en hun laatste fase.",
            "en": "Per customer: the mean of their most intense stage and their last stage.",
        },
        "group_promoter": {"nl": "Promotors (9–10)", "en": "Promoters (9–10)"},
        "group_passive": {"nl": "Passief (7–8)", "en": "Passives (7–8)"},
        "group_detractor": {"nl": "Criticasters (0–6)", "en": "Detractors (0–6)"},
        "lowest_moments": {"nl": "Dieptepunten", "en": "Lowest moments"},
        "unscored": {"nl": "geen emotie opgegeven", "en": "no emotion given"},
        "stage_overview": {"nl": "Per fase", "en": "By stage"},
        "mean_emotion": {"nl": "Gem. emotie", "en": "Mean emotion"},
        "comparison": {"nl": "Huidig versus gewenst", "en": "Current versus desired"},
        "comparison_of": {"nl": "{current} → {desired}", "en": "{current} → {desired}"},
        "current": {"nl": "Huidig", "en": "Current"},
        "desired": {"nl": "Gewenst", "en": "Desired"},
        "change": {"nl": "Verschil", "en": "Change"},
        "channels_added": {"nl": "Kanalen erbij", "en": "Channels added"},
        "channels_dropped": {"nl": "Kanalen eraf", "en": "Channels dropped"},
        "largest_gap": {"nl": "Grootste afstand: {stages}", "en": "Largest distance: {stages}"},
        "gaps": {"nl": "Gaten in de reis", "en": "Gaps in the journey"},
        "gap_stage_without_events": {
            "nl": "Fase zonder gebeurtenissen",
            "en": "Stage without events",
        },
        "gap_stage_without_touchpoint": {
            "nl": "Fase zonder contactmoment",
            "en": "Stage without a touchpoint",
        },
        "gap_event_without_touchpoint": {
            "nl": "Gebeurtenis zonder contactmoment",
            "en": "Event without a touchpoint",
        },
        "gap_low_touchpoint_score": {
            "nl": "Contactmoment laag gewaardeerd",
            "en": "Touchpoint scored low",
        },
        "no_gaps": {"nl": "Geen gaten gevonden.", "en": "No gaps found."},
        "channel_use": {"nl": "Kanaalgebruik per fase", "en": "Channel use by stage"},
        "channel_use_note": {
            "nl": "Contactmomenten in de huidige scenario's (de kijk van de eigenaar); de "
            "letters tonen welke persona het kanaal gebruikt.",
            "en": "Touchpoints in the current scenarios (the owner's view); the letters show "
            "which persona uses the channel.",
        },
        "channel": {"nl": "Kanaal", "en": "Channel"},
        "total": {"nl": "Totaal", "en": "Total"},
        "mean_score": {"nl": "Gem. score", "en": "Mean score"},
        "ideas": {"nl": "Ideeën: impact versus moeite", "en": "Ideas: impact versus effort"},
        "impact": {"nl": "Impact", "en": "Impact"},
        "effort": {"nl": "Moeite", "en": "Effort"},
        "rank": {"nl": "#", "en": "#"},
        "idea": {"nl": "Idee", "en": "Idea"},
        "stage": {"nl": "Fase", "en": "Stage"},
        "next_step": {"nl": "Volgende stap", "en": "Next step"},
        "quadrant": {"nl": "Kwadrant", "en": "Quadrant"},
        # The Excel workbook's sheet names and headings
        "xlsx_map": {"nl": "Kaart", "en": "Map"},
        "xlsx_field": {"nl": "Veld", "en": "Field"},
        "xlsx_value": {"nl": "Waarde", "en": "Value"},
        "xlsx_title": {"nl": "Titel", "en": "Title"},
        "xlsx_generated": {"nl": "Gemaakt op", "en": "Generated on"},
        "xlsx_description": {"nl": "Beschrijving", "en": "Description"},
        "xlsx_scenarios": {"nl": "Scenario's", "en": "Scenarios"},
        "xlsx_kind": {"nl": "Soort", "en": "Kind"},
        "xlsx_answers": {"nl": "Antwoorden", "en": "Answers"},
        "xlsx_ideas": {"nl": "Ideeën", "en": "Ideas"},
        "xlsx_comparison": {"nl": "Huidig versus gewenst", "en": "Current versus desired"},
        "q_quick_win": {"nl": "Quick win", "en": "Quick win"},
        "q_major_project": {"nl": "Groot project", "en": "Major project"},
        "q_fill_in": {"nl": "Klein klusje", "en": "Fill-in"},
        "q_money_pit": {"nl": "Geldput", "en": "Money pit"},
        "missing_owners": {"nl": "Zonder eigenaar", "en": "Without an owner"},
        "missing_owners_note": {
            "nl": "Wie is hier verantwoordelijk voor?",
            "en": "Who is responsible for these?",
        },
        "kind_idea": {"nl": "Idee", "en": "Idea"},
        "kind_touchpoint": {"nl": "Contactmoment", "en": "Touchpoint"},
        "all_owned": {"nl": "Alles heeft een eigenaar.", "en": "Everything has an owner."},
        "evidence": {
            "nl": "Wat klanten en collega's zeggen",
            "en": "What customers and colleagues say",
        },
        "respondents_summary": {
            "nl": "{customers} (bewijs van buiten), {colleagues} (de interne kijk); nooit "
            "samengeteld. De eigenaar telt niet mee: de map zelf is de kijk van de eigenaar.",
            "en": "{customers} (evidence from outside), {colleagues} (the internal view); never "
            "added up. The owner is not counted: the map itself is the owner's view.",
        },
        "customers_say": {"nl": "Wat klanten zeggen", "en": "What customers say"},
        "colleagues_see": {"nl": "Wat collega's zien", "en": "What colleagues see"},
        "customers_all_stages": {
            "nl": "Wat klanten zeggen, over alle fasen",
            "en": "What customers say, across all stages",
        },
        "n": {"nl": "n", "en": "n"},
        "spread": {"nl": "Spreiding (sd)", "en": "Spread (sd)"},
        "thin": {"nl": "dun bewijs", "en": "thin evidence"},
        "thin_note": {
            "nl": "Dun bewijs: minder dan drie antwoorden.",
            "en": "Thin evidence: fewer than three answers.",
        },
        "top_channels": {"nl": "Meest genoemde kanalen", "en": "Most named channels"},
        "top_pain_points": {"nl": "Meest genoemde pijnpunten", "en": "Most named pain points"},
        "top_questions": {"nl": "Wat klanten het meest vragen", "en": "What customers ask most"},
        "owners_of": {"nl": "Wie is eigenaar van wat", "en": "Who owns what"},
        "owner_of": {"nl": "{owner}: {what} ({n})", "en": "{owner}: {what} ({n})"},
        "the_whole_stage": {"nl": "de hele fase", "en": "the whole stage"},
        "quotes": {"nl": "Uitspraken", "en": "Quotes"},
        "quotes_shown": {
            "nl": "{shown} van {total} uitspraken getoond",
            "en": "{shown} of {total} quotes shown",
        },
        "internal_vs_external": {
            "nl": "Intern versus klanten",
            "en": "Internal versus customers",
        },
        "disagreements_note": {
            "nl": "Alleen fasen waar beide kanten minstens drie antwoorden hebben.",
            "en": "Only stages where both sides have at least three answers.",
        },
        "emotion_by_persona": {
            "nl": "Emotie per persona (klanten)",
            "en": "Emotion by persona (customers)",
        },
        "internal": {"nl": "Collega's", "en": "Colleagues"},
        "internal_owner": {"nl": "Eigenaar (aanname)", "en": "Owner (assumption)"},
        "external": {"nl": "Klanten", "en": "Customers"},
        "internal_from_map": {
            "nl": "De interne kijk komt uit de eigen map (geen interne respondenten).",
            "en": "The internal view comes from the owner's map (no internal respondents).",
        },
        "difference": {"nl": "Verschil (intern − klant)", "en": "Difference (internal − customer)"},
        "disagreements": {"nl": "Grootste meningsverschillen", "en": "Biggest disagreements"},
        "we_think_better": {
            "nl": "wij denken dat het beter gaat dan klanten ervaren",
            "en": "we think it goes better than customers experience",
        },
        "we_think_worse": {
            "nl": "klanten zijn positiever dan wij denken",
            "en": "customers are more positive than we think",
        },
        "nps": {"nl": "Net Promoter Score", "en": "Net Promoter Score"},
        "nps_detail": {
            "nl": "{customers}: {promoters} promotors, {passives} passief, "
            "{detractors} criticasters",
            "en": "{customers}: {promoters} promoters, {passives} passives, "
            "{detractors} detractors",
        },
        "nps_interval": {
            "nl": "95%-interval {low} tot {high}",
            "en": "95% interval {low} to {high}",
        },
        "indicative": {"nl": "indicatief", "en": "indicative"},
        "indicative_note": {
            "nl": "Indicatief: minder dan dertig antwoorden.",
            "en": "Indicative: fewer than thirty answers.",
        },
        "stories": {"nl": "Wat klanten vertelden", "en": "What customers told us"},
        "stories_recall": {"nl": "Hoe lang geleden", "en": "How long ago"},
        "recall_week": {"nl": "afgelopen week", "en": "past week"},
        "recall_month": {"nl": "afgelopen maand", "en": "past month"},
        "recall_months": {"nl": "paar maanden geleden", "en": "a few months ago"},
        "recall_longer": {"nl": "langer geleden", "en": "longer ago"},
        "stories_goals": {"nl": "Wat ze wilden regelen", "en": "What they set out to do"},
        "contact_scores": {
            "nl": "Zo was het contact, per kanaal",
            "en": "How contact went, by channel",
        },
        "contact_scores_note": {
            "nl": "Het cijfer dat klanten hun contact gaven (1 heel slecht – 5 heel goed), bij "
            "elke stap waarin ze dat kanaal gebruikten.",
            "en": "The score customers gave their contact (1 very poor – 5 very good), at each "
            "step where they used that channel.",
        },
        "contact_score": {"nl": "Gem. cijfer (1–5)", "en": "Mean score (1–5)"},
        "ratings": {"nl": "Cijfers", "en": "Ratings"},
        "drop_offs": {"nl": "Waar klanten bijna afhaakten", "en": "Where customers nearly gave up"},
        "drop_offs_summary": {
            "nl": "{customers} van de {total} stonden op het punt af te haken.",
            "en": "{customers} of {total} were about to give up.",
        },
        "nearly": {"nl": "bijna", "en": "nearly"},
        "gave_up": {"nl": "afgehaakt", "en": "gave up"},
        "where_unknown": {"nl": "niet gezegd waar", "en": "did not say where"},
        "missing_info": {
            "nl": "Informatie die klanten misten",
            "en": "Information customers missed",
        },
        "recommend_reasons": {"nl": "Waarom dat cijfer", "en": "Why that score"},
        "best_moments": {"nl": "Beste momenten", "en": "Best moments"},
        "worst_moments": {"nl": "Slechtste momenten", "en": "Worst moments"},
        "improvements": {"nl": "Verbeteringen", "en": "Improvements"},
        "insights": {"nl": "Inzichten", "en": "Insights"},
        "themes": {"nl": "Thema's in wat mensen schreven", "en": "Themes in what people wrote"},
        "themes_note": {
            "nl": "Antwoorden met gelijkende woorden zijn samen geteld; elk thema heet naar het "
            "antwoord dat het meest op de rest lijkt. Het groeperen gaat op woorden, niet op "
            "betekenis: lees de uitspraken erbij. Klanten en team staan apart. Alleen vragen "
            "met minstens 20 antwoorden; minder antwoorden staan hierboven elk apart.",
            "en": "Answers with similar wording are counted together; each theme is named "
            "after the answer most like the rest. The grouping goes by words, not meaning: "
            "read the quotes with it. Customers and the team are kept apart. Only questions "
            "with at least 20 answers; fewer are each quoted above.",
        },
        "theme_q_pain_point": {"nl": "Pijnpunten", "en": "Pain points"},
        "theme_q_improvement": {
            "nl": "Wat het beter had gemaakt",
            "en": "What would have made it better",
        },
        "theme_q_nearly_gave_up": {
            "nl": "Waarom klanten bijna afhaakten",
            "en": "Why customers nearly gave up",
        },
        "theme_q_missing_information": {
            "nl": "Informatie die klanten misten",
            "en": "Information customers missed",
        },
        "theme_q_recommend_reason": {
            "nl": "Waarom dat aanbevelingscijfer",
            "en": "Why that recommendation score",
        },
        "theme_side_customers": {"nl": "klanten", "en": "customers"},
        "theme_side_team": {
            "nl": "team (collega's en de eigen kaart)",
            "en": "team (colleagues and the owner's map)",
        },
        "theme": {"nl": "Thema", "en": "Theme"},
        "theme_answers": {"nl": "Antwoorden", "en": "Answers"},
        "theme_where": {
            "nl": "Waar (deel van de antwoorden over die fase)",
            "en": "Where (share of the answers about that stage)",
        },
        "theme_also": {"nl": "Ook zo gezegd", "en": "Also said as"},
        "theme_from": {"nl": "Van wie", "en": "From whom"},
        "xlsx_themes": {"nl": "Thema's", "en": "Themes"},
        "xlsx_question": {"nl": "Vraag", "en": "Question"},
        "theme_other": {
            "nl": "{other} van de {answers} antwoorden vallen in geen getoond thema (één keer "
            "gezegd, of in een kleiner thema).",
            "en": "{other} of the {answers} answers are in no theme shown (said once, or in a "
            "smaller theme).",
        },
        "source_customer": {"nl": "klanten", "en": "customers"},
        "source_colleague": {"nl": "collega's", "en": "colleagues"},
        "source_owner": {"nl": "kaart", "en": "map"},
        "legend": {"nl": "Legenda", "en": "Legend"},
        "legend_mot": {"nl": "moment van de waarheid", "en": "moment of truth"},
        "legend_score": {"nl": "waardering contactmoment (1–5)", "en": "touchpoint score (1–5)"},
        "legend_peak_end": {
            "nl": "piek en einde op de curve",
            "en": "peak and end on the curve",
        },
        "role_owner": {"nl": "eigenaar", "en": "owner"},
        "role_editor": {"nl": "redacteur", "en": "editor"},
        "role_colleague": {"nl": "collega", "en": "colleague"},
        "role_customer": {"nl": "klant", "en": "customer"},
        "summary_line": {
            "nl": "{title}: {stages} fasen, {events} gebeurtenissen · dieptepunt: {worst}"
            " · beste quick win: {win}",
            "en": "{title}: {stages} stages, {events} events · lowest moment: {worst}"
            " · top quick win: {win}",
        },
        "preview_customers": {
            "nl": "Emotiecurve van de klanten · {customers}, gemiddelde per fase die minstens "
            "drie klanten scoorden",
            "en": "The customers' emotion curve · {customers}, mean per stage at least three "
            "customers scored",
        },
        "preview_assumption": {
            "nl": "aanname van de eigenaar, nog niet getoetst bij klanten",
            "en": "the owner's assumption, not yet tested with customers",
        },
        "preview_caption": {
            "nl": "Emotiecurve · {scenario}",
            "en": "Emotion curve · {scenario}",
        },
        "footer": {
            "nl": "Gemaakt met journeybot. Emotie: −2 heel negatief … +2 heel positief.",
            "en": "Made with journeybot. Emotion: −2 very negative … +2 very positive.",
        },
    }
)


def counted(n: int, key: str, lang: Lang) -> str:
    """A count with its noun in the right number: "1 klant", "3 klanten" (``key`` names the
    plural; ``key + "_one"`` the singular)."""
    return f"{n} {TEXTS(key + '_one' if n == 1 else key, lang)}"


def owned(owner: OwnerCount, lang: Lang) -> str:
    """An owner with what they own and how many colleagues said so: "Logistiek: Geen
    verzendstatus (2)"; without a problem named it is the whole stage."""
    what = owner.of or TEXTS("the_whole_stage", lang)
    return TEXTS("owner_of", lang, owner=owner.owner, what=what, n=owner.count)


def number(value: float | int | None, lang: Lang, digits: int = 1, signed: bool = False) -> str:
    """A number the way the reader writes it (decimal comma in Dutch); '–' when missing."""
    if value is None:
        return "–"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    text = text.replace("-", "−")
    return text.replace(".", ",") if lang == "nl" else text
