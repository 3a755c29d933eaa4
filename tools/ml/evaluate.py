"""Print every score the text models are judged by; exit non-zero if a target is missed.

Run from the repository root: `python tools/ml/evaluate.py` (data from ../shared/data or
$TEARSPACE_DATA_DIR). Deterministic: fixed folds and seeds.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

import common
import numpy as np
import numpy.typing as npt

from tearspace.ml import assess_crisis, assess_crisis_many, assess_reply_many
from tearspace.ml.crisis import Thresholds, _combine, default_screen
from tearspace.ml.crisis_patterns import LEVEL_ORDER
from tearspace.ml.emotions import ekman_of, emotion_model, emotion_scores
from tearspace.ml.features import ARTEFACTS
from tearspace.ml.linear import load_linear

FAILURES: list[str] = []


def check(name: str, value: float, target: float) -> str:
    ok = value >= target
    if not ok:
        FAILURES.append(f"{name} {value:.3f} < {target}")
    return f"{'PASS' if ok else 'FAIL'} (target >= {target})"


def check_max(name: str, value: float, target: float) -> str:
    ok = value <= target
    if not ok:
        FAILURES.append(f"{name} {value:.3f} > {target}")
    return f"{'PASS' if ok else 'FAIL'} (target <= {target})"


def heading(title: str) -> None:
    print(f"\n== {title} ==")


def evaluate_fixtures() -> None:
    heading("crisis: in-domain fixtures")
    must = common.read_jsonl("must_flag.jsonl")
    shown = [assess_crisis(r["text"]) for r in must]
    recall = float(np.mean([a.show_help for a in shown]))
    at_level = np.mean(
        [LEVEL_ORDER[a.level] >= LEVEL_ORDER[r["level"]] for a, r in zip(shown, must, strict=True)]
    )
    print(f"must-flag n={len(must)} show_help recall {recall:.3f} {check('must', recall, 1.0)}")
    print(f"must-flag at declared level or above {at_level:.3f}")
    print("  by tier:", dict(Counter(r["tier"] for r in must)))
    negatives = common.read_jsonl("hard_negatives.jsonl")
    for kind in ("idiom", "sad", "tricky"):
        rows = [assess_crisis(r["text"]) for r in negatives if r["kind"] == kind]
        alarms = np.mean([a.show_help for a in rows])
        levels = Counter(a.level for a in rows)
        print(f"hard negatives ({kind}) n={len(rows)} false-alarm rate {alarms:.3f} {levels}")
    idiom_none = np.mean(
        [assess_crisis(r["text"]).level == "none" for r in negatives if r["kind"] == "idiom"]
    )
    print(f"idioms at level none {idiom_none:.3f} {check('idioms', float(idiom_none), 1.0)}")
    texts, gold = common.goemotions_split("test")
    sad_ids = {common.goemotions_labels().index(n) for n in ("sadness", "grief")}
    sad = [t for t, ids in zip(texts, gold, strict=True) if sad_ids & set(ids)]
    for name, group in (("GoEmotions test, sadness/grief", sad), ("GoEmotions test, all", texts)):
        rows = assess_crisis_many(group)
        rate = np.mean([a.show_help for a in rows])
        print(f"{name} n={len(group)} show_help rate {rate:.3f} (proxy for false alarms)")
    for name in ("third_person", "negations"):
        rows = [assess_crisis(r["text"]) for r in common.read_jsonl(f"{name}.jsonl")]
        print(f"{name} n={len(rows)} show_help {np.mean([a.show_help for a in rows]):.3f}")


# (set, label, "min"|"max", target) for shown help; urgent is capped separately.
CRISIS_TARGETS = [
    ("sdcnl", "suicide", "min", 0.90),
    ("sdcnl", "depression", "max", 0.45),
    ("dreaddit", "not_stressed", "max", 0.03),
    ("dreaddit", "stressed", "max", 0.10),
    ("spanish_suicide", "suicidal", "min", 0.80),
    ("spanish_suicide", "not_suicidal", "max", 0.10),
]
URGENT_MAX = {"dreaddit": 0.005, "goemotions_test": 0.005}


def report_crisis_set(name: str, texts: list[str], labels: list[str]) -> None:
    results = assess_crisis_many(texts)
    for label in sorted(set(labels)):
        rows = [r for r, g in zip(results, labels, strict=True) if g == label]
        shown = float(np.mean([r.show_help for r in rows]))
        urgent = float(np.mean([r.level == "urgent" for r in rows]))
        verdict = ""
        for set_name, target_label, kind, target in CRISIS_TARGETS:
            if (set_name, target_label) == (name, label):
                checker = check if kind == "min" else check_max
                verdict = checker(f"{name} {label} shown help", shown, target)
        print(f"{name} [{label}] n={len(rows)} shown help {shown:.3f} {verdict}")
        print(f"    urgent {urgent:.4f}; levels {dict(Counter(r.level for r in rows))}")
        languages = Counter(r.language or "?" for r in rows)
        print(f"    detected languages {dict(languages.most_common(5))}")
    if name in URGENT_MAX:
        urgent = float(np.mean([r.level == "urgent" for r in results]))
        verdict = check_max(f"{name} urgent", urgent, URGENT_MAX[name])
        print(f"{name} urgent overall {urgent:.4f} {verdict}")


def evaluate_crisis_eval_sets() -> None:
    heading("crisis: real writing nobody on the team wrote (eval only)")
    for name in ("sdcnl", "dreaddit", "spanish_suicide"):
        rows = read_eval(f"{name}.jsonl")
        report_crisis_set(name, [r["text"] for r in rows], [r["label"] for r in rows])
    texts, _ = common.goemotions_split("test")
    report_crisis_set("goemotions_test", texts, ["comment"] * len(texts))


def evaluate_crisis_own_suites() -> None:
    heading("crisis: the team's own suites (optimistic; written by the pattern authors)")
    from tearspace.ml.tests.test_crisis_kinds import BY_KIND, NEVER_URGENT, QUIET

    for kind, rows in BY_KIND.items():
        results = [assess_crisis(t) for t, _ in rows]
        recall = np.mean([r.show_help for r in results])
        at_level = np.mean(
            [
                LEVEL_ORDER[r.level] >= LEVEL_ORDER[lv]
                for r, (_, lv) in zip(results, rows, strict=True)
            ]
        )
        print(f"kind {kind:24s} n={len(rows):3d} shown help {recall:.3f} at level {at_level:.3f}")
    false_urgent = np.mean([assess_crisis(t).level == "urgent" for t in NEVER_URGENT])
    false_alarm = np.mean([assess_crisis(t).show_help for t in QUIET])
    print(f"never-urgent set n={len(NEVER_URGENT)} false urgent {false_urgent:.3f}")
    print(f"quiet set n={len(QUIET)} false alarms (help shown) {false_alarm:.3f}")


def evaluate_cssrs() -> None:
    import train_crisis

    heading("crisis: cssrs-reddit, 5-fold by user (held-out folds only)")
    users = common.cssrs_users()
    posts, proba = train_crisis.out_of_fold(users)
    thresholds = default_screen().thresholds
    at_risk = np.array([u.at_risk for u in users])
    print(f"users {len(users)}, posts {len(posts.texts)}, thresholds {thresholds}")
    variants = {
        "patterns + classifier": thresholds,
        "patterns only": Thresholds(2.0, 2.0),
    }
    for name, th in variants.items():
        flags = train_crisis.user_flags(users, posts, proba, th)
        report_users(name, users, flags, at_risk, target=name == "patterns + classifier")
    own = own_risk_flags(users, posts, proba, thresholds)
    report_users(
        "writer's own risk only (no third-person/negated)", users, own, at_risk, target=False
    )
    post_flags = proba >= thresholds.concern
    print(f"classifier-only post-level flag rate {post_flags.mean():.3f}")


def own_risk_flags(
    users: list[common.CssrsUser], posts: Any, proba: npt.NDArray[np.float32], th: Thresholds
) -> npt.NDArray[np.bool_]:
    other = "mentions that someone else may be at risk"
    flags = np.zeros(len(users), dtype=bool)
    for text, owner, p in zip(posts.texts, posts.owners, proba, strict=True):
        result = _combine(text, float(p), th)
        own = [r for r in result.reasons if r != other and "negation" not in r]
        if LEVEL_ORDER[result.level] >= 2 and own:
            flags[owner] = True
    return flags


def report_users(
    name: str,
    users: list[common.CssrsUser],
    flags: npt.NDArray[np.bool_],
    at_risk: npt.NDArray[np.bool_],
    *,
    target: bool,
) -> None:
    tp = int((flags & at_risk).sum())
    recall = tp / int(at_risk.sum())
    precision = tp / max(int(flags.sum()), 1)
    false_alarm = float(flags[~at_risk].mean())
    verdict = check("cssrs user recall", recall, 0.95) if target else ""
    print(f"[{name}] at-risk user recall {recall:.3f} {verdict}")
    print(f"  precision {precision:.3f}, false-alarm rate (Supportive+Indicator) {false_alarm:.3f}")
    by_label = {
        label: f"{np.mean([f for f, u in zip(flags, users, strict=True) if u.label == label]):.2f}"
        for label in ("Supportive", "Indicator", "Ideation", "Behavior", "Attempt")
    }
    print(f"  flagged share by label {by_label}")


def read_eval(name: str) -> list[dict[str, Any]]:
    """A set from ../shared/data/eval/ (evaluation only: never trained or tuned on)."""
    path = common.data_dir() / "eval" / name
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def flagged_share(verdicts: Sequence[str]) -> float:
    return float(np.mean([v != "ok" for v in verdicts])) if verdicts else float("nan")


def evaluate_replies() -> None:
    import train_reply
    from profanity_check import predict_prob

    from tearspace.ml.reply import load_profanity

    heading("reply: team corpus, held-out split (templates never seen in any form)")
    rows = [r for r in train_reply.reply_corpus() if r.split == "test"]
    verdicts = [a.verdict for a in assess_reply_many([r.text for r in rows])]
    gold = np.array([r.verdict != "ok" for r in rows])
    pred = np.array([v != "ok" for v in verdicts])
    tp = int((gold & pred).sum())
    precision, recall = tp / max(int(pred.sum()), 1), tp / max(int(gold.sum()), 1)
    print(f"held-out n={len(rows)} {dict(Counter(r.verdict for r in rows))}")
    print(f"(nudge|hold) vs ok: precision {precision:.3f} recall {recall:.3f}")
    confusion = Counter((r.verdict, v) for r, v in zip(rows, verdicts, strict=True))
    print(f"  confusion (gold, predicted): {dict(sorted(confusion.items()))}")
    by_kind: dict[tuple[str, str], list[str]] = {}
    for r, v in zip(rows, verdicts, strict=True):
        by_kind.setdefault((r.verdict, r.kind), []).append(v)
    for (want, kind), got in sorted(by_kind.items()):
        held = np.mean([v == "hold" for v in got])
        print(
            f"  {want:5s} {kind:22s} n={len(got):3d} flagged {flagged_share(got):.2f} "
            f"held {held:.2f}"
        )

    heading("reply: Unhealthy Comment Corpus (eval/ucc.jsonl, news comments)")
    ucc = read_eval("ucc.jsonl")
    ucc_verdicts = [a.verdict for a in assess_reply_many([r["text"] for r in ucc])]

    def share(keep: Any) -> tuple[int, float]:
        got = [v for r, v in zip(ucc, ucc_verdicts, strict=True) if keep(r)]
        return len(got), flagged_share(got)

    n, rate = share(lambda r: r["label"] == "unhealthy")
    print(f"unhealthy n={n} flagged {rate:.3f} {check('ucc unhealthy', rate, 0.60)}")
    for attribute in ("sarcastic", "condescending"):
        n, rate = share(lambda r, a=attribute: a in r["attributes"])
        print(f"  {attribute} (any label) n={n} flagged {rate:.3f} {check(attribute, rate, 0.40)}")
    for attribute in ("dismissive", "generalisation_unfair", "hostile", "antagonize"):
        n, rate = share(lambda r, a=attribute: a in r["attributes"])
        print(f"  {attribute} (any label) n={n} flagged {rate:.3f}")
    n, rate = share(lambda r: r["label"] == "attribute_only")
    print(f"attribute_only n={n} flagged {rate:.3f}")
    n, rate = share(lambda r: r["label"] == "healthy")
    print(f"healthy n={n} flagged {rate:.3f} {check_max('ucc healthy', rate, 0.05)}")

    heading("reply: counsel-chat answers by licensed therapists (eval/counselchat_answers.jsonl)")
    answers = read_eval("counselchat_answers.jsonl")
    got = [a.verdict for a in assess_reply_many([r["text"] for r in answers])]
    held_share = float(np.mean([v == "hold" for v in got]))
    rate = flagged_share(got)
    print(f"n={len(got)} flagged {rate:.3f} {check_max('counsel-chat flagged', rate, 0.02)}")
    print(f"  held {held_share:.3f} {check_max('counsel-chat held', held_share, 0.0)}")

    heading("reply: Jigsaw sample (eval/jigsaw_sample.jsonl, Wikipedia talk)")
    jigsaw = read_eval("jigsaw_sample.jsonl")
    got = [a.verdict for a in assess_reply_many([r["text"] for r in jigsaw])]
    for label in ("toxic", "clean"):
        mine = [v for r, v in zip(jigsaw, got, strict=True) if r["label"] == label]
        print(f"  {label} n={len(mine)} flagged {flagged_share(mine):.3f} {dict(Counter(mine))}")

    heading("reply: davidson held-out 20%")
    _, _, test_x, test_y = train_reply.davidson_split()
    from tearspace.ml.features import load_featurizer

    proba = load_linear("davidson").proba(load_featurizer().transform(test_x))
    pred_y = proba.argmax(axis=1)
    gold_y = np.array(test_y)
    f1s = [f1(pred_y == k, gold_y == k) for k in range(3)]
    print(
        f"macro-F1 {np.mean(f1s):.3f} (hate {f1s[0]:.3f}, offensive {f1s[1]:.3f}, "
        f"neither {f1s[2]:.3f})"
    )
    texts = [r.text for r in train_reply.reply_corpus()]
    ours = np.array([load_profanity().score(t) for t in texts])
    diff = float(np.abs(ours - predict_prob(texts)).max())
    print(f"profanity export vs alt-profanity-check predict_prob: max abs diff {diff:.2e}")


def f1(pred: npt.NDArray[np.bool_], gold: npt.NDArray[np.bool_]) -> float:
    tp = float((pred & gold).sum())
    denom = float(pred.sum() + gold.sum())
    return 2 * tp / denom if denom else 0.0


def evaluate_emotions() -> None:
    heading("emotions: GoEmotions official test split")
    labels = emotion_model().labels
    thresholds = np.asarray(emotion_model().meta["thresholds"], dtype=np.float32)
    texts, gold_ids = common.goemotions_split("test")
    scores = emotion_scores(texts)
    pred = scores >= thresholds
    gold = np.zeros_like(pred)
    for i, ids in enumerate(gold_ids):
        gold[i, ids] = True
    per_label = [f1(pred[:, j], gold[:, j]) for j in range(len(labels))]
    macro = float(np.mean(per_label))
    print(f"28-label macro-F1 {macro:.4f} {check('goemotions macro-F1', macro, 0.47)}")
    worst = sorted(zip(per_label, labels, strict=True))[:5]
    print("  weakest labels:", ", ".join(f"{n} {s:.2f}" for s, n in worst))
    ekman_names = sorted({ekman_of(label) for label in labels})
    col = {
        name: [j for j, lab in enumerate(labels) if ekman_of(lab) == name] for name in ekman_names
    }
    e_pred = np.column_stack([pred[:, col[n]].any(axis=1) for n in ekman_names])
    e_gold = np.column_stack([gold[:, col[n]].any(axis=1) for n in ekman_names])
    e_macro = np.mean([f1(e_pred[:, k], e_gold[:, k]) for k in range(len(ekman_names))])
    print(f"Ekman view (derived from the 28 labels) macro-F1 {e_macro:.4f}")


def artefact_sizes() -> None:
    heading("artefacts")
    total = 0
    for path in sorted(ARTEFACTS.iterdir()):
        total += path.stat().st_size
        print(f"  {path.name:24s} {path.stat().st_size / 1024:8.1f} KiB")
    mib = total / 2**20
    ok = mib < 8.0
    if not ok:
        FAILURES.append(f"artefacts {mib:.2f} MiB >= 8")
    print(f"  total {mib:.2f} MiB {'PASS' if ok else 'FAIL'} (target < 8 MiB)")


def main() -> int:
    if "--crisis" in sys.argv:  # only the crisis screen: eval sets and own suites
        evaluate_crisis_eval_sets()
        evaluate_crisis_own_suites()
        evaluate_fixtures()
        print("RESULT:", "all targets met" if not FAILURES else "MISSED: " + "; ".join(FAILURES))
        return 1 if FAILURES else 0
    evaluate_crisis_eval_sets()
    evaluate_crisis_own_suites()
    evaluate_fixtures()
    evaluate_replies()
    evaluate_emotions()
    evaluate_cssrs()
    artefact_sizes()
    print(
        "\nTARGETS: must-flag recall 1.0, idioms none 1.0, cssrs at-risk user recall >= 0.95, "
        "GoEmotions macro-F1 >= 0.47, artefacts < 8 MiB; replies: UCC unhealthy >= 0.60 "
        "(sarcastic, condescending >= 0.40), healthy <= 0.05, counsel-chat flagged <= 0.02 "
        "and held 0"
    )
    print("RESULT:", "all targets met" if not FAILURES else "MISSED: " + "; ".join(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
