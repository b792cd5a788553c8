//! Every figure of the quick report is publication-clean: in its SVG no
//! tick label (a numeric text) has more than 6 significant digits and no two
//! text boxes overlap; `fokker-planck --out` in 2-D writes a valid PNG and
//! SVG heatmap (`proofs-notes/figures.md`).
//!
//! A text box is estimated from the SVG attributes plotters writes: width
//! `0.6 · font-size · characters`, height `font-size`, placed by
//! `text-anchor` (start / middle / end) and `dy` (`0.76em`: top at `y`,
//! `0.5ex`: centred, `-0.5ex`: bottom at `y`), then turned by its
//! `rotate(a, cx, cy)` transform.

use crate::common;

use common::{sgdpde, succeeded};

/// Most significant digits of a tick label.
const MAX_DIGITS: usize = 6;

/// One `<text>` element: its box (left, top, right, bottom) and content.
#[derive(Debug, Clone, PartialEq)]
struct TextBox {
    bbox: [f64; 4],
    text: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_owned())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The boxes of every `<text>` element of `svg`.
fn text_boxes(svg: &str) -> Vec<TextBox> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let after = &rest[open..];
        let tag_end = after.find('>').expect("a closed <text> tag");
        let tag = &after[..tag_end];
        let close = after.find("</text>").expect("</text>");
        let text = unescape(after[tag_end + 1..close].trim());
        rest = &after[close + 7..];
        let num = |k: &str| -> f64 {
            attr(tag, k)
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("<text> without numeric {k}: {tag}"))
        };
        let (x, y, fs) = (num("x"), num("y"), num("font-size"));
        let w = 0.6 * fs * text.chars().count() as f64;
        let left = match attr(tag, "text-anchor").as_deref() {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        let top = match attr(tag, "dy").as_deref() {
            Some("0.76em") => y,
            Some("0.5ex") => y - fs / 2.0,
            Some("-0.5ex") => y - fs,
            _ => y - fs, // no dy: y is the baseline
        };
        let mut corners = [
            (left, top),
            (left + w, top),
            (left, top + fs),
            (left + w, top + fs),
        ];
        if let Some(t) = attr(tag, "transform") {
            let args: Vec<f64> = t
                .trim_start_matches("rotate(")
                .trim_end_matches(')')
                .split(',')
                .map(|v| v.trim().parse().expect("rotate(a, cx, cy)"))
                .collect();
            let (a, cx, cy) = (args[0].to_radians(), args[1], args[2]);
            for p in &mut corners {
                let (dx, dy) = (p.0 - cx, p.1 - cy);
                *p = (
                    cx + dx * a.cos() - dy * a.sin(),
                    cy + dx * a.sin() + dy * a.cos(),
                );
            }
        }
        let xs = corners.map(|p| p.0);
        let ys = corners.map(|p| p.1);
        let min = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
        let max = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
        out.push(TextBox {
            bbox: [min(xs), min(ys), max(xs), max(ys)],
            text,
        });
    }
    out
}

const SUPERSCRIPTS: &str = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹";

/// Significant digits of a numeric label (`0.0025` → 2, `1.5×10⁻⁶` → 2,
/// `10⁴` → 1, `250` → 2), `None` for any other text.
fn significant_digits(label: &str) -> Option<usize> {
    let s = label.trim_start_matches(['−', '-']);
    let power = |p: &str| !p.is_empty() && p.chars().all(|c| SUPERSCRIPTS.contains(c));
    let mantissa = match s.split_once('×') {
        Some((m, p)) => {
            if !power(p.strip_prefix("10")?) {
                return None;
            }
            m
        }
        None if s.strip_prefix("10").is_some_and(power) => "1",
        None => s,
    };
    let ok = !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.matches('.').count() <= 1
        && mantissa.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return None;
    }
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if mantissa.contains('.') {
        digits
    } else {
        digits.trim_end_matches('0')
    };
    Some(digits.len().max(1))
}

