//! Placing a meeting place with the national address service (BAN) when it is configured: its
//! answer is used when confident; a service that is down, slow or unsure leaves the group at
//! its commune's point, and the form still works.

use std::time::Duration;

use axum::routing::get;
use axum::{Json, Router};
use tokio::net::TcpListener;

use crate::groups::create_group_at;
use crate::support::{both_backends, TestApp};

/// A local service answering like api-adresse.data.gouv.fr's `/search/`.
async fn address_service(score: f64, delay: Duration) -> String {
    let app = Router::new().route(
        "/search/",
        get(move || async move {
            tokio::time::sleep(delay).await;
            Json(serde_json::json!({
                "type": "FeatureCollection",
                "features": [{
                    "type": "Feature",
                    "geometry": { "type": "Point", "coordinates": [4.8357, 45.7640] },
                    "properties": { "label": "1 Place Bellecour 69002 Lyon", "score": score }
                }]
            }))
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

async fn point_of_new_group(
    backend: crate::support::Backend,
    geocoder: Option<String>,
) -> Option<(f64, f64)> {
    let app = TestApp::spawn_with(backend, |config| config.geocoder_url = geocoder).await?;
    let creator = app.signed_and_confirmed("anim@exemple.fr").await;
    let id = create_group_at(
        &app,
        &creator,
        "Groupe de Bellecour",
        "69002",
        "1 place Bellecour",
    )
    .await;
    let group = app.store.find_group(id).await.unwrap().unwrap();
    Some((group.lat, group.lon))
}

both_backends! {
    async fn the_address_service_places_the_meeting_place_or_the_commune_does(backend: backend) {
        let commune = essaim_geo::point_of_postal_code("69002").unwrap();
        let Some(located) = point_of_new_group(backend, Some(address_service(0.93, Duration::ZERO).await)).await else {
            return;
        };
        assert_eq!(located, (45.7640, 4.8357), "a confident answer is used");

        let unsure = point_of_new_group(backend, Some(address_service(0.2, Duration::ZERO).await)).await.unwrap();
        assert_eq!(unsure, commune, "an unsure answer is not");
        let slow = point_of_new_group(backend, Some(address_service(0.93, Duration::from_secs(5)).await)).await.unwrap();
        assert_eq!(slow, commune, "a slow service is not waited for");
        let down = point_of_new_group(backend, Some("http://127.0.0.1:1".into())).await.unwrap();
        assert_eq!(down, commune, "a service that is down does not block the form");
        let off = point_of_new_group(backend, None).await.unwrap();
        assert_eq!(off, commune, "without the service, the gazetteer");
    }
}
