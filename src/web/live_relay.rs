//! The worker's end of the live feed: runs the [`LiveDriver`] and posts what it reports to
//! the page as [`Reply::Live`] batches. Quotes and statuses that arrive within
//! [`BATCH_MS`] of the first unsent one go in one message, so a burst of trades costs the
//! page one task, not hundreds.

use super::live::LiveDriver;
use crate::jobs::Reply;
use crate::live::session::{LiveConfig, Market, Status};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;

/// Longest a quote waits in the worker before it is posted, ms.
pub const BATCH_MS: u32 = 25;

/// Sends a reply to the page.
pub type Post = Rc<dyn Fn(Reply)>;

#[derive(Default)]
struct Batch {
    quotes: Vec<Market>,
    status: Option<Status>,
    flush: Option<Timeout>,
}

thread_local! {
    /// The worker's one live driver: it runs until the page terminates the worker.
    static DRIVER: RefCell<Option<LiveDriver>> = const { RefCell::new(None) };
}

/// Starts following `config` and relaying to `post`; an error is posted as
/// [`Reply::Error`].
pub fn start(config: LiveConfig, post: Post) {
    let batch = Rc::new(RefCell::new(Batch::default()));
    let on_quote = {
        let (batch, post) = (batch.clone(), post.clone());
        Rc::new(move |snap, trades| {
            batch.borrow_mut().quotes.push((snap, trades));
            schedule(&batch, &post);
        })
    };
    let on_status = {
        let post = post.clone();
        Rc::new(move |status| {
            batch.borrow_mut().status = Some(status);
            schedule(&batch, &post);
        })
    };
    match LiveDriver::start(config, on_quote, on_status) {
        Ok(driver) => DRIVER.with(|d| *d.borrow_mut() = Some(driver)),
        Err(message) => post(Reply::Error { message }),
    }
}

/// Arms the flush timer unless it is already armed.
fn schedule(batch: &Rc<RefCell<Batch>>, post: &Post) {
    if batch.borrow().flush.is_some() {
        return;
    }
    let (b, post) = (batch.clone(), post.clone());
    let timer = Timeout::new(BATCH_MS, move || {
        let (quotes, status) = {
            let mut b = b.borrow_mut();
            b.flush = None;
            (std::mem::take(&mut b.quotes), b.status.take())
        };
        post(Reply::Live { quotes, status });
    });
    batch.borrow_mut().flush = Some(timer);
}
