//! The TOML schema (serde, `deny_unknown_fields` everywhere) and the mapping
//! of TOML errors to [`ProblemError`]s naming line, column and field.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{ProblemError, Result, one_line};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileSchema {
    pub(crate) description: Option<String>,
    pub(crate) variables: Vec<String>,
    #[serde(default)]
    pub(crate) parameters: BTreeMap<String, f64>,
    pub(crate) x0: Option<Vec<f64>>,
    pub(crate) t_end: Option<f64>,
    pub(crate) landscape: Option<LandscapeSchema>,
    pub(crate) sde: Option<SdeSchema>,
    pub(crate) exact: Option<ExactSchema>,
}

/// `[landscape]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LandscapeSchema {
    #[serde(rename = "L")]
    pub(crate) loss: String,
    pub(crate) search_box: Option<Vec<[f64; 2]>>,
}

/// `[sde]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SdeSchema {
    pub(crate) drift: Vec<String>,
    pub(crate) diffusion: Vec<Vec<String>>,
}

/// `[exact]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExactSchema {
    pub(crate) solution: Option<Vec<String>>,
    pub(crate) mean: Option<Vec<String>>,
    pub(crate) second_moment: Option<Vec<String>>,
}

/// 1-based (line, column in characters) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The name between the first pair of backquotes of `message`.
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// The dotted name of the table whose header precedes byte `at` (empty at
/// top level).
fn enclosing_table(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let mut end = at;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // The header of the table that contains `at`: the last `[name]` line
    // starting at or before it.
    for line in text[..end].lines().rev().chain(text[end..].lines().take(1)) {
        let t = line.trim();
        if t.starts_with('[')
            && !t.starts_with("[[")
            && let Some(close) = t.find(']')
        {
            return t[1..close].trim().to_owned();
        }
    }
    String::new()
}

/// The key on the line containing byte `at` (the text before `=`).
fn key_on_line(text: &str, at: usize) -> Option<String> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    (!key.is_empty() && !key.starts_with('[')).then(|| key.trim_matches('"').to_owned())
}

fn join(table: &str, key: &str) -> String {
    if table.is_empty() {
        key.to_owned()
    } else {
        format!("{table}.{key}")
    }
}

/// Parses `text` into the schema, mapping TOML errors to one-line
/// [`ProblemError::Syntax`] / [`ProblemError::Schema`] errors.
pub(crate) fn parse_schema(text: &str, file: &str) -> Result<FileSchema> {
    if let Err(e) = toml::from_str::<toml::Table>(text) {
        let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
        return Err(ProblemError::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: one_line(e.message().trim()),
        });
    }
    toml::from_str::<FileSchema>(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let (line, column) = line_column(text, at);
        let message = one_line(e.message().trim());
        // A missing field's span is the header of the table that lacks it;
        // an empty span at 0 (or none) means the top level.
        let top_level = e.span().is_none_or(|s| s.is_empty() && s.start == 0);
        let table = if top_level {
            String::new()
        } else {
            enclosing_table(text, at)
        };
        let field = if message.starts_with("missing field") || message.starts_with("unknown field")
        {
            quoted(&message).map_or_else(|| table.clone(), |k| join(&table, k))
        } else {
            match key_on_line(text, at) {
                Some(k) => join(&table, &k),
                None if !table.is_empty() => table,
                None => "(top level)".to_owned(),
            }
        };
        ProblemError::Schema {
            file: file.to_owned(),
            line,
            column,
            field,
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_fields() {
        assert_eq!(line_column("ab\ncdé\nf", 7), (2, 4));
        assert_eq!(quoted("unknown field `foo`, expected"), Some("foo"));
        let text = "variables = [\"x\"]\n[sde]\ndrift = [1]\n";
        assert_eq!(enclosing_table(text, text.find("drift").unwrap()), "sde");
        assert_eq!(
            key_on_line(text, text.find("[1]").unwrap()).as_deref(),
            Some("drift")
        );
    }
}
