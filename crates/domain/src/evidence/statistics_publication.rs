//! The participant statistics as published: for the programme staff every
//! figure, for the public the [`disclosure`](super::disclosure) rules applied
//! with the programme's threshold.
//!
//! Each dimension is one table, its categories by round: a category's total
//! is the sum of its rounds (participants without a round count in the total
//! only, so they form one more, unpublished, column), and each round's
//! categories add up to the round's participants. The table is protected with
//! both margins, so no hidden cell can be worked out by subtracting a row or
//! a column from its total. A share (percent) is shown only in a column where
//! nothing is hidden: the share of a shown count would otherwise give back the
//! column's hidden total. A round's participants are its column total, and its
//! average age is hidden with them.
//!
//! Known limit, as for the indicators: the same round totals appear under
//! every dimension and each table is protected on its own.

use super::disclosure::{Cell, SafeTable, protect_count, protect_table_given};
use super::publication::{Audience, cell_text};
use crate::pathways::statistics::{Dimension, ParticipantStatistics, Percent, RoundKey, long_csv};
use serde::Serialize;

/// One published row: a category's count in one round (or in total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedRow {
    pub dimension: Dimension,
    pub category: String,
    pub round: RoundKey,
    /// `null` when hidden.
    #[serde(serialize_with = "shown_or_null")]
    pub count: Cell,
    pub percent: Option<Percent>,
}

/// One round (or the total) as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedRound {
    pub round: RoundKey,
    #[serde(serialize_with = "shown_or_null")]
    pub participants: Cell,
    pub average_age: Option<Percent>,
}

/// The participant statistics for one audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedStatistics {
    pub audience: Audience,
    /// Counts below this are hidden for the public.
    pub threshold: u64,
    pub rounds: Vec<PublishedRound>,
    pub rows: Vec<PublishedRow>,
}

fn shown_or_null<S: serde::Serializer>(cell: &Cell, serializer: S) -> Result<S::Ok, S::Error> {
    match cell {
        Cell::Shown(n) => serializer.serialize_some(n),
        Cell::Hidden => serializer.serialize_none(),
    }
}

/// The statistics as `audience` may see them.
pub fn publish_statistics(stats: &ParticipantStatistics, audience: Audience, threshold: u64) -> PublishedStatistics {
    let mut published = PublishedStatistics {
        audience,
        threshold,
        rounds: stats
            .rounds
            .iter()
            .map(|r| PublishedRound {
                round: r.round,
                participants: Cell::Shown(r.participants),
                average_age: r.average_age,
            })
            .collect(),
        rows: stats
            .rows
            .iter()
            .map(|r| PublishedRow {
                dimension: r.dimension,
                category: r.category.clone(),
                round: r.round,
                count: Cell::Shown(r.count),
                percent: r.percent,
            })
            .collect(),
    };
    if audience == Audience::Public {
        protect(stats, &mut published, threshold);
    }
    published
}

/// Hides what the public may not see (see the module documentation).
fn protect(stats: &ParticipantStatistics, published: &mut PublishedStatistics, threshold: u64) {
    let rounds: Vec<RoundKey> = stats
        .rounds
        .iter()
        .map(|r| r.round)
        .filter(|r| *r != RoundKey::Total)
        .collect();
    let participants = |key: RoundKey| {
        stats
            .rounds
            .iter()
            .find(|r| r.round == key)
            .map_or(0, |r| r.participants)
    };
    // The rounds' participants are the column totals of every table but the
    // services'; a total one table hides is hidden in all of them, until no
    // table hides another.
    let mut hidden_rounds: Vec<bool> = rounds
        .iter()
        .map(|&r| protect_count(participants(r), threshold) == Cell::Hidden)
        .collect();
    let mut hidden_total = protect_count(participants(RoundKey::Total), threshold) == Cell::Hidden;
    let headcount_tables = Dimension::ALL.iter().filter(|d| **d != Dimension::Service);
    loop {
        let mut changed = false;
        for &dimension in headcount_tables.clone() {
            let safe = DimensionTable::of(stats, dimension, &rounds).protect(threshold, &hidden_rounds, hidden_total);
            for (hidden, total) in hidden_rounds.iter_mut().zip(&safe.column_totals) {
                changed |= !*hidden && *total == Cell::Hidden;
                *hidden |= *total == Cell::Hidden;
            }
            changed |= !hidden_total && safe.total == Cell::Hidden;
            hidden_total |= safe.total == Cell::Hidden;
        }
        if !changed {
            break;
        }
    }
    for round in &mut published.rounds {
        let hidden = match rounds.iter().position(|&r| r == round.round) {
            Some(i) => hidden_rounds[i],
            None => hidden_total,
        };
        if hidden {
            round.participants = Cell::Hidden;
            round.average_age = None;
        }
    }
    for dimension in Dimension::ALL {
        let table = DimensionTable::of(stats, dimension, &rounds);
        let safe = if dimension == Dimension::Service {
            // Its column totals (activations summed over services) are not published.
            table.protect(threshold, &[], false)
        } else {
            table.protect(threshold, &hidden_rounds, hidden_total)
        };
        table.apply(&safe, published);
    }
}

