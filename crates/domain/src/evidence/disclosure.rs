//! Publication safety: small counts are hidden from anything shown outside the
//! programme staff, and so are the totals that would give them away.
//!
//! Participants of a local programme are few and recognisable ("the single
//! mother from Ghana in round 2"): a published cell of 1–4 people can identify
//! someone, which GDPR art. 89 safeguards and statistical-disclosure practice
//! (Eurostat, *Handbook on Statistical Disclosure Control*, threshold rule) rule
//! out. A count below the threshold (default 5) is **primarily** suppressed;
//! then, wherever a row or a column with its total would let a reader work out a
//! hidden cell by subtraction (exactly one hidden entry in the line), the
//! smallest other entry of that line is hidden too (**secondary** suppression),
//! until no line has exactly one hidden entry. Zeros are shown: they reveal no
//! one (a zero in a line is never chosen for secondary suppression either).

use crate::Message;
use crate::msg;
use serde::Serialize;

/// The default threshold: cells below 5 are hidden.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// A threshold below 2 would publish single people; above 100 it hides everything.
pub fn check_threshold(threshold: i64) -> Result<u64, Message> {
    if (2..=100).contains(&threshold) {
        Ok(threshold as u64)
    } else {
        Err(msg!("error-publication-threshold"))
    }
}

/// A published cell: a count, or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Shown(u64),
    Hidden,
}

impl Cell {
    /// The text printed for the cell: the count, or the conventional mark.
    pub fn text(self) -> String {
        match self {
            Cell::Shown(n) => n.to_string(),
            Cell::Hidden => HIDDEN_MARK.to_owned(),
        }
    }
}

/// What a hidden cell shows in exports.
pub const HIDDEN_MARK: &str = "<5";

/// A table of counts with its row totals, column totals and grand total, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafeTable {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
}

/// Protects a table of counts (rows × columns) published with its margins.
pub fn protect_table(counts: &[Vec<u64>], threshold: u64) -> SafeTable {
    protect_table_given(counts, threshold, &[], false)
}

/// [`protect_table`] for a table whose column totals (or grand total) are
/// published elsewhere too: those hidden there (`hidden_column_totals`,
/// `hidden_total`) are hidden here from the start, so the table protects them.
pub fn protect_table_given(
    counts: &[Vec<u64>],
    threshold: u64,
    hidden_column_totals: &[bool],
    hidden_total: bool,
) -> SafeTable {
    let rows = counts.len();
    let columns = counts.iter().map(Vec::len).max().unwrap_or(0);
    // The table with its margins: row totals in the last column, column totals
    // and the grand total in the last row, so every line is "members + total".
    let mut values = vec![vec![0u64; columns + 1]; rows + 1];
    for (r, row) in counts.iter().enumerate() {
        for (c, &n) in row.iter().enumerate() {
            values[r][c] = n;
            values[r][columns] += n;
            values[rows][c] += n;
            values[rows][columns] += n;
        }
    }
    let mut hidden: Vec<Vec<bool>> = values
        .iter()
        .map(|row| row.iter().map(|&n| n > 0 && n < threshold).collect())
        .collect();
    for (c, &hide) in hidden_column_totals.iter().enumerate().take(columns) {
        hidden[rows][c] |= hide;
    }
    hidden[rows][columns] |= hidden_total;
    let mut lines: Vec<Vec<(usize, usize)>> = Vec::new();
    for r in 0..=rows {
        lines.push((0..=columns).map(|c| (r, c)).collect());
    }
    for c in 0..=columns {
        lines.push((0..=rows).map(|r| (r, c)).collect());
    }
    // Each pass hides at least one more entry or stops, so this ends.
    loop {
        let mut changed = false;
        for line in &lines {
            if line.iter().filter(|&&(r, c)| hidden[r][c]).count() != 1 {
                continue;
            }
            let smallest = line
                .iter()
                .filter(|&&(r, c)| !hidden[r][c] && values[r][c] > 0)
                .min_by_key(|&&(r, c)| (values[r][c], r, c));
            if let Some(&(r, c)) = smallest {
                hidden[r][c] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let cell = |r: usize, c: usize| {
        if hidden[r][c] {
            Cell::Hidden
        } else {
            Cell::Shown(values[r][c])
        }
    };
    SafeTable {
        cells: (0..rows).map(|r| (0..columns).map(|c| cell(r, c)).collect()).collect(),
        row_totals: (0..rows).map(|r| cell(r, columns)).collect(),
        column_totals: (0..columns).map(|c| cell(rows, c)).collect(),
        total: cell(rows, columns),
    }
}

/// Protects a list of counts published with its total (a one-column table).
pub fn protect_list(counts: &[u64], threshold: u64) -> (Vec<Cell>, Cell) {
    let table: Vec<Vec<u64>> = counts.iter().map(|&n| vec![n]).collect();
    let safe = protect_table(&table, threshold);
    let cells = safe.cells.into_iter().map(|row| row[0]).collect();
    let total = safe.column_totals.first().copied().unwrap_or(safe.total);
    (cells, total)
}

/// Hides a single figure that stands alone (a rate's numerator and denominator).
pub fn protect_count(count: u64, threshold: u64) -> Cell {
    if count > 0 && count < threshold {
        Cell::Hidden
    } else {
        Cell::Shown(count)
    }
}

#[cfg(test)]
mod tests;
