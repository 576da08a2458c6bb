//! The [`Engine`]: a rules file checked and compiled once, shared by every price.

use crate::error::Error;
use crate::limits;
use crate::model::{Rules, Settings};
use crate::rules::compiled::Catalog;
use crate::rules::{build, compiler};

/// The pricing engine: a checked, indexed rules file.
///
/// Build it once per rules file; it is `Send + Sync`, and
/// [`price`](Engine::price) takes `&self`, so one engine serves every thread.
///
/// ```
/// let rules = youhui::Rules::from_json(r#"{ "promotions": [
///     { "id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5" },
///     { "id": "mj", "type": "threshold", "shop": "tea",
///       "tiers": [ { "min_amount": "200", "amount_off": "20" } ] }
/// ] }"#).unwrap();
/// let engine = youhui::Engine::new(rules).unwrap();
/// let cart = youhui::Cart::from_json(r#"{ "now": "2026-11-11T10:00:00+08:00",
///     "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing", "unit_price": "128.00", "quantity": 2 } ] }"#).unwrap();
/// let quote = engine.price(&cart).unwrap();
/// // 128.00 × 8.5折 = 108.80 a unit, 217.60 for two; 满200减20 → 197.60.
/// assert_eq!(quote.totals.payable.to_string(), "197.60");
/// ```
#[derive(Debug)]
pub struct Engine {
    pub(crate) catalog: Catalog,
    /// What is left of a large rules file, being freed meanwhile.
    freeing: build::Freeing,
}

impl Drop for Engine {
    /// Frees the catalog, then waits for the rest of the rules file to be
    /// freed (it was being freed on a thread of its own since
    /// [`Engine::new`]): the two run at once. A large catalog's heads (each
    /// promotion's id, nearly half of the catalog's frees) are freed on a
    /// thread of their own while the rest of it is freed here.
    fn drop(&mut self) {
        let mut catalog = std::mem::take(&mut self.catalog);
        let mut heads = build::Freeing::apart(std::mem::take(&mut catalog.heads));
        drop(catalog);
        heads.wait();
        self.freeing.wait();
    }
}

impl Engine {
    /// Checks every rule and indexes the promotions by shop, once.
    ///
    /// Returns the first error [`check`](crate::check) would report.
    ///
    /// ```
    /// let rules = youhui::Rules::from_json(
    ///     r#"{"promotions":[{"id":"x","type":"item_discount","shop":"tea"}]}"#).unwrap();
    /// let err = youhui::Engine::new(rules).unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "promotion \"x\": an item_discount needs exactly one of fold, amount_off, fixed_price, nth; it has none");
    /// ```
    pub fn new(rules: Rules) -> Result<Engine, Error> {
        let n = rules.promotions.len();
        // A large file is planned (where each promotion goes) on a thread of
        // its own while it is checked, as if every promotion passed: the
        // plan is used only if every one did, which is the only way to an
        // engine. The plan reads the file as it is, trusting nothing the
        // check would refuse; a file above the limit is not planned.
        let speculate = (compiler::SPLIT_FROM..=limits::MAX_PROMOTIONS).contains(&n);
        let (checks, plan) = std::thread::scope(|s| {
            let plan = speculate
                .then(|| {
                    std::thread::Builder::new()
                        .name("youhui-plan".into())
                        .spawn_scoped(s, || build::plan(&rules.promotions, (0..n).collect()))
                        .ok()
                })
                .flatten();
            let checks = compiler::check_for_engine(&rules);
            let plan = plan.map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            (checks, plan)
        });
        let compiler::Checks {
            checked,
            errors,
            ids,
            ..
        } = checks;
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let (catalog, freeing) = match plan {
            Some(plan) if plan.is_for(&checked) => build::finish(rules, checked, plan, ids),
            _ => build::build(rules, checked, ids),
        };
        Ok(Engine { catalog, freeing })
    }

    /// The settings of the rules file.
    ///
    /// ```
    /// let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// assert_eq!(engine.settings().threshold_base, youhui::ThresholdBase::Parallel);
    /// ```
    pub fn settings(&self) -> Settings {
        self.catalog.settings
    }

