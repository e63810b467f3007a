//! The load job's work: the files chosen in the page, as bytes, read into one recording
//! with progress. Each file is decoded ([`decode_text`]: UTF-8, or UTF-16 with its BOM)
//! and routed as [`load_file`] routes it; a plain CSV is parsed in 2 MB pieces
//! ([`ChunkedCsv`], the same rows and errors as [`parse_csv`](crate::engine::feed::parse_csv))
//! so progress can be reported after each; several files merge by time ([`load_files`]).

use crate::engine::feed::exchange::detect;
use crate::engine::feed::{
    decode_text, load_file, load_files, ChunkedCsv, CsvError, CsvOptions, DataFile, DataFileError,
};
use crate::engine::settings::shortened;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Bytes of a plain CSV parsed between two progress reports.
pub const PIECE: usize = 2_000_000;

/// A file sent to a worker: its name and its bytes, or why the browser could not read it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentFile {
    /// The file's name.
    pub name: String,
    /// Its contents.
    pub bytes: Result<Vec<u8>, String>,
}

/// Why files could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The browser could not read a file.
    Unreadable {
        /// The file's name (shortened).
        file: String,
        /// The browser's reason.
        message: String,
    },
    /// A file is not text.
    NotText {
        /// The file's name (shortened).
        file: String,
        /// Where its text breaks.
        error: CsvError,
    },
    /// The files were read, but not into a recording.
    Data(DataFileError),
    /// No file was sent.
    NoFiles,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Unreadable { file, message } => write!(f, "{file}: {message}"),
            LoadError::NotText { file, error } => write!(f, "{file}: {error}"),
            LoadError::Data(e) => e.fmt(f),
            LoadError::NoFiles => f.write_str("no file was chosen"),
        }
    }
}

impl std::error::Error for LoadError {}

/// A failed load as the page receives it (in JSON) and shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadFailure {
    /// A file could not be read, or is not text; the message names the file.
    Unreadable {
        /// What to show.
        message: String,
    },
    /// The data could not be used (the page puts the files' names before the message).
    Unusable {
        /// What to show.
        message: String,
        /// For a file over the row limit: keep every this many rows to fit.
        thin_every: Option<u64>,
    },
}

impl From<LoadError> for LoadFailure {
    fn from(e: LoadError) -> Self {
        let message = e.to_string();
        match e {
            LoadError::Unreadable { .. } | LoadError::NotText { .. } => {
                LoadFailure::Unreadable { message }
            }
            LoadError::Data(DataFileError::Csv(CsvError::TooManyRows { every, .. })) => {
                LoadFailure::Unusable {
                    message,
                    thin_every: Some(every),
                }
            }
            LoadError::Data(_) | LoadError::NoFiles => LoadFailure::Unusable {
                message,
                thin_every: None,
            },
        }
    }
}

