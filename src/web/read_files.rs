//! Reading several chosen files at once: each as bytes, then one callback with all of
//! them in the order chosen (the readers are kept alive until then).

use gloo::file::callbacks::{read_as_bytes, FileReader};
use std::cell::RefCell;
use std::rc::Rc;

/// One file: its name and its bytes, or why it could not be read.
pub type ReadFile = (String, Result<Vec<u8>, String>);

/// The callback, taken once.
type Done = Rc<RefCell<Option<Box<dyn FnOnce(Vec<ReadFile>)>>>>;

/// Reads every file in `files`; calls `done` once with all of them.
pub fn read_all(files: Vec<web_sys::File>, done: impl FnOnce(Vec<ReadFile>) + 'static) {
    let n = files.len();
    let results: Rc<RefCell<Vec<Option<ReadFile>>>> = Rc::new(RefCell::new(vec![None; n]));
    let readers: Rc<RefCell<Vec<FileReader>>> = Rc::new(RefCell::new(Vec::with_capacity(n)));
    let done: Done = Rc::new(RefCell::new(Some(Box::new(done))));
    for (i, file) in files.into_iter().enumerate() {
        let name = file.name();
        let file = gloo::file::File::from(file);
        let (results, done, keep) = (results.clone(), done.clone(), readers.clone());
        let reader = read_as_bytes(&file, move |res| {
            results.borrow_mut()[i] = Some((name, res.map_err(|e| e.to_string())));
            if results.borrow().iter().all(Option::is_some) {
                let all = results.borrow_mut().drain(..).flatten().collect();
                if let Some(f) = done.borrow_mut().take() {
                    f(all);
                }
                // Drop the readers after this callback has returned, not inside it.
                gloo::timers::callback::Timeout::new(0, move || keep.borrow_mut().clear()).forget();
            }
        });
        readers.borrow_mut().push(reader);
    }
}
