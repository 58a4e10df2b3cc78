#!/usr/bin/env python3
"""Writes a deterministic, invented newsroom for benchmarking dateline.

    bench/gen_corpus.py --format plain -n 10000 --out /tmp/bench-sites/plain-10000
    bench/gen_corpus.py --format hugo  -n 10000 --out /tmp/bench-sites/hugo-10000

Both formats hold the same N articles (titles, dates, bylines, categories,
tags, related lists, bodies) and the same author profiles:

  plain  a dateline site: config.toml, content/<category>/<slug>.md,
         content/authors/<id>.md. Links to other articles are `@/` paths and
         inline boxes are `Also read: [](@/<category>/<slug>.md)` paragraphs.
  hugo   a Hugo site with small templates doing the same job: hugo.toml,
         content/news/<slug>.md, author profiles as the pages of the authors
         taxonomy's terms (content/authors/<id>/_index.md), the inline box
         as an `also-read` shortcode, and layouts for the article page (title,
         date, author and category links, body, tags, "Also read" list of
         the related articles), the home page (latest 20), the news section,
         category, author and tag pages (paginated by 20), the taxonomy
         indexes, category navigation on every page, and RSS for the site,
         each category and each author (dateline's default feeds, less Atom).

Every article is 700 to 900 words of invented news text made from the word
lists and sentence patterns below: a standfirst, 3 or 4 sections under `##`
headings, a bulleted list, a block quote, two external links, one or two links
to earlier articles and, in most articles, an "Also read" paragraph. There are
12 categories and 40 authors (some with non-ASCII names, a few articles with
two bylines), 2 to 5 tags per article, dates over 2023-2025 and 0 to 3
explicit related articles, taken from the same story where there is one.

The output depends only on the arguments: random numbers come from seeded
`random.Random` instances, nothing reads the clock, and files are written in a
fixed order. The site is written beside --out and renamed into place when
complete, so an interrupted run leaves no half-written corpus behind.
Python 3.11 standard library only.
"""
import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import unicodedata

SITE_TITLE = "The Harbour Gazette"
SITE_DESCRIPTION = "Invented news from an invented newsroom, for benchmarking static site generators."
BASE_URL = "https://news.example.org/"
DEFAULT_SEED = 1907
FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 3 * 365  # 2023-01-01 to 2025-12-31
# Nothing is dated later: benchmarks build with --now 2026-01-01T00:00:00Z.
LAST_MOMENT = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc)

# ---------------------------------------------------------------------------
# Word lists. Slots in patterns: {org} {Org} {topic} {group} {Group} {role}
# {person} {last} {place} {day} {month} {year} {num} {num2} {pct} {money}
# {big} {score} {quote} {ordinal}; {Org} and {Group} are capitalised.

PLACES = [
    "Aarhus", "Antwerp", "Bergen", "Bilbao", "Bologna", "Bordeaux", "Brno", "Bristol",
    "Cluj", "Córdoba", "Dresden", "Galway", "Gdynia", "Ghent", "Graz", "Kraków",
    "Leipzig", "Linz", "Lyon", "Malmö", "Montréal", "Nantes", "Oulu", "Plzeň",
    "Porto", "Rotterdam", "Seville", "Tampere", "Trieste", "Turku", "Valencia", "Zaragoza",
]

FIRST_NAMES = [
    "Agnieszka", "Amara", "Andrés", "Astrid", "Benedikt", "Chiara", "Dmitri", "Elif",
    "Emeka", "Fionnuala", "Gaël", "Hanna", "Héctor", "Ines", "Jarosław", "Kalinda",
    "Kwame", "Lena", "Lucía", "Magnus", "Marek", "Meera", "Nadia", "Olivier",
    "Paulo", "Rosa", "Ruth", "Samir", "Sinéad", "Tariq", "Teodora", "Ville",
]
LAST_NAMES = [
    "Abara", "Bauer", "Castellano", "Delacroix", "Eklund", "Ferreira", "Gruber", "Halloran",
    "Iversen", "Jovanović", "Kaczmarek", "Laine", "Mahmoud", "Novak", "Olawale", "Pérez",
    "Quinlan", "Reinholt", "Sandoval", "Thorsen", "Urquhart", "Vasquez", "Weber", "Yilmaz",
    "Zamora", "Łącki", "Brennan", "Costa", "Duarte", "Mbeki", "Sørlie", "Hartley",
]

DAYS_OF_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve"]
ORDINALS = ["second", "third", "fourth", "fifth"]

QUOTES = [
    "We have been asking for this for a long time, and it is good that someone is finally listening",
    "Nobody should pretend this is going to be easy",
    "The numbers simply do not add up, and everyone in the room knows it",
    "People want to know what it means for them, and so far nobody has told them",
    "This is a step in the right direction, but it is only a step",
    "We will read the detail before we say anything more",
    "It is not perfect, but it is a great deal better than what we had",
    "I have not seen anything like it in twenty years of doing this job",
    "The risk is that we make exactly the same mistakes again",
    "There is still time to get this right if people are willing to listen",
    "What matters now is whether the money actually arrives",
    "We were told one thing in the spring and something quite different in the autumn",
    "Nobody I have spoken to thinks the timetable is realistic",
    "This was always going to be a test of trust",
    "If you ask the people who do the work, they will tell you the same thing",
    "We are not against change, we are against change that nobody has thought through",
    "It is a relief, frankly, after the year we have had",
    "The question is not whether, but how quickly",
    "I understand the frustration, and I share some of it",
    "Everyone agrees on the problem; nobody agrees on who should pay",
]

