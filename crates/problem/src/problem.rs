//! [`Problem`]: a validated problem file, and its construction from the
//! schema with field-precise errors.

use std::io::Read;
use std::path::Path;

use sgdpde_landscape::{AnyLandscape, ExprLandscape, LandscapeError};
use sgdpde_sde::{AnyExprSde, ExprExactMoments, ExprExactSolution, SdeError};

use crate::error::{ProblemError, Result, one_line};
use crate::schema::{ExactSchema, FileSchema, SdeSchema, parse_schema};

/// A problem read from a file: a landscape or an SDE, with its variables,
/// parameters and optional start, horizon and exact answers.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file it was read from (as given).
    pub file: String,
    /// The optional one-line description.
    pub description: Option<String>,
    /// The state variables, in coordinate order.
    pub variables: Vec<String>,
    /// The parameters with their values (sorted by name).
    pub parameters: Vec<(String, f64)>,
    /// The default start `x0`, if given (length `d`, finite).
    pub x0: Option<Vec<f64>>,
    /// The default horizon `t_end`, if given (finite, > 0).
    pub t_end: Option<f64>,
    /// What the file defines.
    pub kind: ProblemKind,
}

/// What a problem file defines.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A landscape `L` (`[landscape]`).
    Landscape(ExprLandscape),
    /// An SDE (`[sde]`, optional `[exact]`).
    Sde(SdeProblem),
}

/// An SDE problem: the model and its optional exact answers.
#[derive(Debug, Clone)]
pub struct SdeProblem {
    /// The SDE, classified by noise (visit it to run monomorphised code).
    pub sde: AnyExprSde,
    /// The pathwise exact solution `X(t, W_t, x₀)`, if given.
    pub exact: Option<ExprExactSolution>,
    /// Exact mean and/or second moment, if given.
    pub moments: Option<ExprExactMoments>,
}

impl Problem {
    /// State dimension `d`.
    pub fn dim(&self) -> usize {
        self.variables.len()
    }

    /// The landscape, for a landscape problem.
    pub fn landscape(&self) -> Option<&ExprLandscape> {
        match &self.kind {
            ProblemKind::Landscape(l) => Some(l),
            ProblemKind::Sde(_) => None,
        }
    }

    /// The landscape as an [`AnyLandscape::Expression`], so every command
    /// that visits an `AnyLandscape` runs on it unchanged.
    pub fn any_landscape(&self) -> Option<AnyLandscape> {
        self.landscape().cloned().map(AnyLandscape::Expression)
    }

    /// The SDE problem, for an SDE problem.
    pub fn sde(&self) -> Option<&SdeProblem> {
        match &self.kind {
            ProblemKind::Sde(s) => Some(s),
            ProblemKind::Landscape(_) => None,
        }
    }

    /// The `[exact]` moments at time `t` from `x0`: `(mean, second_moment)`,
    /// each `None` when the file does not give it (or for a landscape).
    ///
    /// # Errors
    /// [`ProblemError::NonFiniteExact`] naming the field (`exact.mean[i]`,
    /// `exact.second_moment[i]`) and the value when an expression evaluates
    /// to NaN or ±∞ there (e.g. `sqrt(-1)`): an exact answer that is not a
    /// number must not be printed as one.
    ///
    /// # Panics
    /// If `x0.len() ≠ d`.
    pub fn exact_moments(&self, t: f64, x0: &[f64]) -> Result<ExactValues> {
        let Some(mo) = self.sde().and_then(|s| s.moments.as_ref()) else {
            return Ok((None, None));
        };
        let d = self.dim();
        let checked = |name: &str, v: Vec<f64>| -> Result<Vec<f64>> {
            match v.iter().position(|x| !x.is_finite()) {
                Some(i) => Err(ProblemError::NonFiniteExact {
                    file: self.file.clone(),
                    field: format!("exact.{name}[{i}]"),
                    value: v[i],
                    t,
                    x0: x0.to_vec(),
                }),
                None => Ok(v),
            }
        };
        let mut mean = vec![0.0; d];
        let mean = mo
            .mean_into(t, x0, &mut mean)
            .then(|| checked("mean", mean))
            .transpose()?;
        let mut second = vec![0.0; d];
        let second = mo
            .second_moment_into(t, x0, &mut second)
            .then(|| checked("second_moment", second))
            .transpose()?;
        Ok((mean, second))
    }
}

/// Exact `(mean, second moment)` per coordinate, each optional.
pub type ExactValues = (Option<Vec<f64>>, Option<Vec<f64>>);

/// Reads and validates a problem file.
///
/// # Errors
/// [`ProblemError::Io`] if it cannot be read; otherwise as [`parse`].
pub fn load(path: impl AsRef<Path>) -> Result<Problem> {
    load_with(path, &[])
}

