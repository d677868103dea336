//! Geocoding a meeting place's street address through the national address service (BAN,
//! api-adresse.data.gouv.fr) when configured. Anything but a quick, confident answer gives
//! `None`, and the caller falls back to the commune's point from the offline gazetteer.

use std::time::Duration;

#[derive(Clone)]
pub struct Geocoder {
    /// None: the service is disabled (the default: no request leaves the server).
    service: Option<(reqwest::Client, String)>,
}

/// A form waits at most this long for the service.
const TIMEOUT: Duration = Duration::from_millis(1500);
/// BAN scores its matches from 0 to 1; below this the "address" is probably a café's name.
const MIN_SCORE: f64 = 0.5;

impl Geocoder {
    pub fn new(base_url: Option<&str>) -> Self {
        let service = base_url.filter(|u| !u.trim().is_empty()).and_then(|url| {
            let client = reqwest::Client::builder()
                .timeout(TIMEOUT)
                .user_agent("Essaim (logiciel libre)")
                .build()
                .ok()?;
            Some((client, url.trim_end_matches('/').to_string()))
        });
        Self { service }
    }

    /// Where a meeting place is: the address service's point when there is a street address
    /// and the service answers surely, else the commune's point from the gazetteer.
    pub async fn place(
        &self,
        address: Option<&str>,
        postal_code: &str,
        commune: &essaim_geo::Commune,
    ) -> (f64, f64) {
        match address {
            Some(address) => self
                .locate(address, postal_code, commune.name)
                .await
                .unwrap_or(commune.point()),
            None => commune.point(),
        }
    }

    async fn locate(&self, address: &str, postal_code: &str, commune: &str) -> Option<(f64, f64)> {
        let (client, base) = self.service.as_ref()?;
        let query = format!("{address} {commune}");
        let response = client
            .get(format!("{base}/search/"))
            .query(&[
                ("q", query.as_str()),
                ("postcode", postal_code),
                ("limit", "1"),
            ])
            .send()
            .await
            .inspect_err(|error| tracing::warn!(%error, "geocoder unreachable"))
            .ok()?;
        let json: serde_json::Value = response.error_for_status().ok()?.json().await.ok()?;
        let feature = json["features"].get(0)?;
        if feature["properties"]["score"].as_f64()? < MIN_SCORE {
            return None;
        }
        let coordinates = &feature["geometry"]["coordinates"];
        let (lon, lat) = (coordinates[0].as_f64()?, coordinates[1].as_f64()?);
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
    }
}
