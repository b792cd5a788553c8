//! `sgdpde sgd` end to end: JSON keys, thread-count independence, and
//! one-line errors for bad input.

use crate::common;

use common::json;

#[test]
fn json_report_has_the_documented_keys_and_ignores_the_thread_count() {
    let base = [
        "sgd",
        "--data",
        "iris",
        "--model",
        "logistic",
        "--paths",
        "300",
        "--steps",
        "10",
        "--compare-sde",
        "--json",
    ];
    let one = json(&[&base[..], &["--threads", "1"]].concat());
    let two = json(&[&base[..], &["--threads", "2"]].concat());
    assert_eq!(one, two, "--threads must not change a result");
    for key in [
        "final_loss",
        "distance_to_minimiser",
        "weak_error",
        "sde",
        "seed",
        "tau",
        "batch",
        "paths",
    ] {
        assert!(!one[key].is_null(), "missing {key}");
    }
    for key in ["mean", "std", "std_error"] {
        assert!(one["final_loss"][key].is_f64());
    }
    assert!(one["weak_error"]["estimate"].is_f64() && one["weak_error"]["std_error"].is_f64());
    assert_eq!(one["sampling"], "with-replacement");
}

#[test]
fn bad_input_is_a_one_line_error() {
    for (args, needle) in [
        (&["sgd", "--batch", "0"][..], "batch size"),
        (&["sgd", "--tau", "-1"][..], "--tau"),
        (
            &["sgd", "--data", "diabetes", "--model", "logistic"][..],
            "±1 labels",
        ),
        (
            &["sgd", "--sampling", "without-replacement", "--batch", "101"][..],
            "batch size",
        ),
        (&["sgd", "--threads", "0"][..], "--threads"),
        // Options of another data set, model or mode are refused, not ignored.
        (
            &["sgd", "--noise", "0.1"][..],
            "--noise applies only with --data teacher-student",
        ),
        (&["sgd", "--noise", "NaN"][..], "--noise applies only"),
        (
            &["sgd", "--n", "30"][..],
            "--n applies only with --data teacher-student",
        ),
        (&["sgd", "--d", "3"][..], "--d applies only"),
        (&["sgd", "--data-seed", "7"][..], "--data-seed applies only"),
        (
            &["sgd", "--hidden", "5"][..],
            "--hidden applies only with --model tanh",
        ),
        (
            &["sgd", "--sde-substeps", "4"][..],
            "--sde-substeps applies only with --compare-sde",
        ),
        (
            &[
                "sgd",
                "--data",
                "teacher-student",
                "--model",
                "least-squares",
                "--noise",
                "-0.1",
            ][..],
            "noise_sd",
        ),
    ] {
        common::assert_one_line_error(args, needle);
    }
}
