//! The upload hook: reads chosen files (or a file again, thinned) through a worker and
//! simulates their first run off the reducer ([`crate::web::upload`]), keeps the upload
//! so a newer one cancels it, and turns its progress and outcome into actions. Every
//! upload takes this path, however small.

use super::state::{settings_for_file, Action, FirstRun, LoadedFile, State};
use super::Shared;
use crate::jobs::load::LoadFailure;
use crate::web::upload::{self, Loaded, OnProgress, Outcome, Progress, Request, Stage, Upload};
use std::rc::Rc;
use web_sys::File;
use yew::prelude::*;

/// Uploads of more bytes than this show a progress bar.
const PROGRESS_FROM_BYTES: f64 = 4_000_000.0;

/// What to upload: the files' names (joined), the files, and every how many rows of a
/// plain CSV to keep.
pub type UploadRequest = (String, Shared<Vec<File>>, u64);

/// Returns the callback that starts an upload with the settings on screen.
#[hook]
pub fn use_upload(state: &UseReducerHandle<State>) -> Callback<UploadRequest> {
    let current = use_mut_ref(|| None::<Upload>);
    let dispatcher = state.dispatcher();
    let from = state.settings.clone();
    let pinned = state.pinned.clone();
    let zoom = state.view.zoom;
    Callback::from(move |(name, files, every): UploadRequest| {
        let d = dispatcher.clone();
        let show = files.0.iter().map(|f| f.size()).sum::<f64>() > PROGRESS_FROM_BYTES;
        if show {
            d.dispatch(Action::CsvProgress(Some(Progress {
                stage: Stage::Reading,
                fraction: 0.0,
            })));
        }
        let on_progress: OnProgress = {
            let d = d.clone();
            Rc::new(move |p| {
                if show {
                    d.dispatch(Action::CsvProgress(Some(p)))
                }
            })
        };
        let on_done = {
            let (from, pinned, files) = (from.clone(), pinned.clone(), files.clone());
            Box::new(move |outcome: Outcome| match outcome {
                Outcome::Loaded(loaded) => {
                    let Loaded {
                        file,
                        settings,
                        run,
                    } = *loaded;
                    d.dispatch(Action::FileLoaded(Box::new(LoadedFile {
                        name,
                        files,
                        every,
                        file,
                        run: FirstRun {
                            from,
                            pinned,
                            zoom,
                            settings,
                            result: run
                                .map(|(b, a)| (Shared(Rc::new(b)), a.map(|a| Shared(Rc::new(a)))))
                                .map_err(|e| e.to_string()),
                        },
                    })))
                }
                Outcome::Failed(LoadFailure::Unreadable { message }) => {
                    d.dispatch(Action::CsvFailed(message))
                }
                Outcome::Failed(LoadFailure::Unusable {
                    message,
                    thin_every,
                }) => d.dispatch(Action::FileRefused {
                    name,
                    files,
                    message,
                    thin_every,
                }),
            })
        };
        let request = Request {
            files: files.0.clone(),
            every,
            settings: from.clone(),
            pinned: pinned.clone(),
            window: zoom.map(|(a, b)| (a as usize, b as usize)),
            settings_for: settings_for_file,
        };
        // A newer upload replaces (and so cancels) the one before.
        *current.borrow_mut() = Some(upload::start(request, on_progress, on_done));
    })
}