GENERIC_SENTENCES = [
    "{Org} said on {day} that the {topic} would go ahead as planned, despite objections from {group} in {place}.",
    "The {topic} has been under discussion since {year}, when it was first raised by {org}.",
    "{Group} have complained for months that they were not consulted, and several said they learned of the details from the news.",
    "Figures released by {org} suggest that {pct} of {group} expect to be affected within the next {num} months.",
    "\"{quote},\" said {person}, {role}.",
    "\"{quote},\" {person}, {role}, told the Gazette.",
    "{person}, {role}, said the figures needed careful reading. \"{quote}.\"",
    "Officials would not say how much the {topic} will cost, but an internal estimate seen by this newspaper puts the figure at {money}.",
    "The timing is awkward for {org}, which faces questions over its handling of a separate dispute in {place}.",
    "Not everyone is convinced.",
    "In {place}, the reaction was more muted.",
    "Supporters say the {topic} is overdue and point to similar schemes elsewhere that have worked.",
    "Critics argue that it does little to address the underlying problem, and that {group} will end up paying for it.",
    "A spokesperson for {org} said a full response would be published by the end of {month}.",
    "It is the {ordinal} time in {num2} years that the {topic} has been revised.",
    "Much depends on what happens over the next few weeks.",
    "{Org} has set aside {money} for the first phase, with more promised if early results are encouraging.",
    "The details were first set out in a consultation paper last {month}, which drew more than {big} responses.",
    "Talks are expected to resume on {day}.",
    "Neither side has ruled out a compromise, though both insist the other must move first.",
    "For {group} in {place}, the question is less about principle than about timing.",
    "{person} has followed the issue for years and is wary of predicting the outcome.",
    "The last comparable change, in {year}, took almost {num} years to take full effect.",
    "Asked whether the plan could be delayed again, {org} said only that it remained \"committed to the timetable\".",
    "Several {group} said privately that they expected further changes before the end of the year.",
    "The proposal will now go to a second round of consultation, closing in {month}.",
    "Those closest to the negotiations describe the mood as tense but businesslike.",
    "On {day} evening, about {big} people attended a public meeting in {place} to hear the plans explained.",
    "The response from {group} has been mixed, with some welcoming the clarity and others warning of unintended consequences.",
    "{Org} insists that the changes are affordable and that the savings will appear within {num} years.",
    "That argument has not persuaded {group}, who say they have heard similar promises before.",
    "A review commissioned by {org} last year reached broadly the same conclusion.",
    "It is not yet clear who will oversee the {topic} once it is in place.",
    "Some of the sharpest criticism has come from within {org} itself.",
    "The sums involved are small by national standards but large for {place}, where budgets are already stretched.",
    "Independent analysts expect a decision before {month}, although few would rule out another delay.",
    "{person}, who has studied similar cases, said the early signs were encouraging but far from conclusive.",
    "The row has exposed a wider disagreement about how quickly things should change.",
    "One person familiar with the discussions said the final text had been rewritten {num} times.",
    "What happens in {place} is being watched closely elsewhere.",
    "Even supporters concede that the {topic} will take years to show results.",
    "There is also the question of staff, with {pct} of posts in the relevant teams currently vacant.",
    "A petition calling for a rethink has gathered more than {big} signatures.",
    "The first effects are likely to be felt in {place}, where work is due to start in {month}.",
    "{Org} did not respond to a request for comment on {day}.",
    "By most accounts, the meeting ended without agreement.",
    "Opponents have promised to keep up the pressure through the summer.",
    "The figures are disputed, but even the most cautious estimate is higher than last year's.",
    "{Group} in {place} have started organising, with a second meeting planned for {day}.",
    "The original plan was drawn up before costs began to rise, and several of its assumptions no longer hold.",
    "{person}, {role}, said the debate had become \"more about symbols than substance\".",
    "The government has so far stayed out of the argument, at least in public.",
    "A legal challenge remains possible, although lawyers say it would take at least {num} months to reach a court.",
    "The numbers tell only part of the story.",
    "In private, officials at {org} concede that the rollout has been slower than hoped.",
    "Other cities have tried something similar with mixed results.",
    "The most recent survey, carried out in {month}, found opinion almost evenly divided.",
    "{Org} said it had received {big} comments and would read every one of them.",
    "Some of the changes will need approval from {org}, which meets again in {month}.",
    "The same arguments were made, almost word for word, when the idea was last discussed in {year}.",
    "None of this is likely to be settled quickly.",
    "A second report, due in {month}, is expected to look at the costs in more detail.",
    "{Group} are not a single bloc, and their views differ sharply from one place to the next.",
    "Few doubt that something needs to change; the disagreement is about what and how fast.",
    "That is a view shared by {person}, {role}, who has argued for a slower approach.",
    "The pressure is unlikely to ease before the end of {month}.",
]

# Introduces a bulleted list; the paragraph it ends is followed by the list.
LIST_INTROS = [
    "The main points of the {topic}, as set out by {org}, are:",
    "According to the documents published on {day}, the plan includes:",
    "{Group} have listed their main concerns:",
    "The key changes are:",
]
GENERIC_ITEMS = [
    "a review after {num} years, led by an independent panel",
    "a budget of {money} over the first {num2} years",
    "regular public reporting, starting in {month}",
    "a pilot in {place} before any wider rollout",
    "new guidance for {group}, to be drawn up with their representatives",
    "a named official at {org} responsible for delivery",
]

EXTERNAL_HOSTS = ["data.example.org", "press.example.com", "archive.example.net",
                  "journal.example.org", "courts.example.net", "stats.example.com"]
EXTERNAL_SENTENCES = [
    "A [report published by {org}]({url}) last {month} found that {pct} of {group} had seen no change.",
    "The full text is [available online]({url}), although much of the detail is in the annexes.",
    "As [a recent study]({url}) pointed out, the effects tend to be felt first in smaller places such as {place}.",
    "[Earlier research]({url}) by a team in {place} reached a similar conclusion in {year}.",
    "The [official figures]({url}) show a rise of {pct} over the past {num} years.",
    "{person} set out the case against in [a long essay]({url}) published on {day}.",
]
INTERNAL_SENTENCES = [
    "The background is set out in [{title}]({link}).",
    "The dispute is not new: we reported on it in [{title}]({link}).",
    "It follows [{title}]({link}), which set off the current row.",
    "For the earlier stages of the story, see [{title}]({link}).",
    "Some of the same questions were raised in [{title}]({link}).",
]

# The first sentence of an article, about its story's topic and place.
LEDES = [
    "{Org} approved the {topic} on {day}, a decision that will be felt first in {place}.",
    "The {topic} cleared its most important hurdle on {day}, after {org} agreed to changes that {group} in {place} had demanded for months.",
    "A row over the {topic} deepened on {day} as {group} in {place} accused {org} of breaking its promises.",
    "The future of the {topic} was thrown into doubt on {day} when {org} said it would need more time and more money.",
    "{Group} in {place} reacted with a mix of relief and suspicion on {day} after {org} set out the final version of the {topic}.",
    "{Org} has defended the {topic} against a wave of criticism, insisting that it is affordable and that {group} were properly consulted.",
    "For the {ordinal} time this year, the {topic} has dominated the agenda in {place}.",
    "{Org} unveiled a revised {topic} on {day}, weeks after the first version was withdrawn amid protests in {place}.",
    "The {topic} will be delayed by at least {num} months, {org} confirmed on {day}, leaving {group} in {place} facing another period of uncertainty.",
    "When {org} first proposed the {topic} in {year}, few in {place} expected it to take this long.",
]

STANDFIRSTS = [
    "{Org} says the {topic} will go ahead, but {group} in {place} want answers first.",
    "The {topic} was meant to settle the argument. In {place}, it has reopened it.",
    "After months of talks, {org} has published its plans. Here is what they mean.",
    "{Group} say they were not consulted. {Org} says they were. Both cannot be right.",
    "The {topic} is smaller than promised and later than planned, but it is finally on the table.",
    "What began as a local dispute in {place} has become a test for {org}.",
]

BIO_SENTENCES = [
    "{name} covers {beat} for The Harbour Gazette from {place}.",
    "Before joining the Gazette in {year}, {first} worked for a regional daily in {place2} and as a freelance reporter.",
    "{first} has reported from more than {num} countries and studied {subject} at university.",
    "Tips and documents are welcome by email or through the newsroom's secure drop.",
    "{first} writes a weekly newsletter on {beat}.",
]
SUBJECTS = ["history", "economics", "physics", "law", "languages", "geography", "music", "medicine"]


