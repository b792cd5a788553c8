//! Verdicts: a theoretical prediction, a measurement with its uncertainty, the
//! criterion that relates them, and pass/fail.

use serde::Serialize;

/// How a measurement is held against a prediction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Criterion {
    /// `|measured − predicted| ≤ k · (uncertainty of the measurement)`; the
    /// uncertainty is a standard error from a fixed seed.
    WithinStdErrors {
        /// Number of standard errors allowed.
        k: f64,
    },
    /// `|measured − predicted| ≤ rel · |predicted|` (truncation-order tolerances).
    Relative {
        /// Relative tolerance.
        rel: f64,
    },
    /// `|measured − predicted| ≤ abs`.
    Absolute {
        /// Absolute tolerance.
        abs: f64,
    },
    /// `measured ≤ predicted + slack` (a bound from theory).
    AtMost {
        /// Slack allowed above the bound.
        slack: f64,
    },
    /// `measured ≥ predicted − slack`.
    AtLeast {
        /// Slack allowed below the bound.
        slack: f64,
    },
}

/// One line of a report's "theory vs measurement" table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// What is claimed, in words ("Arrhenius slope equals 2ΔL").
    pub claim: String,
    /// Where the prediction comes from (formula or proofs-note).
    pub theory: String,
    /// The predicted value.
    pub predicted: f64,
    /// The measured value.
    pub measured: f64,
    /// Standard error of the measurement, when it is a statistical estimate.
    pub std_error: Option<f64>,
    /// The criterion applied.
    pub criterion: Criterion,
    /// Whether the criterion holds.
    pub pass: bool,
}

impl Verdict {
    /// Judges `measured` against `predicted` with `criterion`.
    ///
    /// A non-finite measurement or prediction always fails, as does
    /// [`Criterion::WithinStdErrors`] without a finite standard error.
    pub fn judge(
        claim: impl Into<String>,
        theory: impl Into<String>,
        predicted: f64,
        measured: f64,
        std_error: Option<f64>,
        criterion: Criterion,
    ) -> Self {
        let diff = measured - predicted;
        let pass = predicted.is_finite()
            && measured.is_finite()
            && match criterion {
                Criterion::WithinStdErrors { k } => {
                    std_error.is_some_and(|se| se.is_finite() && diff.abs() <= k * se)
                }
                Criterion::Relative { rel } => diff.abs() <= rel * predicted.abs(),
                Criterion::Absolute { abs } => diff.abs() <= abs,
                Criterion::AtMost { slack } => diff <= slack,
                Criterion::AtLeast { slack } => -diff <= slack,
            };
        Self {
            claim: claim.into(),
            theory: theory.into(),
            predicted,
            measured,
            std_error,
            criterion,
            pass,
        }
    }

    /// The criterion in words, for report tables.
    pub fn criterion_text(&self) -> String {
        match self.criterion {
            Criterion::WithinStdErrors { k } => format!("|Δ| ≤ {k} SE"),
            Criterion::Relative { rel } => format!("|Δ| ≤ {rel:e}·|theory|"),
            Criterion::Absolute { abs } => format!("|Δ| ≤ {abs:e}"),
            Criterion::AtMost { slack } => format!("measured ≤ theory + {slack:e}"),
            Criterion::AtLeast { slack } => format!("measured ≥ theory − {slack:e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_judge_as_stated() {
        let v = |m, se, c| Verdict::judge("c", "t", 1.0, m, se, c).pass;
        assert!(v(1.3, Some(0.1), Criterion::WithinStdErrors { k: 3.0 }));
        assert!(!v(1.31, Some(0.1), Criterion::WithinStdErrors { k: 3.0 }));
        assert!(!v(1.0, None, Criterion::WithinStdErrors { k: 3.0 }));
        assert!(v(1.04, None, Criterion::Relative { rel: 0.05 }));
        assert!(!v(1.06, None, Criterion::Relative { rel: 0.05 }));
        assert!(v(0.5, None, Criterion::AtMost { slack: 0.0 }));
        assert!(!v(1.5, None, Criterion::AtMost { slack: 0.1 }));
        assert!(v(1.5, None, Criterion::AtLeast { slack: 0.0 }));
        assert!(!v(f64::NAN, Some(1.0), Criterion::Absolute { abs: 1e9 }));
    }
}
