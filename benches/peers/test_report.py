"""Tests of report.py (standard library only; run by .ci/run):

    python3 -m unittest discover -s benches/peers -p 'test_*.py'

1. The matched-accuracy rules on small synthetic results, where the right
   choice is known by construction.
2. The committed BENCHMARKS.md is what report.py makes of the committed raw
   results: every line from the acceptance targets on (the machine table
   above it is read live from the machine running the report).
"""

import os
import tempfile
import unittest

import report

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def w3_peer(tool, l1, time_s, cells=500, t_end=5.0):
    return {"workload": "W3", "tool": tool, "size": f"{cells} cells", "cells": cells, "t_end": t_end,
            "time_s": time_s, "result": {"l1_to_gibbs": 0.4, "l1_to_reference": l1, "mass_error": 1e-15}}


def w3_sgdpde(l1, time_s, cells=500, t_end=5.0):
    return {"w3": [{"cells": cells, "t_end": t_end, "scheme": "TR-BDF2", "steps": 100, "time_s": time_s,
                    "l1_to_gibbs": 0.4, "l1_to_reference": l1, "mass_error": 1e-14}]}


def w4_sgdpde(sweep, time_s=1.0, l1=1e-6):
    return {"w4": {"scheme": "TR-BDF2", "steps": 50, "time_s": time_s, "l1_to_reference": l1,
                   "mass_error": 1e-14, "reference_steps": 800, "work_precision": sweep}}


def row(steps, time_s, l1, mass=1e-14):
    return {"steps": steps, "time_s": time_s, "l1_to_reference": l1, "mass_error": mass}


def w4_peer(tool, time_s, l1, mass=1e-13):
    return {"workload": "W4", "tool": tool, "size": "200 × 200", "time_s": time_s,
            "result": {"mass_error": mass, "l1_to_reference": l1}}


class W4MatchedRow(unittest.TestCase):
    SWEEP = [row(5, 0.05, 7e-4), row(10, 0.09, 2e-4), row(20, 0.17, 5e-5), row(40, 0.33, 1e-5)]

    def test_cheapest_row_at_least_as_accurate_as_the_peer(self):
        w, ok = report.w4_matched_row({"work_precision": self.SWEEP}, 3e-4)
        self.assertTrue(ok)
        self.assertEqual(w["steps"], 10)  # 5 steps (7e-4) is less accurate than 3e-4

    def test_equal_accuracy_counts_as_matched(self):
        w, ok = report.w4_matched_row({"work_precision": self.SWEEP}, 7e-4)
        self.assertTrue(ok)
        self.assertEqual(w["steps"], 5)

    def test_unreachable_accuracy_falls_back_to_the_most_accurate_row(self):
        w, ok = report.w4_matched_row({"work_precision": self.SWEEP}, 1e-9)
        self.assertFalse(ok)
        self.assertEqual(w["steps"], 40)

    def test_no_sweep(self):
        self.assertEqual(report.w4_matched_row({}, 1e-3), (None, False))


class W4Targets(unittest.TestCase):
    def test_speed_up_is_measured_against_the_matched_row_of_the_fastest_conserving_peer(self):
        sweep = [row(5, 0.05, 7e-4), row(10, 0.09, 2e-4)]
        peers = [w4_peer("scipy-sg-lu", 1.0, 3e-4),
                 w4_peer("leaky", 0.01, 1e-9, mass=1e-3)]  # faster, but loses mass: not a reference
        t = []
        report.section_w4(w4_sgdpde(sweep), peers, t)
        name, measured, ok = t[0]
        self.assertIn("scipy-sg-lu", name)
        self.assertIn("sgdpde 10 steps", name)
        self.assertEqual(measured, f"{1.0 / 0.09:.1f}×")
        self.assertTrue(ok)  # 11.1× ≥ 10×
        self.assertEqual(t[2], ("W4 stretch: ≤ 0.1 s (matched-accuracy row)", report.fmt_t(0.09), True))

    def test_below_ten_times_fails(self):
        t = []
        report.section_w4(w4_sgdpde([row(10, 0.2, 2e-4)]), [w4_peer("scipy-sg-lu", 1.0, 3e-4)], t)
        self.assertFalse(t[0][2])  # 5×

    def test_unmatched_accuracy_fails_even_when_fast(self):
        t = []
        report.section_w4(w4_sgdpde([row(10, 0.001, 2e-4)]), [w4_peer("scipy-sg-lu", 1.0, 1e-6)], t)
        self.assertIn("no sgdpde row reached", t[0][0])
        self.assertFalse(t[0][2])

    def test_mass_error_target_covers_every_row(self):
        t = []
        report.section_w4(w4_sgdpde([row(5, 0.05, 7e-4), row(10, 0.09, 2e-4, mass=2e-12)]),
                          [w4_peer("scipy-sg-lu", 1.0, 3e-4)], t)
        self.assertEqual(t[1], ("W4: mass error ≤ 1e-12 (every sgdpde row)", "2.0e-12", False))


