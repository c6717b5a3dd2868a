//! Times the weekly allocation on realistic weeks: at least 200 people and
//! 2,000 task-units, several seeds, and checks each result against every
//! constraint. Prints one line per run and the worst time.

use filiera_optimisation::allocation::{Settings, allocate, check, generate_week};
use std::time::Instant;

fn main() {
    let sizes = [(200usize, 120usize, 20i64), (240, 200, 25), (300, 300, 30)];
    let settings = Settings::default();
    let mut worst = 0f64;
    println!("people,tasks,task_units,assignments,allocated_units,milliseconds");
    for (people, tasks, units) in sizes {
        for seed in 1..=3u64 {
            let (tasks, people) = generate_week(people, tasks, units, seed);
            let total_units: i64 = tasks.iter().map(|t| t.units).sum();
            let started = Instant::now();
            let plan = match allocate(&tasks, &people, &settings) {
                Ok(plan) => plan,
                Err(error) => {
                    eprintln!("allocation failed: {error}");
                    std::process::exit(1);
                }
            };
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            let violations = check(&tasks, &people, &settings, &plan);
            if !violations.is_empty() {
                eprintln!("constraint broken: {}", violations[0]);
                std::process::exit(1);
            }
            worst = worst.max(elapsed);
            let allocated: i64 = plan.iter().map(|a| a.units).sum();
            println!(
                "{},{},{},{},{},{:.1}",
                people.len(),
                tasks.len(),
                total_units,
                plan.len(),
                allocated,
                elapsed
            );
        }
    }
    println!("worst: {worst:.1} ms (target: under 1000 ms)");
    if worst >= 1000.0 {
        std::process::exit(2);
    }
}
