//! Cart checks: what the cart must be before anything is priced, and the
//! cart's lines and shops in fen and indices ([`LineFacts`], [`ShopFacts`]).
//!
//! Rules were checked when the engine was built; a price checks only the cart.

use std::hash::BuildHasher;

use crate::error::{CartError, Error, LimitError, TextError};
use crate::ids::{LineIx, ShopIx};
use crate::limits;
use crate::model::{Cart, Stage};
use crate::rules::compiled::Catalog;
use crate::text::{self, clipped, quoted};

use super::state::{CartIndex, LineFacts, ShopFacts};

fn line_at(cart: &Cart, i: usize) -> String {
    format!("line {}", quoted(&cart.lines[i].id))
}

/// Checks the cart and fills the lines, shops and held coupons of `w`.
pub(crate) fn check(cat: &Catalog, cart: &Cart, w: &mut CartIndex) -> Result<(), Error> {
    bounds(cart)?;
    let mut lookup = ShopLookup::default();
    lines(cat, cart, w, &mut lookup)?;
    unique_ids(cart, w)?;
    shipping(cart, w, &lookup)?;
    held(cat, cart, w)?;
    counts(cat, cart)?;
    points(cat, cart)?;
    if let Some(b) = &cart.customer.birthday {
        super::audience::parse_birthday(b).ok_or_else(|| {
            Error::cart(
                "cart file, customer.birthday",
                CartError::Birthday(b.clone()),
            )
        })?;
    }
    Ok(())
}

/// A balance within its bound, and points used only where the rules have a
/// points scheme.
fn points(cat: &Catalog, cart: &Cart) -> Result<(), Error> {
    if let Some(points) = cart.customer.points.filter(|&p| p > limits::MAX_POINTS) {
        return Err(Error::cart(
            "cart file, customer.points",
            CartError::PointsBalance { points },
        ));
    }
    if cart.use_points && cat.settings.points.is_none() {
        return Err(Error::cart(
            "cart file, use_points",
            CartError::PointsWithoutScheme,
        ));
    }
    Ok(())
}

/// Every size of the cart within its limit.
fn bounds(cart: &Cart) -> Result<(), Error> {
    if cart.lines.len() > limits::MAX_LINES {
        let count = cart.lines.len();
        return Err(Error::cart("cart file, lines", LimitError::Lines { count }));
    }
    if cart.coupons.len() > limits::MAX_HELD_COUPONS {
        let count = cart.coupons.len();
        return Err(Error::cart(
            "cart file, coupons",
            LimitError::HeldCoupons { count },
        ));
    }
    if cart.lines.is_empty() {
        return Err(Error::cart("cart file, lines", CartError::NoLine));
    }
    let c = &cart.customer;
    for (field, value) in [("customer.id", &c.id), ("customer.segment", &c.segment)] {
        if let Some(v) = value {
            text_ok(|| format!("cart file, {field}"), "", v)?;
        }
    }
    let maps: [(&str, usize, &mut dyn Iterator<Item = &String>); 3] = [
        ("shipping", cart.shipping.len(), &mut cart.shipping.keys()),
        ("customer.orders", c.orders.len(), &mut c.orders.keys()),
        (
            "customer.rebate_balances",
            c.rebate_balances.len(),
            &mut c.rebate_balances.keys(),
        ),
    ];
    for (field, len, keys) in maps {
        if len > limits::MAX_LIST {
            return Err(Error::cart(
                format!("cart file, {field}"),
                LimitError::Entries { count: len },
            ));
        }
        for k in keys {
            text_ok(|| format!("cart file, {field}"), "the shop name", k)?;
        }
    }
    Ok(())
}

/// Checks one text of the cart by the rules for text (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)).
/// Where it is (`at`) is written only for a refusal: each key of a cart's
/// maps is checked, and writing it each time cost as much as the check.
fn text_ok(at: impl FnOnce() -> String, field: &str, s: &str) -> Result<(), Error> {
    match text::problem(s, false) {
        None => Ok(()),
        Some(problem) => {
            let field = if field.is_empty() { "the value" } else { field };
            Err(Error::cart(at(), TextError::new(field, s, problem)))
        }
    }
}

/// Finds a shop of the cart by name: the last one found first (a shop's lines
/// usually come together), then a scan while the cart has few shops, a map after.
#[derive(Default)]
struct ShopLookup<'c> {
    map: foldhash::HashMap<&'c str, u32>,
    last: std::cell::Cell<usize>,
}

impl<'c> ShopLookup<'c> {
    const SCAN: usize = 16;

