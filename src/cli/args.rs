//! A small flag parser: `--name value`, `--name=value` and boolean `--flag`.

use super::CliError;
use std::str::FromStr;

/// Parsed flags in order, each `(name, value)`; booleans have no value.
pub struct Flags(pub Vec<(String, Option<String>)>);

impl Flags {
    /// Parses `args` given which flags take values and which are booleans.
    pub fn parse(args: &[String], valued: &[&str], boolean: &[&str]) -> Result<Flags, CliError> {
        let mut out = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let Some(body) = a.strip_prefix("--") else {
                return Err(CliError(format!(
                    "unexpected argument '{a}' (flags start with --)"
                )));
            };
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            if boolean.contains(&name) {
                if inline.is_some() {
                    return Err(CliError(format!("--{name} takes no value")));
                }
                out.push((name.to_string(), None));
            } else if valued.contains(&name) {
                let v = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| CliError(format!("--{name} needs a value")))?,
                };
                out.push((name.to_string(), Some(v)));
            } else {
                return Err(CliError(format!("unknown flag --{name}")));
            }
        }
        Ok(Flags(out))
    }

    /// The last value given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Every value given for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    /// True when boolean flag `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// Parses the last value of `name`, naming the flag in the error.
    pub fn parsed<T: FromStr>(&self, name: &str) -> Result<Option<T>, CliError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .parse::<T>()
                .map(Some)
                .map_err(|_| CliError(format!("--{name}: '{v}' is not a valid {}", kind::<T>()))),
        }
    }

    /// Parses a finite float.
    pub fn float(&self, name: &str) -> Result<Option<f64>, CliError> {
        match self.parsed::<f64>(name)? {
            Some(x) if !x.is_finite() => {
                Err(CliError(format!("--{name}: {x} is not a finite number")))
            }
            other => Ok(other),
        }
    }
}

fn kind<T>() -> &'static str {
    let n = std::any::type_name::<T>();
    if n.contains("f64") {
        "number"
    } else if n.contains("u64") || n.contains("usize") || n.contains("u32") {
        "non-negative whole number"
    } else {
        "value"
    }
}
