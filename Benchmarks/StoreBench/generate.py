#!/usr/bin/env python3
"""Writes deterministic Parley session logs for the store benchmarks.

    generate.py OUT_DIR --events 200000 [--sessions 4] [--writers 3] [--seed 7]

Each session has one log per writer (facilitator + note-takers), every log starting with a
session.started event carrying a full deck snapshot, then prompt.shown, comment.added (1-3 tags,
some emergent), comment.edited / tagged / untagged / deleted / restored, participant.added and
marker events, in the proportions of a busy real workshop. Lines are written as LogWriter writes
them (sorted keys, no spaces).
"""
import argparse, json, os, random, uuid

WORDS = ("the app kept asking me to log in again and my daughter usually helps with the letters but "
         "results came before the doctor called which was frightening for my mum trust access privacy "
         "kidney appointment proxy carer language urdu polish data phone wifi booking prescription "
         "reminder worry control confusing simple").split()
TAGS = ["access", "trust", "privacy", "proxy", "language", "results", "fragmentation", "multimorbidity",
        "equity", "value", "self-management", "control", "organisation", "idea", "usability", "digital-skills"]
EMERGENT = ["wifi-cost", "letters", "hospital-transport"]

# A Zipf-like vocabulary: the domain words above plus 3,000 made-up words, so that word frequencies
# (and so full-text search) behave like real notes: a few very common words, many rare ones.
SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "pa", "di", "ve", "an", "or", "el", "us", "ti", "be"]
VOCABULARY = WORDS + [SYLLABLES[i % 16] + SYLLABLES[(i // 16) % 16] + SYLLABLES[(i // 256) % 16] for i in range(3000)]
WEIGHTS = [1.0 / (rank + 1) for rank in range(len(VOCABULARY))]
CUMULATIVE = []
_total = 0.0
for _w in WEIGHTS:
    _total += _w
    CUMULATIVE.append(_total)

def words(rng, count):
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count))

def snapshot(deck_id, rounds):
    prompts = [{"id": "welcome", "kind": "section", "title": "Welcome", "questions": []}]
    personas = []
    for i in range(5):
        pid = f"persona-{i}"
        personas.append({"id": pid, "name": f"Persona {i}", "age": 30 + i * 9, "summary": "A made-up person.",
                         "conditions": ["diabetes"], "languages": ["English"], "support": "daughter",
                         "devices": ["phone"], "apps": ["NHS App"], "goals": ["see results"], "worries": ["privacy"],
                         "quote": "I just want it to work."})
        prompts.append({"id": f"meet-{pid}", "kind": "persona", "title": f"Meet persona {i}", "persona": pid,
                        "questions": ["What would help?"], "minutes": 10})
    for i in range(6):
        prompts.append({"id": f"screen-{i}", "kind": "screenshot", "title": f"Screen {i}", "image": f"screens/s{i}.png",
                        "alt": f"A mock-up screen number {i}.", "questions": ["What do you see?"], "minutes": 8})
    for i in range(8):
        p = {"id": f"question-{i}", "kind": "question", "title": f"Question {i}", "questions": ["Why?"], "minutes": 5}
        if rounds:
            p["round"] = 1 + i % rounds
        prompts.append(p)
    groups = [{"id": "g1", "label": "Using the apps", "codes": [{"tag": t, "label": t.replace("-", " ").title(), "description": "d"} for t in TAGS[:8]]},
              {"id": "g2", "label": "Living with it", "codes": [{"tag": t, "label": t.replace("-", " ").title(), "description": "d"} for t in TAGS[8:]]}]
    deck = {"id": deck_id, "title": f"Benchmark deck {deck_id}", "codebook": "codebook/bench.yaml",
            "format": "world-cafe" if rounds else "workshop", "prompts": prompts}
    if rounds:
        deck["rounds"] = rounds; deck["tables"] = 4
    return {"deck": deck, "personas": personas, "codebook": {"id": "bench", "title": "Bench codes", "groups": groups},
            "sha256": __import__("hashlib").sha256(deck_id.encode()).hexdigest()}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--sessions", type=int, default=4)
    ap.add_argument("--writers", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    per_log = max(10, a.events // (a.sessions * a.writers))
    total = 0
    for s in range(a.sessions):
        session = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        rounds = 3 if s % 2 else None
        snap = snapshot(f"bench-deck-{s % 2}", rounds)
        prompts = [p["id"] for p in snap["deck"]["prompts"]]
        start_ms = 1_741_082_400_000 + s * 86_400_000  # 2025-03-04 10:00Z + s days
        for w in range(a.writers):
            writer = "facilitator" if w == 0 else f"note-taker-{w}"
            path = os.path.join(a.out, f"{session[:8]}-{writer}.jsonl")
            seq = 0
            mono = 0
            comments = []
            lines = []
            def emit(kind, **payload):
                nonlocal seq, mono
                seq += 1
                mono += rng.randint(200, 4000)
                ms = start_ms + mono
                at = "%s.%03dZ" % (__import__("time").strftime("%Y-%m-%dT%H:%M:%S", __import__("time").gmtime(ms // 1000)), ms % 1000)
                ev = {"v": 1, "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "session": session,
                      "writer": writer, "seq": seq, "at": at, "mono": mono, "type": kind}
                ev.update(payload)
                lines.append(json.dumps(ev, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
            emit("session.started", deck_id=snap["deck"]["id"], title=snap["deck"]["title"], sha256=snap["sha256"], snapshot=snap)
            participants = [f"P{i}" for i in range(1, 13)]
            for p in participants:
                if w == 0:
                    emit("participant.added", participant=p, attributes={"table": str(1 + int(p[1:]) % 4)} if rounds else {})
            prompt = prompts[0]
            while seq < per_log:
                r = rng.random()
                if r < 0.04:
                    prompt = prompts[min(len(prompts) - 1, prompts.index(prompt) + 1)] if rng.random() < 0.9 else rng.choice(prompts)
                    emit("prompt.shown", prompt=prompt)
                elif r < 0.80 or not comments:
                    cid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                    tags = rng.sample(TAGS, rng.randint(0, 3))
                    if rng.random() < 0.03:
                        tags.append(rng.choice(EMERGENT))
                    text = words(rng, rng.randint(5, 30))
                    payload = dict(comment=cid, prompt=prompt, participant=rng.choice(participants + [None]), text=text, tags=tags)
                    if rounds:
                        payload["table"] = str(1 + w % 4); payload["round"] = 1 + (seq * 3 // per_log)
                    emit("comment.added", **payload)
                    comments.append(cid)
                elif r < 0.86:
                    emit("comment.tagged", comment=rng.choice(comments), tag=rng.choice(TAGS))
                elif r < 0.89:
                    emit("comment.untagged", comment=rng.choice(comments), tag=rng.choice(TAGS))
                elif r < 0.93:
                    emit("comment.edited", comment=rng.choice(comments), participant=rng.choice(participants),
                         text=words(rng, rng.randint(5, 30)), tags=rng.sample(TAGS, 2))
                elif r < 0.96:
                    emit("comment.deleted", comment=rng.choice(comments))
                elif r < 0.98:
                    emit("comment.restored", comment=rng.choice(comments))
                else:
                    emit("marker", label="good moment")
            emit("session.ended", reason="done")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            os.chmod(path, 0o600)
            total += len(lines)
    print(f"{total} events in {a.sessions * a.writers} logs under {a.out}")

if __name__ == "__main__":
    main()
