#!/usr/bin/env python3
"""Seeded generator of synthetic, valid case records for benchmarks (JSON Lines).

    bench/gen.py --seed 1 --count 100000 > corpus.jsonl

Every record is invented and valid: it passes the schema and the cross-field
rules of DESIGN.md (dates in order, harm sources listed, killed vs situation,
minors with traveled_with, what a complete case needs) with no warning. Records
are shaped like examples/northern-triangle/*.json and are about 2 KB each in
compact form. The same seed and count always give the same bytes.
"""

import argparse
import datetime
import json
import random
import sys

# Origins weighted roughly like Northern Triangle return data, plus others.
ORIGINS = [("SLV", 30), ("GTM", 28), ("HND", 28), ("MEX", 4), ("NIC", 3), ("VEN", 2),
           ("HTI", 2), ("CUB", 1), ("ECU", 1), ("COL", 1)]
# Countries crossed after leaving each origin region, in route order.
ROUTES = {
    "SLV": [["GTM", "MEX", "USA"], ["GTM", "MEX"], ["MEX", "USA"], ["GTM", "MEX", "USA"], ["HND", "NIC", "CRI"]],
    "GTM": [["MEX", "USA"], ["MEX"], ["MEX", "USA"], ["BLZ", "MEX", "USA"]],
    "HND": [["GTM", "MEX", "USA"], ["GTM", "MEX"], ["NIC", "CRI"], ["GTM", "MEX", "USA"]],
    "MEX": [["USA"], ["USA", "CAN"]],
    "NIC": [["CRI"], ["HND", "GTM", "MEX", "USA"], ["CRI", "PAN"]],
    "VEN": [["COL", "ECU", "PER"], ["COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA"], ["BRA"]],
    "HTI": [["DOM"], ["BRA", "PER", "ECU", "COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA"], ["CHL", "PER", "MEX", "USA"]],
    "CUB": [["NIC", "HND", "GTM", "MEX", "USA"], ["GUY", "BRA"]],
    "ECU": [["COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA"], ["MEX", "USA"]],
    "COL": [["PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA"], ["ECU", "PER"]],
}

NAMES = {"GTM": "Guatemala", "MEX": "Mexico", "USA": "the United States", "HND": "Honduras", "NIC": "Nicaragua",
         "CRI": "Costa Rica", "BLZ": "Belize", "COL": "Colombia", "PAN": "Panama", "ECU": "Ecuador", "PER": "Peru"}
REASONS = ["gang_threat", "extortion", "forced_recruitment", "threat_to_life", "family_member_killed",
           "domestic_violence", "sexual_violence", "lgbti_persecution", "political_persecution", "state_violence",
           "land_or_resource_conflict", "witness_to_crime", "poverty", "family_reunification", "other"]
PERSECUTORS = ["gang", "organized_crime", "police", "military", "other_state_agent", "paramilitary",
               "family_member", "intimate_partner", "community", "unknown", "other"]
HOME_FAILURES = ["no_response", "complaint_refused", "police_collusion", "retaliation_after_complaint",
                 "no_witness_protection", "internal_relocation_failed", "other"]
LEG_FAILURES = ["no_access_to_procedure", "fear_not_recorded", "no_credible_fear_screening", "no_interpreter",
                "no_legal_representation", "prolonged_detention", "family_separation", "pressured_to_accept_return",
                "mistreatment_in_custody", "claim_denied_without_hearing", "returned_while_claim_pending", "other"]
MECHANISMS_FROM_USA = ["removal", "expedited_removal", "reinstatement", "administrative_removal",
                       "voluntary_departure", "voluntary_return", "expulsion", "unknown"]
MECHANISMS_OTHER = ["deportation", "assisted_return", "assisted_voluntary_return", "self_return", "unknown", "other"]
HARMS = ["killed", "disappeared", "physical_assault", "sexual_violence", "torture", "kidnapping", "threat",
         "extortion", "forced_recruitment", "arbitrary_detention", "family_member_harmed", "other"]
HARM_WEIGHTS = [3, 3, 10, 5, 2, 4, 30, 15, 5, 5, 6, 2]
SITUATIONS_ALIVE = ["in_hiding", "internally_displaced", "remigrated", "at_home", "detained", "lost_contact", "unknown"]
SOURCE_TYPES = ["interview", "family_interview", "court_record", "government_record", "media", "ngo_report", "other"]
PROCEDURES = ["affirmative", "defensive", "credible_fear", "reasonable_fear", "mpp", "none", "unknown"]
OUTCOMES = ["granted", "denied", "pending", "abandoned", "withdrawn", "not_allowed_to_apply", "unknown"]

PSEUDONYMS = ["Marisol", "Lucía", "José", "Ana", "Carlos", "María", "Elena", "Óscar", "Rosa", "Kevin", "Yesenia",
              "Wilmer", "Dania", "Brayan", "Nohemí", "Edwin", "Sofía", "Mario", "Karla", "Josué", "Ingrid", "Selvin"]