    #[inline]
    fn get(&self, cart: &Cart, shops: &[ShopFacts], name: &str) -> Option<usize> {
        let last = self.last.get();
        if shops
            .get(last)
            .is_some_and(|s| cart.lines[s.first.get()].shop == name)
        {
            return Some(last);
        }
        let found = self.find(cart, shops, name);
        if let Some(s) = found {
            self.last.set(s);
        }
        found
    }

    fn find(&self, cart: &Cart, shops: &[ShopFacts], name: &str) -> Option<usize> {
        if shops.len() <= Self::SCAN {
            shops
                .iter()
                .position(|s| cart.lines[s.first.get()].shop == name)
        } else {
            self.map.get(name).map(|&s| s as usize)
        }
    }

    /// Call after pushing a shop: the next line is most likely of it.
    fn added(&mut self, cart: &'c Cart, shops: &[ShopFacts]) {
        self.last.set(shops.len().saturating_sub(1));
        let name = |s: &ShopFacts| cart.lines[s.first.get()].shop.as_str();
        if shops.len() == Self::SCAN + 1 {
            self.map
                .extend(shops.iter().enumerate().map(|(k, s)| (name(s), k as u32)));
        } else if shops.len() > Self::SCAN + 1 {
            let k = shops.len() - 1;
            self.map.insert(name(&shops[k]), k as u32);
        }
    }
}

/// Each line's text and quantity; the lines in fen; the shops and their lines.
fn lines<'c>(
    cat: &Catalog,
    cart: &'c Cart,
    w: &mut CartIndex,
    lookup: &mut ShopLookup<'c>,
) -> Result<(), Error> {
    let n = cart.lines.len();
    w.lines.reserve(n);
    for (i, l) in cart.lines.iter().enumerate() {
        let plain = |s: &str| text::problem(s, false).is_none();
        // A shop met on an earlier line has a name that passed: the same bytes pass.
        let known = lookup.get(cart, &w.shops, &l.shop);
        if !(plain(&l.id) && (known.is_some() || plain(&l.shop)) && plain(&l.sku))
            || l.category.as_deref().is_some_and(|c| !plain(c))
        {
            return Err(text_error(cart, i));
        }
        if !(1..=limits::MAX_QUANTITY).contains(&l.quantity) {
            // Worded as the cart file's reader words it (a cart built in Rust
            // reaches this check; one read from JSON is refused on reading).
            return Err(Error::cart(
                format!("cart file, lines[{i}].quantity"),
                CartError::Quantity {
                    quantity: l.quantity.into(),
                },
            ));
        }
        let s = match known {
            Some(s) => s,
            None => {
                w.shops.push(ShopFacts {
                    first: LineIx::new(i),
                    rules: cat.shop(&l.shop),
                    ..ShopFacts::default()
                });
                lookup.added(cart, &w.shops);
                w.shops.len() - 1
            }
        };
        let unit = l.unit_price.fen();
        let qty = i64::from(l.quantity);
        w.lines.push(LineFacts {
            unit,
            qty,
            orig: unit * qty,
            shop: ShopIx::new(s),
        });
        // Every shop's lines in order: counted now, placed below.
        w.shops[s].lines.end += 1;
    }
    // Place each shop's lines, shop after shop, in cart order.
    let mut start = 0u32;
    for s in w.shops.iter_mut() {
        let len = s.lines.end;
        s.lines = start..start;
        start += len;
    }
    w.shop_lines.resize(n, LineIx::default());
    for i in 0..n {
        let s = &mut w.shops[w.lines[i].shop.get()];
        w.shop_lines[s.lines.end as usize] = LineIx::new(i);
        s.lines.end += 1;
    }
    w.order.extend((0..n).map(LineIx::new));
    Ok(())
}

/// The first text field of line `i` that breaks the rules for text, as an error.
#[cold]
fn text_error(cart: &Cart, i: usize) -> Error {
    let l = &cart.lines[i];
    let fields = [
        ("id", Some(&l.id)),
        ("shop", Some(&l.shop)),
        ("sku", Some(&l.sku)),
        ("category", l.category.as_ref()),
    ];
    let (field, s, problem) = fields
        .into_iter()
        .find_map(|(field, s)| {
            let s = s?;
            text::problem(s, false).map(|p| (field, s, p))
        })
        .unwrap_or(("id", &l.id, text::Problem::Empty));
    let at = if field == "id" || text::problem(&l.id, false).is_some() {
        format!("cart file, lines[{i}]")
    } else {
        line_at(cart, i)
    };
    Error::cart(at, TextError::new(field, s, problem))
}