/// What is wrong with the figure `svg`: tick labels with too many digits
/// and pairs of overlapping text boxes (touching within half a pixel is
/// allowed).
fn problems(svg: &str) -> Vec<String> {
    let boxes = text_boxes(svg);
    let mut out = Vec::new();
    for b in &boxes {
        if let Some(n) = significant_digits(&b.text).filter(|n| *n > MAX_DIGITS) {
            out.push(format!(
                "tick label {:?} has {n} significant digits",
                b.text
            ));
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[..i] {
            let [a0, a1, a2, a3] = a.bbox;
            let [b0, b1, b2, b3] = b.bbox;
            if a0 < b2 - 0.5 && b0 < a2 - 0.5 && a1 < b3 - 0.5 && b1 < a3 - 0.5 {
                out.push(format!("{:?} overlaps {:?}", a.text, b.text));
            }
        }
    }
    out
}

fn numeric_labels(svg: &str) -> usize {
    text_boxes(svg)
        .iter()
        .filter(|b| significant_digits(&b.text).is_some())
        .count()
}

/// A fresh directory under the system's temporary directory.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sgdpde-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn quick_report_figures_have_short_tick_labels_and_no_overlapping_text() {
    let dir = temp_dir("figures-svg");
    let out = dir.to_string_lossy().into_owned();
    let args = ["reproduce", "--quick", "--out", &out];
    succeeded(&args, sgdpde(&args));
    let mut svgs: Vec<_> = std::fs::read_dir(dir.join("figures"))
        .expect("figures/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    svgs.sort();
    // Every experiment draws figures (26 x–y charts and the heatmaps).
    assert!(svgs.len() >= 28, "{} SVGs", svgs.len());
    let mut all = Vec::new();
    for p in &svgs {
        let svg = std::fs::read_to_string(p).expect("UTF-8 SVG");
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // Not vacuous: every figure has labelled ticks on both axes.
        assert!(
            numeric_labels(&svg) >= 4,
            "{name}: too few tick labels found"
        );
        all.extend(problems(&svg).into_iter().map(|m| format!("{name}: {m}")));
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}

/// The check itself: it counts digits as a reader does, and it sees the
/// overlaps of the figures before issue 14 (two labels at one tick, long
/// labels running into each other, a rotated label over a tick label).
#[test]
fn the_check_finds_long_labels_and_overlapping_text() {
    for (s, n) in [
        ("0.0025", Some(2)),
        ("1.5×10⁻⁶", Some(2)),
        ("10⁴", Some(1)),
        ("250", Some(2)),
        ("−3.25", Some(3)),
        ("0", Some(1)),
        ("0.30000000000000004", Some(17)),
        ("0.0100000000001", Some(12)),
        ("E τ", None),
        ("1/ε", None),
        ("slope 1.02", None),
        ("×10⁻⁵", None),
    ] {
        assert_eq!(significant_digits(s), n, "{s}");
    }
    let text = |x: i32, y: i32, anchor: &str, extra: &str, s: &str| {
        format!(
            "<text x=\"{x}\" y=\"{y}\" dy=\"0.5ex\" text-anchor=\"{anchor}\" font-family=\"sans-serif\" font-size=\"11.29\" opacity=\"1\" fill=\"#000000\"{extra}>\n{s}\n</text>\n"
        )
    };
    let svg = |texts: &[String]| {
        format!(
            "<svg width=\"800\" height=\"560\">\n{}</svg>",
            texts.concat()
        )
    };
    // Apart: fine.
    let clean = svg(&[
        text(100, 500, "middle", "", "0.1"),
        text(160, 500, "middle", "", "0.2"),
    ]);
    assert!(problems(&clean).is_empty(), "{:?}", problems(&clean));
    // The doubled label at one tick, and a round-off label.
    let doubled = svg(&[
        text(100, 210, "end", "", "100"),
        text(100, 214, "end", "", "100.0"),
    ]);
    assert_eq!(problems(&doubled).len(), 1);
    let long = svg(&[
        text(500, 520, "middle", "", "0.30000000000000004"),
        text(560, 520, "middle", "", "0.4"),
    ]);
    let p = problems(&long);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].contains("17 significant digits"), "{p:?}");
    // A description turned by 270° over the y tick labels.
    let rotated = svg(&[
        text(
            60,
            270,
            "middle",
            " transform=\"rotate(270, 60, 270)\"",
            "second moment",
        ),
        text(64, 280, "end", "", "0.5"),
    ]);
    assert_eq!(problems(&rotated).len(), 1);
    let apart = svg(&[
        text(
            8,
            270,
            "middle",
            " transform=\"rotate(270, 8, 270)\"",
            "second moment",
        ),
        text(64, 280, "end", "", "0.5"),
    ]);
    assert!(problems(&apart).is_empty());
}

/// `fokker-planck --out` in 2-D writes the density as a heatmap: a PNG (its
/// signature) and an SVG (with its `<svg>` root, the colour bar's label and
/// tick labels that pass the check), listed in the manifest.
#[test]
fn fokker_planck_2d_out_writes_a_heatmap() {
    let dir = temp_dir("fp-heatmap");
    let out = dir.to_string_lossy().into_owned();
    let args = [
        "fokker-planck",
        "double-well-2d",
        "--stationary",
        "--cells",
        "40,40",
        "--out",
        &out,
    ];
    succeeded(&args, sgdpde(&args));
    let png = std::fs::read(dir.join("density.png")).expect("density.png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let svg = std::fs::read_to_string(dir.join("density.svg")).expect("density.svg");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("density") && svg.contains("<rect"));
    assert!(numeric_labels(&svg) >= 4);
    assert!(problems(&svg).is_empty(), "{:?}", problems(&svg));
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest");
    assert!(manifest.contains("density.png") && manifest.contains("density.svg"));
    // 1-D writes no figure.
    let one = temp_dir("fp-heatmap-1d");
    let one_s = one.to_string_lossy().into_owned();
    let args = [
        "fokker-planck",
        "double-well",
        "--stationary",
        "--out",
        &one_s,
    ];
    succeeded(&args, sgdpde(&args));
    assert!(one.join("density.npy").exists() && !one.join("density.png").exists());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&one);
}
