//! Quoting user input in error messages: at most [`QUOTE_CHARS`]
//! characters, on one line, with `…` where the input was cut. Every error
//! of the workspace that quotes an expression, a name or a command-line
//! value goes through [`excerpt`] (or [`excerpt_at`] to show where a parse
//! failed), so a 10 MB input gives a short message.

use std::borrow::Cow;

/// Most characters of user input an error message quotes.
pub const QUOTE_CHARS: usize = 80;

/// `text` for an error message: control characters (newlines) as spaces,
/// and at most [`QUOTE_CHARS`] characters — the first ones, then `…`.
///
/// # Examples
/// ```
/// use sgdpde_landscape::excerpt;
/// assert_eq!(excerpt("x^2"), "x^2");
/// let long = "x+".repeat(1000);
/// assert_eq!(excerpt(&long).chars().count(), 80);
/// assert!(excerpt(&long).ends_with('…'));
/// ```
pub fn excerpt(text: &str) -> Cow<'_, str> {
    excerpt_at(text, 1)
}

/// Like [`excerpt`], but the window of [`QUOTE_CHARS`] characters shows the
/// 1-based character `position` (where a parse failed): `…` marks each end
/// that was cut.
///
/// # Examples
/// ```
/// use sgdpde_landscape::excerpt_at;
/// let text = format!("{}*", "x+".repeat(1000));
/// let shown = excerpt_at(&text, 2001);
/// assert!(shown.starts_with('…') && shown.ends_with('*'));
/// assert_eq!(shown.chars().count(), 80);
/// ```
pub fn excerpt_at(text: &str, position: usize) -> Cow<'_, str> {
    let clean = !text.chars().any(char::is_control);
    let n = text.chars().count();
    if n <= QUOTE_CHARS && clean {
        return Cow::Borrowed(text);
    }
    let one_line = |c: char| if c.is_control() { ' ' } else { c };
    if n <= QUOTE_CHARS {
        return Cow::Owned(text.chars().map(one_line).collect());
    }
    // A window of QUOTE_CHARS characters, ellipses included, around the
    // position (a third of the window before it).
    let at = position.saturating_sub(1).min(n - 1);
    let start = at.saturating_sub(QUOTE_CHARS / 3);
    let start = start.min(n - QUOTE_CHARS);
    let (cut_left, cut_right) = (start > 0, start + QUOTE_CHARS < n);
    let (start, len) = match (cut_left, cut_right) {
        (true, true) => (start + 1, QUOTE_CHARS - 2),
        (true, false) => (start + 1, QUOTE_CHARS - 1),
        (false, true) => (start, QUOTE_CHARS - 1),
        (false, false) => (start, QUOTE_CHARS),
    };
    let mut s = String::new();
    if cut_left {
        s.push('…');
    }
    s.extend(text.chars().skip(start).take(len).map(one_line));
    if cut_right {
        s.push('…');
    }
    Cow::Owned(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_quoted_whole_and_long_input_in_80_characters() {
        assert!(matches!(excerpt("a*x"), Cow::Borrowed("a*x")));
        assert_eq!(excerpt("a\nb"), "a b");
        let exact: String = "y".repeat(QUOTE_CHARS);
        assert_eq!(excerpt(&exact), exact);
        for n in [QUOTE_CHARS + 1, 1000, 100_000] {
            // Numbers 0,1,2,…: no window occurs twice.
            let text: String = (0..n).map(|i| format!("{i},")).collect::<String>()[..n].to_owned();
            let e = excerpt(&text);
            assert_eq!(e.chars().count(), QUOTE_CHARS, "{e}");
            assert!(text.starts_with(e.trim_end_matches('…')));
            assert!(e.ends_with('…'));
            for pos in [1, n / 2, n, n + 5] {
                let w = excerpt_at(&text, pos);
                assert_eq!(w.chars().count(), QUOTE_CHARS, "{w}");
                let inner = w.trim_matches('…');
                assert!(text.contains(inner));
                // the window shows the position
                let at = pos.min(n) - 1;
                let first = text.find(inner).unwrap();
                assert!(first <= at && at < first + inner.len(), "{pos}: {w}");
            }
        }
        // Multi-byte characters are counted as characters.
        let wide = "é".repeat(200);
        assert_eq!(excerpt(&wide).chars().count(), QUOTE_CHARS);
    }
}
