//! "Groups near me" against a brute-force check: the same groups, in the same order, with the
//! same distances, page after page, on both databases.

use essaim_domain::ids::GroupId;
use essaim_geo::distance_km;
use essaim_store::groups::NewGroup;

use crate::support::both_backends;

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_000) as f64 / 1_000_000.0
    }
}

both_backends! {
    async fn near_me_agrees_with_brute_force(app) {
        app.signed_and_confirmed("anim@exemple.fr").await;
        let creator_id = app.store.find_person_by_email("anim@exemple.fr").await.unwrap().unwrap().id;
        let mut random = Random(0x5eed_1234_abcd_0001);
        let mut points = Vec::new();
        // Dense around Paris, sparse over the rest of France, a few overseas.
        for i in 0..400 {
            let point = match i % 4 {
                0 | 1 => (48.80 + random.next() * 0.15, 2.25 + random.next() * 0.25),
                2 => (42.5 + random.next() * 8.5, -4.5 + random.next() * 12.0),
                _ => (-21.3 + random.next() * 0.5, 55.2 + random.next() * 0.6),
            };
            points.push(point);
        }
        let mut ids = Vec::new();
        for (i, point) in points.iter().enumerate() {
            let name = format!("Groupe {i}");
            let group = NewGroup {
                name: &name,
                description: "d",
                address: None,
                postal_code: "75001",
                commune: "Paris",
                departement: "75",
                point: *point,
                frequency: "mensuelle",
                public_contact: None,
            };
            ids.push(app.store.create_group(&group, creator_id, 0).await.unwrap());
        }
        for centre in [(48.8566, 2.3522), (45.76, 4.84), (-20.88, 55.45), (43.6, 1.44), (51.0, 2.3)] {
            let mut expected: Vec<(GroupId, f64)> = ids
                .iter()
                .zip(&points)
                .map(|(id, p)| (*id, distance_km(centre, *p)))
                .filter(|(_, d)| *d <= 300.0)
                .collect();
            expected.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            for (page, size) in [(0, 20), (1, 20), (2, 20), (0, 7), (5, 7)] {
                let (found, more) = app.store.groups_near(centre, page * size, size).await.unwrap();
                let want: Vec<&(GroupId, f64)> = expected.iter().skip(page * size).take(size).collect();
                assert_eq!(found.len(), want.len(), "{centre:?} page {page}");
                for (got, want) in found.iter().zip(&want) {
                    assert_eq!(got.group.id, want.0, "{centre:?} page {page}");
                    assert!((got.distance_km - want.1).abs() < 1e-9);
                }
                assert_eq!(more, expected.len() > (page + 1) * size, "{centre:?} page {page}");
            }
        }
    }
}
