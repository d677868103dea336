//! Offline gazetteer of French communes: postal code or name to a point, and distances.
//!
//! "Groups near me" must work without the network, so the data is compiled in
//! (`data/communes.tsv`, made by `scripts/generate_communes.py`; sources and licences in
//! `ATTRIBUTION.md`). It is parsed once, on first use, and kept for the life of the process.
//! Every lookup borrows from that single parse, hence the `'static` lifetimes.
//!
//! The file holds the current communes and the municipal arrondissements of Paris, Lyon and
//! Marseille, which have their own postal codes. Each line has a point: the town hall when it is
//! known to lie in the commune, else the centre of the commune's area, else a fallback.

mod fold;
pub mod grid;
mod place;

use std::cmp::Reverse;
use std::sync::OnceLock;

use fold::{fold, fold_into, fold_words};
pub use place::{locate, locate_text, Located, NotUnderstood, Understood};

/// A commune (or a municipal arrondissement of Paris, Lyon or Marseille).
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    /// INSEE code, e.g. "75056" for Paris, "2A004" for Ajaccio, "75111" for Paris 11e.
    pub insee: &'static str,
    /// Official name, with accents, e.g. "Saint-Étienne".
    pub name: &'static str,
    /// Postal codes serving the commune, sorted; never empty.
    pub postal_codes: &'static [&'static str],
    /// Département code, e.g. "42", "2A", "974".
    pub departement: &'static str,
    /// Municipal population (INSEE legal population); 0 when INSEE gives none.
    pub population: u32,
    pub lat: f64,
    pub lon: f64,
}

impl Commune {
    /// The commune's point as (latitude, longitude).
    pub fn point(&self) -> (f64, f64) {
        (self.lat, self.lon)
    }
}

/// Paris, Marseille and Lyon carry all the postal codes of their arrondissements, which are
/// listed too: for those codes the arrondissement's point is the precise one.
const CITIES_WITH_ARRONDISSEMENTS: [&str; 3] = ["75056", "13055", "69123"];

static DATA: &str = include_str!("../data/communes.tsv");

struct Gazetteer {
    /// Sorted by INSEE code, as in the file (checked when parsing).
    communes: Vec<Commune>,
    /// (postal code, index), sorted by code then by decreasing population.
    postal: Vec<(&'static str, u32)>,
    /// (folded name, index), sorted by folded name, for prefix search.
    names: Vec<(&'static str, u32)>,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| parse(DATA))
}

/// Parses the embedded file. It is generated and covered by the tests, so a malformed line is
/// a bug in this crate, not an input error: it panics, naming the line.
fn parse(data: &'static str) -> Gazetteer {
    let mut communes = Vec::with_capacity(36_000);
    // All postal codes in one vector, each commune getting its slice once the vector is full:
    // one allocation instead of one per commune, a good part of the parse time on small machines.
    let mut codes: Vec<&'static str> = Vec::with_capacity(40_000);
    let mut code_ranges = Vec::with_capacity(36_000);
    for (number, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let bad = |what: &str| -> ! { panic!("communes.tsv line {}: {what}", number + 1) };
        let mut fields = line.split('\t');
        let mut next = |what: &str| fields.next().unwrap_or_else(|| bad(what));
        let insee = next("INSEE code");
        let name = next("name");
        let start = codes.len();
        codes.extend(next("postal codes").split(','));
        code_ranges.push(start..codes.len());
        let departement = next("département");
        let population = next("population")
            .parse()
            .unwrap_or_else(|_| bad("population"));
        let lat = next("latitude").parse().unwrap_or_else(|_| bad("latitude"));
        let lon = next("longitude")
            .parse()
            .unwrap_or_else(|_| bad("longitude"));
        communes.push(Commune {
            insee,
            name,
            postal_codes: &[],
            departement,
            population,
            lat,
            lon,
        });
    }
    // `parse` runs once per process (through `GAZETTEER`) and what it builds lives as long as
    // the process: leaking is the same as owning, without a self-referential struct.
    let codes: &'static [&'static str] = codes.leak();
    for (commune, range) in communes.iter_mut().zip(code_ranges) {
        commune.postal_codes = &codes[range];
    }
    assert!(
        communes.windows(2).all(|w| w[0].insee < w[1].insee),
        "communes.tsv must be sorted by INSEE code, without duplicates"
    );

    // The sort keys carry the population so that sorting never chases an index (it is a good
    // part of the parse time otherwise); the index breaks ties in INSEE order.
    let mut postal = Vec::with_capacity(40_000);
    // The folded names share one buffer too, leaked like the postal codes.
    let mut folded = String::with_capacity(data.len() / 2);
    let mut spans = Vec::with_capacity(communes.len());
    for (i, c) in communes.iter().enumerate() {
        let i = i as u32;
        postal.extend(
            c.postal_codes
                .iter()
                .map(|&code| (code, Reverse(c.population), i)),
        );
        let start = folded.len();
        fold_into(c.name, true, &mut folded);
        spans.push((start..folded.len(), i));
    }
    let folded: &'static str = folded.leak();
    let mut names: Vec<(&str, u32)> = spans
        .into_iter()
        .map(|(span, i)| (&folded[span], i))
        .collect();
    postal.sort_unstable();
    names.sort_unstable();
    Gazetteer {
        postal: postal.into_iter().map(|(code, _, i)| (code, i)).collect(),
        communes,
        names,
    }
}

/// All communes, sorted by INSEE code.
pub fn communes() -> &'static [Commune] {
    &gazetteer().communes
}

