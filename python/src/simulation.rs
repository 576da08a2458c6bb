//! `youhui.Simulation`: the what-if of `youhui simulate`, fed from Python.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::engine::Engine;
use crate::errors::input;
use crate::json::{self, Line};

type Sim<'e> = youhui::Simulation<'e>;

self_cell::self_cell!(
    /// A `youhui::Simulation` with the engine it borrows.
    struct State {
        owner: Arc<youhui::Engine>,
        #[covariant]
        dependent: Sim,
    }
);

/// A running what-if over past orders, as ``youhui simulate`` computes it.
///
/// Carts go in one at a time (:meth:`add`) or as JSON Lines
/// (:meth:`add_jsonl`); :meth:`report` gives the dict ``youhui simulate
/// --json`` prints. The state is a few sums, whatever the number of carts,
/// and two simulations of the same rules merge (:meth:`merge`,
/// :meth:`to_bytes`, :meth:`from_bytes`) into the one that saw both inputs:
/// the report is the same, byte for byte, however the carts were split.
///
/// >>> engine = youhui.Engine({"promotions": [{"id": "mj", "type": "threshold",
/// ...     "shop": "tea", "tiers": [{"min_amount": "100", "amount_off": "10"}]}]})
/// >>> sim = youhui.Simulation(engine)
/// >>> sim.add_jsonl('{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"cha","unit_price":"120","quantity":1}]}\n{oops\n')
/// >>> report = sim.report()
/// >>> report["carts"], report["totals"]["payable"], report["bad_lines"]["first"][0]["line"]
/// (1, '110.00', 2)
#[pyclass(module = "youhui")]
pub(crate) struct Simulation {
    /// The Python engine, for `engine` and for merges.
    engine: Py<Engine>,
    state: State,
    /// The number the next line of `add_jsonl` gets.
    next_line: u64,
}

impl Simulation {
    fn of(engine: Py<Engine>, arc: Arc<youhui::Engine>) -> Simulation {
        Simulation {
            engine,
            state: State::new(arc, |e| Sim::new(e)),
            next_line: 1,
        }
    }
}

#[pymethods]
impl Simulation {
    #[new]
    fn new(engine: Bound<'_, Engine>) -> Simulation {
        let arc = engine.get().engine.clone();
        Simulation::of(engine.unbind(), arc)
    }

    /// The engine whose rules this simulation prices with.
    #[getter]
    fn engine(&self, py: Python<'_>) -> Py<Engine> {
        self.engine.clone_ref(py)
    }

    /// Prices ``cart`` (its JSON text or a dict) and adds it.
    ///
    /// A cart youhui refuses raises :class:`InputError` and is not counted
    /// (it is no line of an input; :meth:`add_jsonl` counts bad lines).
    fn add(&mut self, py: Python<'_>, cart: &Bound<'_, PyAny>) -> PyResult<()> {
        let text = json::text(cart, "cart")?;
        let state = &mut self.state;
        py.detach(|| {
            let cart = youhui::Cart::from_json(&text).map_err(input)?;
            state
                .with_dependent_mut(|_, sim| sim.add(&cart))
                .map_err(input)
        })
    }

    /// Adds the carts of a JSON Lines text (``str`` or ``bytes``), read as
    /// ``youhui simulate --carts`` reads a file: numbered from 1, every line
    /// counted (a further call goes on from the last number, unless
    /// ``first_line`` is given); a final ``\r`` dropped; empty lines
    /// skipped; a bad line counted and listed with its number and error.
    ///
    /// With ``strict=True`` the first bad line raises :class:`InputError`
    /// (``line N: ...``) instead, as ``--strict`` does, and nothing of the
    /// text is added.
    #[pyo3(signature = (text, *, first_line=None, strict=false))]
    fn add_jsonl(
        &mut self,
        py: Python<'_>,
        text: Line,
        first_line: Option<u64>,
        strict: bool,
    ) -> PyResult<()> {
        let first = first_line.unwrap_or(self.next_line);
        if first == 0 {
            return Err(input("first_line: lines are numbered from 1"));
        }
        let input_bytes = text.bytes();
        let state = &mut self.state;
        let next = py.detach(|| -> PyResult<u64> {
            let mut number = first;
            let mut part = State::new(state.borrow_owner().clone(), |e| Sim::new(e));
            let mut rest = input_bytes;
            while !rest.is_empty() {
                let (line, after) = match rest.iter().position(|&b| b == b'\n') {
                    Some(at) => (&rest[..at], &rest[at + 1..]),
                    None => (rest, &rest[rest.len()..]),
                };
                add_line(&mut part, number, line);
                if strict {
                    if let Some(bad) = part.borrow_dependent().first_bad_line() {
                        return Err(input(format!("line {}: {}", bad.line, bad.error)));
                    }
                }
                number = number.saturating_add(1);
                rest = after;
            }
            merge(state, part);
            Ok(number)
        })?;
        self.next_line = next;
        Ok(())
    }

