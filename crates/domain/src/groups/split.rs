//! Dividing a group in two, as locally as possible, with balanced sizes.
//!
//! Members are placed on a plane (equirectangular projection around the group's centre, good
//! enough at the scale of a town). We cut along the direction in which members are most spread
//! out, at the median (either side may get the extra member), then improve by swapping pairs across the cut while that lowers the
//! total squared distance of members to their half's centre. Sizes stay ⌊n/2⌋ and ⌈n/2⌉.
//! Ties are broken by member id, so the same input always gives the same answer.

use super::{MAX_MEMBERS, MIN_MEMBERS};

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: i64,
    /// (latitude, longitude) of where the member lives, when known.
    pub position: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Member ids, sorted; the half holding the lowest id keeps the group's identity.
    pub stay: Vec<i64>,
    pub leave: Vec<i64>,
}

/// Divides `members` (from 2 × 3 to 2 × 12 people) into two halves of balanced size.
/// Returns `None` when the count cannot make two groups within 3..=12.
pub fn split_group(members: &[Member]) -> Option<Split> {
    let n = members.len();
    if !(2 * MIN_MEMBERS..=2 * MAX_MEMBERS).contains(&n) {
        return None;
    }
    let mut sorted: Vec<&Member> = members.iter().collect();
    sorted.sort_by_key(|m| m.id);
    let points = project(&sorted);

    // Cut at the median along the axis of greatest spread.
    let axis = principal_axis(&points);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (dot(points[a], axis), dot(points[b], axis));
        pa.total_cmp(&pb).then(sorted[a].id.cmp(&sorted[b].id))
    });
    // With an odd count, either side of the cut may be the smaller half: try both.
    let in_first = [n / 2, n - n / 2]
        .into_iter()
        .map(|size| {
            let mut in_first = vec![false; n];
            for &i in &order[..size] {
                in_first[i] = true;
            }
            improve_by_swaps(&points, &mut in_first);
            in_first
        })
        .min_by(|a, b| cost(&points, a).total_cmp(&cost(&points, b)))
        .expect("two candidates");

    let mut first: Vec<i64> = (0..n)
        .filter(|&i| in_first[i])
        .map(|i| sorted[i].id)
        .collect();
    let mut second: Vec<i64> = (0..n)
        .filter(|&i| !in_first[i])
        .map(|i| sorted[i].id)
        .collect();
    first.sort_unstable();
    second.sort_unstable();
    let (stay, leave) = if first[0] < second[0] {
        (first, second)
    } else {
        (second, first)
    };
    Some(Split { stay, leave })
}

/// Plane coordinates in kilometres; members with no known position sit at the centre of the
/// others, so that they do not pull either half.
fn project(members: &[&Member]) -> Vec<(f64, f64)> {
    let known: Vec<(f64, f64)> = members.iter().filter_map(|m| m.position).collect();
    let centre = if known.is_empty() {
        (0.0, 0.0)
    } else {
        let k = known.len() as f64;
        (
            known.iter().map(|p| p.0).sum::<f64>() / k,
            known.iter().map(|p| p.1).sum::<f64>() / k,
        )
    };
    let km_per_degree = 111.32;
    let cos_lat = centre.0.to_radians().cos();
    members
        .iter()
        .map(|m| {
            let (lat, lon) = m.position.unwrap_or(centre);
            (
                (lon - centre.1) * km_per_degree * cos_lat,
                (lat - centre.0) * km_per_degree,
            )
        })
        .collect()
}

