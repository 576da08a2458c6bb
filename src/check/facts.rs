//! The shop facts file of `youhui check --shop-facts` (reference: [Reviewing rules](crate::_documentation::reference#reviewing-rules-youhui-check)): what a
//! shop's numbers are, so that its rules can be held against them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, FactsError, LimitError, TextError};
use crate::model::de;
use crate::money::{Amount, Fold};
use crate::text;
use crate::text::quoted;

/// The facts of the shops whose rules are checked:
/// `{ "shops": { "tea": { "average_order_value": "150.00", … } } }`.
///
/// ```
/// let facts = youhui::Facts::from_json(r#"{"shops":{"tea":{"average_order_value":"150.00","stage":"growth",
///     "min_fold":"5","list_prices":{"cup":"59.00"}}}}"#).unwrap();
/// let tea = &facts.shops["tea"];
/// assert_eq!(tea.average_order_value.unwrap().fen(), 150_00);
/// assert_eq!(tea.stage, Some(youhui::ShopStage::Growth));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Facts {
    /// Per shop (the shop names of the rules file).
    pub shops: BTreeMap<String, ShopFacts>,
}

/// What is known of one shop; every field is optional.
///
/// ```
/// let s: youhui::ShopFacts = serde_json::from_str(r#"{"min_fold":"5"}"#).unwrap();
/// assert_eq!(s.min_fold.unwrap().hundredths(), 500);
/// assert!(s.average_order_value.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopFacts {
    /// 客单价: what an order at the shop comes to on average (above zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_order_value: Option<Amount>,
    /// Where the shop is in its life (成长期 or 成熟期), for the planning target
    /// of its thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<ShopStage>,
    /// The deepest fold the shop means to give: a fold below it is taken for
    /// a typo (`"0.5"` written for `"5"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_fold: Option<Fold>,
    /// SKU → list price (the price a bundle's set is compared with).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub list_prices: BTreeMap<String, Amount>,
}

/// A shop's stage: how far above its 客单价 a threshold is planned.
///
/// ```
/// let s: youhui::ShopStage = serde_json::from_str("\"mature\"").unwrap();
/// assert_eq!(s, youhui::ShopStage::Mature);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShopStage {
    /// 成长期: thresholds planned at 1.2 × the 客单价.
    Growth,
    /// 成熟期: thresholds planned at 1.5 × the 客单价.
    Mature,
}

impl<'de> Deserialize<'de> for Facts {
    /// Reads a facts file strictly, as every input (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Facts, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename = "Facts")]
        struct Fields {
            shops: BTreeMap<String, ShopFacts>,
        }
        let f = Fields::deserialize(de::Strict(d))?;
        Ok(Facts { shops: f.shops })
    }
}

impl Facts {
    /// Reads a facts file: its shape, then what its values say (an
    /// `average_order_value` above zero, shop names and SKUs as the
    /// contract's text), naming the place of the first mistake.
    ///
    /// ```
    /// let err = youhui::Facts::from_json(r#"{"shops":{"tea":{"average_order_value":"0"}}}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "facts file, shops.tea.average_order_value: must be above zero");
    /// let err = youhui::Facts::from_json(r#"{"shops":{"tea":{"aov":"150"}}}"#).unwrap_err();
    /// assert!(err.location().starts_with("facts file, shops.tea.aov"));
    /// ```
    pub fn from_json(json: &str) -> Result<Facts, Error> {
        Facts::read_all(json).map_err(|mut errors| errors.swap_remove(0))
    }

    /// Reads a facts file and returns every mistake: the first of its shape
    /// (the reader stops there), or every one of its values.
    ///
    /// ```
    /// let errors = youhui::Facts::read_all(r#"{"shops":{"tea":{"average_order_value":"0"},
    ///     "cup":{"average_order_value":"0"}}}"#).unwrap_err();
    /// assert_eq!(errors.len(), 2);
    /// assert_eq!(errors[0].location(), "facts file, shops.cup.average_order_value");
    /// ```
    pub fn read_all(json: &str) -> Result<Facts, Vec<Error>> {
        let facts: Facts =
            crate::model::from_json(json, crate::error::File::Facts).map_err(|e| vec![e])?;
        let errors = facts.problems();
        if errors.is_empty() {
            Ok(facts)
        } else {
            Err(errors)
        }
    }

    /// Every mistake in what the values say (the shape is the reader's).
    fn problems(&self) -> Vec<Error> {
        let mut out = Vec::new();
        let mut text_ok = |field: &str, s: &str| {
            if let Some(problem) = text::problem(s, false) {
                out.push(Error::facts(
                    "facts file, shops",
                    TextError::new(field, s, problem),
                ));
            }
        };
        for (shop, f) in &self.shops {
            text_ok("a shop name", shop);
            for sku in f.list_prices.keys() {
                text_ok("a SKU of list_prices", sku);
            }
        }
        for (shop, f) in &self.shops {
            if f.average_order_value.is_some_and(|a| a.fen() == 0) {
                out.push(Error::facts(
                    format!("facts file, shops.{}.average_order_value", path_key(shop)),
                    FactsError::NotPositive,
                ));
            }
            if f.list_prices.len() > crate::limits::MAX_LIST {
                out.push(Error::facts(
                    format!("facts file, shops.{}.list_prices", path_key(shop)),
                    LimitError::Entries {
                        count: f.list_prices.len(),
                    },
                ));
            }
        }
        out
    }
}

/// A shop name as a step of a JSON path: as it is when it reads as one,
/// quoted otherwise.
fn path_key(shop: &str) -> String {
    if !shop.is_empty()
        && shop
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        crate::text::clipped(shop)
    } else {
        quoted(shop)
    }
}