def desk(name, slug, beat, orgs, topics, groups, roles, tags, facts, items, titles, heads):
    return {"name": name, "slug": slug, "beat": beat, "orgs": orgs, "topics": topics,
            "groups": groups, "roles": roles, "tags": tags, "facts": facts, "items": items,
            "titles": titles, "heads": heads}


CATEGORIES = [
    desk("Politics", "politics", "national politics",
         ["the governing coalition", "the opposition Civic Party", "the finance committee", "the electoral commission",
          "the upper house", "the interior ministry", "the prime minister's office", "the regional assembly"],
         ["pension reform", "budget bill", "electoral map", "housing package", "lobbying register",
          "asylum law", "defence spending plan", "tax overhaul", "regional funding formula", "voting age proposal"],
         ["lawmakers", "voters", "party members", "ministers", "backbenchers", "mayors"],
         ["a senior member of parliament", "the party's chief whip", "a former cabinet minister",
          "a political scientist at the University of {place}", "the committee's chair"],
         ["Elections", "Parliament", "Coalition politics", "Pensions", "Taxation", "Public spending",
          "Housing policy", "Migration", "Defence", "Polling", "Constitution", "Lobbying"],
         ["A poll published on {day} put support for the {topic} at {pct}, down {num} points since {month}.",
          "The bill passed its second reading by {big} votes to {num2}, a narrower margin than ministers had hoped for.",
          "Three members of the governing coalition abstained, and one voted against.",
          "The opposition has tabled {num} amendments, most of them aimed at the financing.",
          "The prime minister is expected to address the issue in a speech in {place} on {day}."],
         ["a cap of {pct} on annual increases", "new disclosure rules for {group}",
          "a sunset clause after {num} years", "a cross-party review panel"],
         ["{Org} wins vote on {topic} after late concessions", "Coalition strains show as {topic} returns to parliament",
          "Opposition vows to fight {topic} \"line by line\"", "Poll: voters in {place} split on {topic}",
          "{last} resigns over handling of {topic}", "Explainer: what the {topic} would change"],
         ["The arithmetic in parliament", "A fragile coalition", "What the opposition wants",
          "The view from {place}", "What happens next", "Money and timing"]),
    desk("World", "world", "foreign affairs",
         ["the foreign ministry", "the United Nations agency", "the regional bloc", "the neighbouring government",
          "the embassy in {place}", "the border authority", "the peace envoy's office"],
         ["ceasefire talks", "trade pact", "border agreement", "refugee programme", "sanctions package",
          "aid corridor", "water-sharing treaty", "election observer mission"],
         ["diplomats", "aid workers", "refugees", "negotiators", "observers", "exporters"],
         ["a former ambassador", "a regional analyst based in {place}", "the envoy's deputy",
          "a researcher at an international affairs institute"],
         ["Diplomacy", "Sanctions", "Humanitarian aid", "Refugees", "Trade", "Borders", "Conflict",
          "United Nations", "Elections abroad", "Human rights", "Energy security", "Europe"],
         ["Delegations from {num} countries are expected at the next round in {place}.",
          "The previous agreement collapsed in {year} after a dispute over monitoring.",
          "Aid agencies say at least {big} people are waiting for help near the border.",
          "Both governments recalled their ambassadors for consultations on {day}.",
          "A joint statement issued late on {day} spoke of \"constructive and frank\" discussions."],
         ["a monitoring mission of {num} observers", "the reopening of {num} border crossings",
          "a timetable for the return of displaced families", "a fund of {money} for reconstruction"],
         ["{topic} resume in {place} under heavy pressure", "Envoy warns {topic} could collapse within days",
          "Thousands wait at border as {topic} stalls", "Inside the {topic}: who gains and who loses",
          "{Org} hardens stance on {topic}", "Analysis: why the {topic} matters beyond {place}"],
         ["At the negotiating table", "On the ground in {place}", "The regional picture",
          "What the sides want", "A fragile calm", "What comes next"]),
    desk("Business", "business", "companies and markets",
         ["Norvale Energy", "Halberg Logistics", "Castellan Foods", "the central bank", "Brightwater Retail",
          "the competition authority", "Oster & Lind", "the chamber of commerce"],
         ["takeover bid", "profit warning", "restructuring plan", "price war", "bond issue",
          "merger review", "dividend cut", "factory closure", "wage agreement", "supply deal"],
         ["shareholders", "investors", "suppliers", "employees", "analysts", "small firms"],
         ["an analyst at a brokerage in {place}", "the company's chief executive", "a retail economist",
          "a fund manager who holds the shares", "the union's negotiator"],
         ["Markets", "Earnings", "Mergers", "Retail", "Energy prices", "Jobs", "Interest rates",
          "Inflation", "Manufacturing", "Logistics", "Banking", "Small business"],
         ["Shares closed {pct} lower on {day}, their weakest finish since {month}.",
          "Revenue for the quarter came to {money}, slightly below forecasts.",
          "The company employs about {big} people, {pct} of them in {place}.",
          "Borrowing costs have risen for {num} consecutive quarters.",
          "The board is due to meet again on {day} to discuss the offer."],
         ["{num} site closures over two years", "a hiring freeze until {month}",
          "the sale of the logistics division for {money}", "a new bonus scheme for {group}"],
         ["{Org} shares slide after {topic}", "{Org} confirms {topic} as costs bite",
          "Investors cool on {Org} over {topic}", "What the {topic} means for jobs in {place}",
          "{Org} defends {topic} to angry shareholders", "Regulator opens inquiry into {topic}"],
         ["The numbers", "How the market reacted", "Jobs on the line", "The view from {place}",
          "Competition and prices", "What investors want"]),
    desk("Technology", "technology", "technology",
         ["Quillon Systems", "the data protection authority", "Arcwell Networks", "the telecoms regulator",
          "a start-up in {place}", "the digital ministry", "Fennick Labs"],
         ["data breach", "broadband rollout", "chip plant", "app ban", "encryption rules",
          "cloud contract", "AI guidelines", "satellite network", "software outage", "repair law"],
         ["users", "developers", "engineers", "privacy campaigners", "start-ups", "security researchers"],
         ["a security researcher in {place}", "the company's chief technology officer",
          "a lawyer specialising in data protection", "an industry analyst"],
         ["Privacy", "Cybersecurity", "Artificial intelligence", "Broadband", "Semiconductors",
          "Start-ups", "Regulation", "Social media", "Cloud computing", "Open source", "Telecoms", "Gadgets"],
         ["The outage lasted about {num} hours and affected an estimated {big} customers.",
          "The company said it had fixed the flaw within {num} days of being told about it.",
          "Coverage in rural areas still lags, at {pct} of homes.",
          "The software is used by more than {big} organisations, according to its maker.",
          "Engineers traced the problem to a configuration change made on {day}."],
         ["mandatory breach reports within {num} days", "an independent audit of the code",
          "fines of up to {pct} of annual turnover", "a public register of approved suppliers"],
         ["{Org} under fire after {topic}", "What the {topic} means for your data",
          "{topic} falls behind schedule in {place}", "Regulator sets deadline over {topic}",
          "Engineers race to contain {topic}", "Explainer: the {topic} in five questions"],
         ["What went wrong", "Who is affected", "The regulator's view", "Inside the code",
          "Lessons from {place}", "What users should do"]),
    desk("Science", "science", "science",
         ["the national research council", "the university in {place}", "the space agency",
          "the marine institute", "the natural history museum", "an international team of researchers"],
         ["telescope project", "genome study", "fossil find", "particle experiment", "seabed survey",
          "vaccine trial", "comet mission", "bird census", "ice core project", "soil study"],
         ["researchers", "astronomers", "biologists", "students", "volunteers", "geologists"],
         ["a physicist at the university in {place}", "the study's lead author", "an independent geologist",
          "a biologist who was not involved in the work"],
         ["Space", "Astronomy", "Genetics", "Palaeontology", "Physics", "Oceans", "Biodiversity",
          "Geology", "Research funding", "Archaeology", "Chemistry", "Climate science"],
         ["The findings were published on {day} in a peer-reviewed journal.",
          "The team collected more than {big} samples over {num} field seasons.",
          "Similar results were reported by a group in {place} in {year}, using a different method.",
          "The instrument is sensitive enough to detect changes of less than {pct}.",
          "Funding for the next phase, about {money}, has not yet been confirmed."],
         ["{big} samples from {num} sites", "a new dating method tested in {place}",
          "open publication of the raw data", "a follow-up study starting in {month}"],
         ["{topic} yields surprise result", "Researchers in {place} rethink {topic}",
          "Funding gap threatens {topic}", "{Org} hails early data from {topic}",
          "What the {topic} tells us about the past", "The long road to the {topic}"],
         ["The discovery", "How the work was done", "Doubts and caveats", "Why it matters",
          "The team in {place}", "What comes next"]),
    desk("Health", "health", "health",
         ["the health ministry", "the hospital trust", "the medicines agency", "the nurses' union",
          "the public health institute", "the clinic in {place}"],
         ["waiting list plan", "vaccination drive", "hospital merger", "drug shortage",
          "mental health service", "screening programme", "ambulance contract", "GP shortage"],
         ["patients", "nurses", "doctors", "carers", "pharmacists", "parents"],
         ["a consultant at the hospital in {place}", "a public health researcher", "the union's spokesperson",
          "a patient who has waited {num} months"],
         ["Hospitals", "Vaccines", "Mental health", "Medicines", "Nursing", "Public health",
          "Waiting lists", "Cancer care", "Primary care", "Ageing", "Nutrition", "Health funding"],
         ["Waiting times in {place} have risen by {pct} since {year}.",
          "About {big} patients are currently on the list for routine operations.",
          "The trust has {num} wards running above safe capacity, according to internal figures.",
          "Uptake among over-65s reached {pct} last winter.",
          "The agency said supplies should return to normal by {month}."],
         ["{num} new clinics by {month}", "extra evening appointments at GP surgeries",
          "a target of {pct} uptake among older people", "a {money} fund for community care"],
         ["Hospitals in {place} struggle as {topic} stalls", "{Org} promises to fix {topic}",
          "Nurses warn over {topic}", "Patients left waiting as {topic} slips",
          "Q&A: what the {topic} means for you", "Inside a ward under pressure in {place}"],
         ["On the wards", "The waiting list", "What patients say", "The money",
          "The picture in {place}", "What happens next"]),
    desk("Climate", "climate", "climate and environment",
         ["the environment agency", "the water utility", "the energy regulator", "the flood authority",
          "the national park service", "a coalition of campaign groups"],
         ["wind farm", "flood defence scheme", "emissions target", "river clean-up", "heat pump subsidy",
          "coal phase-out", "tree planting plan", "drought plan", "solar park", "low-emission zone"],
         ["farmers", "residents", "campaigners", "fishermen", "landowners", "households"],
         ["a hydrologist at the university in {place}", "a local farmer", "the agency's regional director",
          "a climate scientist"],
         ["Climate change", "Energy", "Floods", "Drought", "Rivers", "Wildlife", "Renewables",
          "Air quality", "Forests", "Farming", "Heatwaves", "Emissions"],
         ["River levels in {place} reached their highest point since {year}.",
          "Emissions fell by {pct} last year, largely because of a mild winter.",
          "The scheme would protect about {big} homes, according to the agency.",
          "Rainfall over the past {num} months was less than half the long-term average.",
          "The turbines would generate enough electricity for roughly {big} households."],
         ["{num} new monitoring stations", "grants of up to {money} for households",
          "a ban on new connections by {year}", "a yearly progress report to parliament"],
         ["{topic} approved despite objections in {place}", "Campaigners challenge {topic} in court",
          "Drought tests {place} as {topic} is delayed", "{Org} scales back {topic}",
          "Explainer: how the {topic} is meant to work", "The price of the {topic}"],
         ["The science", "On the ground in {place}", "Who pays", "The legal challenge",
          "Lessons from elsewhere", "The next ten years"]),
    desk("Education", "education", "education",
         ["the education ministry", "the teachers' union", "the school board in {place}",
          "the university in {place}", "the exams regulator", "the student union"],
         ["exam reform", "school funding formula", "tuition fee rise", "teacher pay deal",
          "school meals scheme", "curriculum review", "campus closure", "apprenticeship plan"],
         ["teachers", "parents", "pupils", "students", "head teachers", "lecturers"],
         ["a head teacher in {place}", "the union's general secretary", "an education researcher",
          "a parent of two"],
         ["Schools", "Universities", "Exams", "Teachers", "Student finance", "Curriculum",
          "Early years", "Apprenticeships", "Special needs", "School meals", "Literacy", "Education funding"],
         ["Pupil numbers in {place} are expected to fall by {pct} over the next decade.",
          "About {big} teaching posts were unfilled at the start of the school year.",
          "Results published on {day} showed a small rise in pass rates.",
          "Fees have risen {num} times since {year}.",
          "The union will ballot its members in {month}."],
         ["fewer but longer exams", "a {pct} pay rise over two years",
          "free meals for all pupils in the first {num} years", "a review of the reading curriculum"],
         ["Teachers threaten strike over {topic}", "{Org} defends {topic} as parents protest",
          "What the {topic} means for pupils in {place}", "{topic} delayed by a year",
          "Universities warn over {topic}", "Explainer: the {topic} in plain English"],
         ["In the classroom", "The funding gap", "What parents say", "The union's demands",
          "The case of {place}", "What changes in September"]),
    desk("Culture", "culture", "culture",
         ["the national theatre", "the city orchestra", "the arts council", "the film festival",
          "the opera house in {place}", "the public broadcaster", "the museum in {place}"],
         ["festival programme", "gallery reopening", "film premiere", "book prize", "theatre season",
          "music festival", "heritage listing", "museum extension", "arts funding round"],
         ["artists", "audiences", "critics", "musicians", "curators", "writers"],
         ["the festival's artistic director", "a critic who has followed the company for years",
          "a curator at the museum in {place}", "the novelist"],
         ["Theatre", "Film", "Music", "Books", "Art", "Museums", "Festivals", "Heritage",
          "Television", "Dance", "Architecture", "Arts funding"],
         ["The production runs until the end of {month}, with {num} performances already sold out.",
          "More than {big} visitors came through the doors in the first week.",
          "The shortlist was announced on {day} in {place}.",
          "Ticket prices have risen by {pct} since {year}.",
          "The building closed in {year} for a renovation that ran {num} years over schedule."],
         ["{num} new commissions", "free entry for under-25s", "a season of works by local artists",
          "late openings on {day}s"],
         ["{topic} opens to strong reviews in {place}", "Review: a bold {topic}",
          "{Org} unveils {topic}", "Artists protest cuts to {topic}",
          "Behind the scenes of the {topic}", "Why the {topic} divides critics"],
         ["On stage", "The critics' verdict", "Behind the scenes", "The money question",
          "A history in {place}", "What to see"]),
    desk("Sport", "sport", "sport",
         ["FC {place}", "the national federation", "the league", "the cycling team", "the Olympic committee",
          "the referees' association"],
         ["title race", "stadium plan", "transfer window", "doping case", "relegation fight",
          "coaching change", "cup run", "World Cup qualifier", "season opener"],
         ["fans", "players", "coaches", "club owners", "season-ticket holders", "athletes"],
         ["the club's head coach", "the team captain", "a former international", "the federation's president"],
         ["Football", "Cycling", "Athletics", "Tennis", "Basketball", "Handball", "Olympics",
          "Swimming", "Ice hockey", "Rugby", "Transfers", "Women's sport"],
         ["The match finished {score} after a late goal.",
          "The club has won {num} of its last twelve league games.",
          "Attendance reached {big}, a record for the ground.",
          "The transfer fee is reported to be about {money}.",
          "The next fixture is away in {place} on {day}."],
         ["{num} new signings", "a youth academy in {place}", "cheaper tickets for under-18s",
          "a new training ground by {year}"],
         ["{Org} keep {topic} alive with late win", "{last} leaves after {topic}",
          "Fans protest over {topic}", "{Org} face {topic} after defeat in {place}",
          "Analysis: what went wrong in the {topic}", "The {topic}: five things we learned"],
         ["The match", "The manager's view", "In the stands", "The table",
          "Lessons from {place}", "What comes next"]),
    desk("Opinion", "opinion", "politics and society",
         ["the government", "the city council", "the central bank", "the opposition", "the unions",
          "the regulator"],
         ["housing crisis", "energy transition", "tax debate", "pension question", "culture war",
          "care system", "transport plan", "trust deficit"],
         ["readers", "taxpayers", "young people", "pensioners", "commuters", "renters"],
         ["a reader from {place}", "an economist", "a former minister", "a local councillor"],
         ["Comment", "Editorial", "Housing", "Democracy", "Economy", "Society", "Transport",
          "Welfare", "Media", "Europe", "Cities", "Generations"],
         ["I have lived in {place} for {num} years, and I have never seen anything like it.",
          "Let us be clear about what is at stake.",
          "The honest answer is that nobody knows, and we should stop pretending otherwise.",
          "This newspaper has argued for years that the {topic} deserves better than slogans.",
          "There is a better way, and it is not complicated."],
         ["be honest about the cost", "start small, in places like {place}",
          "measure the results and publish them", "stop treating {group} as an afterthought"],
         ["The {topic} needs honesty, not slogans", "Why {place} got the {topic} right",
          "We are asking the wrong questions about the {topic}", "The {topic} is a test we are failing",
          "Letter from {place}: living with the {topic}", "In defence of the {topic}"],
         ["The argument", "What the critics miss", "A better way", "The lesson from {place}",
          "Who pays", "Where we go from here"]),
    desk("Cities", "cities", "cities and regions",
         ["the city council", "the transport authority", "the housing association", "the mayor's office",
          "the port authority", "the residents' association"],
         ["tram extension", "rent cap", "bike lane network", "housing estate plan", "parking reform",
          "bus network redesign", "waterfront scheme", "library closures", "market hall project"],
         ["residents", "shopkeepers", "commuters", "tenants", "cyclists", "councillors"],
         ["the deputy mayor", "a councillor for the harbour ward", "a shop owner in the old town",
          "an urban planner in {place}"],
         ["Transport", "Housing", "City council", "Cycling", "Public spaces", "Planning",
          "Rents", "Buses", "Parking", "Libraries", "Waterfront", "Night-time economy"],
         ["The line would carry about {big} passengers a day once complete.",
          "Rents in {place} have risen by {pct} since {year}.",
          "The council meeting on {day} ran for more than {num} hours.",
          "Work on the first section is due to start in {month} and last {num2} years.",
          "Local businesses say footfall has fallen by {pct} since the works began."],
         ["{num} new stops", "a limit of {pct} on yearly rent rises", "more space for pedestrians in the old town",
          "a night bus service on {day}s"],
         ["{place} approves {topic} after marathon meeting", "Residents divided over {topic}",
          "{topic} costs soar in {place}", "{Org} pauses {topic} after protests",
          "How the {topic} will change {place}", "The long fight over the {topic}"],
         ["The plan", "Street by street", "What residents say", "The cost",
          "Lessons from {place}", "What happens next"]),
]

