//! What the page and the `spreadlab-worker` post to each other: `{msg, files}` for a job
//! and `{msg, columns}` for a reply. `msg` is the job or reply in [`wire`]'s bytes (a
//! `Uint8Array`). `files` are `File`s sent with a job (handles: posting one copies no
//! bytes; the worker reads it with `FileReaderSync`). `columns` are `Float64Array`s whose
//! buffers are transferred, not copied: a piece of a loaded recording's [`Columns`].

use crate::jobs::columns::{Columns, Source, SNAPSHOT_COLUMNS};
use crate::jobs::load::SentFile;
use crate::jobs::wire;
use crate::jobs::{Job, Reply};
use js_sys::{Array, Float64Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::File;

/// The message for `job`, with `files` beside it.
pub fn job(job: &Job, files: &[File]) -> JsValue {
    let msg = Object::new();
    set(&msg, "msg", &bytes(&wire::encode(job)));
    set(&msg, "files", &files.iter().collect::<Array>());
    msg.into()
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

/// The `msg` bytes of a message.
fn msg_bytes(data: &JsValue) -> Vec<u8> {
    get(data, "msg")
        .dyn_into::<Uint8Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

/// A job message as the worker receives it: the job (with its files read and attached)
/// or why it is not one.
pub fn read_job(data: &JsValue) -> Result<Job, Reply> {
    let files = get(data, "files").dyn_into::<Array>().unwrap_or_default();
    let mut job: Job = wire::decode(&msg_bytes(data)).map_err(|e| Reply::Error {
        message: format!("bad job: {e}"),
    })?;
    let sent = files
        .iter()
        .filter_map(|f| f.dyn_into::<File>().ok())
        .map(|f| SentFile {
            name: f.name(),
            bytes: read_file(&f),
        })
        .collect();
    crate::jobs::attach(&mut job, sent).map_err(|message| Reply::Error { message })?;
    Ok(job)
}

/// A file's bytes, read synchronously (only workers may).
fn read_file(f: &File) -> Result<Vec<u8>, String> {
    let reader = web_sys::FileReaderSync::new().map_err(|e| error_text(&e))?;
    let buffer = reader.read_as_array_buffer(f).map_err(|e| error_text(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The message for `reply` and the buffers to transfer with it.
pub fn reply(reply: Reply) -> (JsValue, Array) {
    let transfer = Array::new();
    let msg = Object::new();
    let (reply, arrays) = match reply {
        Reply::Rows { columns } => {
            let arrays: Array = columns
                .snapshots
                .iter()
                .chain(&columns.trades)
                .map(|col| {
                    let a = Float64Array::new_with_length(col.len() as u32);
                    a.copy_from(col);
                    transfer.push(&a.buffer());
                    a
                })
                .collect();
            let rows = Reply::Rows {
                columns: Columns::default(),
            };
            (rows, arrays)
        }
        other => (other, Array::new()),
    };
    let encoded = Uint8Array::from(&wire::encode(&reply)[..]);
    transfer.push(&encoded.buffer());
    set(&msg, "msg", &encoded);
    set(&msg, "columns", &arrays);
    (msg.into(), transfer)
}

/// A reply message as the page receives it, and the arrays sent beside it (snapshot
/// columns, then trade columns; none for most replies).
pub fn read_reply(data: &JsValue) -> (Reply, Vec<Float64Array>) {
    let arrays = get(data, "columns")
        .dyn_into::<Array>()
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a.dyn_into::<Float64Array>().ok())
        .collect();
    match wire::decode::<Reply>(&msg_bytes(data)) {
        Ok(r) => (r, arrays),
        Err(e) => (
            Reply::Error {
                message: format!("bad reply from worker: {e}"),
            },
            Vec::new(),
        ),
    }
}

/// The arrays sent beside a piece of a recording ([`reply`]), as its snapshot and its
/// trade columns, read into wasm memory as [`crate::jobs::columns::Rebuild`] asks.
pub fn columns(arrays: &[Float64Array]) -> (Arrays<'_>, Arrays<'_>) {
    let cut = SNAPSHOT_COLUMNS.min(arrays.len());
    (Arrays(&arrays[..cut]), Arrays(&arrays[cut..]))
}

/// Transferred columns.
pub struct Arrays<'a>(&'a [Float64Array]);

impl Source for Arrays<'_> {
    fn columns(&self) -> usize {
        self.0.len()
    }
    fn rows(&self, col: usize) -> usize {
        self.0[col].length() as usize
    }
    fn read(&self, col: usize, start: usize, out: &mut [f64]) {
        let end = start + out.len();
        self.0[col].subarray(start as u32, end as u32).copy_to(out);
    }
}

/// A thrown value's message (`DOMException`s and `Error`s have one).
fn error_text(e: &JsValue) -> String {
    get(e, "message")
        .as_string()
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the file could not be read".into())
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}