/// The unit direction of greatest variance (first principal component of a 2×2 covariance).
fn principal_axis(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for &(x, y) in points {
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
        sxy += (x - mx) * (y - my);
    }
    if sxx + syy < 1e-12 {
        return (1.0, 0.0);
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    (angle.cos(), angle.sin())
}

fn dot(p: (f64, f64), axis: (f64, f64)) -> f64 {
    p.0 * axis.0 + p.1 * axis.1
}

/// Sum over both halves of squared distances to the half's centroid.
pub(crate) fn cost(points: &[(f64, f64)], in_first: &[bool]) -> f64 {
    [true, false]
        .iter()
        .map(|&side| {
            let half: Vec<(f64, f64)> = points
                .iter()
                .zip(in_first)
                .filter(|(_, &s)| s == side)
                .map(|(p, _)| *p)
                .collect();
            let k = half.len().max(1) as f64;
            let (cx, cy) = (
                half.iter().map(|p| p.0).sum::<f64>() / k,
                half.iter().map(|p| p.1).sum::<f64>() / k,
            );
            half.iter()
                .map(|p| (p.0 - cx).powi(2) + (p.1 - cy).powi(2))
                .sum::<f64>()
        })
        .sum()
}

/// Best-improvement pair swaps until none helps; at most 24 people, so this is instant.
fn improve_by_swaps(points: &[(f64, f64)], in_first: &mut [bool]) {
    let mut current = cost(points, in_first);
    for _ in 0..100 {
        let mut best: Option<(usize, usize, f64)> = None;
        let (firsts, seconds): (Vec<usize>, Vec<usize>) =
            (0..points.len()).partition(|&i| in_first[i]);
        for &a in &firsts {
            for &b in &seconds {
                in_first[a] = false;
                in_first[b] = true;
                let candidate = cost(points, in_first);
                in_first[a] = true;
                in_first[b] = false;
                if candidate < current - 1e-9 && best.is_none_or(|(_, _, c)| candidate < c) {
                    best = Some((a, b, candidate));
                }
            }
        }
        let Some((a, b, c)) = best else { return };
        in_first[a] = false;
        in_first[b] = true;
        current = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn member(id: i64, lat: f64, lon: f64) -> Member {
        Member {
            id,
            position: Some((lat, lon)),
        }
    }

    #[test]
    fn thirteen_members_in_two_neighbourhoods_split_along_them() {
        // Six people in Belleville, seven in Montparnasse.
        let mut members: Vec<Member> = (0..6)
            .map(|i| member(i, 48.872 + i as f64 * 1e-3, 2.380))
            .collect();
        members.extend((6..13).map(|i| member(i, 48.842, 2.321 + i as f64 * 1e-3)));
        let split = split_group(&members).unwrap();
        assert_eq!(split.stay, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(split.leave, vec![6, 7, 8, 9, 10, 11, 12]);
    }

    #[test]
    fn too_few_or_too_many_cannot_split() {
        let members: Vec<Member> = (0..5).map(|i| member(i, 45.0, 5.0)).collect();
        assert_eq!(split_group(&members), None);
        let members: Vec<Member> = (0..25).map(|i| member(i, 45.0, 5.0)).collect();
        assert_eq!(split_group(&members), None);
    }

    fn members_strategy() -> impl Strategy<Value = Vec<Member>> {
        proptest::collection::vec(
            proptest::option::weighted(0.9, (43.0f64..49.0, -1.0f64..7.0)),
            6..=24,
        )
        .prop_map(|positions| {
            positions
                .into_iter()
                .enumerate()
                .map(|(i, position)| Member {
                    id: (i as i64) * 7 + 3,
                    position,
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn every_member_ends_in_exactly_one_half_of_allowed_size(members in members_strategy()) {
            let split = split_group(&members).unwrap();
            let mut all: Vec<i64> = split.stay.iter().chain(&split.leave).copied().collect();
            all.sort_unstable();
            let mut ids: Vec<i64> = members.iter().map(|m| m.id).collect();
            ids.sort_unstable();
            prop_assert_eq!(all, ids);
            for half in [&split.stay, &split.leave] {
                prop_assert!((MIN_MEMBERS..=MAX_MEMBERS).contains(&half.len()));
            }
            prop_assert!(split.stay.len().abs_diff(split.leave.len()) <= 1);
        }

        #[test]
        fn the_same_input_gives_the_same_split_in_any_order(members in members_strategy()) {
            let mut reversed = members.clone();
            reversed.reverse();
            prop_assert_eq!(split_group(&members), split_group(&reversed));
        }

        /// Simple case: two neighbourhoods far apart, of balanced sizes, are the two halves.
        #[test]
        fn two_distant_neighbourhoods_become_the_two_halves(
            k in 3usize..=12,
            extra in 0usize..=1,
            jitter in proptest::collection::vec((-0.005f64..0.005, -0.005f64..0.005), 25),
            shuffle in any::<u64>(),
        ) {
            let extra = if k == 12 { 0 } else { extra };
            let mut members: Vec<Member> = (0..2 * k + extra)
                .map(|i| {
                    let (dlat, dlon) = jitter[i];
                    let (lat, lon) = if i < k { (48.85, 2.35) } else { (48.86, 2.80) };
                    member((i as i64 * 7919 + shuffle as i64 % 1000).rem_euclid(100_000), lat + dlat, lon + dlon)
                })
                .collect();
            members.sort_by_key(|m| m.id);
            members.dedup_by_key(|m| m.id);
            prop_assume!(members.len() == 2 * k + extra);
            let split = split_group(&members).unwrap();
            let west = |id: &i64| members.iter().find(|m| m.id == *id).unwrap().position.unwrap().1 < 2.5;
            for half in [&split.stay, &split.leave] {
                let western = half.iter().filter(|id| west(id)).count();
                prop_assert!(western == 0 || western == half.len(), "a half mixes the two places");
            }
        }

        #[test]
        fn no_single_swap_would_make_the_halves_more_local(members in members_strategy()) {
            let split = split_group(&members).unwrap();
            let mut sorted: Vec<&Member> = members.iter().collect();
            sorted.sort_by_key(|m| m.id);
            let points = project(&sorted);
            let mut in_first: Vec<bool> = sorted.iter().map(|m| split.stay.contains(&m.id)).collect();
            let best = cost(&points, &in_first);
            for a in 0..points.len() {
                for b in 0..points.len() {
                    if in_first[a] && !in_first[b] {
                        in_first[a] = false;
                        in_first[b] = true;
                        prop_assert!(cost(&points, &in_first) >= best - 1e-6);
                        in_first[a] = true;
                        in_first[b] = false;
                    }
                }
            }
        }
    }
}