/// One dimension as a table: per category, its count in each round, then
/// the participants without a round (in the total only), with the position
/// of its rows in the statistics.
struct DimensionTable {
    counts: Vec<Vec<u64>>,
    /// Per category, the row of each round and then of the total.
    positions: Vec<Vec<Option<usize>>>,
}

impl DimensionTable {
    fn of(stats: &ParticipantStatistics, dimension: Dimension, rounds: &[RoundKey]) -> DimensionTable {
        let columns: Vec<RoundKey> = rounds.iter().copied().chain([RoundKey::Total]).collect();
        let positions: Vec<Vec<Option<usize>>> = stats
            .rows_of(dimension, RoundKey::Total)
            .map(|total| {
                columns
                    .iter()
                    .map(|&round| {
                        stats
                            .rows
                            .iter()
                            .position(|r| r.dimension == dimension && r.round == round && r.category == total.category)
                    })
                    .collect()
            })
            .collect();
        let counts = positions
            .iter()
            .map(|at| {
                let of = |i: &Option<usize>| i.map_or(0, |i| stats.rows[i].count);
                let mut cells: Vec<u64> = at[..rounds.len()].iter().map(of).collect();
                let total = of(&at[rounds.len()]);
                cells.push(total.saturating_sub(cells.iter().sum()));
                cells
            })
            .collect();
        DimensionTable { counts, positions }
    }

    fn protect(&self, threshold: u64, hidden_rounds: &[bool], hidden_total: bool) -> SafeTable {
        protect_table_given(&self.counts, threshold, hidden_rounds, hidden_total)
    }

    /// Writes the protected counts into `published`, and drops the shares of
    /// every column with a hidden count.
    fn apply(&self, safe: &SafeTable, published: &mut PublishedStatistics) {
        let rounds = self.positions.first().map_or(0, |at| at.len() - 1);
        let mut hidden_in_column = vec![false; rounds + 1];
        for (c, at) in self.positions.iter().enumerate() {
            for (r, position) in at.iter().enumerate() {
                let cell = if r < rounds {
                    safe.cells[c][r]
                } else {
                    safe.row_totals[c]
                };
                hidden_in_column[r] |= cell == Cell::Hidden;
                if let Some(i) = position {
                    published.rows[*i].count = cell;
                }
            }
        }
        for at in &self.positions {
            for (r, position) in at.iter().enumerate() {
                if let Some(i) = position
                    && hidden_in_column[r]
                {
                    published.rows[*i].percent = None;
                }
            }
        }
    }
}

impl PublishedStatistics {
    /// The long CSV form, `dimension,category,round,count,percent`, a hidden
    /// count written as `<threshold>`.
    pub fn to_csv(&self) -> String {
        long_csv(self.rows.iter().map(|r| {
            (
                r.dimension,
                r.category.as_str(),
                r.round,
                cell_text(r.count, self.threshold),
                r.percent,
            )
        }))
    }

    pub fn rows_of(&self, dimension: Dimension, round: RoundKey) -> impl Iterator<Item = &PublishedRow> {
        self.rows
            .iter()
            .filter(move |r| r.dimension == dimension && r.round == round)
    }
}

#[cfg(test)]
mod tests;
