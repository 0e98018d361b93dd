//! The `_random` module: the Mersenne Twister (MT19937) generator under
//! `random.Random`, bit-exact with CPython's: the same seeding (an int's
//! 32-bit words through `init_by_array`; a str through SHA-512, as
//! `random.seed` version 2 does), the same `random()` (53 bits from two
//! words) and `getrandbits`.
//!
//! The generator's state is a list of 625 ints (624 words, then the
//! position) in the instance attribute `_mt`, so Python subclasses and
//! `getstate`/`setstate` see ordinary values. The distributions
//! (`randrange`, `shuffle`, `gauss`, ...) are in `lib/random.py`.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};
use runtime::objects::int::as_int;
use runtime::{Host, Object, PyResult, Runtime, Value, as_str};
use sha2::{Digest, Sha512};

use crate::NativeModule;
use crate::util::{instance_attribute, native_class, positional, set_instance_attribute};

pub static MODULE: NativeModule = NativeModule {
    name: "_random",
    functions: &[],
    init: Some(init),
};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

fn init(rt: &mut Runtime, module: Value) -> PyResult<()> {
    let class = native_class(
        rt,
        "_random",
        "Random",
        &[
            ("__init__", random_init),
            ("seed", seed),
            ("random", random),
            ("getrandbits", getrandbits),
            ("getstate", getstate),
            ("setstate", setstate),
        ],
    )?;
    runtime::objects::module::set(rt, module, "Random", class);
    Ok(())
}

/// The generator: 624 words and the index of the next one to temper.
pub struct MersenneTwister {
    state: [u32; N],
    index: usize,
}

