//! Which recipes suit a person, best first, and why in words they can check: a plain scoring,
//! deterministic, so that the same answers always give the same list.

use std::cmp::Reverse;

use super::profile::{ActionProfile, Interest};
use super::recipe::{duration_label, Place, RecipeDetails};
use super::Coded;
use crate::ids::RecipeId;

/// Fitting in the person's time outweighs everything else: a recipe they have no time for
/// comes after every one they have time for.
const FITS_TIME: i32 = 100;
const SHARED_INTEREST: i32 = 10;
const SHARED_SKILL: i32 = 10;
const ONLINE_FOR_ONLINE_PEOPLE: i32 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub recipe_id: RecipeId,
    pub score: i32,
    /// Whether the action fits in the person's availability.
    pub fits: bool,
    /// Duration, place, then shared interests and skills, in French.
    pub reasons: Vec<String>,
}

/// Every recipe, scored for `profile`: best first, then shorter, then older.
pub fn recommend<'a>(
    profile: &ActionProfile,
    recipes: impl IntoIterator<Item = (RecipeId, &'a RecipeDetails)>,
) -> Vec<Recommendation> {
    let mut scored: Vec<(u32, Recommendation)> = recipes
        .into_iter()
        .map(|(id, recipe)| (recipe.duration_minutes, score(profile, id, recipe)))
        .collect();
    scored.sort_by_key(|(duration, r)| (Reverse(r.score), *duration, r.recipe_id));
    scored.into_iter().map(|(_, r)| r).collect()
}

fn score(profile: &ActionProfile, recipe_id: RecipeId, recipe: &RecipeDetails) -> Recommendation {
    let fits = recipe.duration_minutes <= profile.longest_action();
    let mut score = if fits { FITS_TIME } else { -FITS_TIME };
    let mut reasons = vec![
        duration_label(recipe.duration_minutes),
        recipe.place.label().to_string(),
    ];
    if recipe.place == Place::Online && profile.interests.contains(&Interest::Online) {
        score += ONLINE_FOR_ONLINE_PEOPLE;
    }
    for interest in recipe
        .interests
        .iter()
        .filter(|i| profile.interests.contains(i))
    {
        score += SHARED_INTEREST;
        reasons.push(format!("correspond à « {} »", interest.label()));
    }
    for skill in recipe.skills.iter().filter(|s| profile.skills.contains(s)) {
        score += SHARED_SKILL;
        reasons.push(format!("utilise votre compétence « {} »", skill.label()));
    }
    if !fits {
        reasons.push("demande plus de temps que vos disponibilités".into());
    }
    Recommendation {
        recipe_id,
        score,
        fits,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agir::Skill;

    fn recipe(
        duration_minutes: u32,
        place: Place,
        interests: &[Interest],
        skills: &[Skill],
    ) -> RecipeDetails {
        RecipeDetails {
            title: "Recette".into(),
            summary: "Résumé".into(),
            body: "Étapes".into(),
            material: None,
            duration_minutes,
            people_min: 1,
            people_max: 1,
            place,
            interests: interests.to_vec(),
            skills: skills.to_vec(),
            published: true,
        }
    }

    fn profile(availability: &[&str], interests: &[&str], skills: &[&str]) -> ActionProfile {
        ActionProfile::parse(
            &availability
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
            &interests.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &skills.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    fn recommended(
        profile: &ActionProfile,
        recipes: &[(i64, RecipeDetails)],
    ) -> Vec<Recommendation> {
        recommend(
            profile,
            recipes.iter().map(|(id, r)| (RecipeId::new(*id), r)),
        )
    }

    fn order(profile: &ActionProfile, recipes: &[(i64, RecipeDetails)]) -> Vec<i64> {
        recommended(profile, recipes)
            .into_iter()
            .map(|r| r.recipe_id.get())
            .collect()
    }

    #[test]
    fn a_writer_with_an_hour_a_week_gets_short_writing_first_and_long_actions_last() {
        let recipes = [
            (1, recipe(240, Place::Street, &[Interest::Writing], &[])),
            (
                2,
                recipe(30, Place::Street, &[Interest::TalkingToPeople], &[]),
            ),
            (3, recipe(5, Place::Online, &[Interest::Writing], &[])),
            (
                4,
                recipe(45, Place::Home, &[Interest::Writing], &[Skill::Writing]),
            ),
        ];
        let me = profile(
            &["une-heure-par-semaine"],
            &["ecrire", "en-ligne"],
            &["ecriture"],
        );
        assert_eq!(order(&me, &recipes), vec![3, 4, 2, 1]);

        let all = recommended(&me, &recipes);
        assert_eq!(
            all[0].reasons,
            vec!["5 minutes", "en ligne", "correspond à « écrire »"]
        );
        assert_eq!(
            all[1].reasons,
            vec![
                "45 minutes",
                "chez soi",
                "correspond à « écrire »",
                "utilise votre compétence « écriture »"
            ]
        );
        assert!(!all[3].fits);
        assert_eq!(
            all[3].reasons,
            vec![
                "4 h",
                "dans la rue",
                "correspond à « écrire »",
                "demande plus de temps que vos disponibilités"
            ]
        );
    }

    #[test]
    fn the_longest_availability_decides_what_fits() {
        let recipes = [
            (1, recipe(180, Place::Street, &[], &[])),
            (2, recipe(90, Place::Home, &[], &[])),
        ];
        // An hour a week alone: neither fits; the shorter one comes first.
        assert_eq!(
            order(&profile(&["une-heure-par-semaine"], &[], &[]), &recipes),
            vec![2, 1]
        );
        // Evenings too: both fit, still shorter first.
        let evenings = profile(&["une-heure-par-semaine", "soirees"], &[], &[]);
        assert_eq!(order(&evenings, &recipes), vec![2, 1]);
        assert!(recommended(&evenings, &recipes).iter().all(|r| r.fits));
    }

    #[test]
    fn shared_skills_and_interests_come_before_duration() {
        let recipes = [
            (1, recipe(10, Place::Home, &[], &[])),
            (
                2,
                recipe(120, Place::Street, &[Interest::Filming], &[Skill::Video]),
            ),
            (3, recipe(60, Place::Street, &[Interest::Filming], &[])),
        ];
        let me = profile(&["week-ends"], &["filmer"], &["video"]);
        assert_eq!(order(&me, &recipes), vec![2, 3, 1]);
        let best = &recommended(&me, &recipes)[0];
        assert_eq!(best.score, FITS_TIME + SHARED_INTEREST + SHARED_SKILL);
        assert_eq!(
            best.reasons,
            vec![
                "2 h",
                "dans la rue",
                "correspond à « filmer »",
                "utilise votre compétence « vidéo »"
            ]
        );
    }

    #[test]
    fn online_recipes_rise_for_people_who_like_acting_online() {
        let recipes = [
            (1, recipe(20, Place::Home, &[], &[])),
            (2, recipe(20, Place::Online, &[], &[])),
        ];
        assert_eq!(
            order(&profile(&["soirees"], &[], &[]), &recipes),
            vec![1, 2]
        );
        assert_eq!(
            order(&profile(&["soirees"], &["en-ligne"], &[]), &recipes),
            vec![2, 1]
        );
    }

    #[test]
    fn equal_recipes_keep_a_stable_order_by_id() {
        let recipes = [
            (7, recipe(30, Place::Home, &[], &[])),
            (3, recipe(30, Place::Home, &[], &[])),
        ];
        assert_eq!(
            order(&profile(&["soirees"], &[], &[]), &recipes),
            vec![3, 7]
        );
    }
}
