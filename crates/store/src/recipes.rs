//! Action recipes, supporters' action profiles, and "Je l'ai fait" records with the totals
//! staff read (per recipe, per recipe and département).

use essaim_domain::agir::profile::{ActionProfile, Availability, Interest};
use essaim_domain::agir::recipe::{Place, RecipeDetails};
use essaim_domain::agir::Coded;
use essaim_domain::agir::Skill;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct Recipe {
    pub id: i64,
    pub details: RecipeDetails,
    pub created_at: i64,
    pub updated_at: i64,
}

/// How often a recipe was done, and the sum of the counts people gave (leaflets, people met).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipeTotal {
    pub recipe_id: i64,
    pub title: String,
    pub published: bool,
    pub times: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartementTotal {
    pub recipe_id: i64,
    pub title: String,
    pub departement: String,
    pub times: i64,
    pub quantity: i64,
}

const RECIPE_COLUMNS: &str = "id, title, summary, body, material, duration_minutes, people_min, \
     people_max, place, interests, skills, published, created_at, updated_at";

fn recipe_from_row(row: &AnyRow) -> Result<Recipe, sqlx::Error> {
    let place: String = row.try_get(8)?;
    Ok(Recipe {
        id: row.try_get(0)?,
        details: RecipeDetails {
            title: row.try_get(1)?,
            summary: row.try_get(2)?,
            body: row.try_get(3)?,
            material: row.try_get(4)?,
            duration_minutes: small_number(row, 5)?,
            people_min: small_number(row, 6)?,
            people_max: small_number(row, 7)?,
            place: Place::from_code(&place)
                .ok_or_else(|| decode_error(format!("unknown recipe place {place:?}")))?,
            interests: Interest::from_stored(&row.try_get::<String, _>(9)?),
            skills: Skill::from_stored(&row.try_get::<String, _>(10)?),
            published: row.try_get::<i64, _>(11)? != 0,
        },
        created_at: row.try_get(12)?,
        updated_at: row.try_get(13)?,
    })
}

fn small_number(row: &AnyRow, index: usize) -> Result<u32, sqlx::Error> {
    let n: i64 = row.try_get(index)?;
    u32::try_from(n).map_err(|_| decode_error(format!("recipe number out of range: {n}")))
}

fn decode_error(message: String) -> sqlx::Error {
    sqlx::Error::Decode(message.into())
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds a recipe's details, in this order: title, summary, body, material, duration, people
/// min and max, place, interests, skills, published.
fn bind_details<'q>(query: AnyQuery<'q>, recipe: &'q RecipeDetails) -> AnyQuery<'q> {
    query
        .bind(recipe.title.as_str())
        .bind(recipe.summary.as_str())
        .bind(recipe.body.as_str())
        .bind(recipe.material.as_deref())
        .bind(i64::from(recipe.duration_minutes))
        .bind(i64::from(recipe.people_min))
        .bind(i64::from(recipe.people_max))
        .bind(recipe.place.code())
        .bind(Interest::stored(&recipe.interests))
        .bind(Skill::stored(&recipe.skills))
        .bind(i64::from(recipe.published))
}

impl Store {
    pub async fn create_recipe(&self, recipe: &RecipeDetails, now: i64) -> Result<i64, StoreError> {
        let query = sqlx::query(
            "INSERT INTO recipes (title, summary, body, material, duration_minutes, people_min, \
             people_max, place, interests, skills, published, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        );
        let row = bind_details(query, recipe)
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// False when there is no such recipe.
    pub async fn update_recipe(
        &self,
        id: i64,
        recipe: &RecipeDetails,
        now: i64,
    ) -> Result<bool, StoreError> {
        let query = sqlx::query(
            "UPDATE recipes SET title = $1, summary = $2, body = $3, material = $4, \
             duration_minutes = $5, people_min = $6, people_max = $7, place = $8, interests = $9, \
             skills = $10, published = $11, updated_at = $12 WHERE id = $13",
        );
        let result = bind_details(query, recipe)
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn find_recipe(&self, id: i64) -> Result<Option<Recipe>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {RECIPE_COLUMNS} FROM recipes WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(recipe_from_row).transpose()?)
    }

    /// Published recipes, oldest first: what supporters are offered.
    pub async fn published_recipes(&self) -> Result<Vec<Recipe>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {RECIPE_COLUMNS} FROM recipes WHERE published = 1 ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(recipe_from_row).collect::<Result<_, _>>()?)
    }

    pub async fn save_action_profile(
        &self,
        person_id: i64,
        profile: &ActionProfile,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO action_profiles (person_id, availability, interests, skills, updated_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (person_id) DO UPDATE SET availability = excluded.availability, \
             interests = excluded.interests, skills = excluded.skills, updated_at = excluded.updated_at",
        )
        .bind(person_id)
        .bind(Availability::stored(&profile.availability))
        .bind(Interest::stored(&profile.interests))
        .bind(Skill::stored(&profile.skills))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn action_profile(
        &self,
        person_id: i64,
    ) -> Result<Option<ActionProfile>, StoreError> {
        let row = sqlx::query(
            "SELECT availability, interests, skills FROM action_profiles WHERE person_id = $1",
        )
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(ActionProfile::from_stored(
            &row.try_get::<String, _>(0)?,
            &row.try_get::<String, _>(1)?,
            &row.try_get::<String, _>(2)?,
        ))
    }

    /// "Je l'ai fait": one record per time, with the count the person gave (1 by default).
    pub async fn record_recipe_done(
        &self,
        recipe_id: i64,
        person_id: i64,
        departement: &str,
        quantity: i64,
        now: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO recipe_done (recipe_id, person_id, departement, quantity, done_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(recipe_id)
        .bind(person_id)
        .bind(departement)
        .bind(quantity)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Every recipe, published or not, with what was done of it (zeros when nothing yet).
    pub async fn recipe_totals(&self) -> Result<Vec<RecipeTotal>, StoreError> {
        // SUM of a BIGINT is a NUMERIC on PostgreSQL, which the Any driver cannot read: cast.
        let rows = sqlx::query(
            "SELECT r.id, r.title, r.published, COUNT(d.id), \
             CAST(COALESCE(SUM(d.quantity), 0) AS BIGINT) \
             FROM recipes r LEFT JOIN recipe_done d ON d.recipe_id = r.id \
             GROUP BY r.id, r.title, r.published ORDER BY r.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RecipeTotal {
                    recipe_id: row.try_get(0)?,
                    title: row.try_get(1)?,
                    published: row.try_get::<i64, _>(2)? != 0,
                    times: row.try_get(3)?,
                    quantity: row.try_get(4)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Per recipe and département, only where something was done.
    pub async fn recipe_totals_by_departement(&self) -> Result<Vec<DepartementTotal>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.title, d.departement, COUNT(*), CAST(SUM(d.quantity) AS BIGINT) \
             FROM recipe_done d JOIN recipes r ON r.id = d.recipe_id \
             GROUP BY r.id, r.title, d.departement ORDER BY r.id, d.departement",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DepartementTotal {
                    recipe_id: row.try_get(0)?,
                    title: row.try_get(1)?,
                    departement: row.try_get(2)?,
                    times: row.try_get(3)?,
                    quantity: row.try_get(4)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}