    /// Adds lines that each come with their number, as a Spark partition
    /// holds them: ``numbers[i]`` is the number of ``lines[i]`` (``str`` or
    /// ``bytes``, read as one line of a JSON Lines file; ``None`` is a bad
    /// line). Bad lines are counted and listed with these numbers.
    fn add_lines(
        &mut self,
        py: Python<'_>,
        numbers: Vec<u64>,
        lines: Vec<Option<Line>>,
    ) -> PyResult<()> {
        if numbers.len() != lines.len() {
            return Err(input(format!(
                "add_lines: {} numbers for {} lines",
                numbers.len(),
                lines.len()
            )));
        }
        let state = &mut self.state;
        py.detach(|| {
            for (number, line) in numbers.into_iter().zip(&lines) {
                match line {
                    Some(line) => add_line(state, number, line.bytes()),
                    None => state.with_dependent_mut(|_, sim| {
                        sim.add_bad_line(number, "the line is null: there is no cart")
                    }),
                }
            }
        });
        Ok(())
    }

    /// Adds everything ``other`` has seen: a simulation of the same rules,
    /// of other lines (their numbers are the input's). ``other`` is left as
    /// it was.
    fn merge(slf: &Bound<'_, Simulation>, other: &Bound<'_, Simulation>) -> PyResult<()> {
        if slf.is(other) {
            return Err(input(
                "merge: a simulation cannot be merged into itself (its lines would be counted twice)",
            ));
        }
        let theirs = other.try_borrow()?;
        let mut me = slf.try_borrow_mut()?;
        let (a, b) = (me.engine.get(), theirs.engine.get());
        if !Arc::ptr_eq(&a.engine, &b.engine) && a.rules != b.rules {
            return Err(input(
                "merge: the simulations are of different rules; only simulations of the same rules merge",
            ));
        }
        let copy = theirs.state.borrow_dependent().clone();
        me.state.with_dependent_mut(|_, sim| sim.merge(copy));
        Ok(())
    }

    /// The state: everything the report is computed from, as bytes, for
    /// :meth:`from_bytes` in another process or on another machine.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.bytes())
    }

    /// The simulation whose state ``to_bytes`` gave, with ``engine``'s rules
    /// (the rules it was made with). A state of other rules, or one that is
    /// not a state, raises :class:`InputError`.
    #[staticmethod]
    fn from_bytes(engine: Bound<'_, Engine>, state: &[u8]) -> PyResult<Simulation> {
        let restored = restore(engine.get().engine.clone(), state)?;
        Ok(Simulation {
            engine: engine.unbind(),
            state: restored,
            next_line: 1,
        })
    }

    /// The report, as the dict ``youhui simulate --json`` prints. The
    /// simulation goes on: more carts may be added after.
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::object(py, &self.finish())
    }

    /// The report's JSON text, byte for byte what ``youhui simulate --json`` prints.
    fn report_json(&self) -> PyResult<String> {
        json::pretty(&self.finish())
    }

    fn __repr__(&self) -> String {
        "youhui.Simulation(...)".to_string()
    }
}

impl Simulation {
    fn bytes(&self) -> Vec<u8> {
        self.state.borrow_dependent().to_bytes()
    }

    /// The report of what was added so far, leaving the simulation as it is.
    fn finish(&self) -> youhui::SimulationReport {
        self.state.borrow_dependent().clone().finish()
    }
}

/// Prices line `number` (its bytes, without `\n`) into `state`.
fn add_line(state: &mut State, number: u64, bytes: &[u8]) {
    state.with_dependent_mut(|_, sim| match youhui::jsonl::line(number, bytes) {
        None => {}
        // A bad cart is counted by the simulation itself.
        Some(Ok(text)) => {
            let _ = sim.add_line(number, text);
        }
        Some(Err(e)) => sim.add_bad_line(number, e),
    });
}

/// The simulation of `engine` whose state is `bytes`.
fn restore(engine: Arc<youhui::Engine>, bytes: &[u8]) -> PyResult<State> {
    State::try_new(engine, |e| Sim::from_bytes(e, bytes).map_err(input))
}

/// Adds `other` (a simulation of the same engine) into `state`.
fn merge(state: &mut State, mut other: State) {
    state.with_dependent_mut(|_, me| {
        other.with_dependent_mut(|e, o| me.merge(std::mem::replace(o, Sim::new(e))))
    });
}
