//! The tools behind the `sgdpde` commands.
//!
//! Each command of the binary is a function here: a validated configuration
//! (`XConfig`, serde, `validate()`) in, a serialisable report (`XReport`,
//! `Serialize` for `--json`, `Display` for the human summary) out, with the
//! files of `--out` written through one path ([`output`]: summary, arrays,
//! manifest last). The binary only parses arguments into configurations and
//! renders reports; Python and other front ends call the same functions.
//!
//! | command | function |
//! |---|---|
//! | `convergence` | [`convergence::run_builtin`], [`convergence::run_problem_file`] (display: [`convergence::Human`]) |
//! | `fokker-planck` | [`fokker_planck::fokker_planck`] |
//! | `sgd` | [`sgd::sgd`] |

pub mod convergence;
pub mod fokker_planck;
pub mod sgd;
