//! Markdown rendering of experiment reports.

use std::fmt::Write;

use sgdpde_experiments::{Report, Verdict};

/// Formats a number for a report table: 4 significant digits, scientific
/// notation outside `[1e-3, 1e5)`.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        format!("{v:.3e}")
    } else {
        format!("{}", sgdpde_experiments::round_sig(v, 4))
    }
}

/// Escapes the characters that would break a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn verdict_row(v: &Verdict) -> String {
    let measured = match v.std_error {
        Some(se) => format!("{} ± {}", num(v.measured), num(se)),
        None => num(v.measured),
    };
    format!(
        "| {} | {} | {} | {} | {} | {} |",
        cell(&v.claim),
        num(v.predicted),
        measured,
        cell(&v.criterion_text()),
        if v.pass { "**pass**" } else { "**FAIL**" },
        cell(&v.theory)
    )
}

/// One report section: question, setup, verdict table, tables, figure links.
/// `figure_files` gives, per figure, the relative file stem of its PNG/SVG.
pub fn section(report: &Report, figure_files: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## {}\n", report.title);
    let _ = writeln!(s, "*Question.* {}\n", report.question);
    let _ = writeln!(s, "*Setup.*\n");
    for (k, v) in &report.setup {
        let _ = writeln!(s, "- {k}: {v}");
    }
    let _ = writeln!(
        s,
        "\n| claim | theory | measured | criterion | verdict | source |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for v in &report.verdicts {
        let _ = writeln!(s, "{}", verdict_row(v));
    }
    for t in &report.tables {
        let _ = writeln!(s, "\n{} (`{}.csv`)\n", t.caption, t.id);
        let _ = writeln!(s, "| {} |", t.columns.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(t.columns.len()));
        for r in &t.rows {
            let _ = writeln!(
                s,
                "| {} |",
                r.iter().map(|v| num(*v)).collect::<Vec<_>>().join(" | ")
            );
        }
    }
    for (f, file) in report.figures.iter().zip(figure_files) {
        let _ = writeln!(
            s,
            "\n![{}]({file}.png)\n\n*{}* — [SVG]({file}.svg), data: [`{file}.csv`]({file}.csv)",
            f.title, f.title
        );
    }
    s.push('\n');
    s
}
