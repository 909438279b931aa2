//! Documents on their way to tantivy's indexing threads, bounded by their bytes.
//!
//! tantivy queues up to 10,000 documents between `add_document` and its indexing
//! threads, whatever their size. Files are read faster than they are indexed, so the
//! queue stays full: on the ELTeC novels it held 70 to 80 MB of text (heaptrack, one
//! build and one of eight copies), more than the writer's own buffers, and 10,000 long
//! passages would hold far more. Each document goes with a ticket for its bytes, which
//! the indexing thread drops once the document is indexed; [`Queue::admit`] waits while
//! more than [`QUEUED_BYTES`] are on their way.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;
use tantivy::schema::document::Document;
use tantivy::TantivyDocument;

/// Bytes of documents that may wait for the indexing threads: about half a second of
/// their work, enough that reading never starves them.
pub(super) const QUEUED_BYTES: usize = 16 * 1024 * 1024;

/// How long [`Queue::admit`] waits for the queue to drain before it lets a document
/// through anyway: a stalled writer then fails or blocks in tantivy, as it would
/// without the bound, instead of here.
const STALL: Duration = Duration::from_secs(2);

/// A document for tantivy's writer, with its place in the queue.
pub(crate) struct Queued {
    doc: TantivyDocument,
    _ticket: Ticket,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> TantivyDocument {
        self.doc
    }
}

/// The bytes of queued documents, shared by the writer and the documents' tickets.
#[derive(Clone, Default)]
pub(super) struct Queue(Arc<Gauge>);

#[derive(Default)]
struct Gauge {
    bytes: Mutex<usize>,
    drained: Condvar,
}

impl Gauge {
    /// The count; a panic elsewhere while it was held leaves a number, so a poisoned
    /// lock is taken as it is.
    fn lock(&self) -> MutexGuard<'_, usize> {
        self.bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Queue {
    /// `doc`, of about `bytes` bytes, ready for tantivy's writer, once the queue has
    /// room for it. A document is never held back by an empty queue, so one larger
    /// than the bound goes alone.
    pub(super) fn admit(&self, doc: TantivyDocument, bytes: usize) -> Queued {
        let gauge = &self.0;
        let mut queued = gauge.lock();
        while *queued > 0 && *queued + bytes > QUEUED_BYTES {
            let (guard, wait) = gauge
                .drained
                .wait_timeout(queued, STALL)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            queued = guard;
            if wait.timed_out() {
                break;
            }
        }
        *queued += bytes;
        Queued {
            doc,
            _ticket: Ticket {
                bytes,
                gauge: Arc::clone(gauge),
            },
        }
    }

    /// Bytes queued now.
    #[cfg(test)]
    pub(super) fn bytes(&self) -> usize {
        *self.0.lock()
    }
}

/// A queued document's bytes, given back when the indexing thread drops it.
struct Ticket {
    bytes: usize,
    gauge: Arc<Gauge>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut queued = self.gauge.lock();
        *queued = queued.saturating_sub(self.bytes);
        self.gauge.drained.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admit_waits_until_queued_documents_are_dropped() {
        let queue = Queue::default();
        let first = queue.admit(TantivyDocument::default(), QUEUED_BYTES - 10);
        // Alone in an empty queue, a document larger than the bound goes through.
        let other = Queue::default().admit(TantivyDocument::default(), 2 * QUEUED_BYTES);
        drop(other);
        let waiter = {
            let queue = queue.clone();
            std::thread::spawn(move || {
                let _second = queue.admit(TantivyDocument::default(), 100);
                queue.bytes()
            })
        };
        std::thread::sleep(Duration::from_millis(100));
        assert!(!waiter.is_finished(), "admitted with the queue full");
        drop(first);
        // Admitted once the first document was dropped: only itself is queued then.
        assert_eq!(waiter.join().unwrap(), 100);
        assert_eq!(queue.bytes(), 0);
    }
}