impl MersenneTwister {
    fn new() -> MersenneTwister {
        MersenneTwister {
            state: [0; N],
            index: N + 1,
        }
    }

    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let previous = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(previous ^ (previous >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mut i = 1usize;
        let mut j = 0usize;
        let length = key.len().max(1);
        for _ in 0..N.max(length) {
            let previous = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (previous ^ (previous >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= length {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let previous = self.state[i - 1];
            self.state[i] = (self.state[i]
                ^ (previous ^ (previous >> 30)).wrapping_mul(1_566_083_941))
            .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    fn twist(&mut self) {
        let magic = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        for k in 0..N {
            let y = (self.state[k] & UPPER_MASK) | (self.state[(k + 1) % N] & LOWER_MASK);
            self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ magic(y);
        }
        self.index = 0;
    }

    /// Seeds from a non-negative integer: its 32-bit words, least
    /// significant first (`[0]` for zero).
    fn seed_with(&mut self, value: &BigInt) {
        let mut key = value.magnitude().to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
    }
}

/// Reads the generator out of an instance's `_mt` list.
fn load(rt: &mut Runtime, instance: Value) -> PyResult<(Value, MersenneTwister)> {
    let list = instance_attribute(rt, instance, "_mt").unwrap_or(Value::NULL);
    let mut mt = MersenneTwister::new();
    if let Some(Object::List(items)) = list.object().map(|o| &o.payload) {
        let items = items.borrow();
        if items.len() == N + 1 {
            for (slot, v) in mt.state.iter_mut().zip(items.iter()) {
                *slot = if v.is_small_int() {
                    v.as_small_int() as u32
                } else {
                    0
                };
            }
            let index = items[N];
            mt.index = if index.is_small_int() {
                index.as_small_int() as usize
            } else {
                N + 1
            };
            return Ok((list, mt));
        }
    }
    Ok((Value::NULL, mt))
}

/// Writes the generator back into the instance's `_mt` list.
fn store(rt: &mut Runtime, instance: Value, list: Value, mt: &MersenneTwister) -> PyResult<()> {
    let values: Vec<Value> = mt
        .state
        .iter()
        .map(|w| Value::small_int(*w as i64))
        .chain([Value::small_int(mt.index as i64)])
        .collect();
    match list.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            *items.borrow_mut() = values;
            Ok(())
        }
        _ => {
            let list = rt.new_list(values);
            set_instance_attribute(rt, instance, "_mt", list)
        }
    }
}

/// The next 32-bit output, advancing the generator stored in `items`
/// (624 words, then the position) in place: only a twist, once every 624
/// outputs, touches more than one word.
fn next_word(items: &mut [Value]) -> u32 {
    let word = |v: &Value| {
        if v.is_small_int() {
            v.as_small_int() as u32
        } else {
            0
        }
    };
    let mut index = if items[N].is_small_int() {
        items[N].as_small_int() as usize
    } else {
        N + 1
    };
    if index >= N {
        let mut mt = MersenneTwister::new();
        for (slot, v) in mt.state.iter_mut().zip(items.iter()) {
            *slot = word(v);
        }
        mt.index = index;
        if index == N + 1 {
            mt.init_genrand(5489);
        }
        mt.twist();
        for (slot, w) in items.iter_mut().zip(mt.state.iter()) {
            *slot = Value::small_int(*w as i64);
        }
        index = 0;
    }
    let y = word(&items[index]);
    items[N] = Value::small_int(index as i64 + 1);
    temper(y)
}

fn temper(mut y: u32) -> u32 {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

/// Runs `f` with a source of 32-bit outputs from the instance's generator
/// (seeded from the default seed if the instance has none yet).
fn with_generator<T>(
    rt: &mut Runtime,
    instance: Value,
    f: impl FnOnce(&mut dyn FnMut() -> u32) -> T,
) -> PyResult<T> {
    let mut list = instance_attribute(rt, instance, "_mt").unwrap_or(Value::NULL);
    let valid = matches!(list.object().map(|o| &o.payload),
        Some(Object::List(items)) if items.borrow().len() == N + 1);
    if !valid {
        let mt = MersenneTwister::new();
        store(rt, instance, Value::NULL, &mt)?;
        list = instance_attribute(rt, instance, "_mt").unwrap_or(Value::NULL);
    }
    let Some(Object::List(items)) = list.object().map(|o| &o.payload) else {
        return Err(rt.type_error("random generator state is missing"));
    };
    let mut items = items.borrow_mut();
    if items.len() != N + 1 {
        return Err(rt.type_error("random generator state is invalid"));
    }
    let mut next = || next_word(&mut items);
    Ok(f(&mut next))
}

/// A float in [0, 1) from 53 random bits, as CPython's `random()`.
fn float_from(next: &mut dyn FnMut() -> u32) -> f64 {
    let a = (next() >> 5) as f64;
    let b = (next() >> 6) as f64;
    (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
}

fn random_init(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "Random", args, kw, 1, 2)?;
    let seed_value = args.get(1).copied().unwrap_or(Value::NONE);
    seed(rt, host, &[args[0], seed_value], &[])
}

/// The integer a seed value stands for: ints by absolute value, str
/// through SHA-512 (`random.seed` version 2), None from the OS, floats
/// by their hash.
fn seed_integer(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<BigInt> {
    if value.is_none() {
        let mut bytes = [0u8; 32];
        let ok = std::fs::File::open("/dev/urandom")
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
            .is_ok();
        if !ok {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            bytes[..16].copy_from_slice(&now.to_le_bytes());
        }
        return Ok(BigInt::from_bytes_le(Sign::Plus, &bytes));
    }
    if let Some(text) = as_str(value) {
        let mut bytes = text.as_bytes().to_vec();
        let digest = Sha512::digest(text.as_bytes());
        bytes.extend_from_slice(&digest);
        return Ok(BigInt::from_bytes_be(Sign::Plus, &bytes));
    }
    if !value.is_float()
        && let Some(i) = as_int(value)
    {
        return Ok(i.to_bigint().abs());
    }
    if value.is_float() {
        let hash = runtime::protocol::hash(rt, host, value)?;
        return Ok(BigInt::from(hash).abs());
    }
    Err(rt.type_error(
        "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
    ))
}

fn seed(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "seed", args, kw, 1, 2)?;
    let value = args.get(1).copied().unwrap_or(Value::NONE);
    let integer = seed_integer(rt, host, value)?;
    let mut mt = MersenneTwister::new();
    mt.seed_with(&integer);
    let list = instance_attribute(rt, args[0], "_mt").unwrap_or(Value::NULL);
    store(rt, args[0], list, &mt)?;
    Ok(Value::NONE)
}

fn random(rt: &mut Runtime, _host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "random", args, kw, 1, 1)?;
    let f = with_generator(rt, args[0], float_from)?;
    Ok(Value::float(f))
}

fn getrandbits(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "getrandbits", args, kw, 2, 2)?;
    let k = crate::util::index_argument(rt, host, args[1])?;
    if k < 0 {
        return Err(rt.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::small_int(0));
    }
    if k <= 32 {
        let word = with_generator(rt, args[0], |next| next())?;
        return Ok(rt.new_int((word >> (32 - k)) as i64));
    }
    let words = ((k - 1) / 32 + 1) as usize;
    let digits = with_generator(rt, args[0], |next| {
        let mut remaining = k;
        let mut digits = Vec::with_capacity(words);
        for _ in 0..words {
            let mut word = next();
            if remaining < 32 {
                word >>= 32 - remaining;
            }
            digits.push(word);
            remaining -= 32;
        }
        digits
    })?;
    Ok(rt.new_bigint(BigInt::from_slice(Sign::Plus, &digits)))
}

/// `getstate()`: the 624 words and the position, as a tuple of ints.
fn getstate(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "getstate", args, kw, 1, 1)?;
    let (_, mt) = load(rt, args[0])?;
    let mut items: Vec<Value> = mt
        .state
        .iter()
        .map(|w| Value::small_int(*w as i64))
        .collect();
    items.push(Value::small_int(mt.index.min(N) as i64));
    Ok(rt.new_tuple(items))
}

fn setstate(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "setstate", args, kw, 2, 2)?;
    let items: Vec<Value> = match args[1].object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => return Err(rt.type_error("state vector must be a tuple")),
    };
    if items.len() != N + 1 {
        return Err(rt.value_error("state vector is the wrong size"));
    }
    let mut mt = MersenneTwister::new();
    for (slot, v) in mt.state.iter_mut().zip(items.iter()) {
        let word = as_int(*v)
            .filter(|_| !v.is_float())
            .and_then(|i| i.to_bigint().to_u32());
        match word {
            Some(w) => *slot = w,
            None => {
                return Err(rt.overflow_error("Python int too large to convert to C unsigned long"));
            }
        }
    }
    let index = as_int(items[N]).and_then(|i| i.to_i64()).unwrap_or(-1);
    if !(0..=N as i64).contains(&index) {
        return Err(rt.value_error("invalid state"));
    }
    mt.index = index as usize;
    let list = instance_attribute(rt, args[0], "_mt").unwrap_or(Value::NULL);
    store(rt, args[0], list, &mt)?;
    Ok(Value::NONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // The MT19937 reference output for init_by_array([0x123, 0x234,
        // 0x345, 0x456]).
        let mut mt = MersenneTwister::new();
        mt.init_by_array(&[0x123, 0x234, 0x345, 0x456]);
        let mut items: Vec<Value> = mt
            .state
            .iter()
            .map(|w| Value::small_int(*w as i64))
            .chain([Value::small_int(mt.index as i64)])
            .collect();
        let first: Vec<u32> = (0..3).map(|_| next_word(&mut items)).collect();
        assert_eq!(first, vec![1_067_595_299, 955_945_823, 477_289_528]);
    }
}
