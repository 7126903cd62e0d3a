"""Candidate names in text: capitalised phrases, acronyms defined in the text, people, and place-or-actor by context.

Extraction (:mod:`geo.intake.extraction`) matches known names first; this
module owns what a reader does with the rest, without a fixed suffix list:

* :func:`capitalised_runs`: the spans of capitalised phrases ("National
  League for Democracy", "Ministry of Science and Technology"), never across
  a newline or a sentence end; the words that open sentences ("The", "In")
  and titles are left out of the name;
* acronyms defined as "Full Name (ACR)" (:func:`geo.intake.organisations.defined_acronyms`)
  linked to their later uses;
* :func:`person_after_title`: a name marked as a person by an honorific or a
  title (U, Daw, Sao, Dr, Gen., Senior General, Minister, President...), the
  title left out as the README's naming convention does.

Whether a name that is both a place and an actor is used as which is
decided by :mod:`geo.intake.context`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from geo.intake.mentions import Mention
from geo.intake.organisations import LEGAL_FORM, defined_acronyms

__all__ = [
    "BURMESE_NAME_WORDS",
    "COMPASS_WORDS",
    "NOT_ORGANISATION_ENDS",
    "ORGANISATION_WORDS",
    "PLACE_TYPE_WORDS",
    "ROLE_BEFORE",
    "ROLE_TITLES",
    "SENTENCE_OPENERS",
    "STRONG_ORGANISATION_WORDS",
    "TITLE_WORDS",
    "burmese_name_tail",
    "candidate_actors",
    "capitalised_runs",
    "has_organisation_word",
    "person_after_title",
]


def _words(words: str) -> frozenset[str]:
    """The set of the space-separated words of a string (word lists stay readable)."""
    return frozenset(words.split())


# Words that make a capitalised phrase an organisation wherever they stand in it.
ORGANISATION_WORDS = _words(
    "Army Armies Force Forces Corporation Corp Company Co Ltd Limited Group Enterprise Enterprises "
    "Federation Council Union Agency Ministry Bank Party Front Alliance Organisation Organization "
    "Association Committee Commission Institute Network League Industries Holdings Navy Police Movement "
    "Coalition Foundation Watch Directorate Office Department Bureau Court Parliament Government "
    "Administration Assembly University Survey Centre Center Campaign Energy Trading Media News Post "
    "Times Journal Service Services Board Authority Cooperation Partners Fund Trust Consortium Petroleum "
    "Airlines Airways Brigade Battalion Division Command Guard Militia Society Club Initiative Project "
    "Programme Program Secretariat Tribunal Mission Embassy"
)
PLACE_TYPE_WORDS = frozenset(
    ["Township", "Village", "Region", "State", "District", "Division", "Province", "City", "Town", "Island", "Islands"]
)
COMPASS_WORDS = _words(
    "Northern Southern Eastern Western Upper Lower Central North South East West Northeast Northwest "
    "Southeast Southwest Northeastern Northwestern Southeastern Southwestern"
)
# Titles and honorifics before a person's name, longest first ("Senior General" before "General").
TITLE_WORDS = (
    "Senior General", "Vice Senior General", "Lieutenant General", "Lt-Gen.", "Lt-Gen", "Lt. Gen.", "Maj-Gen.",
    "Maj-Gen", "Major General", "Brig-Gen.", "Brig-Gen", "Brigadier General", "General", "Gen.", "Gen", "Colonel",
    "Col.", "Col", "Lt-Col.", "Lt-Col", "Lt.", "Lt", "Major", "Maj.", "Captain", "Capt.", "Admiral", "Prime Minister", "Foreign Minister",
    "Deputy Minister", "Union Minister", "Minister", "Vice President", "President", "Chairman", "Chairwoman", "Chair", "Premier",
    "Ambassador", "Secretary-General", "Secretary General", "Secretary", "Spokesman", "Spokesperson", "Spokeswoman",
    "Director", "Commander", "Chief", "Deputy", "Dr.", "Dr", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Daw", "U",
    "Sao", "Nang", "Sai", "Duwa", "Professor", "Prof.", "Judge", "Justice", "Sir", "Lord", "King", "Queen",
    "Special Rapporteur", "Rapporteur", "Envoy", "Special Envoy", "Leader", "Spokesman", "Governor", "Mayor",
)  # fmt: skip
_TITLE_INSIDE = re.compile("(?:^|(?<=[ \t]))(?:" + "|".join(re.escape(t) for t in TITLE_WORDS) + ")[ \t]")

# Lower-case role words right before a name: "spokesman Zaw Min Tun", "then-dictator Than Shwe".
ROLE_BEFORE = re.compile(
    r"(?:\b|-)(?:spokes(?:man|woman|person)|dictator|president|minister|leader|chief|director|researcher|analyst|"
    r"official|chairman|chairwoman|secretary|commander|rapporteur|envoy|ambassador|general|colonel|founder|"
    r"lawyer|activist|resident|villager|professor|head|adviser|advisor|expert|editor|reporter|correspondent|"
    r"manager|officer|member|lecturer|economist|scholar|journalist|representative|negotiator|monk|abbot)"
    r"['’]?s?[ \t]+$"
)
# Last words of capitalised phrases that name laws, days, documents and programmes, not organisations.
NOT_ORGANISATION_ENDS = _words(
    "Day Law Act Constitution Agreement Report Award Prize Treaty Plan Roadmap Memorandum Declaration "
    "Resolution Rules Order Festival Week Year Election Elections Summit Conference Forum Road Highway "
    "Railway Pipeline Zone Port Mine Project Guidelines Principles Standards Convention Charter Corridor Understanding "
    "Strategy Framework Protocol"
)
# Capitalised words that open a sentence or stand for a date, never the first word of a name.
SENTENCE_OPENERS = _words(
    "The A An In On At By For From To Of With As After Before During Since Until While When Where If But "
    "And Or So This That These Those It Its Our Their His Her He She They We I You There Here According "
    "Meanwhile However Also Some Many Most All Both Each Other Such No Not Last Next Earlier Later Local "
    "Residents Yet Now Then Thus Although Though Because Under Over Between Among Against Without Within "
    "Across Around About Photo Read Monday Tuesday Wednesday Thursday Friday Saturday Sunday January "
    "February March April May June July August September October November December Jan Feb Mar Apr Jun "
    "Jul Aug Sep Sept Oct Nov Dec One Two Three Four Five Six Seven Eight Nine Ten Several Dozens Hundreds Thousands"
)
_CONNECTORS = ("of", "for", "the", "and", "&", "de")
_TITLE_HEADS = _words("Minister Secretary Director Chairman Chair President Commissioner Governor")

_DATE_WORD = re.compile(
    r"[ \t](?:(?:of|for|the|and|&|de)[ \t]+)*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b"
)
_CAP_WORD = r"(?:[A-Z][\w'’.&-]*[\w.]|[A-Z])"
_RUN = re.compile(rf"{_CAP_WORD}(?:[ \t]+(?:(?:of|for|the|and|&|de)[ \t]+)*{_CAP_WORD})*")


def has_organisation_word(phrase: str) -> bool:
    """Whether a capitalised phrase has a word that makes it an organisation (Army, Ministry, League...)."""
    return any(word.rstrip(".,'’s") in ORGANISATION_WORDS for word in phrase.split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop opening words ("The", "In", "Last") and trailing connectors from a run."""
    while True:
        word = re.match(r"[^\s]+", text[start:end])
        if word is None:
            break
        token = word.group().rstrip(".,'’")
        if token in SENTENCE_OPENERS or token in _CONNECTORS or _AFFILIATION_WORD.search(token):
            start += word.end()
            while start < end and text[start] in " \t":
                start += 1
            continue
        break
    while True:
        tail = re.search(r"[ \t]+(\S+)$", text[start:end])
        if tail and tail.group(1) in _CONNECTORS:
            end = start + tail.start()
            continue
        break
    return start, end


