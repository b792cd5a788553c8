//! Parsing of repeated `--param name=value` arguments.

/// Parses one `name=value` pair; used as a clap `value_parser`.
pub fn parse_param(s: &str) -> Result<(String, f64), String> {
    use sgdpde_landscape::excerpt;
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("`{}` is not of the form name=value", excerpt(s)))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("`{}` has an empty parameter name", excerpt(s)));
    }
    let v: f64 = value.trim().parse().map_err(|_| {
        format!(
            "parameter `{}`: `{}` is not a number",
            excerpt(name),
            excerpt(value.trim())
        )
    })?;
    if !v.is_finite() {
        return Err(format!("parameter `{}` = {v} is not finite", excerpt(name)));
    }
    Ok((name.to_owned(), v))
}

#[cfg(test)]
mod tests {
    use super::parse_param;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(parse_param("c=0.5"), Ok(("c".to_owned(), 0.5)));
        assert!(parse_param("c").is_err());
        assert!(parse_param("=1").is_err());
        assert!(parse_param("c=abc").is_err());
        assert!(parse_param("c=NaN").is_err());
        assert!(parse_param("c=inf").is_err());
    }
}
