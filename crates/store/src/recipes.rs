//! Action recipes, supporters' action profiles, and "Je l'ai fait" records with the totals
//! staff read (per recipe, per recipe and département).

use essaim_domain::agir::profile::{ActionProfile, Availability, Interest};
use essaim_domain::agir::recipe::{Place, RecipeDetails};
use essaim_domain::agir::Coded;
use essaim_domain::agir::Skill;
use essaim_domain::ids::{PersonId, RecipeId};
use sqlx::Row;

use crate::rows::Flag;
use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct Recipe {
    pub id: RecipeId,
    pub details: RecipeDetails,
    pub created_at: i64,
    pub updated_at: i64,
}

/// How often a recipe was done, and the sum of the counts people gave (leaflets, people met).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RecipeTotal {
    #[sqlx(try_from = "i64")]
    pub recipe_id: RecipeId,
    pub title: String,
    #[sqlx(try_from = "Flag")]
    pub published: bool,
    pub times: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DepartementTotal {
    #[sqlx(try_from = "i64")]
    pub recipe_id: RecipeId,
    pub title: String,
    pub departement: String,
    pub times: i64,
    pub quantity: i64,
}

const RECIPE_COLUMNS: &str = "id, title, summary, body, material, duration_minutes, people_min, \
     people_max, place, interests, skills, published, created_at, updated_at";

/// A recipe as stored, read by column name; a number out of range or an unknown place is a
/// decoding error, not a recipe.
#[derive(sqlx::FromRow)]
struct RecipeRow {
    #[sqlx(try_from = "i64")]
    id: RecipeId,
    title: String,
    summary: String,
    body: String,
    material: Option<String>,
    #[sqlx(try_from = "i64")]
    duration_minutes: u32,
    #[sqlx(try_from = "i64")]
    people_min: u32,
    #[sqlx(try_from = "i64")]
    people_max: u32,
    place: String,
    interests: String,
    skills: String,
    #[sqlx(try_from = "Flag")]
    published: bool,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<RecipeRow> for Recipe {
    type Error = sqlx::Error;

    fn try_from(row: RecipeRow) -> Result<Self, sqlx::Error> {
        Ok(Recipe {
            id: row.id,
            details: RecipeDetails {
                title: row.title,
                summary: row.summary,
                body: row.body,
                material: row.material,
                duration_minutes: row.duration_minutes,
                people_min: row.people_min,
                people_max: row.people_max,
                place: Place::from_code(&row.place).ok_or_else(|| {
                    sqlx::Error::Decode(format!("unknown recipe place {:?}", row.place).into())
                })?,
                interests: Interest::from_stored(&row.interests),
                skills: Skill::from_stored(&row.skills),
                published: row.published,
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
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
    pub async fn create_recipe(
        &self,
        recipe: &RecipeDetails,
        now: i64,
    ) -> Result<RecipeId, StoreError> {
        let query = sqlx::query(
            "INSERT INTO recipes (title, summary, body, material, duration_minutes, people_min, \
             people_max, place, interests, skills, published, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        );
        let row = bind_details(query, recipe)
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
        Ok(RecipeId::new(row.try_get("id")?))
    }

    /// False when there is no such recipe.
    pub async fn update_recipe(
        &self,
        id: RecipeId,
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
            .bind(id.get())
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn find_recipe(&self, id: RecipeId) -> Result<Option<Recipe>, StoreError> {
        let row: Option<RecipeRow> = sqlx::query_as(&format!(
            "SELECT {RECIPE_COLUMNS} FROM recipes WHERE id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Recipe::try_from).transpose()?)
    }

    /// Published recipes, oldest first: what supporters are offered.
    pub async fn published_recipes(&self) -> Result<Vec<Recipe>, StoreError> {
        let rows: Vec<RecipeRow> = sqlx::query_as(&format!(
            "SELECT {RECIPE_COLUMNS} FROM recipes WHERE published = 1 ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(Recipe::try_from)
            .collect::<Result<_, _>>()?)
    }

    pub async fn save_action_profile(
        &self,
        person_id: PersonId,
        profile: &ActionProfile,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO action_profiles (person_id, availability, interests, skills, updated_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (person_id) DO UPDATE SET availability = excluded.availability, \
             interests = excluded.interests, skills = excluded.skills, updated_at = excluded.updated_at",
        )
        .bind(person_id.get())
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
        person_id: PersonId,
    ) -> Result<Option<ActionProfile>, StoreError> {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT availability, interests, skills FROM action_profiles WHERE person_id = $1",
        )
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(availability, interests, skills)| {
            ActionProfile::from_stored(&availability, &interests, &skills)
        }))
    }

    /// "Je l'ai fait": one record per time, with the count the person gave (1 by default).
    pub async fn record_recipe_done(
        &self,
        recipe_id: RecipeId,
        person_id: PersonId,
        departement: &str,
        quantity: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO recipe_done (recipe_id, person_id, departement, quantity, done_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(recipe_id.get())
        .bind(person_id.get())
        .bind(departement)
        .bind(quantity)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every recipe, published or not, with what was done of it (zeros when nothing yet).
    pub async fn recipe_totals(&self) -> Result<Vec<RecipeTotal>, StoreError> {
        // SUM of a BIGINT is a NUMERIC on PostgreSQL, which the Any driver cannot read: cast.
        Ok(sqlx::query_as(
            "SELECT r.id AS recipe_id, r.title, r.published, COUNT(d.id) AS times, \
             CAST(COALESCE(SUM(d.quantity), 0) AS BIGINT) AS quantity \
             FROM recipes r LEFT JOIN recipe_done d ON d.recipe_id = r.id \
             GROUP BY r.id, r.title, r.published ORDER BY r.id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Per recipe and département, only where something was done.
    pub async fn recipe_totals_by_departement(&self) -> Result<Vec<DepartementTotal>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.id AS recipe_id, r.title, d.departement, COUNT(*) AS times, \
             CAST(SUM(d.quantity) AS BIGINT) AS quantity \
             FROM recipe_done d JOIN recipes r ON r.id = d.recipe_id \
             GROUP BY r.id, r.title, d.departement ORDER BY r.id, d.departement",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
