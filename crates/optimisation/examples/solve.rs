//! Reads an instance file, solves it and prints the result JSON.
//!
//! Usage: `solve INSTANCE.json`. `solve_ms` covers `solve()` only, not
//! reading or parsing. Parse time goes to standard error.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: solve INSTANCE.json");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let instance = match filiera_optimisation::parse_instance(&text) {
        Ok(instance) => instance,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    drop(text);
    eprintln!(
        "read and parsed {} nodes, {} arcs in {:.0} ms",
        instance.node_count(),
        instance.arcs.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    let started = Instant::now();
    let outcome = filiera_optimisation::solve(&instance);
    let solve_ms = started.elapsed().as_secs_f64() * 1e3;
    match outcome {
        Ok(outcome) => {
            println!("{}", filiera_optimisation::outcome_to_json(&outcome, solve_ms));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::from(2)
        }
    }
}
