//! Writes a generated matching instance as JSON.
//!
//! Usage: `generate PEOPLE PLACES SEED [OUT.json]` (standard output without
//! OUT.json).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let numbers: Option<Vec<u64>> = args.iter().take(3).map(|a| a.parse().ok()).collect();
    let (Some(numbers), 3..=4) = (numbers, args.len()) else {
        eprintln!("usage: generate PEOPLE PLACES SEED [OUT.json]");
        return ExitCode::from(2);
    };
    let instance =
        filiera_optimisation::generate_matching_instance(numbers[0] as usize, numbers[1] as usize, numbers[2]);
    let json = filiera_optimisation::instance_to_json(&instance);
    let written = match args.get(3) {
        Some(path) => std::fs::write(path, json),
        None => {
            use std::io::Write;
            std::io::stdout().lock().write_all(json.as_bytes())
        }
    };
    if let Err(error) = written {
        eprintln!("cannot write the instance: {error}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
