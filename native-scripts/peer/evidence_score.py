"""Scores lrfinder's answer on the real-data evidence tasks, the way an independent check does: runs
`lrfinder find` as a user would (the task's CSVs, TorchScript model, optimizer, batch size and target
schedule), reads `aggregate.recommendation.lr` from its JSON report, and compares the validation
loss of full-budget fits at that rate (interpolated on the ground truth's grid, evidence_truth.py)
with the grid's best. Writes docs/evidence/real-data.md.

  python3 evidence_score.py [--cli auto|old|new] [--schedules constant,onecycle] [--tasks a,b]
                            [--out docs/evidence/real-data.md]

--cli says which options the lrfinder under test has: `new` (verification on by default,
--no-verify, --train-steps), `old` (verification only with --verify, --verify-steps), `auto` (the
default) reads `find --help`. EVIDENCE_CLI sets the same.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evidence_tasks import TASKS, lrfinder_optimizer_args, task_dir  # noqa: E402
from evidence_truth import truth_dir  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# EVIDENCE_LRFINDER: another checkout's launcher (a branch under test), data and truth staying here
LRFINDER = os.environ.get("EVIDENCE_LRFINDER") or os.path.join(ROOT, "native-scripts", "lrfinder")
TOLERANCE = 0.10


def variants(cli, task):
    """(name, what a user types, extra options) of each variant scored, for this CLI's options."""
    b = str(task["budget"])
    if cli == "new":
        return [("default", "find", []),
                ("train-steps", "find --train-steps <budget>", ["--train-steps", b]),
                ("no-verify", "find --no-verify", ["--no-verify"])]
    return [("default", "find (no verification: today's default)", []),
            ("verify", "find --verify", ["--verify"]),
            ("verify-steps", "find --verify --verify-steps <budget>", ["--verify", "--verify-steps", b])]


def detect_cli():
    help_text = subprocess.run([LRFINDER, "find", "--help"], capture_output=True, text=True).stdout
    return "new" if "--no-verify" in help_text and "--train-steps" in help_text else "old"


def run_find(task, schedule, extra, out_dir):
    d = task_dir(task)
    cmd = [LRFINDER, "find", "--data", os.path.join(d, "train.csv"), "--val-data", os.path.join(d, "val.csv"),
           "--label", task["label"], "--model", os.path.join(d, "model.pt")] + lrfinder_optimizer_args(task) + [
        "--batch-size", str(task["batch"]), "--for", schedule] + extra + [
        "--format", "json", "--quiet", "--out", out_dir]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.time() - t0
    res = dict(cmd=cmd, rc=p.returncode, wall_s=wall, stderr=p.stderr.strip()[-400:])
    if p.returncode != 0:
        return res
    r = json.loads(p.stdout)
    rec = r["aggregate"]["recommendation"]
    res["lr"] = rec["lr"] if rec else None
    res["range_steps"] = sum(run.get("recordedSteps", 0) for run in r.get("runs", []))
    methods = r["aggregate"].get("methods", {})
    for m in ("valley", "steepest"):
        if methods.get(m, {}).get("geometricMean"):
            res[m] = methods[m]["geometricMean"]
    v = r.get("verification")
    if v:
        res["verified"] = v.get("verified", True)
        res["unverified_reason"] = v.get("unverifiedReason")
        res["verified_lr"] = v.get("verifiedLr")
        res["range_test_lr"] = v.get("rangeTestLr") or rec.get("rangeTestLr")
        res["verify_wall_s"] = v.get("wallTimeSeconds")
        res["verify_steps"] = verification_steps(v)
        cost = v.get("cost") or {}
        res["verify_fits"] = cost.get("fits") or len(v.get("fits") or v.get("candidates") or [])
        res["open"] = [e for e in ("openBelow", "openAbove") if (v.get("goodRange") or {}).get(e)]
    return res


def verification_steps(v):
    """The verification's optimizer steps: its own count when the report gives one, else the sum of
    its fits' steps (each candidate's own, or the report's steps per fit)."""
    for key in ("optimizerSteps", "totalSteps", "stepsSpent", "spentSteps"):
        if isinstance(v.get(key), (int, float)):
            return int(v[key])
    cost = v.get("cost") or v.get("spent")
    if isinstance(cost, dict):
        for key in ("optimizerSteps", "steps", "totalSteps"):
            if isinstance(cost.get(key), (int, float)):
                return int(cost[key])
    total = 0
    for c in v.get("fits") or v.get("candidates") or []:
        s = c.get("steps", v.get("steps"))
        total += s if isinstance(s, (int, float)) else 0
    return int(total)


