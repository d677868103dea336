//! Material in tests: catalogue items made through the store, as staff would make them.

use essaim_domain::ids::ItemId;
use essaim_domain::material::ItemForm;

use super::TestApp;

impl TestApp {
    /// A free item of the catalogue, up to 5 an order; `stock` empty: unlimited.
    pub async fn free_item(&self, name: &str, unit: &str, theme: &str, stock: &str) -> ItemId {
        let draft = ItemForm {
            name: name.into(),
            unit: unit.into(),
            theme: theme.into(),
            per_order_max: "5".into(),
            stock: stock.into(),
            visible: true,
            ..Default::default()
        }
        .parse(false)
        .unwrap();
        self.store
            .create_item(&draft, false, None, essaim_store::now())
            .await
            .unwrap()
            .unwrap()
    }

    /// How many of `item` are left (it has a stock).
    pub async fn stock_of(&self, item: ItemId) -> i64 {
        self.store.item(item).await.unwrap().unwrap().stock.unwrap()
    }
}
