//! A large uploaded CSV parsed about 2 MB at a time, one piece per event-loop turn, so the
//! page stays responsive and can show progress. The engine's
//! [`ChunkedCsv`](crate::engine::feed::ChunkedCsv) cuts and parses the pieces; this only
//! schedules them and reports through callbacks (no app state).

use crate::engine::feed::{ChunkedCsv, CsvError, CsvFeed, CsvOptions};
use std::rc::Rc;

/// Bytes per piece (each piece then runs to the end of its line).
const PIECE: usize = 2_000_000;

/// Called with the fraction of the text read so far.
pub type Progress = Rc<dyn Fn(f64)>;

/// Called once with the parsed feed or the error.
pub type Done = Box<dyn FnOnce(Result<CsvFeed, CsvError>)>;

/// Parses `text`: the first piece now, each further piece on a later event-loop turn.
/// After every piece but the last, `progress` gets the fraction read; after the last (or
/// the first piece that fails), `done` gets the result.
pub fn parse_in_pieces(text: Rc<String>, opts: CsvOptions, progress: Progress, done: Done) {
    step(ChunkedCsv::new(opts), text, 0, progress, done);
}

fn step(mut parser: ChunkedCsv, text: Rc<String>, start: usize, progress: Progress, done: Done) {
    match parser.feed_next(&text, start, PIECE) {
        Err(e) => done(Err(e)),
        Ok(end) if end >= text.len() => done(parser.finish()),
        Ok(end) => {
            progress(end as f64 / text.len().max(1) as f64);
            gloo::timers::callback::Timeout::new(0, move || {
                step(parser, text, end, progress, done)
            })
            .forget();
        }
    }
}
