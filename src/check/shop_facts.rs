//! Rules held against what the shop facts file says of each shop: its 客单价,
//! its deepest fold, its list prices (reference: [Reviewing rules](crate::_documentation::reference#reviewing-rules-youhui-check)).

use crate::model::{Promotion, PromotionType};
use crate::money::{Amount, Fold};

use super::facts::{Facts, ShopFacts, ShopStage};
use super::report::{Code, Warning};

/// `threshold_vs_aov`, `fold_below_shop_minimum` and `bundle_not_cheaper`
/// for one promotion.
pub(super) fn review(p: &Promotion, facts: &Facts, out: &mut Vec<Warning>) {
    let Some(shop) = p.shop.as_deref().and_then(|s| facts.shops.get(s)) else {
        return;
    };
    threshold_vs_aov(p, shop, out);
    folds(p, shop, out);
    bundle_not_cheaper(p, shop, out);
}

/// The lowest `min_amount` tier of an offer should sit 10 %–30 % above the
/// shop's 客单价 A, bounds included: it warns when `min × 10 < A × 11` or
/// `min × 10 > A × 13` (满就送额度控制高于客单价10%-30%).
fn threshold_vs_aov(p: &Promotion, shop: &ShopFacts, out: &mut Vec<Warning>) {
    let (Some(aov), Some(tiers)) = (shop.average_order_value, &p.tiers) else {
        return;
    };
    let Some(min) = tiers.first().and_then(|t| t.min_amount) else {
        return;
    };
    let (m, a) = (i128::from(min.fen()), i128::from(aov.fen()));
    if m * 10 >= a * 11 && m * 10 <= a * 13 {
        return;
    }
    let cents = |x: i128| Amount::total(i64::try_from(x).unwrap_or(i64::MAX));
    // Targets rounded half up to the fen.
    let times = |num: i128| cents((a * num + 5) / 10);
    let mut message = format!(
        "the lowest tier, 满{min}, is {} the 客单价 {aov}; a threshold works from {} to {} (10 %–30 % above it, 满就送额度控制高于客单价10%-30%)",
        relative(m, a),
        times(11),
        times(13)
    );
    match shop.stage {
        Some(ShopStage::Growth) => message.push_str(&format!(
            "; in the growth stage (成长期) plan it at {}",
            times(12)
        )),
        Some(ShopStage::Mature) => message.push_str(&format!(
            "; in the mature stage (成熟期) plan it at {}",
            times(15)
        )),
        None => {}
    }
    out.push(Warning::new(
        Code::ThresholdVsAov,
        vec![p.id.clone()],
        message,
    ));
}

/// `567 % above`, `10 % below`, to the whole percent (rounded down).
fn relative(m: i128, a: i128) -> String {
    if m >= a {
        format!("{} % above", (m - a) * 100 / a)
    } else {
        format!("{} % below", (a - m) * 100 / a)
    }
}

/// Every fold of an item discount, an offer's tiers or a shop coupon below
/// the shop's `min_fold` (the "0.5" written for "5").
fn folds(p: &Promotion, shop: &ShopFacts, out: &mut Vec<Warning>) {
    let Some(least) = shop.min_fold else { return };
    let mut found: Vec<(String, Fold)> = Vec::new();
    match p.kind {
        PromotionType::ItemDiscount | PromotionType::ShopCoupon => {
            found.extend(p.fold.map(|f| ("fold".to_string(), f)));
            found.extend(p.nth.map(|h| ("nth.fold".to_string(), h.fold)));
        }
        PromotionType::Threshold => {
            for (k, t) in p.tiers.iter().flatten().enumerate() {
                found.extend(t.fold.map(|f| (format!("tiers[{k}].fold"), f)));
            }
        }
        _ => {}
    }
    for (field, fold) in found {
        if fold < least {
            out.push(Warning::new(
                Code::FoldBelowShopMinimum,
                vec![p.id.clone()],
                format!(
                    "{field} {fold}折 is deeper than the shop's min_fold {least}折: a typo (\"0.5\" for \"5\")?"
                ),
            ));
        }
    }
}

/// A bundle whose items all have list prices, at a price not below the set
/// at those prices.
fn bundle_not_cheaper(p: &Promotion, shop: &ShopFacts, out: &mut Vec<Warning>) {
    let (PromotionType::Bundle, Some(items), Some(price)) = (p.kind, &p.items, p.price) else {
        return;
    };
    let mut list: i128 = 0;
    for item in items {
        let Some(each) = shop.list_prices.get(&item.sku) else {
            return;
        };
        list += i128::from(each.fen()) * i128::from(item.quantity);
    }
    if i128::from(price.fen()) >= list {
        let list = Amount::total(i64::try_from(list).unwrap_or(i64::MAX));
        out.push(Warning::new(
            Code::BundleNotCheaper,
            vec![p.id.clone()],
            format!(
                "the set costs {price}, not less than its items at their list prices ({list}): buyers save nothing by taking the bundle (总价要低于单个宝贝原价总和)"
            ),
        ));
    }
}
