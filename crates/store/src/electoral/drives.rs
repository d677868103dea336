//! Registration drives: per commune, how many people a group helped register or update their
//! address, and the totals staff read per département and per month.

use essaim_domain::ids::{GroupId, PersonId};
use jiff::civil::Date;

use crate::{Store, StoreError};

/// One commune's counts of a drive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriveLine {
    pub commune_insee: String,
    pub commune: String,
    pub departement: String,
    pub registered: i64,
    pub address_updates: i64,
}

/// A drive of a group, as the group's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDrive {
    pub held_on: Date,
    pub lines: Vec<DriveLine>,
}

/// Totals under a key (a département, a commune, a month "2027-03").
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DriveTotal {
    pub key: String,
    pub registered: i64,
    pub address_updates: i64,
}

impl Store {
    /// Records a drive of `group` held on `held_on`, with its communes' counts.
    pub async fn record_drive(
        &self,
        group: GroupId,
        recorded_by: PersonId,
        held_on: Date,
        lines: &[DriveLine],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO registration_drives (group_id, held_on, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(group.get())
        .bind(held_on.to_string())
        .bind(recorded_by.get())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for line in lines {
            // The same commune typed twice in one drive adds up.
            sqlx::query(
                "INSERT INTO registration_drive_counts (drive_id, commune_insee, commune, \
                 departement, registered, address_updates) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (drive_id, commune_insee) DO UPDATE SET \
                 registered = registration_drive_counts.registered + excluded.registered, \
                 address_updates = registration_drive_counts.address_updates + excluded.address_updates",
            )
            .bind(id)
            .bind(&line.commune_insee)
            .bind(&line.commune)
            .bind(&line.departement)
            .bind(line.registered)
            .bind(line.address_updates)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The group's drives, the latest first.
    pub async fn group_drives(&self, group: GroupId) -> Result<Vec<GroupDrive>, StoreError> {
        let rows: Vec<(i64, String, String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT d.id, d.held_on, c.commune_insee, c.commune, c.departement, c.registered, \
             c.address_updates FROM registration_drives d \
             JOIN registration_drive_counts c ON c.drive_id = d.id \
             WHERE d.group_id = $1 ORDER BY d.held_on DESC, d.id DESC, c.commune",
        )
        .bind(group.get())
        .fetch_all(&self.pool)
        .await?;
        let mut drives: Vec<(i64, GroupDrive)> = Vec::new();
        for (id, held_on, commune_insee, commune, departement, registered, address_updates) in rows
        {
            let Ok(held_on) = held_on.parse::<Date>() else {
                continue;
            };
            let line = DriveLine {
                commune_insee,
                commune,
                departement,
                registered,
                address_updates,
            };
            match drives.last_mut() {
                Some((last, drive)) if *last == id => drive.lines.push(line),
                _ => drives.push((
                    id,
                    GroupDrive {
                        held_on,
                        lines: vec![line],
                    },
                )),
            }
        }
        Ok(drives.into_iter().map(|(_, drive)| drive).collect())
    }

    /// Totals of every drive per département, the largest first.
    pub async fn drive_totals_by_departement(&self) -> Result<Vec<DriveTotal>, StoreError> {
        self.drive_totals("c.departement", "SUM(c.registered) DESC, c.departement")
            .await
    }

    /// Totals of every drive per commune (INSEE code), the largest first.
    pub async fn drive_totals_by_commune(&self) -> Result<Vec<DriveTotal>, StoreError> {
        self.drive_totals("c.commune_insee", "SUM(c.registered) DESC, c.commune_insee")
            .await
    }

    /// Totals of every drive per month of the drive ("2027-03"), in time order.
    pub async fn drive_totals_by_month(&self) -> Result<Vec<DriveTotal>, StoreError> {
        self.drive_totals("substr(d.held_on, 1, 7)", "1").await
    }

    async fn drive_totals(&self, key: &str, order: &str) -> Result<Vec<DriveTotal>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {key} AS key, CAST(SUM(c.registered) AS BIGINT) AS registered, \
             CAST(SUM(c.address_updates) AS BIGINT) AS address_updates \
             FROM registration_drive_counts c JOIN registration_drives d ON d.id = c.drive_id \
             GROUP BY {key} ORDER BY {order}"
        ))
        .fetch_all(&self.pool)
        .await?)
    }
}
