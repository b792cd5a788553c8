//! Standard output and standard error as every command uses them.
//!
//! `println!` panics when a write fails (a reader that closed the pipe, as
//! in `sgdpde landscapes | head -1`, or a full device); the commands print
//! through `outln!` and `out!` (this module's macros) instead, which
//! return a [`StdoutError`] that `main` turns into:
//! - a closed pipe (`BrokenPipe`): the reader has all it wanted — the program
//!   ends quietly with status 0, as `ripgrep` or `fd` do;
//! - any other write error: one line on stderr naming standard output and the
//!   OS error, status 2 (the status of every error of the command line).
//!
//! Diagnostics go to stderr through `warn!`, which never
//! fails: when stderr itself cannot be written there is nowhere left to
//! report to, and the exit status still tells.

use std::fmt;
use std::io::Write;

/// Writing the standard output failed.
#[derive(Debug)]
pub struct StdoutError(pub std::io::Error);

impl fmt::Display for StdoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write to standard output: {}", self.0)
    }
}

impl std::error::Error for StdoutError {}

impl StdoutError {
    /// Whether the reader closed the pipe (not an error of this program).
    pub fn is_closed_pipe(&self) -> bool {
        self.0.kind() == std::io::ErrorKind::BrokenPipe
    }
}

/// Writes `args` (and a newline if `newline`) to standard output.
///
/// # Errors
/// [`StdoutError`] when the write fails.
pub fn write_stdout(args: fmt::Arguments<'_>, newline: bool) -> Result<(), StdoutError> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args).map_err(StdoutError)?;
    if newline {
        out.write_all(b"\n").map_err(StdoutError)?;
    }
    Ok(())
}

/// Flushes standard output (at the end of a command: what is still
/// buffered must reach the reader, or its failure be reported).
///
/// # Errors
/// [`StdoutError`] when the flush fails.
pub fn flush_stdout() -> Result<(), StdoutError> {
    std::io::stdout().lock().flush().map_err(StdoutError)
}

/// Writes `args` and a newline to standard error, ignoring failure.
pub fn write_stderr(args: fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// `println!` that returns `Result<(), StdoutError>` instead of panicking.
macro_rules! outln {
    () => {
        crate::stdio::write_stdout(format_args!(""), true)
    };
    ($($arg:tt)*) => {
        crate::stdio::write_stdout(format_args!($($arg)*), true)
    };
}

/// `print!` that returns `Result<(), StdoutError>` instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        crate::stdio::write_stdout(format_args!($($arg)*), false)
    };
}

/// `eprintln!` that never panics (a failing stderr is ignored).
macro_rules! warn {
    ($($arg:tt)*) => {
        crate::stdio::write_stderr(format_args!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_told_apart_from_other_write_errors() {
        let closed = StdoutError(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(closed.is_closed_pipe());
        let full = StdoutError(std::io::Error::from_raw_os_error(28));
        assert!(!full.is_closed_pipe());
        let msg = full.to_string();
        assert!(
            msg.starts_with("cannot write to standard output: "),
            "{msg}"
        );
        assert!(!msg.contains('\n'));
    }
}