/// The commune with this INSEE code.
pub fn by_insee(insee: &str) -> Option<&'static Commune> {
    let communes = communes();
    let insee = insee.trim();
    communes
        .binary_search_by(|c| c.insee.cmp(insee))
        .ok()
        .map(|i| &communes[i])
}

/// The communes served by this postal code, most populated first (empty if unknown).
pub fn by_postal_code(code: &str) -> Vec<&'static Commune> {
    let g = gazetteer();
    let code = code.trim();
    let start = g.postal.partition_point(|&(c, _)| c < code);
    g.postal[start..]
        .iter()
        .take_while(|&&(c, _)| c == code)
        .map(|&(_, i)| &g.communes[i as usize])
        .collect()
}

/// One point for a postal code, as (latitude, longitude).
///
/// A code often serves several communes (a town and its villages); we take the most populated
/// one's point, since that is where most people giving this code live. Paris, Lyon and Marseille
/// give way to the arrondissement sharing the code, whose point is more precise.
pub fn point_of_postal_code(code: &str) -> Option<(f64, f64)> {
    let communes = by_postal_code(code);
    communes
        .iter()
        .find(|c| !CITIES_WITH_ARRONDISSEMENTS.contains(&c.insee))
        .or(communes.first())
        .map(|c| c.point())
}

/// Communes whose name starts with `query`, most populated first, at most `limit` of them.
///
/// Case, accents and punctuation are ignored ("st etienne", "SAINT-ÉTIENNE" and
/// "saint étienne" all find Saint-Étienne), and "st"/"ste" stand for "saint"/"sainte".
pub fn search_by_name(query: &str, limit: usize) -> Vec<&'static Commune> {
    let g = gazetteer();
    let key = fold(query);
    if key.is_empty() || limit == 0 {
        return Vec::new();
    }
    let mut found: Vec<u32> = prefix_matches(&g.names, &key).collect();
    // While typing "Ste" the user may mean "Stenay" rather than "Sainte-…": also try the
    // query as typed when its last word was expanded.
    let unexpanded = fold_words(query, false);
    if unexpanded != key {
        found.extend(prefix_matches(&g.names, &unexpanded));
        found.sort_unstable();
        found.dedup();
    }
    let mut found: Vec<&Commune> = found.into_iter().map(|i| &g.communes[i as usize]).collect();
    found.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(a.name.cmp(b.name))
            .then(a.insee.cmp(b.insee))
    });
    found.truncate(limit);
    found
}

fn prefix_matches<'a>(
    names: &'a [(&'static str, u32)],
    key: &'a str,
) -> impl Iterator<Item = u32> + 'a {
    let start = names.partition_point(|&(name, _)| name < key);
    names[start..]
        .iter()
        .take_while(move |(name, _)| name.starts_with(key))
        .map(|&(_, i)| i)
}

