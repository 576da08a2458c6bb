//! A misspelt field of a promotion: named by the promotion's id, with the
//! fields of its type only and the closest of them ("did you mean").
//!
//! serde can say only "unknown field, expected one of" all twenty fields of
//! every type, at `promotions[4]`; this reads the promotion's id and type
//! again (only when there is such an error) to say it as a merchant needs it.

use serde::Deserialize;

use super::rules::{PromotionType, COMMON_FIELDS};
use crate::error::{Error, RuleError};
use crate::text::{self, quoted};

/// How alike (Jaro–Winkler, 0 to 1) a field must be to the unknown one to
/// be suggested: `amout_off` → `amount_off` (0.98), `min_amt` → `min_amount`
/// (0.90); `colour` suggests nothing (at most 0.59).
const ALIKE: f64 = 0.8;

/// The error for the unknown `field` of the promotion written `promotion`
/// (its JSON text), number `index` of the rules file; `position` is serde's
/// ` at line L column C` (or nothing).
pub(crate) fn unknown_field(promotion: &str, index: usize, field: &str, position: &str) -> Error {
    #[derive(Deserialize)]
    struct Head {
        id: Option<String>,
        #[serde(rename = "type")]
        kind: Option<String>,
    }
    let head = serde_json::from_str::<Head>(promotion).ok();
    let id = head.as_ref().and_then(|h| h.id.as_deref());
    let kind = head
        .as_ref()
        .and_then(|h| h.kind.as_deref())
        .and_then(PromotionType::from_name);
    let fields: Vec<&'static str> = match kind {
        Some(k) => COMMON_FIELDS
            .iter()
            .chain(k.own_fields())
            .copied()
            .collect(),
        None => {
            let mut all: Vec<&'static str> = COMMON_FIELDS.to_vec();
            for k in PromotionType::ALL {
                for f in k.own_fields() {
                    if !all.contains(f) {
                        all.push(f);
                    }
                }
            }
            all
        }
    };
    let location = match id {
        Some(id) if text::problem(id, false).is_none() => format!("promotion {}", quoted(id)),
        _ => format!("rules file, promotions[{index}]"),
    };
    let m = RuleError::UnknownField {
        field: field.to_string(),
        of: kind.map_or("a promotion", PromotionType::with_article),
        suggestion: closest(field, &fields),
        fields,
        position: position.to_string(),
    };
    Error::rules(location, m)
}

/// The id of `ids` most like `id`, if one is alike enough (a misspelt
/// promotion id in a cart's counts: `sc2O` → `sc20`). Ties: the first.
pub(crate) fn closest_id<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for other in ids {
        let score = strsim::jaro_winkler(id, other);
        if score >= ALIKE && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, other));
        }
    }
    best.map(|(_, other)| other)
}

/// The field of `fields` most like `field`, if one is alike enough.
fn closest(field: &str, fields: &[&'static str]) -> Option<&'static str> {
    fields
        .iter()
        .map(|&f| (strsim::jaro_winkler(field, f), f))
        .filter(|&(score, _)| score >= ALIKE)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_field_alike_enough() {
        let coupon: Vec<&str> = COMMON_FIELDS
            .iter()
            .chain(PromotionType::ShopCoupon.own_fields())
            .copied()
            .collect();
        assert_eq!(closest("amout_off", &coupon), Some("amount_off"));
        assert_eq!(closest("min_amt", &coupon), Some("min_amount"));
        assert_eq!(closest("scopes", &coupon), Some("scope"));
        assert_eq!(closest("colour", &coupon), None);
        assert_eq!(closest("x", &coupon), None);
    }

    #[test]
    fn the_closest_id_alike_enough() {
        let ids = ["sc20", "pc50", "flash"];
        assert_eq!(closest_id("sc2", ids.into_iter()), Some("sc20"));
        assert_eq!(closest_id("flahs", ids.into_iter()), Some("flash"));
        assert_eq!(closest_id("zz", ids.into_iter()), None);
        assert_eq!(closest_id("sc2", std::iter::empty()), None);
    }

    #[test]
    fn named_by_id_with_its_types_fields() {
        let p = r#"{"id":"sc","type":"shop_coupon","shop":"tea","amout_off":"5"}"#;
        let e = unknown_field(p, 4, "amout_off", " at line 1 column 58");
        assert_eq!(e.location(), "promotion \"sc\"");
        assert_eq!(
            e.message(),
            "unknown field `amout_off`; did you mean `amount_off`? The fields of a shop_coupon are `id`, `type`, `shop`, `name`, `valid`, `scope`, `audience`, `limits`, `min_amount`, `amount_off`, `fold`, `max_off` at line 1 column 58"
        );
        assert_eq!(e.kind(), crate::ErrorKind::UnknownField);
        // No id that can name it, no type: its place, and every field.
        let e = unknown_field(r#"{"colour":1}"#, 4, "colour", "");
        assert_eq!(e.location(), "rules file, promotions[4]");
        assert!(e
            .message()
            .starts_with("unknown field `colour`; the fields of a promotion are `id`"));
    }
}
