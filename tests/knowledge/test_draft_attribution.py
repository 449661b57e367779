"""Reporting structures, quotations, credits and dates as drafting reads them, in both
languages; and the gold set of benchmarks/drafting/ kept at its level."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.drafting_gold import TARGET_RIGHT, gold_files, score
from bot.knowledge.attribution import reporting_verb
from bot.knowledge.draft import Draft, draft_article
from bot.knowledge.draft_cues import conditional_cue
from bot.knowledge.draft_dates import event_date
from bot.knowledge.draft_kinds import guess_kind
from bot.knowledge.draft_lemmas import lemma
from bot.knowledge.draft_names import document_author
from bot.knowledge.draft_sources import source_phrase
from bot.knowledge.loader import Knowledge, load_directory
from bot.knowledge.model import Language
from bot.knowledge.sentences import article_sentences
from tests.multi_knowledge import MULTI_KNOWLEDGE


def _draft(text: str, language: Language) -> Draft:
    """The draft of a short article about a port, published 2024-11-20, with no knowledge."""
    return draft_article(text, language, "port", dt.date(2024, 11, 20), Knowledge())


@pytest.mark.parametrize(
    ("sentence", "language", "who", "role"),
    [
        ("Experts noted that the cable could be cut again.", "en", "Experts", "say"),
        (
            "The ministry confirmed on Monday that the ship had left.",
            "en",
            "The ministry",
            "report",
        ),
        ("Russia has repeatedly denied using foreign troops.", "en", "Russia", "say"),
        ("The claim was denied by Beijing, which said it was calm.", "en", "Beijing", "say"),
        (
            "Minister Jane Roe was quoted as saying that talks would resume.",
            "en",
            "Minister Jane Roe",
            "say",
        ),
        (
            "Cinia, the company that runs the line, said it stopped working.",
            "en",
            "Cinia",
            "say",
        ),
        (
            "Two officials, who asked not to be named, said the crew was paid.",
            "en",
            "Two officials",
            "say",
        ),
        (
            '"It is cheap and deniable," said Jane Roe, a fellow at a think tank.',
            "en",
            "Jane Roe",
            "say",
        ),
        ("The agency believes the launch may have failed.", "en", "The agency", "estimate"),
        ("« Nous ne changerons jamais », a-t-il ajouté.", "fr", "il", "say"),
        ("Le missile a volé loin, estime-t-elle.", "fr", "elle", "estimate"),
        (
            "Le Kremlin a démenti toute ingérence, a déclaré son porte-parole.",
            "fr",
            "Le Kremlin",
            "say",
        ),
        ("Il juge toutefois que l'essai reste à démontrer.", "fr", "Il", "estimate"),
        (
            "Les États-Unis, le Japon et la Corée du Sud accusent Pyongyang de mentir.",
            "fr",
            "Les États-Unis, le Japon et la Corée du Sud",
            "accuse",
        ),
        (
            "Des observateurs ont fait état de fraudes dans plusieurs bureaux.",
            "fr",
            "Des observateurs",
            "report",
        ),
    ],
)
def test_reporting_verbs_by_lemma_and_their_subjects(
    sentence: str, language: str, who: str, role: str
) -> None:
    attribution = reporting_verb(sentence, language)
    assert attribution is not None
    assert (attribution.who, attribution.role) == (who, role)


def test_participles_and_passives_are_never_the_speaker() -> None:
    assert reporting_verb("Repairs are expected to take ten days.", "en") is None
    found = reporting_verb("The Pentagon confirmed the reports, citing its own assessment.", "en")
    assert found is not None and found.who == "The Pentagon"
    assert reporting_verb("Le missile, cité par l'agence, est tombé en mer.", "fr") is None
    assert lemma("démentie", "fr") == "dementir" and lemma("noted", "en") == "note"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("According to data cited by the broadcaster Yle, a ship passed.", "the broadcaster Yle"),
        (
            "Le tir a été préparé, selon une source militaire citée par Yonhap.",
            "une source militaire",
        ),
        ("Pour les analystes, le résultat risque d'éloigner le pays.", "les analystes"),
        ("D'après l'ONG Mon vote, les fraudes pourraient être massives.", "l'ONG Mon vote"),
    ],
)
def test_source_phrases_name_who_speaks(text: str, who: str) -> None:
    found = source_phrase(text)
    assert found is not None and found.who == who
    assert source_phrase("Pour la première fois, le missile a volé 86 minutes.") is None


def test_hedges_and_what_is_not_a_hedge() -> None:
    assert conditional_cue("The ship may have dragged its anchor.") == "may"
    assert conditional_cue("Le tir aurait été préparé.") == "aurait"
    assert conditional_cue("Repairs are expected to take ten days.") == "forecast"
    assert conditional_cue("The operator could not be reached for comment.") is None


def test_credits_datelines_and_quotations_over_two_sentences() -> None:
    text = (
        "Title of the story\n\nBy Jane Roe\n\n"
        "OSLO, Nov 20 (Newswire) - The port closed, the police said on Wednesday.\n\n"
        '"We are not ruling anything out," Roe said. "But it is too early."\n\n'
        "« Rien n'est exclu. Nous enquêtons », a-t-il dit.\n\n"
        "(Reporting by Jane Roe; Editing by John Doe)\n"
        "Additional reporting by Ann Lee.\n"
    )
    assert [s.text for s in article_sentences(text)] == [
        "The port closed, the police said on Wednesday.",
        '"We are not ruling anything out," Roe said. "But it is too early."',
        "« Rien n'est exclu. Nous enquêtons », a-t-il dit.",
    ]


@pytest.mark.parametrize(
    ("text", "language", "published", "day"),
    [
        ("The line stopped early on Monday.", "en", dt.date(2024, 11, 20), dt.date(2024, 11, 18)),
        ("Le tir a eu lieu jeudi matin.", "fr", dt.date(2024, 10, 31), dt.date(2024, 10, 31)),
        ("Il est attendu mardi à Tbilissi.", "fr", dt.date(2024, 10, 28), dt.date(2024, 10, 29)),
        (
            "Orban, qui a parlé samedi, arrive mardi.",
            "fr",
            dt.date(2024, 10, 28),
            dt.date(2024, 10, 22),
        ),
        ("Hier, le port a fermé.", "fr", dt.date(2024, 11, 20), dt.date(2024, 11, 19)),
        ("The ship passed on Nov 17.", "en", dt.date(2024, 11, 20), dt.date(2024, 11, 17)),
    ],
)
def test_relative_dates_resolved_against_publication(
    text: str, language: str, published: dt.date, day: dt.date
) -> None:
    assert event_date(text, published, language).day == day


def test_a_period_gives_no_day_but_a_note() -> None:
    found = event_date("Soldiers were killed since last week.", dt.date(2024, 12, 3), "en")
    assert found.day is None and found.period == "last week"


def test_one_speaker_however_the_article_names_it() -> None:
    text = (
        "The port closed, Norway's National Intelligence Service said.\n"
        "The intelligence service estimated that 30 ships were stuck.\n"
        "The agency believes the crew may have fled.\n"
        "Detective Inspector Kari Nordmann said the crew was paid.\n"
        "Nordmann said the inquiry would take weeks.\n"
        "She added that divers were at work.\n"
    )
    draft = _draft(text, "en")
    ids = [f.speaker.id for f in draft.facts]
    assert ids[0] == ids[1] == ids[2] and ids[3] == ids[4] == ids[5] and ids[0] != ids[3]
    assert [f.claim_type for f in draft.facts[:3]] == ["statement", "estimate", "estimate"]
    assert len(draft.new_speakers) == 2


@pytest.mark.parametrize("gold", gold_files(), ids=lambda p: p.stem)
def test_gold_articles_keep_their_attribution(gold: Path, tmp_path: Path) -> None:
    result = score(gold, tmp_path)
    assert result.right / result.claims >= TARGET_RIGHT, result.wrong
    assert result.stronger == 0 and result.credits_kept == 0 and result.split_quotes == 0


def test_a_clause_with_its_own_verb_is_not_the_subject() -> None:
    """ "X a fermé le port, ..., a confirmé Y.": the speaker comes after the verb."""
    found = reporting_verb(
        "La société Nordline a fermé lundi le port de Vardø, le plus au nord du pays,"
        " a confirmé la police locale.",
        "fr",
    )
    assert found is not None and found.who == "la police locale"
    assert found.claim.startswith("La société Nordline a fermé lundi le port")
    relative = reporting_verb("Officials who have read the report said it was late.", "en")
    assert relative is not None and relative.who == "Officials who have read the report"


def test_a_base_form_after_a_or_a_possessive_is_a_noun() -> None:
    found = reporting_verb("A rebel claim that the bridge fell was denied by the army.", "en")
    assert found is not None and found.who == "the army"
    assert reporting_verb("Their analysts say the bridge fell.", "en") is not None


def test_a_conditional_after_a_past_reporting_verb_is_the_future_of_the_past() -> None:
    past = "Le ministère avait annoncé qu'il fermerait la frontière."
    assert conditional_cue(past, "avait annoncé") is None
    assert conditional_cue(past) == "fermerait"  # without a past reporting verb: a hedge
    assert conditional_cue("Il a dit que l'accord pourrait échouer.", "a dit") == "pourrait"
    assert conditional_cue("Le port préparait une grève et durait.") is None  # imperfects


def test_laying_the_blame_is_an_accusation() -> None:
    text = (
        "The ministry said the port closed on Monday.\n"
        "Le ministre a ajouté que la faute revenait aux dockers.\n"
        "Le ministre a dit que le port fermait faute de moyens.\n"
    )
    draft = _draft(text, "fr")
    assert [f.claim_type for f in draft.facts] == ["statement", "accusation", "statement"]


def test_a_definite_description_names_the_last_speaker_of_its_kind() -> None:
    text = (
        "Pour l'économiste Jana Novak, les prix pourraient doubler.\n"
        "« C'est une situation que nous n'avons jamais vue », a estimé l'analyste.\n"
        "The shipping firm Nordline said its ferry had left.\n"
        "The company added that the crew was safe.\n"
    )
    draft = _draft(text, "fr")
    ids = [f.speaker.id for f in draft.facts]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Le média indépendant Ziarul", "media"),
        ("the Daily Post", "media"),
        ("Chinese state media", "state_media"),
        ("l'agence officielle KCNA", "state_media"),
        ("The Norwegian military", "government"),
        ("les autorités portuaires", "government"),
        ("le service de renseignement", "intelligence"),
        # A name after an article, or an acronym, is an institution, never a person.
        ("the Pentagon", "government"),
        ("Le Quai d'Orsay", "government"),
        ("Les FSR", "government"),
        ("UKMTO", "government"),
        # A bare agency is a public one; named alone or with a press word, a news agency.
        ("Britain's maritime security agency UKMTO", "government"),
        ("the agency", "government"),
        ("l'agence russe Interfax", "media"),
        ("Agence France-Presse", "media"),
        ("the Yonhap news agency", "media"),
        # The describing nouns decide before the words of the name (a company: no kind, so
        # the proposal's default, person).
        ("The data provider Lloyd's List Intelligence", None),
        ("the Kyiv Independent", "media"),
        ("des habitants joints par téléphone", "anonymous_source"),
        ("La junte au pouvoir", "government"),
        # A role before a full name is that person; the office without one is the government.
        ("lawmaker Lee Seong-kweun", "person"),
        ("le ministre de la Défense Andreï Belooussov", "person"),
        ("le ministre des Mines", "government"),
        ("Pentagon spokesman", "government"),
        ("White House press secretary", "government"),
    ],
)
def test_speaker_kinds_from_the_words_that_name_them(written: str, kind: str | None) -> None:
    assert guess_kind(written) == kind


def test_a_reporting_verb_that_names_no_one_never_makes_a_statement() -> None:
    """A passive without agent or the impersonal « on »: the article relays a belief, hearsay
    or an accusation; it is never background. A passive naming its agent gives the speaker."""
    text = (
        "The ferry is believed to have sunk near the coast.\n"
        "Le cargo est soupçonné d'avoir coupé le câble.\n"
        "On estime que 300 maisons ont brûlé.\n"
        "Two guards are said to have fled.\n"
        "The mayor is accused of lying.\n"
        "Le maire a été accusé de fraude par l'opposition.\n"
        "Le projet a été annoncé en mars.\n"
        "Three boats were found on the shore.\n"
    )
    draft = _draft(text, "fr")
    assert [(f.speaker.id, f.claim_type) for f in draft.facts] == [
        ("article", "estimate"),
        ("article", "estimate"),
        ("article", "estimate"),
        ("article", "unverified_report"),
        ("article", "accusation"),
        ("opposition", "accusation"),
        ("article", "background"),
        ("article", "background"),
    ]


def test_coordinated_and_nested_reporting_verbs() -> None:
    """ "X called it Y and said Z" is X's; "said it expected" is an estimate, "said no one
    believes" a statement; "the port operator" is a new speaker, not the last institution."""
    text = (
        "Harbour police said the port was closed on Monday.\n"
        'Mayor Ana Lind called the closure "a very heavy blow for the town" and said the'
        " port would reopen.\n"
        "The ferry company Nordline said it expected more delays.\n"
        "The ferry company Nordline said no one believes the port will reopen soon.\n"
        "Some 40 ferries were cancelled, the port operator said.\n"
    )
    draft = _draft(text, "en")
    speakers = [f.speaker.written for f in draft.facts]
    assert speakers[1] == "Mayor Ana Lind" and speakers[4] == "the port operator"
    assert [f.claim_type for f in draft.facts[2:4]] == ["estimate", "statement"]


