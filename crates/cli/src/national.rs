//! `filiera demo --scale national [--seed S]`: the synthetic national dataset
//! (see `filiera_fixtures::national`), with a progress bar per phase.

use crate::database;
use filiera_fixtures::national::{self, Progress, Scale};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DemoScale {
    /// 1,000,000 participants, 5,000 cooperatives, 10,000,000 activity-register entries.
    National,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Generate a synthetic dataset of this size instead of the demo data.
    #[arg(long, value_enum)]
    pub scale: Option<DemoScale>,
    /// Seed of the synthetic dataset: the same seed gives the same data.
    #[arg(long, default_value_t = 1, requires = "scale")]
    pub seed: u64,
}

struct Bars {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress for Bars {
    fn start(&mut self, phase: &'static str, total: u64) {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{msg:<24} [{bar:40}] {human_pos}/{human_len} {per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(phase);
        self.bar = Some(bar);
        self.started = Instant::now();
    }

    fn set(&mut self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            let message = format!("{} ({:.1} s)", bar.message(), self.started.elapsed().as_secs_f64());
            bar.finish_with_message(message);
        }
    }
}

pub async fn run(url: &str, scale: DemoScale, seed: u64) -> anyhow::Result<()> {
    let store = database::open(url).await?;
    let size = match scale {
        DemoScale::National => Scale::NATIONAL,
    };
    let started = Instant::now();
    let mut bars = Bars { bar: None, started };
    let summary = national::generate(&store, size, seed, &mut bars).await?;
    println!(
        "national dataset generated in {:.1} s (seed {seed}): programme `{}`",
        started.elapsed().as_secs_f64(),
        national::PROGRAMME
    );
    println!("{}", serde_json::to_string_pretty(&summary)?);
    store.close().await;
    Ok(())
}