/// Great-circle distance in kilometres between two (latitude, longitude) points (haversine,
/// on a sphere of the Earth's mean radius: within 0.5 % of the ellipsoid, plenty for "near me").
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let (dlat, dlon) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: (f64, f64), b: (f64, f64), km: f64) -> bool {
        distance_km(a, b) <= km
    }

    #[test]
    fn every_listed_postal_code_resolves_to_a_point() {
        let communes = communes();
        assert!(communes.len() > 34_000, "{} communes", communes.len());
        for c in communes {
            assert!(!c.postal_codes.is_empty(), "{} has no postal code", c.insee);
            assert!(
                (-90.0..=90.0).contains(&c.lat) && (-180.0..=180.0).contains(&c.lon),
                "{} {} has no valid point",
                c.insee,
                c.name
            );
            assert_eq!(by_insee(c.insee), Some(c));
            for code in c.postal_codes {
                assert!(
                    point_of_postal_code(code).is_some(),
                    "{code} ({}) has no point",
                    c.name
                );
                assert!(
                    by_postal_code(code).contains(&c),
                    "{code} misses {}",
                    c.name
                );
            }
        }
    }

    #[test]
    fn metropolitan_points_lie_in_metropolitan_france() {
        let overseas =
            |c: &&Commune| c.departement.starts_with("97") || c.departement.starts_with("98");
        for c in communes().iter().filter(|c| !overseas(c)) {
            assert!(
                (41.3..=51.1).contains(&c.lat) && (-5.2..=9.6).contains(&c.lon),
                "{} {} at {:?}",
                c.insee,
                c.name,
                c.point()
            );
        }
    }

    #[test]
    fn paris_11_is_paris_near_its_town_hall() {
        let communes = by_postal_code("75011");
        assert!(communes.iter().all(|c| c.name.starts_with("Paris")));
        assert!(communes.iter().any(|c| c.insee == "75111"));
        let point = point_of_postal_code("75011").unwrap();
        assert!(near(point, (48.86, 2.38), 1.5), "{point:?}");
    }

    #[test]
    fn marseille_ajaccio_and_saint_denis_de_la_reunion() {
        let marseille = by_postal_code("13001");
        assert!(!marseille.is_empty());
        assert!(marseille.iter().all(|c| c.name.starts_with("Marseille")));
        assert!(near(
            point_of_postal_code("13001").unwrap(),
            (43.30, 5.38),
            2.0
        ));

        let ajaccio = by_postal_code("20000");
        assert_eq!(ajaccio[0].name, "Ajaccio");
        assert_eq!(ajaccio[0].departement, "2A");
        assert_eq!(ajaccio[0].insee, "2A004");

        let saint_denis = by_postal_code(" 97400 ");
        assert_eq!(saint_denis[0].name, "Saint-Denis");
        assert_eq!(saint_denis[0].departement, "974");
        assert!(near(saint_denis[0].point(), (-20.88, 55.45), 5.0));
    }

    #[test]
    fn a_shared_postal_code_points_at_its_most_populated_commune() {
        for code in ["42000", "69001", "01400"] {
            let communes = by_postal_code(code);
            assert!(communes
                .windows(2)
                .all(|w| w[0].population >= w[1].population));
        }
        let most_populated = by_postal_code("01400")[0];
        assert_eq!(point_of_postal_code("01400"), Some(most_populated.point()));
    }

    #[test]
    fn unknown_codes_resolve_to_nothing() {
        assert!(by_postal_code("00000").is_empty());
        assert!(by_postal_code("").is_empty());
        assert_eq!(point_of_postal_code("99999"), None);
        assert_eq!(by_insee("00000"), None);
    }

    #[test]
    fn by_insee_finds_corsica_and_arrondissements() {
        assert_eq!(by_insee("2A004").unwrap().name, "Ajaccio");
        assert_eq!(by_insee("42218").unwrap().name, "Saint-Étienne");
        assert_eq!(by_insee("75111").unwrap().departement, "75");
    }

    #[test]
    fn saint_etienne_comes_first_however_it_is_typed() {
        for query in [
            "saint etienne",
            "Saint-Étienne",
            "ST ETIENNE",
            "st-étienne",
            "  saint   éti",
        ] {
            let found = search_by_name(query, 5);
            assert_eq!(found[0].insee, "42218", "{query}: {:?}", found[0].name);
            assert!(found.len() > 1, "{query}: other Saint-Étienne-… too");
        }
    }

    #[test]
    fn name_search_is_a_prefix_search_by_population() {
        let found = search_by_name("paris", 3);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].insee, "75056");
        assert!(found[1].name.starts_with("Paris "));

        let found = search_by_name("ste", 50);
        assert!(found.iter().any(|c| c.name.starts_with("Sainte-")));
        assert!(found.iter().any(|c| c.name.starts_with("Ste")), "Stenay…");
        assert!(found.windows(2).all(|w| w[0].population >= w[1].population));

        assert_eq!(search_by_name("l'haÿ", 1)[0].name, "L'Haÿ-les-Roses");
        assert!(search_by_name("", 10).is_empty());
        assert!(search_by_name(" - ", 10).is_empty());
        assert!(search_by_name("paris", 0).is_empty());
        assert!(search_by_name("zzzz", 10).is_empty());
    }

    #[test]
    fn name_index_agrees_with_a_linear_scan() {
        for query in [
            "saint", "Sainte M", "le ", "paris", "a", "l'h", "Évry", "98",
        ] {
            let key = fold(query);
            let mut expected: Vec<&Commune> = communes()
                .iter()
                .filter(|c| fold(c.name).starts_with(&key))
                .collect();
            expected.sort_by(|a, b| {
                (Reverse(a.population), a.name, a.insee).cmp(&(
                    Reverse(b.population),
                    b.name,
                    b.insee,
                ))
            });
            assert_eq!(search_by_name(query, usize::MAX), expected, "{query}");
        }
    }

    #[test]
    fn paris_to_marseille_is_about_660_km() {
        let paris = by_insee("75056").unwrap().point();
        let marseille = by_insee("13055").unwrap().point();
        let d = distance_km(paris, marseille);
        assert!((d - 660.0).abs() <= 10.0, "{d}");
        assert_eq!(distance_km(paris, paris), 0.0);
        assert!((distance_km(paris, marseille) - distance_km(marseille, paris)).abs() < 1e-9);
    }
}