def test_hard_wrapped_lines_are_joined_back_into_sentences() -> None:
    text = (
        "Port closed after fire\n\n"
        "By Jane Roe\n\n"
        "OSLO, Nov 20 (Newswire) - The harbour authority on Monday closed the port of Oslo to\n"
        "all ferries after a fire in a warehouse, the police said.\n\n"
        '"We do not know yet how it started," fire chief Ola Berg told reporters at the\n'
        "quay.\n\n"
        "(Reporting by Jane Roe)\n"
    )
    assert [s.text for s in article_sentences(text)] == [
        "The harbour authority on Monday closed the port of Oslo to all ferries after a fire"
        " in a warehouse, the police said.",
        '"We do not know yet how it started," fire chief Ola Berg told reporters at the quay.',
    ]


def test_a_time_or_a_name_beside_the_speaker() -> None:
    found = reporting_verb("The harbour authority on Monday accused the crew of lying.", "en")
    assert found is not None and found.who == "The harbour authority"
    inverted = reporting_verb("« Nous rouvrirons », a déclaré le ministre, Ana Berg.", "fr")
    assert inverted is not None and inverted.who == "le ministre Ana Berg"
    source = source_phrase("Selon le maire de Vardø, Ana Berg, le port a fermé.")
    assert source is not None and source.who == "le maire de Vardø Ana Berg"
    assert source.claim == "le port a fermé."
    listed = source_phrase("Selon le ministère, Oslo, Bergen et Tromsø sont touchées.")
    assert listed is not None and listed.who == "le ministère"


