//! One row of the settings table: a setting's key, words, kind, range and accessors.

use super::Settings;
use crate::engine::config::FieldRange;
use std::fmt;

/// A setting's value, as the table reads and writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A real number ([`Kind::Number`]).
    Num(f64),
    /// A whole number ([`Kind::Integer`]).
    Int(u64),
    /// On or off ([`Kind::Flag`]).
    Bool(bool),
    /// Text ([`Kind::Choice`] and [`Kind::Text`]).
    Text(String),
}

impl Value {
    /// The number (0 for other kinds; the table never mixes them).
    pub fn num(&self) -> f64 {
        match self {
            Value::Num(x) => *x,
            Value::Int(n) => *n as f64,
            _ => 0.0,
        }
    }

    /// The whole number (0 for other kinds).
    pub fn int(&self) -> u64 {
        match self {
            Value::Int(n) => *n,
            _ => 0,
        }
    }

    /// The flag (false for other kinds).
    pub fn flag(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    /// The text ("" for other kinds).
    pub fn text(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Num(x) => write!(f, "{x}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => f.write_str(if *b { "1" } else { "0" }),
            Value::Text(t) => f.write_str(t),
        }
    }
}

/// Slider bounds and step (inside the allowed range; the number input takes the whole range).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slider {
    /// Left end.
    pub min: f64,
    /// Right end.
    pub max: f64,
    /// Step.
    pub step: f64,
}

/// What kind of value a setting holds, with its allowed values.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A finite real number in `range`; the UI shows a slider over `slider` and a number input.
    Number {
        /// Allowed values.
        range: FieldRange,
        /// The slider's part of it.
        slider: Slider,
    },
    /// A whole number in `min..=max`.
    Integer {
        /// Smallest allowed.
        min: u64,
        /// Largest allowed.
        max: u64,
    },
    /// One of a list of `(value, label)` options.
    Choice(&'static [(&'static str, &'static str)]),
    /// On (`1`) or off (`0`).
    Flag,
    /// Free text, normalised or refused by `check` (`Err` says what is allowed).
    Text {
        /// Normalises the text, or says what is allowed.
        check: fn(&str) -> Result<String, &'static str>,
        /// An allowed example (used by docs and tests).
        example: &'static str,
    },
}

/// How a value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A fraction shown as a percentage.
    Percent,
    /// An amount of the pair's quote currency.
    Quote,
    /// A plain number.
    Plain,
    /// Per year.
    PerYear,
    /// Seconds.
    Seconds,
    /// Milliseconds.
    Millis,
    /// Steps (snapshots).
    Steps,
    /// Per basis point.
    PerBp,
    /// Per second.
    PerSecond,
    /// Per minute.
    PerMinute,
}

impl Unit {
    /// Short suffix for a value ("" for percent and quote, which format themselves).
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Percent | Unit::Quote | Unit::Plain => "",
            Unit::PerYear => "/ year",
            Unit::Seconds => "s",
            Unit::Millis => "ms",
            Unit::Steps => "steps",
            Unit::PerBp => "/ bp",
            Unit::PerSecond => "/ s",
            Unit::PerMinute => "/ min",
        }
    }
}

/// Where a setting belongs (the panel's sections; also what the engine validates together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The seed's `MarketMakingConfig`.
    Config,
    /// The market data: feed choice, seed, synthetic market parameters.
    Market,
    /// Fill model, strategy, fees and their parameters (the engine's `SimParams`).
    Execution,
    /// The live ticker.
    Live,
}

/// One setting, declared once: it drives the URL hash, the CLI, validation, the UI and sweeps.
pub struct Setting {
    /// URL-hash key, `--set` key, JSON name; the CLI flag is this with `-` for `_`.
    pub key: &'static str,
    /// Human label.
    pub label: &'static str,
    /// Unit for display.
    pub unit: Unit,
    /// What raising it (or choosing it) does, in one line.
    pub hint: &'static str,
    /// Panel section.
    pub group: Group,
    /// Kind and allowed values.
    pub kind: Kind,
    /// Reads it from the settings.
    pub get: fn(&Settings) -> Value,
    /// Writes an allowed value into the settings.
    pub set: fn(&mut Settings, Value),
    /// Whether the panel shows it for these settings (e.g. γ only for Avellaneda-Stoikov).
    pub shown: fn(&Settings) -> bool,
}

