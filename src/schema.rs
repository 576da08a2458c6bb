//! JSON Schemas (draft 2020-12) of every file youhui reads or writes: the
//! rules file, the cart, the quote, the check report, the shop facts, the
//! returns file and refund of `youhui refund`, an item and a preview line
//! (the `schema` feature; `youhui schema
//! rules|cart|quote|check|facts|returns|refund|item|preview` prints them).
//!
//! They are derived from the Rust types with `schemars`, so they cannot drift
//! from what the engine reads, and say what JSON Schema can say of the
//! contract: required fields, no unknown fields, enumerations, the grammar of
//! amounts, folds and ratios, the bounds of lists and whole numbers. What it
//! cannot say — a field that belongs to one promotion type and not another,
//! ids unique across a file, NFC text, a window's `from` before its `until` —
//! `Engine::new`, `check` and `price` still refuse, naming the place.
//!
//! ```
//! let schema = youhui::schema::json(youhui::schema::Format::Cart);
//! let value: serde_json::Value = serde_json::from_str(&schema).unwrap();
//! assert_eq!(value["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(value["additionalProperties"], false);
//! ```

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::money::{Amount, Fold, Ratio};

/// The files youhui reads or writes.
///
/// ```
/// use youhui::schema::Format;
/// assert_eq!(
///     Format::ALL.map(Format::name),
///     ["rules", "cart", "quote", "check", "facts", "returns", "refund", "item", "preview"]
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The rules file (reference: [The rules file](crate::_documentation::reference#the-rules-file)).
    Rules,
    /// The cart file (reference: [The cart file](crate::_documentation::reference#the-cart-file)).
    Cart,
    /// The quote `price --json` prints (reference: [The quote](crate::_documentation::reference#the-quote)).
    Quote,
    /// The report `check --json` prints (reference: [Reviewing rules](crate::_documentation::reference#reviewing-rules-youhui-check)).
    Check,
    /// The shop facts file of `check --shop-facts` (reference: [Reviewing rules](crate::_documentation::reference#reviewing-rules-youhui-check)).
    Facts,
    /// The returns file of `youhui refund` (reference: [Refunds](crate::_documentation::reference#refunds-youhui-refund)).
    Returns,
    /// The refund `refund --json` prints (reference: [Refunds](crate::_documentation::reference#refunds-youhui-refund)).
    Refund,
    /// One item of `preview --items` (reference: 到手价, before the cart).
    Item,
    /// One line `preview --json` prints (reference: 到手价, before the cart).
    Preview,
}

impl Format {
    /// Every format, in the order above.
    pub const ALL: [Format; 9] = [
        Format::Rules,
        Format::Cart,
        Format::Quote,
        Format::Check,
        Format::Facts,
        Format::Returns,
        Format::Refund,
        Format::Item,
        Format::Preview,
    ];

    /// Its name on the command line and in `schema/<name>.schema.json`.
    ///
    /// ```
    /// assert_eq!(youhui::schema::Format::Check.name(), "check");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Format::Rules => "rules",
            Format::Cart => "cart",
            Format::Quote => "quote",
            Format::Check => "check",
            Format::Facts => "facts",
            Format::Returns => "returns",
            Format::Refund => "refund",
            Format::Item => "item",
            Format::Preview => "preview",
        }
    }
}

/// The schema of `format`, as pretty JSON ending in a newline (what
/// `schema/<name>.schema.json` holds).
///
/// ```
/// let rules = youhui::schema::json(youhui::schema::Format::Rules);
/// assert!(rules.contains("\"promotions\""));
/// ```
pub fn json(format: Format) -> String {
    let generator = SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(describe))
        .with_transform(RecursiveTransform(never_null))
        .into_generator();
    let schema = match format {
        Format::Rules => generator.into_root_schema_for::<crate::Rules>(),
        Format::Cart => generator.into_root_schema_for::<crate::Cart>(),
        Format::Quote => generator.into_root_schema_for::<crate::Quote<'static>>(),
        Format::Check => generator.into_root_schema_for::<crate::Report>(),
        Format::Facts => generator.into_root_schema_for::<crate::Facts>(),
        Format::Returns => generator.into_root_schema_for::<crate::Returns>(),
        Format::Refund => generator.into_root_schema_for::<crate::Refund>(),
        Format::Item => generator.into_root_schema_for::<crate::Item>(),
        Format::Preview => generator.into_root_schema_for::<crate::preview::PreviewLine<'static>>(),
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A description is the type's doc comment without its code examples (they
/// are Rust, for the API docs), its links to the API docs written as their
/// text (`[The quote](crate::…)` → `The quote`).
fn describe(schema: &mut Schema) {
    let Some(serde_json::Value::String(text)) = schema.get_mut("description") else {
        return;
    };
    if let Some(at) = text.find("```") {
        text.truncate(at);
    }
    let trimmed = unlink(text.trim_end());
    if trimmed.is_empty() {
        schema.remove("description");
    } else {
        *text = trimmed;
    }
}

/// `text` with each markdown link into the crate (`[words](crate::path)`)
/// replaced by its words: a schema's reader has no API docs to follow it to.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after
            .find("](crate::")
            .filter(|&close| !after[..close].contains(['[', ']']))
            .and_then(|close| {
                let target = &after[close + 2..];
                target.find(')').map(|end| (close, close + 2 + end + 1))
            });
        match link {
            Some((close, end)) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// An optional field is left out, never `null` (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)): schemars
/// writes an `Option` as "T or null", and this takes the null away.
fn never_null(schema: &mut Schema) {
    let null = serde_json::json!({ "type": "null" });
    if let Some(serde_json::Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if let [one] = types.as_slice() {
            let one = one.clone();
            schema.insert("type".into(), one);
        }
    }
    let Some(serde_json::Value::Array(any)) = schema.get("anyOf") else {
        return;
    };
    let rest: Vec<serde_json::Value> = any.iter().filter(|s| **s != null).cloned().collect();
    if let ([serde_json::Value::Object(only)], true) = (rest.as_slice(), rest.len() < any.len()) {
        schema.remove("anyOf");
        for (k, v) in only {
            schema.insert(k.clone(), v.clone());
        }
    }
}

/// Digits, an optional `.` and fraction digits; at most 32 characters
/// (reference: [Numbers](crate::_documentation::reference#numbers)).
const MAX_DECIMAL: u32 = 32;

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An amount of yuan as a string: digits, an optional '.' and at most two fraction digits, from \"0\" to \"100000000.00\".",
            "type": "string",
            "maxLength": MAX_DECIMAL,
            "pattern": "^(0*[0-9]{1,8}(\\.[0-9]{1,2})?|0*100000000(\\.0{1,2})?)$",
            "examples": ["128.50"]
        })
    }
}

