//! The rules file and the cart file (reference: [The rules file](crate::_documentation::reference#the-rules-file) and [The cart file](crate::_documentation::reference#the-cart-file)), exactly as they look in JSON.
//!
//! These types check the *form* of every value as they deserialize (amounts,
//! folds, ratios, timestamps, unknown fields), strictly ([`de`]): a struct
//! from a JSON object only, no `null`, no repeated key. What depends on
//! several fields together (exactly one benefit, increasing tiers, unique
//! ids, …) is checked by [`Engine::new`](crate::Engine::new) for rules and by
//! [`Engine::price`](crate::Engine::price) for carts.

mod cart;
pub(crate) mod cart_into;
pub(crate) mod de;
pub(crate) mod repeat;
mod rules;
pub(crate) mod time;
pub(crate) mod typo;

pub use cart::{Cart, CouponSelection, Customer, Line};
pub use repeat::{Hours, Repeat};
pub use rules::{
    Audience, BundleItem, Every, Gift, Lifecycle, Limits, Nth, PointsSettings, Promotion,
    PromotionType, Rules, Scope, Settings, Stage, ThresholdBase, Tier, Valid,
};

use crate::error::{Error, File, JsonError, LimitError};

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    file: File,
) -> Result<T, Error> {
    // A UTF-8 byte-order mark at the start of a file is ignored (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)).
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    from_json_checks(json, file)?;
    read(json, file)
}

/// What a file must be before it is read: within the size limit, a JSON object.
pub(crate) fn from_json_checks(json: &str, file: File) -> Result<(), Error> {
    if json.len() > crate::limits::MAX_FILE_BYTES {
        let m = LimitError::FileBytes {
            file,
            bytes: json.len(),
        };
        return Err(Error::new(file, file.name().to_string(), &m));
    }
    // serde would also read a struct from a JSON array (its fields by position);
    // the contract's files are objects.
    let json = json.trim_start();
    if json.is_empty() {
        return Err(Error::new(
            file,
            format!("{file} file"),
            &JsonError::empty(file),
        ));
    }
    if !json.starts_with('{') {
        return Err(Error::new(
            file,
            format!("{file} file"),
            &JsonError::NotAnObject(file),
        ));
    }
    Ok(())
}

/// Reads a whole file, naming the JSON path of a mistake. (The files' own
/// types read themselves strictly, [`de::Strict`].)
///
/// A file is read first without tracking where the reader is, which is most of
/// the cost of reading a cart (`youhui simulate` reads one per line); only a
/// file with a mistake is read again, to name its place. Both reads run the
/// same deserializer, so they accept exactly the same files.
pub(crate) fn read<'a, T: serde::Deserialize<'a>>(json: &'a str, file: File) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    if let Ok(value) = T::deserialize(&mut de) {
        if de.end().is_ok() {
            return Ok(value);
        }
    }
    crate::error::forget_raised();
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        misspelt(file, &e, None, json).unwrap_or_else(|| Error::json(file, &e, json))
    })?;
    // Nothing may follow the document.
    de.end().map_err(|e| Error::syntax(file, &e))?;
    Ok(value)
}

/// Reads one part of a file strictly (`part`, at JSON path `prefix`, starting
/// at `start`, its (line, column) in the whole file, 1-based), naming its
/// place in the whole file. The caller counts `start`, so that reading every
/// part of a file stays linear in the file.
pub(crate) fn read_part<T: serde::de::DeserializeOwned>(
    part: &str,
    start: (usize, usize),
    file: File,
    prefix: &str,
) -> Result<T, Error> {
    crate::error::forget_raised();
    let mut de = serde_json::Deserializer::from_str(part);
    serde_path_to_error::deserialize(de::Strict(&mut de)).map_err(|e| {
        let error = Error::json_part(file, prefix, &e, part, start);
        misspelt(file, &e, Some((prefix, part)), error.message()).unwrap_or(error)
    })
}

/// An unknown field of a promotion, said as a merchant needs it
/// ([`typo`]): `e` at `promotions[k].field` of a rules file (or at `field`
/// of the part `promotions[k]`, given as (prefix, its text)). `said` is
/// the message serde's error would have had (its position is kept), or the
/// whole file when there is no part.
fn misspelt(
    file: File,
    e: &serde_path_to_error::Error<serde_json::Error>,
    part: Option<(&str, &str)>,
    said: &str,
) -> Option<Error> {
    use serde_path_to_error::Segment;
    if file != File::Rules || !e.inner().to_string().starts_with("unknown field") {
        return None;
    }
    let steps: Vec<&Segment> = e.path().iter().collect();
    let (index, field, promotion) = match (part, steps.as_slice()) {
        (Some((prefix, text)), [Segment::Map { key }]) => {
            let index = prefix
                .strip_prefix("promotions[")?
                .strip_suffix(']')?
                .parse()
                .ok()?;
            (index, key.as_str(), text.to_string())
        }
        (None, [Segment::Map { key: list }, Segment::Seq { index }, Segment::Map { key }])
            if list == "promotions" =>
        {
            #[derive(serde::Deserialize)]
            struct Envelope<'a> {
                #[serde(borrow)]
                promotions: Vec<&'a serde_json::value::RawValue>,
            }
            let all: Envelope<'_> = serde_json::from_str(said).ok()?;
            (
                *index,
                key.as_str(),
                all.promotions.get(*index)?.get().to_string(),
            )
        }
        _ => return None,
    };
    let message = match part {
        Some(_) => said.to_string(),
        None => e.inner().to_string(),
    };
    let position = message.rfind(" at line ").map_or("", |at| &message[at..]);
    Some(typo::unknown_field(&promotion, index, field, position))
}
