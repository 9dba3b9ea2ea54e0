//! An auto-paging list as batches of views, for bindings that cross into another runtime
//! once per batch rather than once per item.

use futures::FutureExt;
use futures::stream::{BoxStream, StreamExt};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::pagination::Paginated;
use crate::view::{IntoView, KeyCase, View, to_view};

/// The most items one batch carries.
const MAX_BATCH: usize = 1000;

/// A lazy list of views. Each [`next_batch`](Self::next_batch) waits for at least one item
/// and adds every item already fetched (usually the rest of its page). An error is
/// reported after the items that preceded it, and ends the list.
pub struct ViewPages {
    items: BoxStream<'static, Result<View>>,
    pending_error: Option<Error>,
    finished: bool,
    case: KeyCase,
}

impl std::fmt::Debug for ViewPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewPages")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl ViewPages {
    /// Views of `list`'s items.
    pub fn new<T>(list: Paginated<T>) -> Self
    where
        T: DeserializeOwned + IntoView + Send + 'static,
    {
        ViewPages {
            // A panic while fetching or shaping a page ends the list with Error::Internal.
            items: std::panic::AssertUnwindSafe(list.stream())
                .catch_unwind()
                .map(|item| match item {
                    Ok(item) => item.and_then(|item| to_view(&item)),
                    Err(_) => Err(Error::Internal {
                        message: "reading a list page panicked".to_owned(),
                    }),
                })
                .boxed(),
            pending_error: None,
            finished: false,
            case: KeyCase::Snake,
        }
    }

    pub(super) fn with_key_case(mut self, case: KeyCase) -> Self {
        self.case = case;
        self
    }

    /// The next items (at least one), or `None` at the end of the list.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<View>>> {
        if let Some(error) = self.pending_error.take() {
            self.finished = true;
            return Err(error);
        }
        if self.finished {
            return Ok(None);
        }
        let first = match self.items.next().await {
            None => {
                self.finished = true;
                return Ok(None);
            }
            Some(Err(error)) => {
                self.finished = true;
                return Err(error);
            }
            Some(Ok(item)) => item,
        };
        let mut batch = vec![first.with_key_case(self.case)];
        while batch.len() < MAX_BATCH {
            match self.items.next().now_or_never() {
                Some(Some(Ok(item))) => batch.push(item.with_key_case(self.case)),
                Some(Some(Err(error))) => {
                    self.pending_error = Some(error);
                    break;
                }
                Some(None) => {
                    self.finished = true;
                    break;
                }
                None => break,
            }
        }
        Ok(Some(batch))
    }
}