impl JsonSchema for Fold {
    fn schema_name() -> Cow<'static, str> {
        "Fold".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A fold (折) as a string, 0.1 <= fold < 10, at most two fraction digits: \"8.5\" means pay 85 %.",
            "type": "string",
            "maxLength": MAX_DECIMAL,
            "pattern": "^(0*[1-9](\\.[0-9]{1,2})?|0+\\.[1-9][0-9]?)$",
            "examples": ["8.5"]
        })
    }
}

impl JsonSchema for Ratio {
    fn schema_name() -> Cow<'static, str> {
        "Ratio".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A ratio as a string, 0 < ratio <= 1, at most four fraction digits.",
            "type": "string",
            "maxLength": MAX_DECIMAL,
            "pattern": "^(0*1(\\.0{1,4})?|0+\\.([1-9][0-9]{0,3}|0[1-9][0-9]{0,2}|00[1-9][0-9]?|000[1-9]))$",
            "examples": ["0.1"]
        })
    }
}

impl JsonSchema for crate::money::EarnRate {
    fn schema_name() -> Cow<'static, str> {
        "EarnRate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Points earned per yuan paid, as a string: 0 to 100, at most two fraction digits.",
            "type": "string",
            "maxLength": MAX_DECIMAL,
            "pattern": "^(0*[0-9]{1,2}(\\.[0-9]{1,2})?|0*100(\\.0{1,2})?)$",
            "examples": ["0.5"]
        })
    }
}

/// An RFC 3339 timestamp with an offset (`2026-11-11T10:00:00+08:00`): the
/// pattern is the engine's grammar (hours 00–23, minutes and seconds 00–59,
/// no leap second, a fraction of 1 to 9 digits, offsets to ±23:59), not the
/// looser `date-time` format, which allows leap seconds and any fraction.
pub(crate) struct Rfc3339;

impl JsonSchema for Rfc3339 {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An RFC 3339 timestamp with its offset, such as \"2026-11-11T10:00:00+08:00\".",
            "type": "string",
            "format": "date-time",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
        })
    }
}

/// An id, shop, SKU, category, name or segment: 1 to 256 bytes of NFC text
/// without control characters (JSON Schema counts characters, so its bound of
/// 256 lets through a few texts the engine refuses).
pub(crate) struct Text;

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "1 to 256 bytes of UTF-8 NFC text without control characters. JSON Schema's maxLength counts characters, so it bounds the text at 256 characters: the engine also refuses a text of more than 256 bytes (86 CJK characters take 258).",
            "type": "string",
            "minLength": 1,
            "maxLength": crate::limits::MAX_TEXT
        })
    }
}

/// A map of use counts by promotion id (`customer.uses`, `customer.units`,
/// `uses`; contract v3): at most 10 000 entries, each a whole number from 0
/// to 100 000 000.
pub(crate) struct Counts;

impl JsonSchema for Counts {
    fn schema_name() -> Cow<'static, str> {
        "Counts".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Use counts by promotion id: each id names a promotion of the rules file (the engine checks it), each count a whole number from 0 to 100000000; at most 10000 entries.",
            "type": "object",
            "maxProperties": crate::limits::MAX_LIST,
            "propertyNames": { "minLength": 1, "maxLength": crate::limits::MAX_TEXT },
            "additionalProperties": {
                "type": "integer",
                "minimum": 0,
                "maximum": crate::limits::MAX_COUNT
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_into_the_crate_become_their_words() {
        assert_eq!(
            super::unlink("A cart (reference: [The cart file](crate::_documentation::reference#the-cart-file))."),
            "A cart (reference: The cart file)."
        );
        assert_eq!(
            super::unlink("[a](crate::x) and [b](crate::y#z), [1, 2] [c](https://e.com) ["),
            "a and b, [1, 2] [c](https://e.com) ["
        );
    }
}
