//! An upload, kept off the page's thread. Every upload, small or large, takes this one path:
//!
//! 1. the chosen `File`s go to a `spreadlab-worker` with a load job ([`Job::Load`]), which
//!    reads, decodes and parses them there and reports progress;
//! 2. the recording comes back in pieces of transferred `Float64Array` columns plus a
//!    little JSON ([`crate::jobs::columns`]), each piece rebuilt here in a task of its own;
//! 3. the first run on it, the same [`FileRun`] the reducer runs, is simulated here a slice
//!    per event-loop turn and handed over finished.
//!
//! Each turn works for at most [`super::slices::BUDGET_MS`], so no task on the page's thread comes near
//! the 50 ms of a long task and the progress bar keeps moving. Dropping the [`Upload`]
//! cancels it: the worker is terminated and no further turn runs.

use super::slices::advance_slice;
use super::worker_message;
use super::workers::Pool;
use crate::engine::feed::DataFile;
use crate::engine::run::{FileRun, Pinned, RunError};
use crate::engine::settings::Settings;
use crate::engine::sim::{RunResult, SeriesRecorder};
use crate::jobs::columns::{ColumnsError, Rebuild};
use crate::jobs::load::LoadFailure;
use crate::jobs::{Job, Reply};
use js_sys::Float64Array;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::File;

/// Most memory set aside for the run per piece of the recording received (bytes).
const RESERVE_STEP: usize = 32 << 20;
/// The progress bar's share for reading the files (in the worker) and for rebuilding the
/// recording here; simulating takes the rest.
const READ_SHARE: f64 = 0.7;
const REBUILD_SHARE: f64 = 0.05;

/// What an upload is doing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// Reading the files (in the worker) and taking them over.
    Reading,
    /// Simulating the first run.
    Simulating,
}

/// How far an upload is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// What it is doing.
    pub stage: Stage,
    /// Share of the whole upload done, 0 to 1.
    pub fraction: f64,
}

/// What to upload and how to run it.
pub struct Request {
    /// The chosen files.
    pub files: Rc<Vec<File>>,
    /// Keep every `every`-th row of a plain CSV.
    pub every: u64,
    /// The settings on screen (a plain CSV's book is their half-spread wide).
    pub settings: Settings,
    /// The configuration pinned for comparison, run beside them.
    pub pinned: Option<Pinned>,
    /// The steps the charts are zoomed to ([`FileRun::start`]).
    pub window: Option<(usize, usize)>,
    /// The settings a loaded file runs with, from those on screen.
    pub settings_for: fn(&Settings, &DataFile) -> Settings,
}

/// How an upload ended.
#[derive(Debug)]
pub enum Outcome {
    /// The files, read, and the first run on them.
    Loaded(Box<Loaded>),
    /// The files could not be used.
    Failed(LoadFailure),
}

/// Files read, and the first run on them.
#[derive(Debug)]
pub struct Loaded {
    /// The recording.
    pub file: Rc<DataFile>,
    /// The settings it ran with.
    pub settings: Settings,
    /// B, and A when pinned; or why it could not run.
    pub run: Result<(RunResult, Option<RunResult>), RunError>,
}

/// An upload in progress (cancelled when dropped).
pub struct Upload {
    pool: Rc<RefCell<Option<Pool>>>,
    cancelled: Rc<Cell<bool>>,
}

impl Drop for Upload {
    fn drop(&mut self) {
        self.cancelled.set(true);
        self.pool.borrow_mut().take();
    }
}

/// Called with the progress now and then.
pub type OnProgress = Rc<dyn Fn(Progress)>;
/// Called once with how the upload ended (never after it was cancelled).
pub type OnDone = Box<dyn FnOnce(Outcome)>;

/// Starts uploading.
pub fn start(req: Request, on_progress: OnProgress, on_done: OnDone) -> Upload {
    let upload = Upload {
        pool: Rc::new(RefCell::new(None)),
        cancelled: Rc::new(Cell::new(false)),
    };
    let job = Job::Load {
        half_spread: req.settings.walk.half_spread,
        every: req.every,
        files: Vec::new(),
    };
    let files = req.files.clone();
    let taking = Rc::new(Taking {
        req: RefCell::new(Some(req)),
        rebuild: RefCell::new(None),
        reserve: Cell::new((0, 0)),
        cancelled: upload.cancelled.clone(),
        pool: upload.pool.clone(),
        on_progress,
        on_done: RefCell::new(Some(on_done)),
    });
    let on_reply = {
        let taking = taking.clone();
        Rc::new(move |_: usize, reply: Reply, arrays: Vec<Float64Array>| {
            taking.clone().reply(reply, arrays)
        })
    };
    match Pool::start(vec![job], &files, on_reply) {
        Ok(p) => *upload.pool.borrow_mut() = Some(p),
        Err(e) => taking.finish(unusable(e)),
    }
    upload
}

/// A failure that is no particular file's.
fn unusable(message: String) -> Outcome {
    Outcome::Failed(LoadFailure::Unusable {
        message,
        thin_every: None,
    })
}

/// An upload's state on the page's side.
struct Taking {
    /// Taken when the recording is complete.
    req: RefCell<Option<Request>>,
    rebuild: RefCell<Option<Rebuild>>,
    /// Memory set aside for the run so far, and in all (bytes).
    reserve: Cell<(usize, usize)>,
    cancelled: Rc<Cell<bool>>,
    pool: Rc<RefCell<Option<Pool>>>,
    on_progress: OnProgress,
    on_done: RefCell<Option<OnDone>>,
}