# 40 bylines: each writes mostly for one or two desks (indices into CATEGORIES).
AUTHORS = [
    ("Amara Okonkwo", [0]), ("Benedikt Auer", [0, 10]), ("Chiara Lombardi", [1]),
    ("Dmitri Volkov", [1]), ("Elif Aksoy", [1, 10]), ("Fionnuala Ní Bhriain", [2]),
    ("Gaël Moreau", [2]), ("Hanna Lindqvist", [2, 3]), ("Héctor Ibáñez", [3]),
    ("Ines Kowalczyk", [3]), ("Jaromír Wójcik", [4]), ("Kalinda Rao", [4, 6]),
    ("Kwame Mensah", [5]), ("Lena Schäfer", [5]), ("Lucía Fernández", [6]),
    ("Magnus Halvorsen", [6]), ("Marek Dvořák", [7]), ("Meera Pillai", [7]),
    ("Nadia Haddad", [8]), ("Olivier Gagné", [8]), ("Paulo Conceição", [9]),
    ("Rosa Martínez", [9]), ("Ruth Abernethy", [10]), ("Samir Benali", [11]),
    ("Sinéad Brennan", [11]), ("Tariq Rahman", [0, 11]), ("Teodora Ionescu", [1]),
    ("Ville Mäkinen", [6, 4]), ("Zoë Achterberg", [8, 10]), ("Ana Lúcia Prado", [2]),
    ("Björn Ekström", [9]), ("Chloé Vasseur", [5, 7]), ("David Kessler", [0]),
    ("Emma Thornton", [3, 4]), ("François Dupré", [1]), ("Grace Odhiambo", [5]),
    ("Jiří Hrubý", [11, 2]), ("Kenji Morita", [3]), ("Laura Whitfield", [10]),
    ("Noor Al-Sayed", [6, 11]),
]
ROLE_TITLES = ["correspondent", "reporter", "senior reporter", "editor", "writer"]