impl fmt::Debug for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)
    }
}

impl PartialEq for Setting {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// Why a setting's text was refused. Every message names the key and quotes at most ~80
/// characters of the input.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingError {
    /// No setting has this key.
    Unknown(String),
    /// The text is not of the setting's kind (not a number, not a whole number, ...).
    Malformed {
        /// The key.
        key: &'static str,
        /// The text (shortened).
        text: String,
        /// What is expected.
        expected: String,
    },
    /// A number outside the allowed range.
    OutOfRange {
        /// The key.
        key: &'static str,
        /// The value, compactly.
        value: String,
        /// The allowed range.
        allowed: String,
    },
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingError::Unknown(k) => write!(f, "unknown setting {}", quoted(k)),
            SettingError::Malformed {
                key,
                text,
                expected,
            } => write!(f, "{key} = {text} is not allowed: must be {expected}"),
            SettingError::OutOfRange {
                key,
                value,
                allowed,
            } => write!(f, "{key} = {value} must be in {allowed}"),
        }
    }
}

impl std::error::Error for SettingError {}

/// Quotes user text, cut to about 80 characters with "…".
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", shortened(s))
}

/// `n` with a space between groups of three digits ("4 767", "2 000 000").
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// User text cut to about 80 characters, with "…" when cut (no quotes: for file names).
pub fn shortened(s: &str) -> String {
    const MAX: usize = 80;
    let mut t: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        t.push('…');
    }
    t
}

/// A number in a compact form (`1e308`, not 309 digits).
pub fn compact(x: f64) -> String {
    let plain = format!("{x}");
    if plain.len() <= 12 {
        plain
    } else {
        format!("{x:e}")
    }
}

impl Setting {
    /// Parses text into an allowed value, or says why not.
    pub fn parse(&self, text: &str) -> Result<Value, SettingError> {
        let t = text.trim();
        let malformed = |expected: String| SettingError::Malformed {
            key: self.key,
            text: quoted(t),
            expected,
        };
        let value = match self.kind {
            Kind::Number { range, .. } => match t.parse::<f64>() {
                Ok(x) if x.is_finite() => Value::Num(x),
                _ => return Err(malformed(format!("a number in {range}"))),
            },
            Kind::Integer { min, max } => match t.parse::<u64>() {
                Ok(n) => Value::Int(n),
                Err(_) => return Err(malformed(format!("a whole number in [{min}, {max}]"))),
            },
            Kind::Choice(options) => match options.iter().find(|(v, _)| *v == t) {
                Some((v, _)) => Value::Text((*v).to_string()),
                None => {
                    let names: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
                    return Err(malformed(format!("one of {}", names.join(", "))));
                }
            },
            Kind::Flag => match t {
                "1" | "true" | "on" | "yes" => Value::Bool(true),
                "0" | "false" | "off" | "no" => Value::Bool(false),
                _ => return Err(malformed("1 or 0".into())),
            },
            Kind::Text { check, .. } => match check(t) {
                Ok(v) => Value::Text(v),
                Err(why) => return Err(malformed(why.into())),
            },
        };
        self.check(&value)?;
        Ok(value)
    }

    /// Checks a value against the allowed range.
    pub fn check(&self, v: &Value) -> Result<(), SettingError> {
        let out = |value: String, allowed: String| SettingError::OutOfRange {
            key: self.key,
            value,
            allowed,
        };
        match (self.kind, v) {
            (Kind::Number { range, .. }, Value::Num(x)) => {
                if range.contains(*x) {
                    Ok(())
                } else {
                    Err(out(compact(*x), range.to_string()))
                }
            }
            (Kind::Integer { min, max }, Value::Int(n)) => {
                if (min..=max).contains(n) {
                    Ok(())
                } else {
                    Err(out(n.to_string(), format!("[{min}, {max}]")))
                }
            }
            (Kind::Choice(options), Value::Text(t)) => {
                if options.iter().any(|(o, _)| o == t) {
                    Ok(())
                } else {
                    Err(out(quoted(t), "the listed options".into()))
                }
            }
            (Kind::Flag, Value::Bool(_)) => Ok(()),
            (Kind::Text { check, .. }, Value::Text(t)) => check(t)
                .map(|_| ())
                .map_err(|why| out(quoted(t), why.into())),
            _ => Err(out(v.to_string(), "a value of the right kind".into())),
        }
    }