def test_the_multi_document_test_articles_draft_to_their_known_speakers() -> None:
    """tests/knowledge_multi's own articles (hard-wrapped, never tuned on) drafted against
    their knowledge: the curated speakers and claim types come back."""
    kb = load_directory(MULTI_KNOWLEDGE)
    article = MULTI_KNOWLEDGE / "articles" / "barrage-tessa-vannes-2026-03-10.fr.txt"
    draft = draft_article(article.read_text(encoding="utf-8"), "fr", "x", dt.date(2026, 3, 10), kb)
    assert [(f.speaker.id, f.claim_type) for f in draft.facts[:4]] == [
        ("valdoria-government", "statement"),  # « a annoncé qu'il rouvrirait »: not a hedge
        ("piet-marov", "quote"),
        ("clara-voss", "statement"),
        ("radio-lenz", "statement"),
    ]
    assert draft.new_speakers == []


def test_a_title_before_a_known_persons_full_name_names_that_person() -> None:
    kb = load_directory(MULTI_KNOWLEDGE)
    article = MULTI_KNOWLEDGE / "articles" / "tessa-dam-accusation-2026-03-02.en.txt"
    draft = draft_article(article.read_text(encoding="utf-8"), "en", "x", dt.date(2026, 3, 2), kb)
    assert [(f.speaker.id, f.claim_type) for f in draft.facts[:3]] == [
        ("kestria-government", "accusation"),
        ("ana-rell", "quote"),  # "Kestrian Foreign Minister Ana Rell told reporters"
        ("valdoria-energy-ministry", "statement"),
    ]
    assert draft.new_speakers == []