# ---------------------------------------------------------------------------
def slugify(text, limit=None):
    """ASCII slug: accents dropped, lower case, runs of other characters as '-'.

    Names and titles here use only letters that Unicode decomposes into a
    base letter and accents, so this agrees with dateline's and Hugo's slugs
    (removePathAccents)."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if limit and len(t) > limit:
        t = t[:limit].rsplit("-", 1)[0]
    return t


def cap(s):
    return s[:1].upper() + s[1:]


SLOT = re.compile(r"\{(\w+)\}")


class Filler:
    """Fills a pattern's slots for one article, from its desk's word lists."""

    def __init__(self, r, cat, place, topic):
        self.r = r
        self.cat = cat
        self.place = place  # the story's place: most slots use it
        self.topic = topic

    def person(self):
        r = self.r
        return f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"

    def value(self, name):
        r, c = self.r, self.cat
        if name == "topic":
            return self.topic if r.random() < 0.93 else r.choice(c["topics"])
        if name == "place":
            return self.place if r.random() < 0.7 else r.choice(PLACES)
        if name in ("org", "Org"):
            v = self.fill(r.choice(c["orgs"]))
            return cap(v) if name == "Org" else v
        if name in ("group", "Group"):
            v = r.choice(c["groups"])
            return cap(v) if name == "Group" else v
        if name == "role":
            return self.fill(r.choice(c["roles"]))
        if name == "person":
            return self.person()
        if name == "last":
            return r.choice(LAST_NAMES)
        if name == "day":
            return r.choice(DAYS_OF_WEEK)
        if name == "month":
            return r.choice(MONTHS)
        if name == "year":
            return str(r.randint(2008, 2022))
        if name == "num":
            return NUMBER_WORDS[r.randint(2, 12)]
        if name == "num2":
            return str(r.randint(3, 30))
        if name == "pct":
            return f"{r.randint(3, 78)} per cent"
        if name == "money":
            return f"€{r.randint(2, 950)} million" if r.random() < 0.8 else f"€{r.randint(11, 99) / 10:.1f} billion"
        if name == "big":
            return f"{r.randint(1, 95) * 100 + r.randint(0, 9) * 10:,}"
        if name == "score":
            return f"{r.randint(1, 4)}-{r.randint(0, 3)}"
        if name == "quote":
            return r.choice(QUOTES)
        if name == "ordinal":
            return r.choice(ORDINALS)
        raise KeyError(name)

    def fill(self, pattern, **fixed):
        def sub(m):
            name = m.group(1)
            return fixed[name] if name in fixed else self.value(name)
        return SLOT.sub(sub, pattern)


def words(text):
    return len(text.split())


# ---------------------------------------------------------------------------
class Corpus:
    def __init__(self, n, seed):
        self.n = n
        self.seed = seed
        r = random.Random(f"dateline-corpus:{seed}:{n}")
        self.authors = self._authors(r)
        self.articles = []
        self._metadata(r)

    def _authors(self, r):
        out = []
        for name, desks in AUTHORS:
            first = name.split()[0]
            beat = CATEGORIES[desks[0]]["beat"]
            role = f"{cap(CATEGORIES[desks[0]]['beat'])} {r.choice(ROLE_TITLES)}"
            places = r.sample(PLACES, 2)
            bio = []
            for i, s in enumerate(BIO_SENTENCES):
                if i == 0 or r.random() < 0.6:
                    bio.append(s.format(name=name, first=first, beat=beat, place=places[0],
                                        place2=places[1], year=r.randint(2009, 2022),
                                        num=r.randint(5, 40), subject=r.choice(SUBJECTS)))
            slug = slugify(name)
            links = [("Website", f"https://{slug}.example.net/")]
            if r.random() < 0.5:
                links.append(("Mastodon", f"https://social.example/@{slug.replace('-', '')}"))
            out.append({"name": name, "id": slug, "desks": desks, "role": role,
                        "bio": " ".join(bio), "links": links})
        return out

    def _metadata(self, r):
        n = self.n
        # Unique publication times over three years, 06:00 to 22:59 UTC, oldest first.
        per_day = 17 * 3600
        ticks = sorted(r.sample(range(DAYS * per_day), n))
        by_desk = [[a for a in self.authors if d in a["desks"]] for d in range(len(CATEGORIES))]
        threads = {}   # (desk, topic, place) -> indices of earlier articles
        recent = [[] for _ in CATEGORIES]
        slugs = set()
        tried = {}  # base slug -> the last number tried for it
        for i, t in enumerate(ticks):
            when = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=t // per_day), dt.time(6),
                                       tzinfo=dt.timezone.utc) + dt.timedelta(seconds=t % per_day)
            d = r.randrange(len(CATEGORIES))
            cat = CATEGORIES[d]
            # Stories: a topic in a place, so later articles follow earlier ones.
            topic = r.choice(cat["topics"])
            place = r.choice(PLACES[:12]) if r.random() < 0.5 else r.choice(PLACES)
            key = (d, topic, place)
            earlier = threads.setdefault(key, [])
            f = Filler(r, cat, place, topic)
            title = cap(f.fill(r.choice(cat["titles"])))
            base = slugify(title, 60)
            # The first free of base, base-2, base-3, ...; counting from the
            # last one taken, as a million articles share a few thousand titles.
            slug, k = base, tried.get(base, 1)
            while slug in slugs:
                k += 1
                slug = f"{base}-{k}"
            tried[base] = k
            slugs.add(slug)
            pool = by_desk[d] if r.random() < 0.85 else self.authors
            bylines = [r.choice(pool)["name"]]
            if r.random() < 0.1:
                other = r.choice(self.authors)["name"]
                if other != bylines[0]:
                    bylines.append(other)
            tags = r.sample(cat["tags"], r.choice([2, 2, 3]))
            if r.random() < 0.5:
                tags.append(place)
            if r.random() < 0.15:
                tags.append(r.choice(["Analysis", "Explainer", "Interview", "Investigation"]))
            updated = None
            if r.random() < 0.15:
                updated = min(when + dt.timedelta(minutes=r.randint(20, 2 * 24 * 60)), LAST_MOMENT)

            def pick(count, exclude):
                """Earlier articles of the same story first, then of the desk."""
                out = []
                for src in (earlier[-8:], recent[d][-30:]):
                    cands = [j for j in src if j not in exclude and j not in out]
                    r.shuffle(cands)
                    out.extend(cands[: count - len(out)])
                    if len(out) >= count:
                        break
                return out

            related = pick(r.choice([0, 1, 1, 2, 2, 3, 3]), set())
            links = pick(r.choice([1, 2]), set())
            if not links and n > 1:  # the first articles have nothing earlier to link to
                links = [r.choice([j for j in range(min(n, 50)) if j != i])]
            also = []
            if r.random() < 0.7:
                also = pick(1 if r.random() < 0.8 else 2, set(related))
            self.articles.append({
                "i": i, "desk": d, "topic": topic, "place": place, "title": title,
                "slug": slug, "date": when, "updated": updated, "authors": bylines,
                "tags": tags, "related": related, "links": links, "also": also,
            })
            earlier.append(i)
            recent[d].append(i)
            if len(recent[d]) > 60:
                del recent[d][:30]
            if len(earlier) > 16:
                del earlier[:8]
        # Body links may point to articles made after them (the first few): resolve at render time.

    def path(self, j):
        a = self.articles[j]
        return f"{CATEGORIES[a['desk']]['slug']}/{a['slug']}"

    def body(self, a, link, also_read):
        """(standfirst, Markdown body). `link(j)` gives the URL of article j,
        `also_read(js)` the paragraph for an inline box."""
        r = random.Random(f"dateline-article:{self.seed}:{a['i']}")
        cat = CATEGORIES[a["desk"]]
        f = Filler(r, cat, a["place"], a["topic"])
        standfirst = f.fill(r.choice(STANDFIRSTS))
        target = r.randint(730, 870)
        nsec = r.choice([3, 4])
        per_sec = [r.choice([2, 3]) for _ in range(nsec)]
        npara = 1 + sum(per_sec)
        heads = [f.fill(h) for h in r.sample(cat["heads"], nsec)]
        list_sec = r.randrange(nsec)
        quote_sec = (list_sec + 1 + r.randrange(nsec - 1)) % nsec

        # Sentences that must appear somewhere: links and the desk's facts.
        year = a["date"].year
        specials = []
        for _ in range(2):
            host = r.choice(EXTERNAL_HOSTS)
            url = f"https://{host}/{r.randint(year - 3, year)}/{slugify(f.fill('{topic} {place}'))}-{r.randint(100, 999)}"
            specials.append(f.fill(r.choice(EXTERNAL_SENTENCES), url=url))
        for j in a["links"]:
            o = self.articles[j]
            specials.append(r.choice(INTERNAL_SENTENCES).format(title=o["title"], link=link(j)))
        facts = r.sample(cat["facts"], 3)
        specials.extend(f.fill(s) for s in facts)
        r.shuffle(specials)
        fixed = sum(words(s) for s in specials) + sum(words(h) + 1 for h in heads) + 60
        budget = max(40, (target - fixed) // npara)
        slots = {}
        for k, s in enumerate(specials):
            slots.setdefault(k % npara, []).append(s)

        # Generic sentences, each used at most once per article while any are left.
        deck = []

        def generic():
            if not deck:
                deck.extend(GENERIC_SENTENCES)
                r.shuffle(deck)
            return f.fill(deck.pop())

        # Paragraphs are lists of (sentence, generic?) until the length is set.
        paragraphs = []
        pidx = 0

        def paragraph(first=None):
            nonlocal pidx
            out = [(s, False) for s in slots.get(pidx, [])]
            count = sum(words(s) for s, _ in out)
            while count < budget:
                s = generic()
                out.append((s, True))
                count += words(s)
            r.shuffle(out)
            if first:
                out.insert(0, (first, False))
            pidx += 1
            paragraphs.append(out)
            return out

        blocks = [paragraph(first=f.fill(r.choice(LEDES), topic=a["topic"], place=a["place"]))]
        also_after = r.randrange(1, npara) if a["also"] else -1
        also = also_read(a["also"]) if a["also"] else None
        for s in range(nsec):
            blocks.append("## " + heads[s])
            for p in range(per_sec[s]):
                para = paragraph()
                blocks.append(para)
                if s == list_sec and p == 0:
                    para.append((f.fill(r.choice(LIST_INTROS)), False))
                    items = r.sample(cat["items"], 2) + r.sample(GENERIC_ITEMS, r.randint(1, 3))
                    r.shuffle(items)
                    blocks.append("\n".join("- " + f.fill(it) for it in items))
                if s == quote_sec and p == 0:
                    q1, q2 = r.sample(QUOTES, 2)
                    blocks.append(f"> \"{q1}. {q2}.\"\n>\n> — {f.person()}, {f.fill(r.choice(cat['roles']))}")
                if pidx - 1 == also_after:
                    blocks.append(also)
        if r.random() < 0.2:
            blocks.append(f"*{r.choice(['Additional reporting', 'Reporting'])} by {f.person()} in {f.fill('{place}')}.*")

        # Trim or pad with generic sentences to within 30 words of the target.
        def total():
            return sum(words(s) for p in paragraphs for s, _ in p) + sum(
                words(b) for b in blocks if isinstance(b, str) and b is not also)  # the same in both formats
        n = total()
        for _ in range(200):
            if n <= target + 30:
                break
            p = r.choice(paragraphs)
            gen = [k for k, (_, g) in enumerate(p) if g]
            if len(p) > 2 and gen:
                n -= words(p.pop(r.choice(gen))[0])
        while n < target - 30:
            p = r.choice(paragraphs)
            s = generic()
            # Never before a lede nor after a list's introduction.
            p.insert(r.randint(1, max(1, len(p) - 1)), (s, True))
            n += words(s)
        blocks = [b if isinstance(b, str) else " ".join(s for s, _ in b) for b in blocks]
        return standfirst, "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------
def q(s):
    """A double-quoted string, valid TOML (basic string) and YAML."""
    return json.dumps(s, ensure_ascii=False)


def qlist(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


def stamp(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def emit_plain(c, out):
    write(os.path.join(out, "config.toml"),
          f"# Made by bench/gen_corpus.py: {c.n} invented articles (seed {c.seed}).\n"
          f"title = {q(SITE_TITLE)}\ndescription = {q(SITE_DESCRIPTION)}\n"
          f"base_url = {q(BASE_URL)}\nlanguage = \"en\"\ntimezone = \"UTC\"\npaginate = 20\n")
    for a in c.authors:
        links = ", ".join(f"{{ name = {q(k)}, url = {q(u)} }}" for k, u in a["links"])
        write(os.path.join(out, "content", "authors", a["id"] + ".md"),
              f"+++\nname = {q(a['name'])}\nrole = {q(a['role'])}\nlinks = [{links}]\n+++\n\n{a['bio']}\n")

    def link(j):
        return f"@/{c.path(j)}.md"

    def also_read(js):
        return "Also read: " + ", ".join(f"[]({link(j)})" for j in js)

    for a in c.articles:
        standfirst, body = c.body(a, link, also_read)
        fm = [f"title = {q(a['title'])}", f"date = {stamp(a['date'])}"]
        if a["updated"]:
            fm.append(f"updated = {stamp(a['updated'])}")
        fm.append(f"category = {q(CATEGORIES[a['desk']]['name'])}")
        if len(a["authors"]) == 1:
            fm.append(f"author = {q(a['authors'][0])}")
        else:
            fm.append(f"authors = {qlist(a['authors'])}")
        fm += [f"summary = {q(standfirst)}", f"tags = {qlist(a['tags'])}",
               f"related = {qlist(c.path(j) + '.md' for j in a['related'])}"]
        write(os.path.join(out, "content", c.path(a["i"]) + ".md"),
              "+++\n" + "\n".join(fm) + "\n+++\n\n" + body)


HUGO_ITEM = ('<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">'
             '{{ .Date.Format "2 January 2006" }}</time><p>{{ .Description }}</p></li>')
HUGO_PAGER = """<nav class="pager">{{ with $pag.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
<span>Page {{ $pag.PageNumber }} of {{ $pag.TotalPages }}</span>
{{ with $pag.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}</nav>"""
HUGO_LIST = """{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
%s{{ $pag := .Paginate .Pages 20 }}
<ul class="list">
{{ range $pag.Pages }}""" + HUGO_ITEM + """
{{ end }}</ul>
""" + HUGO_PAGER + """
{{ end }}
"""

# Layouts in the _default/ arrangement, which Hugo 0.111 and current Hugo both
# read. The list of a taxonomy's terms is terms.html: current Hugo takes an old
# _default/taxonomy.html for the term pages.
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "rss.xml" | absURL }}">
</head>
<body>
<header><a class="brand" href="{{ "/" | relURL }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . }}
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>&copy; {{ site.Title }}</p></footer>
</body>
</html>
""",
    "partials/nav.html": """<nav><ul>{{ range site.Params.categories }}<li><a href="{{ printf "/categories/%s/" .slug | relURL }}">{{ .name }}</a></li>{{ end }}</ul></nav>
""",
    "_default/single.html": """{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="standfirst">{{ .Description }}</p>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006, 15:04" }}</time>
{{ if ne .Lastmod .Date }}· updated <time datetime="{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Lastmod.Format "2 January 2006, 15:04" }}</time>{{ end }}
· by {{ range $i, $a := .GetTerms "authors" }}{{ if $i }} and {{ end }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
in {{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<div class="body">
{{ .Content }}
</div>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Params.related }}
<aside class="related"><h2>Also read</h2>
<ul>
{{ range . }}{{ with site.GetPage (printf "/news/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></li>
{{ end }}{{ end }}</ul>
</aside>
{{ end }}
</article>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>Latest news</h1>
<ul class="list">
{{ range first 20 (where site.RegularPages "Section" "news") }}""" + HUGO_ITEM + """
{{ end }}</ul>
<p><a href="{{ "/news/" | relURL }}">All news</a></p>
{{ end }}
""",
    "_default/list.html": HUGO_LIST % "",
    "_default/term.html": HUGO_LIST % """{{ with .Params.role }}<p class="role">{{ . }}</p>{{ end }}
{{ with .Content }}<div class="bio">{{ . }}</div>{{ end }}
{{ with .Params.links }}<ul class="links">{{ range . }}<li><a href="{{ .url }}">{{ .name }}</a></li>{{ end }}</ul>{{ end }}
""",
    "_default/terms.html": """{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Not found</h1>{{ end }}
""",
    "shortcodes/also-read.html": """<aside class="also-read"><span class="also-read-label">Also read</span>
<ul>{{ range .Params }}{{ with site.GetPage (printf "/news/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="also-read-meta">{{ range .GetTerms "categories" }}{{ .LinkTitle }}{{ end }} · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></span></li>{{ end }}{{ end }}</ul>
</aside>
""",
    "_default/rss.xml": """{{- $pages := .Pages -}}
{{- if .IsHome }}{{ $pages = where site.RegularPages "Section" "news" }}{{ end -}}
{{- $pages = first 20 $pages -}}
{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ site.Title }}{{ if not .IsHome }} – {{ .Title }}{{ end }}</title>
<link>{{ .Permalink }}</link>
<description>{{ site.Params.description }}</description>
<language>en</language>
<atom:link href="{{ with .OutputFormats.Get "RSS" }}{{ .Permalink }}{{ end }}" rel="self" type="application/rss+xml"/>
{{ range $pages }}<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
{{ range .GetTerms "authors" }}<author>{{ .LinkTitle }}</author>{{ end }}
<description>{{ .Content | html }}</description>
</item>
{{ end }}</channel>
</rss>
""",
}


def emit_hugo(c, out):
    cats = "\n".join(f"[[params.categories]]\nname = {q(d['name'])}\nslug = {q(d['slug'])}\n"
                     for d in CATEGORIES)
    write(os.path.join(out, "hugo.toml"),
          f"# Made by bench/gen_corpus.py: {c.n} invented articles (seed {c.seed}).\n"
          f"baseURL = {q(BASE_URL)}\ntitle = {q(SITE_TITLE)}\n"
          "enableRobotsTXT = true\nremovePathAccents = true\n\n"
          "[taxonomies]\ncategory = \"categories\"\nauthor = \"authors\"\ntag = \"tags\"\n\n"
          # Feeds for the site, each category and each author, as dateline makes.
          "[outputs]\nhome = [\"html\", \"rss\"]\nsection = [\"html\"]\ntaxonomy = [\"html\"]\n"
          "term = [\"html\", \"rss\"]\npage = [\"html\"]\n\n"
          "[outputFormats.rss]\nbaseName = \"rss\"\n\n"
          f"[params]\ndescription = {q(SITE_DESCRIPTION)}\n\n{cats}")
    write(os.path.join(out, "content", "news", "_index.md"), '+++\ntitle = "News"\n+++\n')
    # No feed per tag (dateline's default).
    write(os.path.join(out, "content", "tags", "_index.md"),
          '+++\ntitle = "Tags"\n[cascade]\noutputs = ["html"]\n+++\n')
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(out, "layouts", name), text)
    for a in c.authors:
        links = ", ".join(f"{{ name = {q(k)}, url = {q(u)} }}" for k, u in a["links"])
        # Bylines are written as ids (as dateline allows too): Hugo versions
        # differ in whether a term's page path keeps the name's accents.
        write(os.path.join(out, "content", "authors", a["id"], "_index.md"),
              f"+++\ntitle = {q(a['name'])}\nrole = {q(a['role'])}\nlinks = [{links}]\n+++\n\n{a['bio']}\n")

    def link(j):
        return f"/news/{c.articles[j]['slug']}/"

    def also_read(js):
        return "{{< also-read " + " ".join(q(c.articles[j]["slug"]) for j in js) + " >}}"

    for a in c.articles:
        standfirst, body = c.body(a, link, also_read)
        fm = [f"title = {q(a['title'])}", f"date = {stamp(a['date'])}"]
        if a["updated"]:
            fm.append(f"lastmod = {stamp(a['updated'])}")
        fm += [f"description = {q(standfirst)}",
               f"categories = {qlist([CATEGORIES[a['desk']]['name']])}",
               f"authors = {qlist(slugify(x) for x in a['authors'])}", f"tags = {qlist(a['tags'])}",
               f"related = {qlist(c.articles[j]['slug'] for j in a['related'])}"]
        write(os.path.join(out, "content", "news", a["slug"] + ".md"),
              "+++\n" + "\n".join(fm) + "\n+++\n\n" + body)


EMITTERS = {"plain": emit_plain, "hugo": emit_hugo}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--format", required=True, choices=sorted(EMITTERS))
    ap.add_argument("-n", type=int, required=True, help="number of articles (at least 1)")
    ap.add_argument("--out", required=True, help="the site folder to create")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("-n must be at least 1")
    out = os.path.abspath(args.out)
    if os.path.exists(out) and not args.force:
        sys.exit(f"{out} exists (use --force to replace it)")
    partial = f"{out}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        EMITTERS[args.format](Corpus(args.n, args.seed), partial)
        if os.path.exists(out):
            if not args.force:
                # Another run made the same corpus meanwhile: the same bytes.
                print(f"{out} appeared while writing; kept it", file=sys.stderr)
                return
            shutil.rmtree(out)
        os.rename(partial, out)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    print(f"wrote a {args.format} site with {args.n} articles to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