# "Singapore-based", "military-owned": where a name is based or who owns it, not a word of the name
_AFFILIATION_WORD = re.compile(r"-(?:based|born|owned|backed|run|linked|controlled|affiliated|aligned|led|made)$")


def _split_and(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'China and Russia' is two names; 'Ministry of Science and Technology', 'Oil and Gas Enterprise' are one."""
    phrase = text[start:end]
    if " and " not in phrase and " & " not in phrase:
        return [(start, end)]
    titled = re.search(
        r"[ \t]+and[ \t]+(?=(?:the[ \t]+)?(?:" + "|".join(re.escape(t) for t in TITLE_WORDS) + r")[ \t])", phrase
    )
    if titled:  # "Minister of Science and Technology X and Union Minister of Electric Power Y": two people
        return [*_split_and(text, start, start + titled.start()), *_split_and(text, start + titled.end(), end)]
    words = [w for w in phrase.split() if w not in SENTENCE_OPENERS] or phrase.split()
    left = re.split(r"[ \t]+(?:and|&)[ \t]+", phrase, maxsplit=1)[0].split()
    left_is_name = (len(left) >= 2 and has_organisation_word(left[-1])) or (
        len(left) == 1 and left[0].isupper() and len(left[0]) >= 2
    )  # "the KIA and the Burma Army": an acronym is a name of its own
    head = re.search(r"(\S+)[ \t]+(?:of|for)[ \t]", phrase.split(" and ")[0])  # "Minister of Science and Technology"
    if not left_is_name and (
        has_organisation_word(words[-1]) or (head is not None and (has_organisation_word(head.group(1))
                                                                   or head.group(1) in _TITLE_HEADS))
    ):  # fmt: skip
        return [(start, end)]
    parts, cursor = [], start
    for match in re.finditer(r"[ \t]+(?:and|&)[ \t]+", phrase):
        parts.append((cursor, start + match.start()))
        cursor = start + match.end()
    parts.append((cursor, end))
    return parts


# Words whose full stop is an abbreviation's, not a sentence end ("Corp.", "Gen."); and plural owners that
# belong to a name ("People's Defence Force", "Women's League"), unlike "Thein Sein's government".
_ABBREVIATED = _words("Corp Co Inc Ltd Pte Pvt Sdn Bhd Jr Sr St Bros Gen Col Capt Lt Dr Mr Mrs Ms Prof Maj Brig Adm No")
_NAME_OWNERS = _words("People Peoples Women Workers Children Farmers Men Nationalities Students Veterans")
_POSSESSIVE_WORD = re.compile(r"([A-Z][\w.&-]*)['’]s?(?=[ \t]|$)")


def _is_abbreviation(word: str) -> bool:
    """Whether a word's final full stop belongs to it: 'Corp.', 'P.E.I.', 'U.S.', 'A.'."""
    bare = word.rstrip(".")
    return bare in _ABBREVIATED or "." in bare or len(bare) == 1


def _cut_possessives(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'US Treasury Department's Office of Foreign Assets Control' is two names; "People's Defence Force" one."""
    pieces, cursor = [], start
    for match in _POSSESSIVE_WORD.finditer(text, start, end):
        if match.group(1) in _NAME_OWNERS or not text[match.end(1) : match.end()].startswith(("'s", "’s", "'", "’")):
            continue
        if match.end() - match.end(1) == 1 and not match.group(1).endswith("s"):
            continue  # a closing quote, not a possessive
        pieces.append((cursor, match.end(1)))
        cursor = match.end()
        while cursor < end and text[cursor] in " \t":
            cursor += 1
    pieces.append((cursor, end))
    return [(a, b) for a, b in pieces if b > a]


def capitalised_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the capitalised phrases of ``text`` (one line each), trimmed of sentence openers.

    A run ends at a sentence end (a full stop that is not an abbreviation's)
    and at a possessive ("Thein Sein's", "the Department's Office"), and is
    split at "and" between two names.
    """
    runs = []
    for match in _RUN.finditer(text):
        cut = _DATE_WORD.search(text, match.start() + 1, match.end())
        span = (match.start(), cut.start() if cut else match.end())
        for owner_first, owner_last in _cut_possessives(text, *span):
            for first, last in _split_and(text, owner_first, owner_last):
                # a sentence end inside ("... in Lashio. The army") splits the run
                cursor = first
                for stop in re.finditer(r"\.(?=[ \t]+[A-Z])", text[first:last]):
                    word = re.search(r"(\S+)$", text[cursor : first + stop.start() + 1])
                    if word and not _is_abbreviation(word.group(1)):
                        runs.append(_trim(text, cursor, first + stop.start()))
                        cursor = first + stop.end()
                        while cursor < last and text[cursor] in " \t":
                            cursor += 1
                start, end = _trim(text, cursor, last)
                if end > start and text[end - 1] == "." and not _is_abbreviation(text[start:end].split()[-1]):
                    end -= 1  # the sentence's full stop, not an abbreviation's ("Corp.", "Gen.")
                runs.append((start, end))
    joined: list[tuple[int, int]] = []
    for start, end in runs:
        if joined and start < joined[-1][1]:
            continue  # inside the legal form joined to the run before
        form = LEGAL_FORM.match(text, end)
        if form and re.search(r"\([A-Z]|,", form.group()):
            end = form.end()  # "CNOOC Trading (Singapore) Pte. Ltd.", "Huawei Technologies Co., Ltd."
        joined.append((start, end))
    return [(s, e) for s, e in joined if e > s and not text[s:e].isupper()]  # an all-capitals line is not a name


def person_after_title(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(name start, name end, title) when the run opens with a title or an honorific followed by a name."""
    phrase = text[start:end]
    at = _TITLE_INSIDE.search(phrase)
    if at is None:
        return None
    if at.start() > 0:
        if has_organisation_word(phrase[: at.start()]):
            return None
        return person_after_title(text, start + at.start(), end)
    for title in TITLE_WORDS:
        if phrase.startswith(title + " ") or phrase.startswith(title + "\t"):
            rest = phrase[len(title) :].lstrip()
            inner = person_after_title(text, end - len(rest), end)
            if inner:  # "Senior General U Min Aung Hlaing", "Foreign Minister Wang Yi"
                return inner[0], inner[1], title
            words = rest.split()
            if words and words[0] in ("of", "for") and len(words) >= 4:  # "Director of Strategy and Campaigns X Y"
                name = words[-3:] if re.fullmatch(r"[A-Z]\.", words[-2]) else words[-2:]  # "Brian E. Nelson"
                if words[-len(name) - 1][:1].isupper() and all(w[:1].isupper() and w not in ORGANISATION_WORDS and w not in
                                                   PLACE_TYPE_WORDS and w not in _CONNECTORS for w in name):  # fmt: skip
                    return end - len(" ".join(name)), end, title
                return None
            if not 1 <= len(words) <= 4 or has_organisation_word(rest) or " of " in f" {rest} ":
                return None
            if title in ("U", "Daw", "Sao", "Nang", "Sai") and len(words) < 1:
                return None
            return end - len(rest), end, title
    return None


_ORGAN_OF = re.compile(
    r"(?:(?:Central|Standing|Executive|Permanent)[ \t]+)?(?:Committee|Politburo|Presidium|Secretariat)"
    r"[ \t]+of[ \t]+(?:the[ \t]+)?"
)
_ROLE_NOUNS = (
    r"spokes(?:man|woman|person)|director(?:-general)?|chairman|chairwoman|chair|president|minister|secretary|head|"
    r"chief|commander|rapporteur|envoy|ambassador|governor|mayor|leader|founder|researcher|analyst|official|officer|"
    r"adviser|advisor|editor|manager|lawyer|coordinator|representative|administrator"
)
# "the UN special rapporteur on human rights in Myanmar, Thomas Andrews, ...": a name set off after a role
_ROLE_APPOSITION = re.compile(rf"\b(?:{_ROLE_NOUNS})\b[^,.;:()“”\"]{{0,80}},[ \t]*$")
_OWNER_BEFORE = re.compile(r"\b([A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)['’]s[ \t]+$")
# Titles that end a description of someone, before their name: "Township Administration Officer Zaw Aung".
ROLE_TITLES = _words(
    "Officer Administrator Official Spokesman Spokesperson Spokeswoman Director Minister Chairman Chairwoman "
    "Secretary Commander Chief Head Manager Governor Mayor Representative Adviser Advisor Envoy Rapporteur "
    "Ambassador President Leader Deputy Member Editor Founder Coordinator Commissioner Judge"
)
# Organisation words strong enough to make an office's remainder a body ("Chairman of the ... Council").
STRONG_ORGANISATION_WORDS = ORGANISATION_WORDS - _words(
    "Energy Trading Media News Post Times Journal Service Services Petroleum Survey Industries Holdings Partners "
    "Fund Trust Airlines Airways Watch Campaign Initiative Project Programme Program Mission Cooperation Centre "
    "Center Network Enterprise Enterprises Group"
)
_SPEECH_PERSON = re.compile(
    rf"^(?:,\s+(?:a|an|the|who|its|his|her|local|former|then|chief|deputy|senior|{_ROLE_NOUNS})\b|\s+(?:said|says|told|added|wrote|"
    r"explained|stated|noted|warned|argued)\b)"
)
_SAID_BEFORE = re.compile(
    r"\b(?i:said|says|told|according\s+to|(?:edited|written|reported|translated|photographed|interviewed|led|"
    r"chaired|signed|founded|headed)\s+by)\s+$"
)
# Elements of Burmese personal names (Burmese has no family names: "Zaw Min Tun", "Khin Phyu Win", "Aung San Suu
# Kyi" are all such syllables), so a phrase made only of them is a person; see data/README.md.
BURMESE_NAME_WORDS = _words(
    "Aung Aye Ba Bo Chan Cho Ei Hein Hla Hlaing Hlwan Hnin Htay Htet Htike Htoo Htun Htwe Kaung Khaing Khin "
    "Khine Ko Kyaw Kyi Kyu Kyin Lwin Lin Maung Min Moe Mya Myat Myint Myo Nanda Naing Naw Ne Nge Nu Nwe "
    "Nyan Nyein Nyi Nyo Nyunt Ohn Oo Paing Phone Phyo Phyu Pyae Sai Sandar San Sann Sein Shwe Sithu Soe "
    "Su Suu Swe Tha Thant Than Thar Thaung Thein Thet Thi Thida Thiha Thin Thu Thura Thuzar Tin Tint Toe Tun "
    "Wai Win Wint Wunna Yan Ye Yee Yin Zarni Zaw Zayar Zeya Zin Han Htein Htin Hsu Hsan Kyal Khant Chit Ngwe "
    "Nway Phoo Pyone Thwe Wah Yu Zar Yamin Thawda Sabai Nay Htut Lay Thwin Pyo Hmue Yi"
)
# Units are parts of a force, not actors of their own ("Junta Battalion 372", "Brigade 9").
_UNIT_WORDS = _words("Battalion Battalions Brigade Brigades Division Divisions Command Regiment Column")


def burmese_name_tail(words: list[str]) -> int:
    """How many of the last ``words`` are Burmese name elements (a person's name after a title: 0 when < 2)."""
    count = 0
    for word in reversed(words):
        if word.rstrip(".,") not in BURMESE_NAME_WORDS:
            break
        count += 1
    return count if count >= 2 else 0


def _head_word(phrase: str) -> str:
    """The word a name is about: 'Committee' in 'Implementation Committee for the Inquiry Commission Report'."""
    before = re.split(r"[ \t]+(?:of|for)[ \t]+", phrase, maxsplit=1)[0]
    return before.split()[-1].rstrip(".,")


def _person(start: int, end: int, text: str, reason: str, confidence: float) -> Mention:
    return Mention("actor", text[start:end], start, end, None, confidence=confidence, status="new",
                   name=text[start:end], reason="a person: " + reason)  # fmt: skip


def candidate_actors(
    text: str, runs: list[tuple[int, int]], mentions: list[Mention], dates: list[Mention], lookup: Callable[[str], list]
) -> list[Mention]:
    """New organisations and people from capitalised phrases; acronyms defined in the text linked to them."""
    found: list[Mention] = []
    known = [m for m in mentions if m.kind == "actor"]
    known_spans = [(m.start, m.end) for m in known]
    places = [(m.start, m.end) for m in mentions if m.kind == "place"]
    blocked = [(d.start, d.end) for d in dates] + places
    acronyms = defined_acronyms(text, runs)
    last_person = -10
    for start, end in runs:
        typed = _LOWER_ORGANISATION.match(text, end)
        if (
            typed
            and re.search(r"\b[Tt]he[ \t]+$", text[max(0, start - 4) : start])  # "a Kachin rights group" describes
            and not any(s <= start and end <= e for s, e in known_spans)
            and not _DEMONYM.fullmatch(text[start:end])
        ):
            found.append(Mention("actor", text[start : typed.end()], start, typed.end(), None, confidence=0.5,
                                 status="new", name=text[start : typed.end()],
                                 reason="a name and the kind of body it is ('the Kyunhla activist group')"))  # fmt: skip
            continue
        owner = next((m for m in known if start < m.start and m.end == end), None)
        joint = _JOINED_TO_ACTOR.search(text, start, owner.start) if owner else None
        head = text[start : joint.start()].split() if joint else []
        if (
            joint
            and not has_organisation_word(" ".join(head))
            and not any(w in ROLE_TITLES or w in TITLE_WORDS for w in head)
        ):
            end = joint.start()  # "spokesperson Lway Yay Oo for the TNLA": the person, then whom they speak for
        if any(s <= start and end <= e for s, e in known_spans) or (start, end) in places:
            continue  # already a known actor or place
        phrase = text[start:end]
        words = phrase.split()
        tail = burmese_name_tail(words)
        of_place = re.match(r"(.+?)[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z]", phrase)
        if not tail and of_place and burmese_name_tail(of_place.group(1).split()) == len(of_place.group(1).split()):
            last = start + len(of_place.group(1))  # "Aung Zin Kyaw of the Seikmu police outpost": the person
            if not any(start < e and s < last for s, e in [*blocked, *known_spans]) and not lookup(of_place.group(1)):
                found.append(_person(start, last, text, "a Burmese name", 0.6))
                last_person = last
            continue
        if tail:
            first = start + phrase.rfind(" ".join(words[-tail:]))
            overlaps = any(first < e and s < end for s, e in [*blocked, *known_spans])
            if not overlaps and not lookup(text[first:end]):
                found.append(_person(first, end, text, "a Burmese name", 0.6))
                last_person = end
            titled = any(phrase.startswith(t + " ") for t in TITLE_WORDS)
            if (
                tail == len(words)
                or titled
                or words[-tail - 1] in ROLE_TITLES  # "Township Administration Officer Zaw Aung": a title
                or words[-tail - 1] in TITLE_WORDS  # "Police Major Aung Myo Thant"
                or person_after_title(text, start, end)
                or not has_organisation_word(phrase)
            ):
                continue
        person = person_after_title(text, start, end)
        if person:
            first, last, title = person
            overlaps = any(first < e and s < last for s, e in [*blocked, *known_spans])
            if not overlaps and not any(m.start == first for m in found):
                found.append(_person(first, last, text, title, 0.6))
                last_person = last
            continue
        leading = re.match(r"(?:[A-Z][\w-]*[ \t]+){1,3}?(?:of|for)[ \t]+(?:the[ \t]+)?", phrase)
        if (
            leading
            and person_after_title(text, start, start + leading.end() + 1) is None
            and any(phrase.startswith(t + " ") for t in TITLE_WORDS)
        ):  # "Chairman of the State Administration Council": the council
            start += leading.end()
            phrase = text[start:end]
        defined = any(span == (start, end) for span in acronyms.values())
        head = _head_word(phrase)
        if head in NOT_ORGANISATION_ENDS or (head in _UNIT_WORDS and not defined):
            continue  # a law, a memorandum, a report, a road, a battalion
        if (
            words[0] in _TITLE_HEADS
            and re.match(r"\S+[ \t]+(?:of|for)\b", phrase)
            and not any(w in STRONG_ORGANISATION_WORDS for w in phrase.split())
        ):
            continue  # "Minister for Electricity and Energy": an office, not an organisation
        if (has_organisation_word(phrase) and len(phrase.split()) >= 2) or defined:
            inside = [m for m in known if start <= m.start and m.end <= end]
            rest = text[max(start, inside[-1].end) : end] if inside else ""
            qualifier = re.match(r"[ \t]+(?:of|in)[ \t]+(?:the[ \t]+)?(.+)$", rest)
            if inside and not defined and qualifier and lookup(qualifier.group(1)):
                continue  # "Ministry of Electric Power of the Republic of the Union of Myanmar": the ministry
            prefix = text[start : inside[0].start].strip() if inside else ""
            local = bool(prefix) and " " not in prefix and bool(lookup(prefix))
            if inside and not defined and not local and not has_organisation_word(rest + prefix):
                continue  # ("Mandalay People's Defence Force", "Burma People's Liberation Army": a place's own force)
            if inside and not rest and _ORGAN_OF.fullmatch(text[start : inside[0].start]):
                continue  # "the Central Committee of the Chinese Communist Party" acts as the party
            if inside and inside[0].start == start and LEGAL_FORM.fullmatch(rest):
                continue  # "Adani Ports & Special Economic Zone Limited": the known company and its legal form
            if lookup(phrase):
                continue  # a place's name ("Republic of the Union of Myanmar")
            found.append(Mention("actor", phrase, start, end, None, confidence=0.5, status="new", name=phrase))
            continue
        words = phrase.split()
        if (
            2 <= len(words) <= 4
            and all(w[0].isupper() for w in words)
            and not any(s < end and start < e for s, e in blocked)
        ):
            before = text[max(0, start - 25) : start]
            if words[0].endswith("ing") and len(words) > 2:  # "Citing Lalita Hanwong"
                start += len(words[0]) + 1
                phrase = text[start:end]
            if ROLE_BEFORE.search(before):
                found.append(_person(start, end, text, before.split()[-1], 0.55))
            elif _SPEECH_PERSON.match(text[end : end + 20]) or _SAID_BEFORE.search(before):
                found.append(_person(start, end, text, "quoted or described", 0.45))
            elif _ROLE_APPOSITION.search(text, max(0, start - 100), start) and len(words) <= 3:
                found.append(_person(start, end, text, "named after their role", 0.45))  # "the rapporteur, X Y,"
            elif (
                (owner := _OWNER_BEFORE.search(before))
                and any(p.get("kind") == "country" for p in lookup(owner.group(1)))
                and not any(w in COMPASS_WORDS or w in {"Far", "Middle", "Near"} for w in words)
                and words[-1] not in ROLE_TITLES  # "Myanmar’s Trade Minister": an office
            ):
                found.append(_person(start, end, text, "named by their country", 0.4))  # "India’s Narendra Modi"
            elif re.fullmatch(r"[ \t]*(?:,|and|,[ \t]*and)[ \t]*", text[last_person:start]) and len(words) <= 3:
                found.append(_person(start, end, text, "named with another person", 0.45))  # "X and Y said"
            else:
                continue
            last_person = end
    found = _read_as_one(text, found, known)
    found += _local_units(text, known, found, acronyms, blocked, lookup)
    # organisation names are not cut in two: known actors inside a new name are part of it
    spans = [(m.start, m.end) for m in found]
    # later uses of a defined acronym stand for the full name
    for acronym, (first, last) in acronyms.items():
        full = next((m for m in [*known, *found] if m.start == first and m.end == last), None)
        if full is None:
            continue
        for use in re.finditer(rf"(?<![\w-]){re.escape(acronym)}s?(?![\w-])", text):
            if (
                text[use.start() - 1 : use.start()] == "("
                or any(s <= use.start() < e for s, e in spans)
                or any(m.start <= use.start() < m.end for m in known)
            ):
                continue
            found.append(Mention("actor", use.group(), use.start(), use.end(), full.id,
                                 confidence=0.8, status=full.status, name=full.name or full.text,
                                 reason=f"the acronym of {full.text}"))  # fmt: skip
    return found


# "CDF-Hakha", "PDF-Mandalay", "CDF-CDM-Siyin": a force's acronym and the town or unit it is of, joined by a hyphen;
# "Asho CDF", "Yaw PDF": a one-word name before the acronym
_UNIT_AFTER_ACRONYM = re.compile(
    r"(?<![\w-])(?P<acronym>[A-Z]{2,6})[-–](?P<tail>[A-Z][\w]*(?:[-–][A-Z][\w]*)*)(?![\w-])"
)
_UNIT_BEFORE_ACRONYM = re.compile(r"(?<![\w'’-])(?P<head>[A-Z][a-z]+)[ \t]+(?P<acronym>[A-Z]{2,6})(?![\w-])")


def _local_units(
    text: str, known: list[Mention], found: list[Mention], acronyms: dict, blocked: list[tuple[int, int]], lookup
) -> list[Mention]:
    """Local units of a force whose acronym the article uses as a name ("CDF-Hakha", "Asho CDF"): each a new actor.

    The acronym counts when it is defined in the text ("Chin Defence Force (CDF)") or found as a known actor. A
    place or a people before the acronym is not a unit's name ("Kyaukphyu SEZ", "Russian RIA"), nor a unit named
    like the acronym's own definition ("CDF-Hualngoram" for "Hualngoram Chin Defence Force (CDF)")."""
    names = set(acronyms) | {m.text for m in known if m.text.isupper()}
    spans = [(m.start, m.end) for m in [*known, *found]]
    units = []
    for match in [*_UNIT_AFTER_ACRONYM.finditer(text), *_UNIT_BEFORE_ACRONYM.finditer(text)]:
        if match.group("acronym") not in names:
            continue
        head = match.groupdict().get("head")
        if head and (
            head in SENTENCE_OPENERS
            or head in TITLE_WORDS
            or head in ROLE_TITLES
            or _DEMONYM.fullmatch(head)
            or lookup(head)
            or re.search(r"[A-Z][\w'’-]*[ \t]+$", text[max(0, match.start() - 30) : match.start()])
            or re.search(r"(?:^|[.!?:\n])[ \t\"“]*$", text[max(0, match.start() - 3) : match.start()])
        ):
            continue  # a sentence's first word or a title, or the end of a longer name: not a unit's name
        defined = acronyms.get(match.group("acronym"))
        tail = match.groupdict().get("tail")
        if tail and defined and text[defined[0] : defined[1]].startswith(tail + " "):
            continue  # "CDF-Hualngoram": the force already named in full
        start, end = match.span()
        if any(s < end and start < e and not (start <= s and e <= end) for s, e in [*spans, *blocked]):
            continue  # crosses a name already read
        if any((s, e) == (start, end) for s, e in spans):
            continue
        units.append(Mention("actor", match.group(), start, end, None, confidence=0.5, status="new",
                             name=match.group(), reason="a local unit of a force named by its acronym ('CDF-Hakha')"))  # fmt: skip
    return units


# "the Kyunhla activist group", "the Kyauk Sein Taung mining company", "the X jade mining company": a name, then the kind of body in lower case
_LOWER_ORGANISATION = re.compile(
    r"[ \t]+(?:(?:activist|rights|human[ \t]rights|mining|jade|trading|construction|shipping|oil|gas|energy|media|"
    r"advocacy|monitoring|relief|youth|women's|women’s|students'|strike|resistance|aid|charity)[ \t]+){1,2}"
    r"(?:group|company|firm|network|union|association|committee|collective|organi[sz]ation)\b"
)
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ese|ian|ish|i|an)")  # "a Chinese mining company" is no name
_JOINED_TO_ACTOR = re.compile(r"[ \t]+(?:for|of|at|from)[ \t]+(?:the[ \t]+)?$")
# "RFA's Burmese Service": a desk of the outlet named before it, not an organisation of its own
_DESK = re.compile(r"(?:[A-Z][\w-]*[ \t]+)?(?:Service|Desk|Section)$")
_ACRONYM_OF = re.compile(r"[ \t]*\(([A-Z][A-Za-z&]+)\)")


def _read_as_one(text: str, found: list[Mention], known: list[Mention]) -> list[Mention]:
    """New names read as a reader reads them with the rest of the text.

    A person named again by the end of the name ("Mr Sonowal" after "Sarbananda Sonowal", "Suu Kyi" after "Aung
    San Suu Kyi") is that person; a new name followed by the acronym of a known actor ("South East Asia Gas
    Pipeline Co, Ltd (SEAGP)") is that actor; an outlet's desk ("RFA's Burmese Service") is the outlet's.
    """
    kept: list[Mention] = []
    people: list[str] = []
    known_at = {m.start: m for m in known}
    for mention in sorted(found, key=lambda m: m.start):
        if mention.status == "new" and mention.reason.startswith("a person"):
            full = next((p for p in people if p.endswith(" " + mention.name)), None)
            mention.name = full or mention.name
            people.append(mention.name)
        elif mention.status == "new" and mention.id is None:
            acronym = _ACRONYM_OF.match(text, mention.end)
            owner = known_at.get(acronym.start(1)) if acronym else None
            if owner is not None and owner.id:  # the acronym is a known actor's
                mention.id, mention.status, mention.name = owner.id, "resolved", None
                mention.reason = f"named with the acronym of a known actor ({owner.text})"
            elif (
                _DESK.fullmatch(mention.text)
                and re.search(r"['’]s[ \t]+$", text[max(0, mention.start - 3) : mention.start])
                and any(m.end in (mention.start - 3, mention.start - 2) for m in known)
            ):
                continue
        kept.append(mention)
    return kept