def test_an_apposition_describes_the_speaker_and_leaves_the_claim() -> None:
    """« D'après X, une radio locale, … », "X, a maritime security agency, said": the
    description says what the speaker is (its kind, and the draft's description) and is not
    part of the claim; a relay between commas (« citée par ») is not either."""
    text = (
        "D'après Radio Tamara, une radio locale, les combats ont repris.\n"
        "According to Kpler, a ship-tracking firm, exports fell by half.\n"
        "Nordwatch, a maritime security agency run by the navy, said the ship was hit.\n"
        "Selon l'agence Tass, citée par un quotidien, le navire a coulé.\n"
        "Selon le ministère, le port, fermé lundi, a rouvert.\n"
    )
    draft = _draft(text, "fr")
    assert [f.text for f in draft.facts] == [
        "Les combats ont repris.",
        "Exports fell by half.",
        "The ship was hit.",
        "Le navire a coulé.",
        "Le port, fermé lundi, a rouvert.",
    ]
    kinds = {s.written: (s.kind, s.description) for s in draft.new_speakers}
    assert kinds["Radio Tamara"] == ("media", "une radio locale")
    assert kinds["Kpler"] == ("person", "a ship-tracking firm")
    assert kinds["Nordwatch"][0] == "government"


def test_a_document_speaks_for_its_author_and_a_place_is_not_the_speaker() -> None:
    text = (
        "Selon un rapport de l'ONU publié lundi, 300 000 personnes ont fui.\n"
        "L'ONU a ajouté que les camps étaient pleins.\n"
        "« Nous reprendrons la mine », a déclaré à la télévision publique le ministre des"
        " Mines, le colonel Amadou Diallo.\n"
    )
    draft = _draft(text, "fr")
    assert [f.speaker.written for f in draft.facts] == [
        "l'ONU",
        "l'ONU",  # the speaker first proposed, named again
        "le ministre des Mines Amadou Diallo",
    ]
    assert draft.facts[0].speaker.id == draft.facts[1].speaker.id
    assert [s.kind for s in draft.new_speakers] == ["government", "person"]
    assert document_author("A UN report published last week") == "UN"
    assert document_author("the ministry's statement") == "the ministry"
    assert document_author("The Kremlin") == "The Kremlin"