class W3Targets(unittest.TestCase):
    def test_loosest_scipy_run_at_least_as_accurate_as_sgdpde(self):
        peers = [w3_peer("scipy-sg-bdf (rtol 1e-06)", 5e-6, 0.02),   # less accurate than sgdpde
                 w3_peer("scipy-sg-bdf (rtol 1e-08)", 8e-7, 0.04),   # the matched one
                 w3_peer("scipy-sg-bdf (rtol 1e-10)", 1e-9, 0.09),   # more accurate, slower
                 w3_peer("fplanck", 1e-7, 0.001)]                    # not SciPy SG/BDF
        t = []
        report.section_w3(w3_sgdpde(1e-6, 0.002), peers, t)
        self.assertEqual(len(t), 1)
        name, measured, ok = t[0]
        self.assertIn("(scipy-sg-bdf (rtol 1e-08))", name)
        self.assertNotIn("most accurate used", name)
        self.assertEqual(measured, "20.0× faster")
        self.assertTrue(ok)

    def test_no_scipy_run_accurate_enough_uses_the_most_accurate(self):
        peers = [w3_peer("scipy-sg-bdf (rtol 1e-06)", 5e-6, 0.001),
                 w3_peer("scipy-sg-bdf (rtol 1e-08)", 2e-6, 0.003)]
        t = []
        report.section_w3(w3_sgdpde(1e-6, 0.002), peers, t)
        name, measured, ok = t[0]
        self.assertIn("(scipy-sg-bdf (rtol 1e-08))", name)
        self.assertIn("most accurate used", name)
        self.assertEqual(measured, "1.5× faster")
        self.assertTrue(ok)

    def test_slower_than_scipy_fails(self):
        t = []
        report.section_w3(w3_sgdpde(1e-6, 0.01), [w3_peer("scipy-sg-bdf (rtol 1e-08)", 8e-7, 0.005)], t)
        self.assertEqual(t[0][1:], ("2.0× slower", False))

    def test_other_sizes_and_failed_runs_are_not_matched(self):
        peers = [w3_peer("scipy-sg-bdf (rtol 1e-08)", 8e-7, 0.04, cells=2000),
                 dict(w3_peer("scipy-sg-bdf (rtol 1e-06)", 1e-9, 0.001), error="diverged")]
        t = []
        report.section_w3(w3_sgdpde(1e-6, 0.002), peers, t)
        self.assertEqual(t, [])


def commands_sgdpde(scale=1):
    w1 = {"runs": [{"tool": "sgdpde", "threads": 1, "time_s": 0.5}, {"tool": "rust-hand-loop", "threads": 1,
                                                                       "time_s": 0.7},
                   {"tool": "sgdpde", "threads": 2, "time_s": 0.25}, {"tool": "rust-hand-loop", "threads": 2,
                                                                        "time_s": 0.35}]}
    w2 = {"cases": [{"eps": 0.25, "runs": [{"tool": "sgdpde (bridge on)", "threads": 1, "time_s": 0.9},
                                           {"tool": "rust-hand-loop (bridge on)", "threads": 1, "time_s": 1.0}]}]}
    return {"scale": scale, "w1": w1, "w2": w2}


def command(threads, time_s):
    return {"command": "sgdpde simulate double-well", "threads": threads, "time_s": time_s, "result": {}}