def loss_at(grid, lr):
    """The grid's mean validation loss at lr: log loss linear in log lr between grid points; between a
    finite and a diverged point, the nearer one; below the grid its lowest rate's, above it its
    highest's. None = diverged."""
    rates = [g["lr"] for g in grid]
    if lr <= rates[0]:
        return grid[0]["mean"]
    if lr >= rates[-1]:
        return grid[-1]["mean"]
    for a, b in zip(grid, grid[1:]):
        if a["lr"] <= lr <= b["lr"]:
            t = (math.log(lr) - math.log(a["lr"])) / (math.log(b["lr"]) - math.log(a["lr"]))
            if a["mean"] is None or b["mean"] is None:
                return (a if t < 0.5 else b)["mean"]
            return math.exp((1 - t) * math.log(a["mean"]) + t * math.log(b["mean"]))


def regret(truth, lr):
    if lr is None or not math.isfinite(lr) or lr <= 0:
        return None
    loss = loss_at(truth["grid"], lr)
    return math.inf if loss is None else loss / truth["best_loss"] - 1


def fmt_lr(x):
    return "-" if x is None else "%.3g" % x


def fmt_regret(x):
    if x is None:
        return "-"
    return "diverged" if math.isinf(x) else "%.3f" % x if x < 100 else "%.3g" % x


def summary(regrets):
    """within 10% / n, median, worst of a list of regrets (None = no answer: exit code != 0)."""
    n = len(regrets)
    within = sum(1 for r in regrets if r is not None and r <= TOLERANCE)
    vals = [math.inf if r is None else r for r in regrets]
    failed = sum(1 for r in regrets if r is None)
    med = statistics.median(vals) if vals else None
    worst = max(vals) if vals else None
    w = "exit != 0" if failed else fmt_regret(worst)
    return "%d/%d" % (within, n), fmt_regret(med) if med is not None and not (math.isinf(med) and failed) else "-", \
        w + (" (%d of %d failed)" % (failed, n) if failed else "")