/// Line ids are unique. Their hashes are sorted (integers, not strings), and
/// only ids whose hashes meet are compared; the error, if any, is found again
/// by sorting the ids, so that it names the smallest repeated id and its
/// first two lines.
fn unique_ids(cart: &Cart, w: &mut CartIndex) -> Result<(), Error> {
    let hasher = foldhash::fast::FixedState::default();
    let hashes = &mut w.hashes;
    hashes.clear();
    hashes.extend(
        cart.lines
            .iter()
            .enumerate()
            .map(|(i, l)| (hasher.hash_one(&l.id), i as u32)),
    );
    hashes.sort_unstable();
    let repeated = hashes.windows(2).any(|p| {
        p[0].0 == p[1].0 && cart.lines[p[0].1 as usize].id == cart.lines[p[1].1 as usize].id
    });
    if !repeated {
        return Ok(());
    }
    let mut by_id: Vec<usize> = (0..cart.lines.len()).collect();
    by_id.sort_by(|&a, &b| cart.lines[a].id.cmp(&cart.lines[b].id).then(a.cmp(&b)));
    let (j, i) = by_id
        .windows(2)
        .map(|p| (p[0], p[1]))
        .find(|&(a, b)| cart.lines[a].id == cart.lines[b].id)
        .unwrap_or_default();
    Err(Error::cart(
        line_at(cart, i),
        CartError::LineIdTwice {
            first: j,
            second: i,
        },
    ))
}

/// Every shipping fee names a shop of the cart.
fn shipping(cart: &Cart, w: &mut CartIndex, lookup: &ShopLookup<'_>) -> Result<(), Error> {
    for (shop, fee) in &cart.shipping {
        match lookup.get(cart, &w.shops, shop) {
            Some(s) => w.shops[s].fee = fee.fen(),
            None => {
                return Err(Error::cart(
                    format!("cart file, shipping.{}", clipped(shop)),
                    CartError::ShippingShop(shop.clone()),
                ))
            }
        }
    }
    Ok(())
}

/// The use counts (reference: [Use limits](crate::_documentation::reference#use-limits-每人限用-每人限购-发行量)): at most 10,000 entries a map,
/// each naming a promotion of the rules (`customer.units`: an item
/// discount), each from 0 to 100,000,000.
fn counts(cat: &Catalog, cart: &Cart) -> Result<(), Error> {
    let c = &cart.customer;
    let maps = [
        ("customer.uses", &c.uses),
        ("customer.units", &c.units),
        ("uses", &cart.uses),
    ];
    for (field, map) in maps {
        if map.len() > limits::MAX_LIST {
            let count = map.len();
            return Err(Error::cart(
                format!("cart file, {field}"),
                LimitError::Entries { count },
            ));
        }
        let units = field == "customer.units";
        for (id, &count) in map {
            text_ok(|| format!("cart file, {field}"), "the promotion id", id)?;
            let at = || format!("cart file, {field}.{}", clipped(id));
            match cat.promo(id) {
                None => {
                    let ids = cat
                        .heads
                        .iter()
                        .filter(|h| !units || h.stage == Stage::ItemDiscount)
                        .map(|h| &*h.id);
                    let suggestion = crate::model::typo::closest_id(id, ids).map(str::to_string);
                    let m = CartError::UnknownPromotion {
                        id: id.clone(),
                        suggestion,
                    };
                    return Err(Error::cart(at(), m));
                }
                Some(p) if units && cat.item_rule(p).is_none() => {
                    let head = cat.head(p);
                    let stage = if head.stage == Stage::ItemDiscount {
                        "a bundle"
                    } else {
                        head.stage.with_article()
                    };
                    let m = CartError::UnitsNotItem {
                        id: id.clone(),
                        stage,
                    };
                    return Err(Error::cart(at(), m));
                }
                Some(_) => {}
            }
            if count > limits::MAX_COUNT {
                return Err(Error::cart(at(), CartError::Count { count }));
            }
        }
    }
    Ok(())
}

/// Every held id names a coupon promotion, once.
fn held(cat: &Catalog, cart: &Cart, w: &mut CartIndex) -> Result<(), Error> {
    for (k, c) in cart.coupons.iter().enumerate() {
        let at = || format!("cart file, coupons[{k}]");
        match cat.promo(c) {
            Some(p) if matches!(cat.head(p).stage, Stage::ShopCoupon | Stage::PlatformCoupon) => {
                if w.held.contains(&p) {
                    return Err(Error::cart(at(), CartError::CouponTwice(c.clone())));
                }
                w.held.push(p);
            }
            Some(p) => {
                let stage = cat.head(p).stage.with_article();
                return Err(Error::cart(
                    at(),
                    CartError::NotACoupon {
                        id: c.clone(),
                        stage,
                    },
                ));
            }
            None => return Err(Error::cart(at(), CartError::UnknownCoupon(c.clone()))),
        }
    }
    w.held.sort_unstable();
    Ok(())
}