/// Reads `files` into one data file: plain CSVs keep every `every`-th row and, like a file
/// of trades alone, get a book `half_spread` wide around their price. `progress` gets the
/// share of the bytes read so far, after each piece of a plain CSV and each other file.
pub fn load(
    files: Vec<SentFile>,
    half_spread: f64,
    every: u64,
    progress: &mut dyn FnMut(f64),
) -> Result<DataFile, LoadError> {
    if files.is_empty() {
        return Err(LoadError::NoFiles);
    }
    let opts = CsvOptions {
        half_spread,
        keep_every: every,
        ..Default::default()
    };
    let total = files
        .iter()
        .map(|f| f.bytes.as_ref().map_or(0, Vec::len) as f64)
        .sum::<f64>()
        .max(1.0);
    let mut before = 0.0;
    let mut read = Vec::with_capacity(files.len());
    for f in files {
        let file = shortened(&f.name);
        let bytes = f.bytes.map_err(|message| LoadError::Unreadable {
            file: file.clone(),
            message,
        })?;
        let size = bytes.len() as f64;
        let text = decode_text(bytes).map_err(|error| LoadError::NotText { file, error })?;
        if detect(&text).is_some() {
            read.push(load_file(&text, &opts).map_err(LoadError::Data)?);
            progress((before + size) / total);
        } else {
            let csv = |e| LoadError::Data(DataFileError::Csv(e));
            let mut parser = ChunkedCsv::new(opts);
            let mut pos = 0;
            while pos < text.len() {
                pos = parser.feed_next(&text, pos, PIECE).map_err(csv)?;
                progress((before + size * pos as f64 / text.len() as f64) / total);
            }
            read.push(DataFile::from(parser.finish().map_err(csv)?));
        }
        before += size;
    }
    load_files(read, half_spread).map_err(LoadError::Data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::limits::MAX_APP_ROWS;

    fn sent(name: &str, text: &str) -> SentFile {
        SentFile {
            name: name.into(),
            bytes: Ok(text.as_bytes().to_vec()),
        }
    }

    fn csv(rows: usize) -> String {
        let mut t = String::from("timestamp,bid,ask\n");
        for i in 0..rows {
            t.push_str(&format!(
                "{},{}.5,{}.7\n",
                1_704_067_200 + i,
                100 + i % 7,
                100 + i % 7
            ));
        }
        t
    }

    #[test]
    fn a_load_equals_load_file_and_load_files_and_reports_progress_per_piece() {
        let text = csv(300_000); // about 9 MB: five pieces
        let mut seen = Vec::new();
        let loaded = load(vec![sent("big.csv", &text)], 0.0002, 3, &mut |f| {
            seen.push(f)
        })
        .unwrap();
        let opts = CsvOptions {
            half_spread: 0.0002,
            keep_every: 3,
            ..Default::default()
        };
        let direct = load_files([load_file(&text, &opts).unwrap()], 0.0002).unwrap();
        assert_eq!(loaded, direct);
        assert_eq!(loaded.recording.snapshots.len(), 100_000);
        assert_eq!(seen.len(), text.len().div_ceil(PIECE));
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        assert_eq!(seen.last(), Some(&1.0));

        // A quotes file and a trades file merge; UTF-16 decodes.
        let trades =
            "id,price,qty,quote_qty,time,is_buyer_maker\n1,100.5,2,201,1704067201000,true\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(trades.encode_utf16().flat_map(u16::to_le_bytes));
        let both = load(
            vec![
                sent("q.csv", &csv(10)),
                SentFile {
                    name: "t.csv".into(),
                    bytes: Ok(utf16),
                },
            ],
            0.0001,
            1,
            &mut |_| {},
        )
        .unwrap();
        let opts = CsvOptions {
            half_spread: 0.0001,
            ..Default::default()
        };
        let files = [
            load_file(&csv(10), &opts).unwrap(),
            load_file(trades, &opts).unwrap(),
        ];
        assert_eq!(both, load_files(files, 0.0001).unwrap());
        assert_eq!(both.recording.trades.len(), 1);
    }

    #[test]
    fn failures_name_the_file_and_offer_thinning_over_the_row_limit() {
        let fail = |files: Vec<SentFile>| {
            LoadFailure::from(load(files, 0.0001, 1, &mut |_| {}).unwrap_err())
        };
        assert_eq!(
            fail(vec![
                sent("a.csv", &csv(3)),
                sent("bad.csv", "timestamp,price\n1,oops\n")
            ]),
            LoadFailure::Unusable {
                message: "line 2, column price: \"oops\" is not a finite number".into(),
                thin_every: None
            }
        );
        assert_eq!(
            fail(vec![SentFile {
                name: "b.bin".into(),
                bytes: Ok(vec![b'a', 0xC3, 0x28])
            }]),
            LoadFailure::Unreadable {
                message: "b.bin: not a text file: byte 1 is not UTF-8 (save the file as UTF-8 or UTF-16 with a byte-order mark)".into()
            }
        );
        assert_eq!(
            fail(vec![SentFile {
                name: "gone.csv".into(),
                bytes: Err("NotReadableError".into())
            }]),
            LoadFailure::Unreadable {
                message: "gone.csv: NotReadableError".into()
            }
        );
        let rows = "price\n".to_string() + &"100\n".repeat(MAX_APP_ROWS + MAX_APP_ROWS / 20);
        match fail(vec![sent("rows.csv", &rows)]) {
            LoadFailure::Unusable {
                message,
                thin_every: Some(2),
            } => assert!(message.contains("keep every 2nd row"), "{message}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            fail(vec![]),
            LoadFailure::Unusable {
                message: "no file was chosen".into(),
                thin_every: None
            }
        );
    }
}