def target(cli, variant, regrets):
    """Issue 21's targets for the default path, scaled to this many tasks: with --train-steps 8 of 9
    within 10% and worst <= 0.5; without, 7 of 9 and worst <= 1.0."""
    if cli != "new" or variant not in ("default", "train-steps"):
        return ""
    share, limit = (8 / 9, 0.5) if variant == "train-steps" else (7 / 9, 1.0)
    need = math.ceil(share * len(regrets) - 1e-9)
    within = sum(1 for r in regrets if r is not None and r <= TOLERANCE)
    worst = max(math.inf if r is None else r for r in regrets)
    ok = within >= need and worst <= limit
    return "%s (>= %d/%d, <= %g)" % ("met" if ok else "**not met**", need, len(regrets), limit)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.environ.get("EVIDENCE_CLI", "auto"), choices=["auto", "old", "new"])
    ap.add_argument("--schedules", default="constant,onecycle")
    ap.add_argument("--tasks", default=",".join(t["name"] for t in TASKS))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "evidence", "real-data.md"))
    ap.add_argument("--runs-dir", default=os.path.join(ROOT, "bench", "target", "evidence-default"))
    ap.add_argument("--from-scores", action="store_true",
                    help="write the page from the runs dir's scores.json, running nothing")
    a = ap.parse_args()
    # a first call builds lrfinder when its sources changed, outside the timed calls
    subprocess.run([LRFINDER, "--version"], capture_output=True)
    cli = detect_cli() if a.cli == "auto" else a.cli
    tree = os.path.dirname(os.path.dirname(os.path.abspath(LRFINDER)))
    commit = subprocess.run(["git", "-C", tree, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "?"
    dirty = subprocess.run(["git", "-C", tree, "status", "--porcelain", "--", "engine", "cli"],
                           capture_output=True, text=True).stdout.strip()
    commit = os.environ.get("EVIDENCE_LABEL") or commit
    tasks = [t for t in TASKS if t["name"] in a.tasks.split(",")]
    schedules = a.schedules.split(",")
    scores_path = os.path.join(a.runs_dir, "scores.json")
    if a.from_scores:
        # the page again from the last run's answers (new ground truth, a new layout), no lrfinder call
        with open(scores_path) as f:
            saved = json.load(f)
        cli, commit = saved["cli"], saved["commit"]
        results = {}
        for key, res in saved["results"].items():
            s, name, variant = key.split("/")
            if s in schedules and name in [t["name"] for t in tasks]:
                with open(os.path.join(truth_dir(), "%s-%s.json" % (name, s))) as f:
                    res["truth"] = json.load(f)
                res["regret"] = regret(res["truth"], res.get("lr")) if res["rc"] == 0 else None
                for m in ("valley", "steepest", "range_test_lr"):
                    if res.get(m):
                        res[m + "_regret"] = regret(res["truth"], res[m])
                results[(s, name, variant)] = res
        write_page(a.out, cli, commit, tasks, schedules, results)
        return
    results = {}
    for schedule in schedules:
        for task in tasks:
            truth_path = os.path.join(truth_dir(), "%s-%s.json" % (task["name"], schedule))
            if not os.path.exists(truth_path):
                sys.exit("evidence-default: no ground truth %s: run native-scripts/evidence-truth first" % truth_path)
            with open(truth_path) as f:
                truth = json.load(f)
            for name, typed, extra in variants(cli, task):
                out_dir = os.path.join(a.runs_dir, "%s-%s-%s" % (task["name"], schedule, name))
                res = run_find(task, schedule, extra, out_dir)
                res["regret"] = regret(truth, res.get("lr")) if res["rc"] == 0 else None
                for m in ("valley", "steepest", "range_test_lr"):
                    if res.get(m):
                        res[m + "_regret"] = regret(truth, res[m])
                res["truth"] = truth
                results[(schedule, task["name"], name)] = res
                print("%-9s %-14s %-13s rc %d lr %-9s regret %-8s %.1f s%s" % (
                    schedule, task["name"], name, res["rc"], fmt_lr(res.get("lr")), fmt_regret(res["regret"]),
                    res["wall_s"], "" if res["rc"] == 0 else "  " + res["stderr"].splitlines()[0]), flush=True)
    commit += " (engine/cli modified)" if dirty else ""
    with open(scores_path, "w") as f:
        json.dump(dict(cli=cli, commit=commit, results={
            "%s/%s/%s" % k: {kk: vv for kk, vv in v.items() if kk != "truth"} for k, v in results.items()}),
            f, indent=1, default=str)
    write_page(a.out, cli, commit, tasks, schedules, results)


def write_page(path, cli, commit, tasks, schedules, results):
    names = [(n, typed) for n, typed, _ in variants(cli, tasks[0])]
    L = []
    w = L.append
    w("# lrfinder's answer on real data")
    w("")
    w("<!-- written by native-scripts/evidence-default; do not edit by hand -->")
    w("")
    w("What a user gets from `lrfinder find` on real benchmark data, with the task's own TorchScript model,")
    w("optimizer and batch size, scored against full-budget training: for each task and target schedule,")
    w("lrfinder's `aggregate.recommendation.lr` (what `--format json` gives and `jq` reads) is looked up on a")
    w("grid of full-budget fits, and **regret = the validation loss at that rate / the grid's best - 1**")
    w("(10%% = within 0.10). lrfinder at commit `%s`, options: `%s`." % (
        commit, "new (verification by default, --no-verify, --train-steps)" if cli == "new"
        else "as of before verification by default (--verify, --verify-steps)"))
    w("")
    w("## Tasks")
    w("")
    w("UCI benchmarks as R's `mlbench` ships them (Debian's `r-cran-mlbench`), split 80/20 (seeded, stratified")
    w("for classes) into `train.csv` and `val.csv`, features z-scored with the training split's statistics")
    w("(as a user prepares them; lrfinder is given them as they are, no `--standardize`). Models are")
    w("TorchScript files made with Debian's python3-torch 1.13.1, initial weights as saved. No real image set")
    w("other than the reserved ones (MNIST, Fashion-MNIST, scikit-learn's digits) is packaged in Debian or")
    w("npm that we found; `satellite-cnn` is the real-image task: Landsat multispectral patches of 3x3")
    w("pixels x 4 bands, read by a small CNN (conv 16, conv 32, linear).")
    w("")
    w("| task | mlbench set | rows (train/val) | features | classes | model (parameters) | optimizer | batch | budget (steps) |")
    w("|---|---|---|---|---|---|---|---|---|")
    for t in tasks:
        with open(os.path.join(task_dir(t), "task.json")) as f:
            info = json.load(f)
        model = ("CNN 4x3x3 -> 16 -> 32 -> linear" if t["model"] == "cnn-3x3x4"
                 else "MLP " + "-".join(str(x) for x in [info["features"]] + t["widths"] + [max(info["classes"], 1)]))
        opt = t["optimizer"] + (" momentum %g" % t["momentum"] if t.get("momentum") else "")
        w("| %s | %s | %d (%d/%d) | %d | %s | %s (%s) | %s | %d | %d |" % (
            t["name"], t["source"], info["rows"], info["train"], info["val"], info["features"],
            info["classes"] or "regression (mse)", model, "{:,}".format(info["params"]), opt, t["batch"], t["budget"]))
    w("")
    w("## Ground truth")
    w("")
    w("`native-scripts/peer/evidence_truth.py` (python3 torch, independent of lrfinder): each task's model")
    w("trained for its whole budget at 29 rates (1e-6 to 10, quarter decades) x 3 seeds (batch orders),")
    w("under each schedule: constant; torch `OneCycleLR` with its defaults (pct_start 0.3, div_factor 25,")
    w("final_div_factor 1e4, cos anneal, momentum / Adam's beta1 cycled 0.95 -> 0.85 -> 0.95, which gives plain")
    w("SGD momentum), the rate being `max_lr`. Score: mean validation loss over the seeds after the last step;")
    w("a rate with a non-finite loss in any seed is diverged. Between grid points the loss is interpolated")
    w("(log loss linear in log rate); next to a diverged grid point, the nearer point counts.")
    w("")
    w("| task | " + " | ".join("%s: best lr (val loss)" % s for s in schedules) + " | fits | compute |")
    w("|---|" + "---|" * len(schedules) + "---|---|")
    total_wall = 0.0
    for t in tasks:
        cells, fits, wall = [], 0, 0.0
        for s in schedules:
            tr = results[(s, t["name"], names[0][0])]["truth"]
            cells.append("%s (%.4g)" % (fmt_lr(tr["best_lr"]), tr["best_loss"]))
            fits += tr["fits"]
            wall += tr["wall_s"]
        total_wall += wall
        w("| %s | %s | %d x %d steps | %.0f s |" % (t["name"], " | ".join(cells), fits, t["budget"], wall))
    w("")
    w("All fits: %.1f minutes on this 2-core machine (one thread, shared with other work), the 87 models of a" % (
        total_wall / 60))
    w("task and schedule trained side by side as one batched network (checked against torch.optim and the")
    w("schedulers themselves on single models over 40 steps: largest relative weight difference 5e-5, most 1e-6;")
    w("`evidence_truth.py --check`). Seeds differ by batch order; all start from the file's weights, as lrfinder's runs do.")
    w("")
    w("## Scores")
    w("")
    w("Variants: " + "; ".join("**%s** = `%s`" % (n, typed) for n, typed in names) + ".")
    if cli != "new":
        w("With these options there is no `--no-verify`: the default *is* the range tests alone.")
    w("Every call: `native-scripts/lrfinder find --data train.csv --val-data val.csv --label L --model model.pt")
    w("--optimizer X [--momentum M] --batch-size B --for S --format json --quiet --out DIR` plus the variant's options.")
    w("")
    w("### Summary")
    w("")
    w("| schedule | variant | within 10% | median regret | worst | issue 21's target (its share of tasks, its worst) |")
    w("|---|---|---|---|---|---|")
    for s in schedules:
        for n, _ in names:
            regrets = [results[(s, t["name"], n)]["regret"] for t in tasks]
            within, med, worst = summary(regrets)
            w("| %s | %s | %s | %s | %s | %s |" % (s, n, within, med, worst, target(cli, n, regrets)))
        for m, who in (("range_test_lr", "the range tests' own answer (the default call's rangeTestLr)"),
                       ("valley", "fastai's valley (lrfinder's curves, geometric mean of the default call's runs)"),
                       ("steepest", "torch-lr-finder's steepest (the same)")):
            rs = [results[(s, t["name"], names[0][0])].get(m + "_regret") for t in tasks]
            if any(r is not None for r in rs):
                within, med, worst = summary(rs)
                w("| %s | %s | %s | %s | %s | |" % (s, who, within, med, worst))
    for s in schedules:
        w("")
        w("### `--for %s`: per task" % s)
        w("")
        w("| task | grid's best lr | " + " | ".join("%s: lr (regret)" % n for n, _ in names) + " |")
        w("|---|---|" + "---|" * len(names))
        for t in tasks:
            tr = results[(s, t["name"], names[0][0])]["truth"]
            cells = []
            for n, _ in names:
                r = results[(s, t["name"], n)]
                if r["rc"] != 0:
                    cells.append("exit %d" % r["rc"])
                else:
                    note = ""
                    if r.get("verified") is False:
                        note += ", unverified: %s" % (r.get("unverified_reason") or "no reason given")
                    if r.get("open"):
                        note = ", " + "/".join(r["open"])
                    if r.get("verified_lr") and r.get("lr") and abs(r["verified_lr"] / r["lr"] - 1) > 1e-9:
                        note += ", verifiedLr %s differs" % fmt_lr(r["verified_lr"])
                    cells.append("%s (%s%s)" % (fmt_lr(r.get("lr")), fmt_regret(r["regret"]), note))
            w("| %s | %s | %s |" % (t["name"], fmt_lr(tr["best_lr"]), " | ".join(cells)))
    failures = sorted({r["stderr"].splitlines()[0] for r in results.values() if r["rc"] != 0 and r["stderr"]})
    if failures:
        w("")
        w("Calls that failed said: " + "; ".join("`%s`" % f for f in failures[:3]) + ".")
    w("")
    w("## Cost")
    w("")
    w("Wall time of the whole `find` process (median over the calls that answered, and the slowest), the")
    w("range tests' optimizer steps (all runs) and the verification's steps (its fits' steps).")
    w("")
    w("| variant | wall time median (max) | range-test steps (median) | verification fits (median) | verification steps (median, max) | verification / range tests (median, max) |")
    w("|---|---|---|---|---|---|")
    for n, _ in names:
        rs = [results[(s, t["name"], n)] for s in schedules for t in tasks]
        ok = [r for r in rs if r["rc"] == 0]
        walls = [r["wall_s"] for r in ok]
        rsteps = [r["range_steps"] for r in ok]
        vsteps = [r["verify_steps"] for r in ok if "verify_steps" in r]
        ratios = [r["verify_steps"] / r["range_steps"] for r in ok if "verify_steps" in r and r["range_steps"]]
        fits = [r["verify_fits"] for r in ok if r.get("verify_fits")]
        w("| %s | %s | %s | %s | %s | %s |" % (
            n, "%.1f s (%.1f s)" % (statistics.median(walls), max(walls)) if ok else "-",
            "%d" % statistics.median(rsteps) if rsteps else "-", "%g" % statistics.median(fits) if fits else "-",
            "%d, %d" % (statistics.median(vsteps), max(vsteps)) if vsteps else "none",
            "%.2fx, %.2fx" % (statistics.median(ratios), max(ratios)) if ratios else "-"))
    if cli == "new":
        ratios = []
        for s in schedules:
            for t in tasks:
                a, b = results[(s, t["name"], "default")], results[(s, t["name"], "no-verify")]
                if a["rc"] == 0 and b["rc"] == 0:
                    ratios.append(a["wall_s"] / b["wall_s"])
        if ratios:
            w("")
            w("Default `find` against `find --no-verify`, whole process: %.2fx median, %.2fx at most (issue 21's"
              " target, on the built-in task: at most 2.5x). Verification steps against range-test steps: issue 21's"
              " target is at most 4x by default." % (statistics.median(ratios), max(ratios)))
    w("")
    w("Wall times are on a 2-core machine shared with other builds: compare variants within one page only.")
    w("")
    w("## Regenerate")
    w("")
    w("```sh")
    w("native-scripts/evidence-data        # apt: r-cran-mlbench; CSVs + TorchScript models in bench/target/evidence-data")
    w("native-scripts/evidence-truth       # the grid of full-budget fits, cached in bench/target/evidence-truth (resumes)")
    w("native-scripts/evidence-default     # runs lrfinder find per task, schedule and variant; writes this page")
    w("```")
    w("")
    w("`native-scripts/evidence-default --from-scores` writes the page again from the last run's answers")
    w("(after new ground truth, say) without calling lrfinder; `EVIDENCE_LRFINDER=<checkout>/native-scripts/lrfinder`")
    w("scores another checkout's lrfinder on these data and this ground truth.")
    w("`EVIDENCE_CLI=old|new` (or `--cli`) picks the variants' options when `find --help` should not decide;")
    w("each call's report.json stays in `bench/target/evidence-default/<task>-<schedule>-<variant>/`,")
    w("and every score in `bench/target/evidence-default/scores.json`.")
    w("")
    with open(path, "w") as f:
        f.write("\n".join(L))
    print("evidence-default: wrote %s" % path)


if __name__ == "__main__":
    main()