def test_what_a_verb_form_is_in_its_sentence() -> None:
    """A French past participle with no auxiliary is an adjective (« les 300 promis »); an
    English plural noun is no form of a French verb ("observers"); « a fermement rejeté »
    keeps its adverb out of the speaker; "put ... and said" is one subject's."""
    assert reporting_verb("La flotte ne compte que 12 navires sur les 30 promis.", "fr") is None
    rejected = reporting_verb("Oslo a fermement rejeté ces accusations.", "fr")
    assert rejected is not None and rejected.who == "Oslo"
    observers = reporting_verb("Election observers said they had seen fraud.", "en")
    assert observers is not None and observers.who == "Election observers"
    toll = reporting_verb("The army put the toll at 12 and said the fire was out.", "en")
    assert toll is not None and toll.who == "The army"
    reported = reporting_verb("La radio a de son côté rapporté que le port avait fermé.", "fr")
    assert reported is not None and reported.who == "La radio"


def test_clause_ends_sources_and_abbreviated_months() -> None:
    """ "…, a été fermé, a précisé X": the clause ends before X speaks; « a-t-on appris de
    source policière » names an anonymous source; a description closing the sentence, even
    with a reporting word inside it ("a group that compiles reports"), is the source's; "Oct."
    before a day ends no sentence."""
    text = (
        "Le port de Vardø, le plus au nord, a été fermé, a précisé la société Nordline.\n"
        "Deux ferries seraient bloqués, a-t-on appris de source portuaire.\n"
        "At least 12 boats sank after Oct. 3, according to Seawatch, a group that compiles"
        " reports from harbours.\n"
    )
    draft = _draft(text, "fr")
    assert [f.speaker.written for f in draft.facts] == [
        "la société Nordline",
        "source portuaire",
        "Seawatch",
    ]
    assert [f.claim_type for f in draft.facts] == ["statement", "unverified_report", "statement"]
    assert draft.facts[1].text == "Deux ferries seraient bloqués."
    assert draft.facts[2].text == "At least 12 boats sank after Oct. 3."


