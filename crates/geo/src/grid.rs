//! A grid over the globe so that "near me" is a few B-tree range scans on any database.
//!
//! Each stored point carries the number of the grid cell it falls in. Cells are numbered row by
//! row (south to north, then west to east), so the cells of one row within a range of
//! longitudes are consecutive numbers: a disc of radius r becomes one `cell BETWEEN lo AND hi`
//! per row it crosses. That works the same on SQLite and PostgreSQL with an ordinary index,
//! with no spatial extension to install. The exact distance is then computed on the few
//! candidates, so the grid only has to be a superset, never exact.

use crate::distance_km;

/// Cell size in degrees: about 1.1 km north-south, 0.75 km east-west in France. Small enough
/// that a dense city hands over a few hundred candidates for a 1 km search, not thousands.
pub const CELL_DEGREES: f64 = 0.01;
const COLUMNS: i64 = (360.0 / CELL_DEGREES) as i64;
const ROWS: i64 = (180.0 / CELL_DEGREES) as i64;
/// Kilometres per degree of latitude, rounded down so that a search band is never too thin.
const KM_PER_DEGREE: f64 = 111.0;

fn row_of(lat: f64) -> i64 {
    (((lat + 90.0) / CELL_DEGREES).floor() as i64).clamp(0, ROWS - 1)
}

fn column_of(lon: f64) -> i64 {
    (((lon + 180.0) / CELL_DEGREES).floor() as i64).rem_euclid(COLUMNS)
}

/// The cell holding a (latitude, longitude) point.
pub fn cell_of(point: (f64, f64)) -> i64 {
    row_of(point.0) * COLUMNS + column_of(point.1)
}

/// Ranges of cell numbers (inclusive) that together cover every point within `radius_km` of
/// `centre`. Contiguous, sorted, non-overlapping.
pub fn cells_within(centre: (f64, f64), radius_km: f64) -> Vec<(i64, i64)> {
    let radius_km = radius_km.max(0.0);
    let dlat = radius_km / KM_PER_DEGREE;
    let (south, north) = ((centre.0 - dlat).max(-90.0), (centre.0 + dlat).min(90.0));
    // Near a pole, or for a disc wider than half the planet, take every longitude.
    let widest_lat = south.abs().max(north.abs());
    let cos = widest_lat.to_radians().cos();
    let dlon = if cos <= 1e-6 {
        360.0
    } else {
        radius_km / (KM_PER_DEGREE * cos)
    };
    let mut ranges = Vec::new();
    for row in row_of(south)..=row_of(north) {
        let base = row * COLUMNS;
        if dlon >= 180.0 {
            ranges.push((base, base + COLUMNS - 1));
            continue;
        }
        let (west, east) = (column_of(centre.1 - dlon), column_of(centre.1 + dlon));
        if west <= east {
            ranges.push((base + west, base + east));
        } else {
            // The disc crosses the antimeridian (Wallis-and-Futuna, say): two pieces.
            ranges.push((base, base + east));
            ranges.push((base + west, base + COLUMNS - 1));
        }
    }
    ranges.sort_unstable();
    ranges
}

/// Whether `point` lies within `radius_km` of `centre` (the exact check after the grid).
pub fn within(centre: (f64, f64), point: (f64, f64), radius_km: f64) -> bool {
    distance_km(centre, point) <= radius_km
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covered(ranges: &[(i64, i64)], cell: i64) -> bool {
        ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&cell))
    }

    #[test]
    fn every_point_of_the_disc_is_in_a_listed_cell() {
        // A spiral of points around places in France, overseas and near the antimeridian.
        for centre in [
            (48.8566, 2.3522),
            (43.2965, 5.3698),
            (-20.88, 55.45),
            (-13.28, -176.17),
            (-13.28, 179.99),
            (70.0, 20.0),
        ] {
            for radius in [0.5, 1.0, 3.0, 12.0, 80.0, 400.0] {
                let ranges = cells_within(centre, radius);
                for step in 0..720 {
                    let bearing = (step as f64).to_radians() * 7.0;
                    let fraction = (step % 10) as f64 / 10.0 + 0.099;
                    let d = radius * fraction;
                    let lat = centre.0 + d / 111.2 * bearing.cos();
                    let lon = centre.1 + d / (111.2 * centre.0.to_radians().cos()) * bearing.sin();
                    let lon = (lon + 540.0).rem_euclid(360.0) - 180.0;
                    if within(centre, (lat, lon), radius) {
                        assert!(
                            covered(&ranges, cell_of((lat, lon))),
                            "{centre:?} r={radius}: ({lat}, {lon}) missed"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_small_disc_needs_few_cells() {
        let ranges = cells_within((48.8566, 2.3522), 1.0);
        let cells: i64 = ranges.iter().map(|(lo, hi)| hi - lo + 1).sum();
        assert!(ranges.len() <= 3 && cells <= 12, "{ranges:?}");
    }

    #[test]
    fn cells_are_numbered_row_by_row() {
        // Points in the middle of cells, away from rounding at the edges.
        let a = cell_of((45.005, 4.005));
        assert_eq!(cell_of((45.005, 4.015)), a + 1);
        assert_eq!(cell_of((45.015, 4.005)), a + COLUMNS);
        assert_eq!(cell_of((90.0, 180.0)), cell_of((89.999, -180.0)));
    }
}