class CommandTargets(unittest.TestCase):
    def test_w1_command_within_1_2_of_the_library_and_faster_than_the_hand_loop(self):
        cmds = {"scale": 1, "w1": [command(1, 0.55), command("default", 0.4)], "w2": [command(1, 1.0)]}
        targets = []
        txt = report.section_commands(commands_sgdpde(), cmds, targets)
        got = {t: ok for t, _, ok in targets}
        self.assertEqual(got, {
            "W1 command end to end ≤ 1.2× the library ensemble (1 thread)": True,  # 1.1×
            "W1 command end to end faster than the hand-written loop (1 thread)": True,
            # default threads against the library's largest (2): 0.4 / 0.25 = 1.6×, slower than 0.35 s
            "W1 command end to end ≤ 1.2× the library ensemble (default threads)": False,
            "W1 command end to end faster than the hand-written loop (default threads)": False,
        })
        self.assertIn("W2 (ε = 0.25)", txt)

    def test_no_ratios_between_different_scales(self):
        cmds = {"scale": 0.1, "w1": [command(1, 0.05)], "w2": []}
        targets = []
        txt = report.section_commands(commands_sgdpde(), cmds, targets)
        self.assertEqual(targets, [])
        self.assertIn("no ratios", txt)

    def test_without_a_commands_file_there_is_no_section(self):
        self.assertIsNone(report.section_commands(commands_sgdpde(), None, []))


class RareSection(unittest.TestCase):
    @staticmethod
    def case(name, mean, se, t):
        return {"case": name, "command": name, "time_s": t, "result": {"mean": mean, "std_error": se}}

    def test_costs_at_equal_se_and_the_extrapolated_monte_carlo(self):
        rare = {"cases": [self.case("ams-0.1", 100.0, 10.0, 1.0),   # 1 % SE: 100 s
                          self.case("mc-0.1", 100.0, 2.0, 5.0),     # 1 % SE: 20 s
                          self.case("ams-0.03", 1e4, 100.0, 30.0)]}  # 1 % SE: 30 s
        targets = []
        txt = report.section_rare(rare, targets)
        self.assertEqual(targets[0][1], "0.2×")
        self.assertFalse(targets[0][2])
        self.assertEqual(targets[1][1], "30.00 s")
        self.assertTrue(targets[1][2])
        # Monte Carlo at the small noise: 20 s × (1e4 / 100) = 2000 s.
        self.assertIn("2000 s", txt)

    def test_the_ratio_in_time_steps_where_the_runs_say_their_work(self):
        ams = self.case("ams-0.05", 100.0, 10.0, 1.0)
        ams["result"]["ams"] = {"splitting_steps": 9000, "loop_steps": 1000}   # 1e4 steps at 10 %
        mc = self.case("mc-0.05", 100.0, 1.0, 50.0)
        mc["result"].update({"paths": 100, "dt": 0.01})                       # 1e6 steps at 1 %
        targets = []
        txt = report.section_rare({"cases": [ams, mc]}, targets)
        # Time: 100 s against 50 s; steps: 1e6 against 1e4·100 = 1e6.
        self.assertEqual(targets[0][1], "0.5×")
        self.assertIn("1.0× in time steps", txt)
        self.assertIn("1.00e+06", txt)

    def test_without_a_rare_file_there_is_no_section(self):
        self.assertIsNone(report.section_rare(None, []))


class CommittedReport(unittest.TestCase):
    def test_benchmarks_md_is_the_report_of_the_committed_results(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "BENCHMARKS.md")
            argv = ["report.py", os.path.join(HERE, "results-sgdpde.json"),
                    os.path.join(HERE, "results-peers.json"), out,
                    "--meta", os.path.join(HERE, "results-meta.json")]
            commands = os.path.join(HERE, "results-commands.json")
            if os.path.exists(commands):
                argv += ["--commands", commands]
            rare = os.path.join(HERE, "results-rare.json")
            if os.path.exists(rare):
                argv += ["--rare", rare]
            old = report.sys.argv
            try:
                report.sys.argv = argv
                report.main()
            finally:
                report.sys.argv = old
            with open(out) as f:
                made = f.read()
        with open(os.path.join(ROOT, "BENCHMARKS.md")) as f:
            committed = f.read()
        marker = "## Acceptance targets"
        self.assertIn(marker, committed)
        self.assertEqual(made[made.index(marker):], committed[committed.index(marker):])


if __name__ == "__main__":
    unittest.main()