PLACES = ["Colonia Las Brisas", "San Bartolo", "Barrio El Centro", "Aldea Los Pinos", "Colonia Esperanza",
          "Caserío El Jícaro", "Barrio La Cruz", "Cantón San José", "Colonia Santa Fe", "Aldea Río Frío"]
PROJECTS = ["returns-monitoring-2019", "point-of-no-return-synthetic", "deportee-followup", "border-shelter-notes",
            "regional-protection-study"]
TAGS = ["removal", "mpp", "minor", "family", "denied-unrepresented", "detention", "chain-return", "lgbti",
        "extortion", "follow-up", "priority", "title-42", "shelter", "court-record", "killed-after-return"]

OPENINGS = [
    "{p} fled after {who} demanded a weekly payment from the family business and threatened to kill {them}.",
    "{p} left home when {who} tried to force a younger brother to join them and beat {them} for refusing.",
    "{p} reported a killing {they} had witnessed; afterwards {who} came to the house twice at night.",
    "{p} was threatened by {who} for months and moved to a relative's house, but was found there as well.",
    "{p} had a small shop that {who} extorted; when the payments stopped, a cousin was shot in front of it.",
]
MIDDLES = [
    "The police took a statement but nobody came back, and an officer was seen talking with the men afterwards.",
    "{They} crossed {route} with a group, slept in shelters on the way and was robbed once near the border.",
    "In detention {they} asked for asylum, but the interview was done without an interpreter and in a hurry.",
    "A lawyer could not be found in time; the hearing was short and the claim was refused.",
    "Officials told {them} that signing the papers was the only way out of detention, so {they} signed.",
    "{They} waited months for a decision, reporting to the authorities every two weeks as asked.",
]
ENDINGS = [
    "After the return {p} stayed indoors and changed phone numbers; the family reports new threats.",
    "A few weeks after arriving back, {p} was stopped by the same men and told {they} had been seen.",
    "{p} now lives with relatives in another department and does not go out alone.",
    "The family has not heard from {p} since a short call from the bus terminal after the return.",
    "{p} left again a few months later and was last heard of in a shelter in the south of Mexico.",
]


def pick(rng, items, weights=None):
    return rng.choices(items, weights=weights, k=1)[0]


def some(rng, items, lo, hi):
    return rng.sample(items, rng.randint(lo, min(hi, len(items))))


def fmt_date(rng, day):
    """A date at random precision: mostly full, sometimes month or year only."""
    r = rng.random()
    if r < 0.70:
        return day.isoformat()
    if r < 0.95:
        return day.strftime("%Y-%m")
    return day.strftime("%Y")


