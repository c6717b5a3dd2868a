use super::*;
use proptest::prelude::*;

#[test]
fn a_small_cell_and_the_cell_that_would_reveal_it_are_hidden() {
    // Participants by country of birth and round.
    let safe = protect_table(&[vec![40, 30], vec![3, 12], vec![20, 25]], 5);
    assert_eq!(safe.cells[1][0], Cell::Hidden);
    // Row 1 would reveal the 3 from its total 15 and the 12: one more hidden there,
    // and column 0 would reveal it from 63: one more hidden there too.
    let row_hidden = safe.cells[1]
        .iter()
        .chain([&safe.row_totals[1]])
        .filter(|c| **c == Cell::Hidden)
        .count();
    assert!(row_hidden >= 2);
    let column_hidden = (0..3).filter(|&r| safe.cells[r][0] == Cell::Hidden).count()
        + usize::from(safe.column_totals[0] == Cell::Hidden);
    assert!(column_hidden >= 2);
    assert_eq!(
        safe.total,
        Cell::Shown(130),
        "the grand total reveals nothing by itself here"
    );
}

#[test]
fn tables_without_small_cells_are_published_whole() {
    let safe = protect_table(&[vec![10, 0], vec![7, 9]], 5);
    assert!(safe.cells.iter().flatten().all(|c| matches!(c, Cell::Shown(_))));
    assert_eq!(safe.total, Cell::Shown(26));
}

#[test]
fn a_list_hides_a_second_entry_or_its_total() {
    let (cells, total) = protect_list(&[50, 2, 30], 5);
    assert_eq!(cells[1], Cell::Hidden);
    assert!(cells[2] == Cell::Hidden || total == Cell::Hidden);
    let (cells, total) = protect_list(&[2], 5);
    assert_eq!((cells[0], total), (Cell::Hidden, Cell::Hidden));
    assert_eq!(Cell::Hidden.text(), "<5");
    assert_eq!(protect_count(4, 5), Cell::Hidden);
    assert_eq!(protect_count(0, 5), Cell::Shown(0));
}

#[test]
fn thresholds_are_checked() {
    assert_eq!(check_threshold(5), Ok(5));
    assert!(check_threshold(1).is_err());
    assert!(check_threshold(101).is_err());
}

proptest! {
    /// No small count is published, and no row or column (with its total)
    /// has exactly one hidden entry, so no hidden cell can be recomputed by subtraction.
    #[test]
    fn nothing_small_is_published_or_recoverable(
        counts in proptest::collection::vec(proptest::collection::vec(0u64..12, 3), 1..6),
        threshold in 2u64..8,
    ) {
        let safe = protect_table(&counts, threshold);
        let rows = counts.len();
        let grid: Vec<Vec<Cell>> = (0..=rows).map(|r| {
            let mut line: Vec<Cell> = if r < rows { safe.cells[r].clone() } else { safe.column_totals.clone() };
            line.push(if r < rows { safe.row_totals[r] } else { safe.total });
            line
        }).collect();
        for line in &grid {
            for cell in line {
                if let Cell::Shown(n) = cell {
                    prop_assert!(*n == 0 || *n >= threshold);
                }
            }
            prop_assert_ne!(line.iter().filter(|c| **c == Cell::Hidden).count(), 1);
        }
        for c in 0..=3 {
            prop_assert_ne!(grid.iter().filter(|line| line[c] == Cell::Hidden).count(), 1);
        }
        // Shown cells are the true counts.
        for (r, row) in counts.iter().enumerate() {
            for (c, n) in row.iter().enumerate() {
                if let Cell::Shown(shown) = safe.cells[r][c] {
                    prop_assert_eq!(shown, *n);
                }
            }
        }
    }
}