    /// The value's text as the hash and the CLI write it.
    pub fn format(&self, s: &Settings) -> String {
        (self.get)(s).to_string()
    }

    /// The default value.
    pub fn default_value(&self) -> Value {
        (self.get)(&Settings::default())
    }

    /// The CLI flag name (`maker_fee` → `maker-fee`).
    pub fn flag(&self) -> String {
        self.key.replace('_', "-")
    }

    /// The range of a number setting (None for other kinds).
    pub fn range(&self) -> Option<FieldRange> {
        match self.kind {
            Kind::Number { range, .. } => Some(range),
            _ => None,
        }
    }

    /// An allowed value other than the default, as text (for docs and tests).
    pub fn example(&self) -> String {
        let default = self.default_value();
        match self.kind {
            Kind::Number { slider, .. } => {
                let mid = (slider.min + slider.max) / 2.0;
                let x = if Value::Num(mid) == default {
                    slider.max
                } else {
                    mid
                };
                format!("{x}")
            }
            Kind::Integer { min, .. } => {
                let x = if Value::Int(min + 1) == default {
                    min + 2
                } else {
                    min + 1
                };
                x.to_string()
            }
            Kind::Choice(options) => options
                .iter()
                .map(|(v, _)| *v)
                .find(|v| Value::Text(v.to_string()) != default && !["csv", "live"].contains(v))
                .unwrap_or_default()
                .to_string(),
            Kind::Flag => if default.flag() { "0" } else { "1" }.to_string(),
            Kind::Text { example, .. } => example.to_string(),
        }
    }

    /// A value this setting refuses, as text (for docs and tests).
    pub fn counterexample(&self) -> String {
        match self.kind {
            Kind::Number { range, .. } => format!("{}", range.max + range.max.abs().max(1.0)),
            Kind::Integer { max, .. } if max < u64::MAX => (max + 1).to_string(),
            Kind::Integer { .. } => "-1".to_string(),
            Kind::Choice(_) => "no-such-option".to_string(),
            Kind::Flag => "maybe".to_string(),
            Kind::Text { .. } => "<b>".to_string(),
        }
    }

    /// True for number settings, which sliders and sweep axes use.
    pub fn is_number(&self) -> bool {
        matches!(self.kind, Kind::Number { .. })
    }
}

/// A number setting by reference, serialized as its key (sweep axes, embed controls).
#[derive(Clone, Copy)]
pub struct NumberSetting(pub &'static Setting);

impl NumberSetting {
    /// The number setting with this key.
    pub fn from_key(key: &str) -> Option<NumberSetting> {
        super::setting(key)
            .filter(|s| s.is_number())
            .map(NumberSetting)
    }

    /// Its key.
    pub fn key(self) -> &'static str {
        self.0.key
    }

    /// Its allowed range.
    pub fn range(self) -> FieldRange {
        self.0
            .range()
            .unwrap_or(FieldRange::new(0.0, true, 0.0, true))
    }
}

impl fmt::Debug for NumberSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.key)
    }
}

impl PartialEq for NumberSetting {
    fn eq(&self, other: &Self) -> bool {
        self.0.key == other.0.key
    }
}

impl Eq for NumberSetting {}

impl serde::Serialize for NumberSetting {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.key)
    }
}

impl<'de> serde::Deserialize<'de> for NumberSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        NumberSetting::from_key(&key).ok_or_else(|| {
            serde::de::Error::custom(format!("unknown number setting {}", quoted(&key)))
        })
    }
}