def record(rng, seed, index):
    origin = pick(rng, [o for o, _ in ORIGINS], [w for _, w in ORIGINS])
    route = list(pick(rng, ROUTES[origin]))
    sex = pick(rng, ["female", "male", "other", "unknown"], [45, 50, 2, 3])
    age = rng.randint(6, 62)
    flight_day = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 8))
    who = pick(rng, PERSECUTORS, [40, 12, 12, 4, 3, 2, 8, 8, 4, 4, 3])
    pronoun = ("she", "her", "She") if sex == "female" else ("he", "him", "He")
    words = {"p": pick(rng, PSEUDONYMS), "who": "the gang" if who == "gang" else "men from the " + who.replace("_", " "),
             "they": pronoun[0], "them": pronoun[1], "They": pronoun[2], "route": " and ".join(NAMES.get(k, k) for k in route[:3])}

    c = {"schema_version": "1", "id": f"b{seed}-{index:07d}", "status": pick(rng, ["complete", "draft"], [75, 25])}
    recorder, project = f"R{rng.randint(1, 40):02d}", pick(rng, PROJECTS)
    person = {"pseudonym": words["p"], "sex": sex}
    if rng.random() < 0.7:
        person["birth_year"] = flight_day.year - age
    person["age_at_flight"] = age
    if age < 18 or rng.random() < 0.8:
        person["traveled_with"] = pick(rng, ["alone", "family", "children", "smuggler", "group", "unknown"])
    c["person"] = person
    c["origin"] = {"country": origin, "locality": pick(rng, PLACES) + " (invented)"}
    flight = {"date": fmt_date(rng, flight_day), "reasons": some(rng, REASONS[:12], 1, 3),
              "persecutors": [who] + ([p for p in some(rng, PERSECUTORS, 0, 1) if p != who])}
    flight["sought_protection_at_home"] = rng.random() < 0.45
    if flight["sought_protection_at_home"]:
        flight["home_failures"] = some(rng, HOME_FAILURES, 1, 2)
    c["flight"] = flight

    day = flight_day
    journey = []
    for k, country in enumerate(route):
        day += datetime.timedelta(days=rng.randint(1, 25))
        leg = {"country": country, "entered": fmt_date(rng, day),
               "role": "destination" if k == len(route) - 1 else "transit"}
        if k == len(route) - 1:
            day += datetime.timedelta(days=rng.randint(5, 400))
            detained = rng.random() < 0.6
            leg["detained"] = detained
            procedure = pick(rng, PROCEDURES, [10, 30, 25, 5, 8, 15, 7])
            asylum = {"fear_expressed": rng.random() < 0.85, "sought": procedure != "none", "procedure": procedure,
                      "outcome": pick(rng, OUTCOMES, [5, 45, 15, 8, 5, 12, 10]), "represented": rng.random() < 0.35}
            if asylum["outcome"] in ("granted", "denied"):
                asylum["decided"] = fmt_date(rng, day)
            leg["asylum"] = asylum
            leg["failures"] = some(rng, LEG_FAILURES, 0, 3)
            if not leg["failures"]:
                del leg["failures"]
        journey.append(leg)
    c["journey"] = journey

    # Returns: from the last country, usually to the origin; sometimes a chain.
    returns = []
    dest = route[-1]
    day += datetime.timedelta(days=rng.randint(1, 90))
    first_return = day
    mechanisms = MECHANISMS_FROM_USA if dest == "USA" else MECHANISMS_OTHER
    if dest == "USA" and rng.random() < 0.12:
        third = "MEX" if rng.random() < 0.7 else "GTM"
        returns.append({"date": fmt_date(rng, day), "from": "USA", "to": third,
                        "mechanism": "mpp_return" if third == "MEX" else "aca_transfer", "pending_claim": True})
        day += datetime.timedelta(days=rng.randint(10, 200))
        returns.append({"date": fmt_date(rng, day), "from": third, "to": origin,
                        "mechanism": pick(rng, ["self_return", "deportation", "assisted_return"])})
    else:
        ret = {"date": fmt_date(rng, day), "from": dest, "to": origin, "mechanism": pick(rng, mechanisms),
               "pending_claim": rng.random() < 0.2}
        if age < 18:
            ret["unaccompanied_minor"] = person.get("traveled_with") == "alone"
        returns.append(ret)
    c["returns"] = returns

    # Sources first (harms cite them), dated around the interview.
    sources = []
    for k in range(rng.randint(1, 4)):
        src_day = first_return + datetime.timedelta(days=rng.randint(0, 500))
        sources.append({"id": f"s{k + 1}", "type": pick(rng, SOURCE_TYPES, [40, 20, 8, 8, 10, 12, 2]),
                        "date": fmt_date(rng, src_day),
                        "reference": f"R{rng.randint(1, 40):02d} notes, file {rng.randint(100, 9999)} (invented)"})
    ids = [s["id"] for s in sources]

    harms = []
    killed = False
    hday = first_return
    for _ in range(pick(rng, [0, 1, 2, 3], [25, 40, 25, 10])):
        hday += datetime.timedelta(days=rng.randint(0, 120))
        kind = pick(rng, HARMS, HARM_WEIGHTS)
        if killed:
            kind = "family_member_harmed"
        harm = {"type": kind, "date": fmt_date(rng, hday), "perpetrator": pick(rng, [who, who, "unknown", "police", "gang"]),
                "same_persecutor": rng.random() < 0.5}
        if rng.random() < 0.8:
            harm["verification"] = pick(rng, ["confirmed", "corroborated", "alleged"], [25, 35, 40])
        harm["sources"] = some(rng, ids, 1, 2)
        harms.append(harm)
        killed = killed or kind == "killed"
    after = {}
    if harms:
        after["harms"] = harms
    after["situation"] = ["deceased"] if killed else some(rng, SITUATIONS_ALIVE, 1, 2)
    after["last_contact"] = fmt_date(rng, hday + datetime.timedelta(days=rng.randint(0, 200)))
    c["after_return"] = after
    c["sources"] = sources
    interview = first_return + datetime.timedelta(days=rng.randint(30, 600))
    # Keys in schema (canonical) order, as casebook prints a stored record.
    head = {k: c.pop(k) for k in ("schema_version", "id", "status")}
    head["recorded"] = {"by": recorder, "date": interview.isoformat(), "project": project}
    c = head | c
    c["consent"] = {"obtained": True, "scope": pick(rng, ["aggregate_only", "anonymised_quotes", "full"], [30, 50, 20]),
                    "date": interview.isoformat()}
    sentences = [pick(rng, OPENINGS)] + some(rng, MIDDLES, 3, 5) + [pick(rng, ENDINGS)]
    c["narrative"] = " ".join(s.format(**words) for s in sentences)
    if rng.random() < 0.3:
        c["notes"] = "Follow-up call planned; " + pick(rng, ["family contact only", "speaks K'iche'", "prefers WhatsApp",
                                                              "moved twice since return", "asked not to be quoted"]) + "."
    c["tags"] = some(rng, TAGS, 1, 4)
    return c


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    buf = []
    for i in range(args.count):
        buf.append(json.dumps(record(rng, args.seed, i), ensure_ascii=False, separators=(",", ":")))
        if len(buf) == 1000:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")


if __name__ == "__main__":
    main()
