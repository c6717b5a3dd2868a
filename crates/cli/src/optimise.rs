//! `filiera optimise`: solve min-cost-flow instance files and generate
//! benchmark instances (format: docs/optimisation-format.md).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use filiera_optimisation::{Infeasibility, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum OptimiseCommand {
    /// Solve a min-cost-flow instance file and print the optimal flow or why
    /// none exists.
    Solve {
        /// The instance, in the JSON format of docs/optimisation-format.md.
        file: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Write a synthetic matching instance (people, places, a sink).
    Generate {
        #[arg(long)]
        people: usize,
        #[arg(long)]
        places: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write the instance; standard output if absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A short human summary.
    Text,
    /// The result object of docs/optimisation-format.md.
    Json,
}

pub fn run(command: OptimiseCommand) -> anyhow::Result<()> {
    match command {
        OptimiseCommand::Solve { file, format } => solve(&file, format),
        OptimiseCommand::Generate {
            people,
            places,
            seed,
            out,
        } => generate(people, places, seed, out),
    }
}

fn solve(file: &PathBuf, format: OutputFormat) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let instance = filiera_optimisation::parse_instance(&text)
        .with_context(|| format!("{} is not a valid instance", file.display()))?;
    drop(text);

    let started = Instant::now();
    let outcome = filiera_optimisation::solve(&instance).with_context(|| format!("cannot solve {}", file.display()))?;
    let solve_ms = started.elapsed().as_secs_f64() * 1e3;

    let mut stdout = std::io::stdout().lock();
    match format {
        OutputFormat::Json => {
            let json = filiera_optimisation::outcome_to_json(&outcome, solve_ms);
            writeln!(stdout, "{json}")?;
        }
        OutputFormat::Text => {
            writeln!(
                stdout,
                "{}: {} nodes, {} arcs",
                file.display(),
                instance.node_count(),
                instance.arcs.len()
            )?;
            match &outcome {
                Outcome::Optimal(solution) => {
                    let used = solution.flows.iter().filter(|&&f| f != 0).count();
                    let units: i64 = instance.supplies.iter().filter(|&&s| s > 0).sum();
                    writeln!(stdout, "optimal: total cost {}", solution.cost)?;
                    writeln!(
                        stdout,
                        "{units} units of supply routed over {used} arcs; solved in {solve_ms:.1} ms"
                    )?;
                }
                Outcome::Infeasible(reason) => {
                    writeln!(stdout, "infeasible: {reason}")?;
                    if let Infeasibility::InsufficientCapacity(shortfall) = reason {
                        writeln!(
                            stdout,
                            "{} units short in total; the bottleneck cut has {} nodes and {} entering arcs",
                            shortfall.total,
                            shortfall.cut.nodes.len(),
                            shortfall.cut.entering_arcs.len()
                        )?;
                    }
                    writeln!(stdout, "analysed in {solve_ms:.1} ms")?;
                }
            }
        }
    }
    Ok(())
}

fn generate(people: usize, places: usize, seed: u64, out: Option<PathBuf>) -> anyhow::Result<()> {
    anyhow::ensure!(people > 0 && places > 0, "--people and --places must be at least 1");
    let instance = filiera_optimisation::generate_matching_instance(people, places, seed);
    let json = filiera_optimisation::instance_to_json(&instance);
    match out {
        Some(path) => {
            std::fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {}: {} nodes, {} arcs",
                path.display(),
                instance.node_count(),
                instance.arcs.len()
            );
        }
        None => std::io::stdout().lock().write_all(json.as_bytes())?,
    }
    Ok(())
}