    /// The display name of a promotion, if it has one.
    ///
    /// ```
    /// let engine = youhui::Engine::new(serde_json::from_str(
    ///     r#"{"promotions":[{"id":"f","type":"item_discount","shop":"s","fold":"9","name":"限时折扣"}]}"#).unwrap()).unwrap();
    /// assert_eq!(engine.promotion_name("f"), Some("限时折扣"));
    /// ```
    pub fn promotion_name(&self, id: &str) -> Option<&str> {
        let p = self.catalog.promo(id)?;
        self.catalog.head(p).name.as_deref()
    }

    /// Whether any promotion of the rules file belongs to `shop` (names it as
    /// its `shop`). A cart line of a shop with none is priced silently at its
    /// unit price, less only what a platform coupon takes: often a misspelt
    /// shop, which [`receipt`](crate::receipt) points out.
    ///
    /// ```
    /// let engine = youhui::Engine::new(youhui::Rules::from_json(
    ///     r#"{"promotions":[{"id":"f","type":"item_discount","shop":"tea","fold":"9"}]}"#).unwrap()).unwrap();
    /// assert!(engine.has_promotions_for("tea"));
    /// assert!(!engine.has_promotions_for("teaa"));
    /// ```
    pub fn has_promotions_for(&self, shop: &str) -> bool {
        self.catalog.shop(shop).is_some()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::compiled::Catalog;
    use crate::rules::{build, compiler};

    /// A valid rules file of `shops` × 9 promotions of every type and one
    /// platform coupon in 50, the shops' promotions interleaved and their
    /// ids out of order (some sharing their first 8 bytes).
    fn large(shops: usize) -> crate::Rules {
        let mut promotions = Vec::new();
        for k in 0..shops * 9 {
            let shop = format!("shop-{}", (k * 7919) % shops);
            let id = format!("{}-{k:06}", ["zz", "promotion", "a", "b"][k % 4]);
            let p = match k % 9 {
                0 => format!(
                    r#"{{"id":"{id}","type":"item_discount","shop":"{shop}","fold":"9","name":"限时 {k}","scope":{{"skus":["{shop}-k0","{shop}-k1"]}}}}"#
                ),
                1 => format!(
                    r#"{{"id":"{id}","type":"item_discount","shop":"{shop}","amount_off":"2","audience":{{"segments":["vip"],"min_orders":1}}}}"#
                ),
                2 => format!(
                    r#"{{"id":"{id}","type":"threshold","shop":"{shop}","tiers":[{{"min_amount":"300","amount_off":"30"}},{{"min_amount":"500","fold":"9","gifts":[{{"sku":"g","quantity":1}}]}}]}}"#
                ),
                3 => format!(
                    r#"{{"id":"{id}","type":"threshold","shop":"{shop}","every":{{"amount":"100","amount_off":"5"}},"valid":{{"from":"2026-11-01T00:00:00+08:00"}}}}"#
                ),
                4 => format!(
                    r#"{{"id":"{id}","type":"shop_coupon","shop":"{shop}","fold":"9.5","max_off":"20","limits":{{"per_customer":1}}}}"#
                ),
                5 => format!(
                    r#"{{"id":"{id}","type":"shop_coupon","shop":"{shop}","min_amount":"200","amount_off":"20"}}"#
                ),
                6 => format!(
                    r#"{{"id":"{id}","type":"rebate","shop":"{shop}","max_ratio":"0.1","scope":{{"categories":["c{}"]}}}}"#,
                    k % 3
                ),
                7 => format!(
                    r#"{{"id":"{id}","type":"bundle","shop":"{shop}","price":"10","items":[{{"sku":"x","quantity":1}},{{"sku":"y{}","quantity":2}}]}}"#,
                    k % 5
                ),
                _ if k % 50 == 8 => format!(
                    r#"{{"id":"{id}","type":"platform_coupon","min_amount":"500","amount_off":"50","scope":{{"shops":["{shop}"]}}}}"#
                ),
                _ => format!(
                    r#"{{"id":"{id}","type":"rebate","shop":"{shop}","max_ratio":"0.05","earn_ratio":"0.01"}}"#
                ),
            };
            promotions.push(p);
        }
        let json = format!(r#"{{"promotions":[{}]}}"#, promotions.join(","));
        crate::Rules::from_json(&json).unwrap()
    }

    /// Everything a catalog holds, as text; its hash maps as sorted lists.
    fn shown(c: &Catalog) -> Vec<String> {
        let mut shops: Vec<_> = c.shop_index.iter().collect();
        shops.sort();
        let ids: Vec<_> = c.heads.iter().map(|h| c.promo(&h.id)).collect();
        vec![
            format!("{:?}", c.settings),
            format!("{:?}", c.heads),
            format!("{:?}", c.items),
            format!("{:?}", c.bundles),
            format!("{:?}", c.offers),
            format!("{:?}", c.shop_coupons),
            format!("{:?}", c.rebates),
            format!("{:?}", c.platform_coupons),
            format!("{:?}", c.scopes),
            format!("{:?}", c.shops),
            format!("{shops:?}"),
            format!("{:?}", c.platform_scopes),
            format!("{ids:?}"),
        ]
    }

    /// A large file, planned while it is checked, makes the same catalog as
    /// when it is checked and then built, in the same order.
    #[test]
    fn a_plan_made_during_the_check_builds_the_same_catalog() {
        let rules = large(compiler::SPLIT_FROM / 9 + 3);
        assert!(rules.promotions.len() >= compiler::SPLIT_FROM);
        let checks = compiler::check_for_engine(&rules);
        assert!(checks.errors.is_empty(), "{:?}", checks.errors);
        // Every promotion passed: the plan of them all is the plan of what passed.
        let n = rules.promotions.len();
        assert!(build::plan(&rules.promotions, (0..n).collect()).is_for(&checks.checked));
        let (one_after_the_other, mut freeing) =
            build::build(rules.clone(), checks.checked, checks.ids);
        freeing.wait();
        let engine = super::Engine::new(rules).unwrap();
        assert_eq!(shown(&engine.catalog), shown(&one_after_the_other));
        // The index of the ids, renumbered from the check's, finds each head.
        for (k, head) in engine.catalog.heads.iter().enumerate() {
            assert_eq!(engine.catalog.promo(&head.id).map(|p| p.get()), Some(k));
        }
        assert_eq!(engine.catalog.by_id.table.len(), n);
        assert!(engine.catalog.platform_coupons.len() > 1);
        assert!(engine.catalog.bundles.len() > 1);
    }

    /// A large file's heads, made on a thread of their own while the lists
    /// are filled, make the same catalog as when they are made on this
    /// thread before the lists.
    #[test]
    fn heads_made_apart_build_the_same_catalog() {
        let rules = large(compiler::SPLIT_FROM / 9 + 3);
        let n = rules.promotions.len();
        let built = |apart_from| {
            let checks = compiler::check_for_engine(&rules);
            let plan = build::plan(&rules.promotions, (0..n).collect());
            let (catalog, mut freeing) = build::finish_apart_from(
                rules.clone(),
                checks.checked,
                plan,
                checks.ids,
                apart_from,
            );
            freeing.wait();
            catalog
        };
        let (apart, here) = (built(n), built(n + 1));
        assert_eq!(shown(&apart), shown(&here));
        for (k, head) in apart.heads.iter().enumerate() {
            assert_eq!(apart.promo(&head.id).map(|p| p.get()), Some(k));
        }
    }

    /// A large file with an error gives the check's first error, whatever
    /// the plan made meanwhile of the promotions the check refused.
    #[test]
    fn a_large_file_with_an_error_gives_the_checks_first_error() {
        let mut rules = large(compiler::SPLIT_FROM / 9 + 3);
        let n = rules.promotions.len();
        rules.promotions[n - 5].shop = None;
        rules.promotions[n - 2].id = rules.promotions[1].id.clone();
        rules.promotions[n - 1].scope = Some(crate::model::Scope::default());
        let (_, errors, _) = compiler::check(&rules, None);
        assert_eq!(errors.len(), 3);
        let e = super::Engine::new(rules).unwrap_err();
        assert_eq!(e.to_string(), errors[0].to_string());
        assert!(e.to_string().contains("shop is required"), "{e}");
    }

    /// One engine is shared by reference across threads.
    #[test]
    fn engine_is_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<super::Engine>();
        shared::<crate::Error>();
    }
}
