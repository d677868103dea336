//! Prints how long the first lookup takes (it parses the embedded file) and a later one.
//! `cargo run --release -p essaim-geo --example parse_time`

use std::time::Instant;

fn main() {
    let start = Instant::now();
    let point = essaim_geo::point_of_postal_code("75011");
    let first = start.elapsed();
    let start = Instant::now();
    let again = essaim_geo::point_of_postal_code("13001");
    let later = start.elapsed();
    println!(
        "{} communes; first call (parse + lookup): {first:?} -> {point:?}; next call: {later:?} -> {again:?}",
        essaim_geo::communes().len()
    );
}