def test_unnamed_speakers_and_descriptions_that_stand_for_a_speaker() -> None:
    """ "a nurse at X" is an unnamed source; « la police nationale » is a speaker of its own,
    not the last institution named; "the company" is the company named before, not the
    minister named since."""
    text = (
        "La compagnie des ferries Nordline a annoncé la fermeture du port.\n"
        "Le ministre des Transports Ola Berg a dénoncé un sabotage.\n"
        "D'après l'Agence maritime européenne, 12 navires attendent.\n"
        "La police nationale affirme avoir arrêté deux hommes.\n"
        "La compagnie a précisé que les billets seraient remboursés.\n"
        "A nurse at Vardø Hospital said four sailors were hurt.\n"
    )
    draft = _draft(text, "fr")
    ids = [f.speaker.id for f in draft.facts]
    assert ids[4] == ids[0] and len({ids[0], ids[1], ids[2], ids[3]}) == 4
    kinds = [f.speaker.kind for f in draft.facts]
    assert kinds[1:4] == ["person", "government", "government"]
    assert kinds[5] == "anonymous_source"


def test_fifth_round_structures() -> None:
    """« Pour les manifestants, » names a group; « a lancé un appel et demandé » shares its
    subject and auxiliary; "Insurers could face claims" holds a verb, so the speaker closes the
    sentence; "the government" is the government, not the last minister named; a role before
    a capitalised name is that person; a long headline is no fact."""
    french = _draft(
        "Pour les manifestants, la réforme risque de fermer le port.\n"
        "Le maire, Ola Berg, a lancé un appel au calme et demandé le retrait du projet.\n",
        "fr",
    )
    assert [(f.speaker.written, f.claim_type) for f in french.facts] == [
        ("les manifestants", "estimate"),
        ("Le maire Ola Berg", "statement"),
    ]
    english = _draft(
        "Port workers strike over pay as officials say the harbour may close for a whole week\n\n"
        "Shippers could face claims of $5 million, the Nordic freight association estimated.\n"
        "Harbour Minister Ana Lind said the port would reopen.\n"
        "The government said the strike was illegal.\n",
        "en",
    )
    assert [(f.speaker.written, f.claim_type) for f in english.facts] == [
        ("the Nordic freight association", "estimate"),
        ("Harbour Minister Ana Lind", "statement"),
        ("The government", "statement"),
    ]
    kinds = [s.kind for s in english.new_speakers]
    assert kinds == ["person", "person", "government"]  # an association has no kind: person