impl Taking {
    /// A reply from the worker (each in a task of its own).
    fn reply(self: Rc<Self>, reply: Reply, arrays: Vec<Float64Array>) {
        if self.cancelled.get() {
            return;
        }
        match reply {
            Reply::Loading { fraction } => self.progress(Stage::Reading, READ_SHARE * fraction),
            Reply::Loaded { meta } => {
                let runs = 1 + self
                    .req
                    .borrow()
                    .as_ref()
                    .is_some_and(|r| r.pinned.is_some()) as usize;
                self.reserve
                    .set((0, runs * SeriesRecorder::bytes_for(meta.snapshots)));
                *self.rebuild.borrow_mut() = Some(Rebuild::new(meta));
            }
            Reply::Rows { .. } => {
                let (snaps, trades) = worker_message::columns(&arrays);
                let pushed = match self.rebuild.borrow_mut().as_mut() {
                    Some(r) => r.push(&snaps, &trades),
                    None => Err(ColumnsError::RowCount),
                };
                match pushed {
                    Err(e) => self.finish(unusable(e.to_string())),
                    Ok(false) => {
                        self.reserve_more();
                        let fraction = self
                            .rebuild
                            .borrow()
                            .as_ref()
                            .map_or(0.0, Rebuild::fraction);
                        self.progress(Stage::Reading, READ_SHARE + REBUILD_SHARE * fraction);
                    }
                    Ok(true) => {
                        let whole = self.rebuild.borrow_mut().take();
                        let req = self.req.borrow_mut().take();
                        if let (Some(whole), Some(req)) = (whole, req) {
                            let tick = whole.tick();
                            match whole.finish() {
                                Ok(file) => wasm_bindgen_futures::spawn_local(async move {
                                    if let Some(outcome) = self.run(Rc::new(file), tick, req).await
                                    {
                                        self.finish(outcome);
                                    }
                                }),
                                Err(e) => self.finish(unusable(e.to_string())),
                            }
                        }
                    }
                }
            }
            Reply::LoadFailed { failure } => self.finish(Outcome::Failed(failure)),
            Reply::Error { message } => self.finish(unusable(message)),
            Reply::Ready
            | Reply::Progress { .. }
            | Reply::SweepDone { .. }
            | Reply::PaperDone { .. }
            | Reply::Live { .. } => {}
        }
    }

    /// Sets aside some more of the memory the run will take. Its columns (about 120 bytes
    /// a step) reserved all at once, when it starts, held the page for 30–40 ms (growing
    /// the memory, and the garbage collection that sets off); grown a piece of the
    /// recording at a time, each costs little. A buffer allocated and freed again stays
    /// with the allocator (wasm memory never shrinks), and the run's columns take it.
    fn reserve_more(&self) {
        let (done, all) = self.reserve.get();
        if done < all {
            let next = (done + RESERVE_STEP).min(all);
            let buffer = Vec::<u8>::with_capacity(next);
            // Unused, the allocation could be optimised away.
            std::hint::black_box(buffer.as_ptr());
            drop(buffer);
            self.reserve.set((next, all));
        }
    }

    /// Simulates the first run on the loaded file (whose snapshots' median spacing is
    /// `tick`); `None` when cancelled meanwhile.
    async fn run(&self, file: Rc<DataFile>, tick: f64, req: Request) -> Option<Outcome> {
        // The worker has handed everything over: end it, and free its memory.
        self.pool.borrow_mut().take();
        self.next_turn().await?;
        let settings = (req.settings_for)(&req.settings, &file);
        let rec = &file.recording;
        let mut run =
            match FileRun::start_with_tick(&settings, req.pinned.as_ref(), rec, req.window, tick) {
                Ok(r) => r,
                Err(e) => {
                    return Some(Outcome::Loaded(Box::new(Loaded {
                        file,
                        settings,
                        run: Err(e),
                    })))
                }
            };
        let start = READ_SHARE + REBUILD_SHARE;
        loop {
            self.next_turn().await?;
            if advance_slice(&mut run, rec) {
                break;
            }
            let share = run.steps_done() as f64 / rec.snapshots.len().max(1) as f64;
            self.progress(Stage::Simulating, start + (1.0 - start) * share);
        }
        let run = run.finish();
        // The page takes the run over in a turn of its own.
        self.next_turn().await?;
        Some(Outcome::Loaded(Box::new(Loaded {
            file,
            settings,
            run: Ok(run),
        })))
    }

    fn progress(&self, stage: Stage, fraction: f64) {
        (self.on_progress)(Progress { stage, fraction });
    }

    /// Ends the upload with `outcome` (once), and the worker with it.
    fn finish(&self, outcome: Outcome) {
        if self.cancelled.replace(true) {
            return;
        }
        // After the message handler that may have got here has returned.
        let pool = self.pool.clone();
        wasm_bindgen_futures::spawn_local(async move {
            pool.borrow_mut().take();
        });
        if let Some(done) = self.on_done.borrow_mut().take() {
            done(outcome);
        }
    }

    /// Waits for the next event-loop turn (a zero timeout); `None` if cancelled meanwhile.
    /// A timeout, not [`super::slices::next_turn`]: the few idle milliseconds between nested
    /// timeouts let the garbage collector deal with the transferred columns there, which
    /// back-to-back turns pushed into a slice (one 69 ms task in an e2e run).
    async fn next_turn(&self) -> Option<()> {
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
        (!self.cancelled.get()).then_some(())
    }
}