/// [`load`] with parameter values overriding the file's (`--param c=0.2`).
///
/// # Errors
/// As [`load`]; [`ProblemError::Invalid`] naming `parameters.NAME` for a
/// name the file does not declare, [`ProblemError::NonFinite`] for a
/// non-finite value.
pub fn load_with(path: impl AsRef<Path>, overrides: &[(String, f64)]) -> Result<Problem> {
    let path = path.as_ref();
    let file = one_line(&path.display().to_string());
    let io = |e: std::io::Error| ProblemError::Io {
        file: file.clone(),
        message: one_line(&e.to_string()),
    };
    // Read at most one byte past the limit: a huge file (or an endless
    // device) is refused without being read whole.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    check_size(&file, bytes.len(), bytes.len() > MAX_FILE_BYTES)?;
    // The message of `std::fs::read_to_string`, which this replaces.
    let text = String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })?;
    parse_with(&text, &file, overrides)
}

/// Largest problem file read or parsed: 1 MiB (a problem file is a few
/// lines; each expression is further limited by the expression parser).
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// Refuses a text of `found` bytes (`at_least`: the file may be longer)
/// beyond [`MAX_FILE_BYTES`].
fn check_size(file: &str, found: usize, at_least: bool) -> Result<()> {
    if found <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(ProblemError::TooLarge {
        file: file.to_owned(),
        found,
        at_least,
        limit: MAX_FILE_BYTES,
    })
}

/// Parses and validates the text of a problem file; `file` names it in
/// errors.
///
/// # Errors
/// Every [`ProblemError`] variant but `Io`, each naming the field.
pub fn parse(text: &str, file: &str) -> Result<Problem> {
    parse_with(text, file, &[])
}

/// [`parse`] with parameter overrides (see [`load_with`]).
///
/// # Errors
/// As [`parse`] and [`load_with`].
pub fn parse_with(text: &str, file: &str, overrides: &[(String, f64)]) -> Result<Problem> {
    let file = one_line(file);
    check_size(&file, text.len(), false)?;
    let mut s = parse_schema(text, &file)?;
    let b = Builder { file: &file };
    for (name, value) in overrides {
        let field = format!("parameters.{name}");
        let Some(v) = s.parameters.get_mut(name) else {
            let known: Vec<&str> = s.parameters.keys().map(String::as_str).collect();
            return Err(b.invalid(
                &field,
                format!(
                    "the file declares no parameter `{}` (known: {})",
                    sgdpde_landscape::excerpt(name),
                    sgdpde_landscape::excerpt(&known.join(", "))
                ),
            ));
        };
        *v = b.finite(field, *value)?;
    }
    b.build(s)
}

struct Builder<'a> {
    file: &'a str,
}

