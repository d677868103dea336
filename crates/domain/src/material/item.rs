//! An item of the catalogue as staff describe it. Prices are fixed by staff: paid material is a
//! sale, and a "pay what you want" price could be read by the CNCCFP as a gift (see
//! docs/decisions/0014-material.md).

use crate::donations::Cents;
use crate::text::{parse_text, required_text};
use crate::FieldErrors;

/// Far beyond any real order (a lot of 100 000 leaflets weighs half a tonne).
pub const MAX_QUANTITY: i64 = 10_000;
/// A price above this is a typing slip, not material.
pub const MAX_PRICE: Cents = Cents::euros(1_000);

/// The catalogue form, every field a string as typed.
#[derive(Debug, Clone, Default)]
pub struct ItemForm {
    pub name: String,
    pub description: String,
    pub unit: String,
    pub theme: String,
    pub per_order_max: String,
    /// Empty: unlimited.
    pub stock: String,
    /// Empty: no alert.
    pub alert_below: String,
    /// Euros as typed; empty or 0: free.
    pub price: String,
    pub visible: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    pub name: String,
    pub description: String,
    pub unit: String,
    pub theme: String,
    pub per_order_max: i64,
    pub stock: Option<i64>,
    pub alert_below: Option<i64>,
    pub price: Cents,
    pub visible: bool,
}

/// A whole number typed in a form, within `min..=max`.
fn count(raw: &str, what: &str, min: i64, max: i64) -> Result<i64, String> {
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    match cleaned.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "Indiquez {what} : un nombre entier de {min} à {max}."
        )),
    }
}

fn optional_count(raw: &str, what: &str, max: i64) -> Result<Option<i64>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        count(raw, what, 0, max).map(Some)
    }
}

impl ItemForm {
    /// `is_kit`: the starter kit, which is free (nobody held back from acting for lack of money)
    /// and given once, so at most one per order.
    pub fn parse(&self, is_kit: bool) -> Result<ItemDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(
            "name",
            required_text(&self.name, "le nom de l'article", 80, false),
        );
        let description = errors.take(
            "description",
            parse_text(&self.description, "la description", 2_000, true),
        );
        let unit = errors.take(
            "unit",
            required_text(
                &self.unit,
                "l'unité (par exemple « lot de 100 »)",
                40,
                false,
            ),
        );
        let theme = errors.take("theme", parse_text(&self.theme, "le thème", 40, false));
        let per_order_max = errors.take(
            "per_order_max",
            count(
                &self.per_order_max,
                "la quantité maximale par commande",
                1,
                MAX_QUANTITY,
            ),
        );
        let stock = errors.take(
            "stock",
            optional_count(&self.stock, "le stock (vide : illimité)", 100_000_000),
        );
        let alert_below = errors.take(
            "alert_below",
            optional_count(
                &self.alert_below,
                "le seuil d'alerte (vide : aucun)",
                100_000_000,
            ),
        );
        let price = if self.price.trim().is_empty() {
            Some(Cents::ZERO)
        } else {
            errors.take("price", Cents::read_euros(&self.price, MAX_PRICE))
        };
        if is_kit {
            if price.is_some_and(|p| p != Cents::ZERO) {
                errors.add(
                    "price",
                    "Le kit de démarrage est gratuit : laissez le prix vide.",
                );
            }
            if per_order_max.is_some_and(|max| max != 1) {
                errors.add(
                    "per_order_max",
                    "Le kit de démarrage se commande à l'unité : 1.",
                );
            }
        }
        match (
            name,
            description,
            unit,
            theme,
            per_order_max,
            stock,
            alert_below,
            price,
        ) {
            (
                Some(name),
                Some(description),
                Some(unit),
                Some(theme),
                Some(per_order_max),
                Some(stock),
                Some(alert_below),
                Some(price),
            ) if errors.is_empty() => Ok(ItemDraft {
                name,
                description: description.unwrap_or_default(),
                unit,
                theme: theme.unwrap_or_default(),
                per_order_max,
                stock,
                alert_below,
                price,
                visible: self.visible,
            }),
            _ => Err(errors),
        }
    }
}

/// A quantity typed in the cart: 0 takes the item out.
pub fn parse_quantity(raw: &str, per_order_max: i64) -> Result<i64, String> {
    count(raw, "la quantité", 0, per_order_max).map_err(|_| {
        format!("Choisissez une quantité de 0 à {per_order_max} (0 retire l'article du panier).")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ItemForm {
        ItemForm {
            name: "Tracts « L'avenir en commun »".into(),
            description: "Format A5, recto verso.".into(),
            unit: "lot de 100".into(),
            theme: "Programme".into(),
            per_order_max: "20".into(),
            stock: "".into(),
            alert_below: "".into(),
            price: "".into(),
            visible: true,
        }
    }

    #[test]
    fn a_free_unlimited_item() {
        let draft = form().parse(false).unwrap();
        assert_eq!(draft.price, Cents::ZERO);
        assert_eq!(draft.stock, None);
        assert_eq!(draft.per_order_max, 20);
        assert_eq!(draft.unit, "lot de 100");
    }

    #[test]
    fn a_paid_item_with_stock_and_alert() {
        let mut f = form();
        f.price = "2,50".into();
        f.stock = "1 000".into();
        f.alert_below = "100".into();
        let draft = f.parse(false).unwrap();
        assert_eq!(draft.price, Cents::new(250));
        assert_eq!(draft.stock, Some(1000));
        assert_eq!(draft.alert_below, Some(100));
    }

    #[test]
    fn nonsense_is_refused_field_by_field() {
        let mut f = form();
        f.name = " ".into();
        f.per_order_max = "0".into();
        f.stock = "-3".into();
        f.price = "abc".into();
        f.unit = "".into();
        let errors = f.parse(false).unwrap_err();
        for field in ["name", "per_order_max", "stock", "price", "unit"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_kit_is_free_and_one_per_order() {
        let mut f = form();
        f.price = "1".into();
        f.per_order_max = "3".into();
        let errors = f.parse(true).unwrap_err();
        assert!(errors.get("price").unwrap().contains("gratuit"));
        assert!(errors.get("per_order_max").is_some());
        let mut f = form();
        f.per_order_max = "1".into();
        assert!(f.parse(true).is_ok());
    }

    #[test]
    fn quantities_stay_within_the_limit() {
        assert_eq!(parse_quantity("3", 5), Ok(3));
        assert_eq!(parse_quantity(" 0 ", 5), Ok(0));
        assert!(parse_quantity("6", 5).unwrap_err().contains("de 0 à 5"));
        assert!(parse_quantity("-1", 5).is_err());
        assert!(parse_quantity("2.5", 5).is_err());
        assert!(parse_quantity("", 5).is_err());
    }
}
