//! Matériel in tests: items created as staff would, a cart filled and an order placed through
//! the pages, as a supporter does.

use essaim_domain::ids::ItemId;
use essaim_domain::material::ItemForm;
use essaim_store::now;

use super::{TestApp, Visitor};

/// The address fields of the order form, with a name and a street.
pub fn shipping<'a>(name: &'a str, line1: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("pour", ""),
        ("name", name),
        ("line1", line1),
        ("line2", ""),
        ("postal_code", "75018"),
        ("commune", "Paris"),
        ("phone", "06 11 22 33 44"),
    ]
}

impl TestApp {
    async fn catalogue_item(&self, form: ItemForm) -> ItemId {
        let draft = form.parse(false).expect("a valid item");
        self.store
            .create_item(&draft, false, None, now())
            .await
            .unwrap()
            .unwrap()
    }

    /// A visible item, up to 50 an order; `stock` None is unlimited, `price` in euros ("" is
    /// free).
    pub async fn material_item(&self, name: &str, stock: Option<i64>, price: &str) -> ItemId {
        self.catalogue_item(ItemForm {
            name: name.into(),
            unit: "lot de 10".into(),
            theme: "Affiches".into(),
            per_order_max: "50".into(),
            stock: stock.map(|n| n.to_string()).unwrap_or_default(),
            price: price.into(),
            visible: true,
            ..ItemForm::default()
        })
        .await
    }

    /// A free item of the catalogue, up to 5 an order; `stock` empty: unlimited.
    pub async fn free_item(&self, name: &str, unit: &str, theme: &str, stock: &str) -> ItemId {
        self.catalogue_item(ItemForm {
            name: name.into(),
            unit: unit.into(),
            theme: theme.into(),
            per_order_max: "5".into(),
            stock: stock.into(),
            visible: true,
            ..ItemForm::default()
        })
        .await
    }

    /// The starter kit, holding 200 leaflets (an item with the given stock).
    pub async fn starter_kit(&self, leaflets_stock: Option<i64>) -> (ItemId, ItemId) {
        let leaflets = self.material_item("Tracts", leaflets_stock, "").await;
        let form = ItemForm {
            name: "Kit de démarrage".into(),
            unit: "kit".into(),
            per_order_max: "1".into(),
            visible: true,
            ..ItemForm::default()
        };
        let kit = self
            .store
            .create_item(&form.parse(true).unwrap(), true, None, now())
            .await
            .unwrap()
            .expect("no kit yet");
        self.store
            .set_kit_contents(&[(leaflets, 200)])
            .await
            .unwrap();
        (kit, leaflets)
    }

    /// Puts `quantity` of `item` in `who`'s cart; returns the status and the page (a 303 on
    /// success).
    pub async fn add_to_cart(&self, who: &Visitor, item: ItemId, quantity: &str) -> (u16, String) {
        let id = item.to_string();
        let (status, _, body) = self
            .post_form(
                who,
                "/materiel",
                "/materiel/panier",
                &[("item", id.as_str()), ("quantity", quantity)],
            )
            .await;
        (status, body)
    }

    /// Orders what is in `who`'s cart; returns the status, the redirect and the page.
    pub async fn order(&self, who: &Visitor, fields: &[(&str, &str)]) -> (u16, String, String) {
        self.post_form(who, "/materiel/commande", "/materiel/commande", fields)
            .await
    }

    pub async fn stock_of(&self, item: ItemId) -> Option<i64> {
        self.store.item(item).await.unwrap().unwrap().stock
    }

    /// Orders in each status code.
    pub async fn orders_in(&self, status: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM material_orders WHERE status = $1")
            .bind(status)
            .fetch_one(self.store.pool())
            .await
            .unwrap()
    }
}