impl Builder<'_> {
    fn invalid(&self, field: &str, message: impl AsRef<str>) -> ProblemError {
        ProblemError::Invalid {
            file: self.file.to_owned(),
            field: field.to_owned(),
            message: one_line(message.as_ref()),
        }
    }

    fn dimension(
        &self,
        field: &str,
        what: &'static str,
        expected: usize,
        found: usize,
    ) -> Result<()> {
        if expected == found {
            return Ok(());
        }
        Err(ProblemError::Dimension {
            file: self.file.to_owned(),
            field: field.to_owned(),
            what,
            expected,
            found,
        })
    }

    fn finite(&self, field: String, value: f64) -> Result<f64> {
        if value.is_finite() {
            Ok(value)
        } else {
            Err(ProblemError::NonFinite {
                file: self.file.to_owned(),
                field,
                value,
            })
        }
    }

    /// Maps a landscape-crate error about `field` (or about a named symbol).
    fn landscape_error(
        &self,
        field: &str,
        params: &[(String, f64)],
        e: LandscapeError,
    ) -> ProblemError {
        match e {
            LandscapeError::InvalidSymbol { ref name, .. } => {
                let f = if params.iter().any(|(p, _)| p == name) {
                    format!("parameters.{name}")
                } else {
                    "variables".to_owned()
                };
                self.invalid(&f, e.to_string())
            }
            LandscapeError::DimensionMismatch { .. } | LandscapeError::InvalidParameter { .. } => {
                self.invalid(field, e.to_string())
            }
            source => ProblemError::Expression {
                file: self.file.to_owned(),
                field: field.to_owned(),
                message: one_line(&source.to_string()),
                error: Box::new(source),
            },
        }
    }

    /// Maps an SDE-crate error; `InExpression` locations become fields under
    /// `table` (`drift[0]` → `sde.drift[0]`, `exact[1]` → `exact.solution[1]`).
    fn sde_error(&self, table: &str, params: &[(String, f64)], e: SdeError) -> ProblemError {
        match e {
            SdeError::InExpression { location, source } => {
                let location = location.replacen("exact[", "solution[", 1);
                self.landscape_error(&format!("{table}.{location}"), params, source)
            }
            SdeError::Landscape(source) => self.landscape_error(table, params, source),
            other => self.invalid(table, other.to_string()),
        }
    }

    fn build(&self, s: FileSchema) -> Result<Problem> {
        let d = s.variables.len();
        if d == 0 {
            return Err(self.invalid("variables", "at least one state variable is needed"));
        }
        let mut parameters = Vec::with_capacity(s.parameters.len());
        for (name, value) in s.parameters {
            let value = self.finite(format!("parameters.{name}"), value)?;
            parameters.push((name, value));
        }
        let x0 = match s.x0 {
            Some(x0) => {
                self.dimension("x0", "coordinates (one per variable)", d, x0.len())?;
                for (i, &v) in x0.iter().enumerate() {
                    self.finite(format!("x0[{i}]"), v)?;
                }
                Some(x0)
            }
            None => None,
        };
        if let Some(t) = s.t_end {
            self.finite("t_end".to_owned(), t)?;
            if t <= 0.0 {
                return Err(self.invalid("t_end", format!("{t} must be > 0")));
            }
        }
        let kind = match (s.landscape, s.sde) {
            (Some(_), Some(_)) => {
                return Err(self.invalid(
                    "sde",
                    "a problem defines either [landscape] or [sde], not both",
                ));
            }
            (None, None) => {
                return Err(self.invalid(
                    "(top level)",
                    "a problem defines a [landscape] or an [sde] table",
                ));
            }
            (Some(l), None) => {
                if s.exact.is_some() {
                    return Err(self.invalid("exact", "[exact] belongs to an [sde] problem"));
                }
                let mut land = ExprLandscape::new(&l.loss, &s.variables, &parameters)
                    .map_err(|e| self.landscape_error("landscape.L", &parameters, e))?;
                if let Some(b) = l.search_box {
                    self.dimension(
                        "landscape.search_box",
                        "intervals [lo, hi] (one per variable)",
                        d,
                        b.len(),
                    )?;
                    land = land
                        .with_search_box(b)
                        .map_err(|e| self.invalid("landscape.search_box", e.to_string()))?;
                }
                ProblemKind::Landscape(land)
            }
            (None, Some(sde)) => {
                ProblemKind::Sde(self.sde(&s.variables, &parameters, sde, s.exact)?)
            }
        };
        Ok(Problem {
            file: self.file.to_owned(),
            description: s.description.map(|t| one_line(&t)),
            variables: s.variables,
            parameters,
            x0,
            t_end: s.t_end,
            kind,
        })
    }

    fn sde(
        &self,
        vars: &[String],
        params: &[(String, f64)],
        sde: SdeSchema,
        exact: Option<ExactSchema>,
    ) -> Result<SdeProblem> {
        let d = vars.len();
        self.dimension(
            "sde.drift",
            "expressions (one per variable)",
            d,
            sde.drift.len(),
        )?;
        self.dimension(
            "sde.diffusion",
            "rows (diffusion is d × m: one row per variable)",
            d,
            sde.diffusion.len(),
        )?;
        let m = sde.diffusion[0].len();
        if m == 0 {
            return Err(self.invalid(
                "sde.diffusion[0]",
                "a diffusion row needs at least one column (m ≥ 1)",
            ));
        }
        for (i, row) in sde.diffusion.iter().enumerate() {
            self.dimension(
                &format!("sde.diffusion[{i}]"),
                "columns (every row has m entries)",
                m,
                row.len(),
            )?;
        }
        let model = AnyExprSde::new(vars, params, &sde.drift, &sde.diffusion)
            .map_err(|e| self.sde_error("sde", params, e))?;
        let (mut solution, mut moments) = (None, None);
        if let Some(ex) = exact {
            if let Some(sol) = ex.solution {
                self.dimension(
                    "exact.solution",
                    "expressions (one per variable)",
                    d,
                    sol.len(),
                )?;
                solution = Some(
                    ExprExactSolution::new(vars, m, params, &sol)
                        .map_err(|e| self.sde_error("exact", params, e))?,
                );
            }
            if let Some(mean) = &ex.mean {
                self.dimension(
                    "exact.mean",
                    "expressions (one per variable)",
                    d,
                    mean.len(),
                )?;
            }
            if let Some(m2) = &ex.second_moment {
                self.dimension(
                    "exact.second_moment",
                    "expressions (one per variable)",
                    d,
                    m2.len(),
                )?;
            }
            if ex.mean.is_some() || ex.second_moment.is_some() {
                moments = Some(
                    ExprExactMoments::new(
                        vars,
                        params,
                        ex.mean.as_deref(),
                        ex.second_moment.as_deref(),
                    )
                    .map_err(|e| self.sde_error("exact", params, e))?,
                );
            }
        }
        Ok(SdeProblem {
            sde: model,
            exact: solution,
            moments,
        })
    }
}
