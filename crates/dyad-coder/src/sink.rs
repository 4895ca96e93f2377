//! Output sinks: where coded events go. STUB.

use dyad_core::{Document, Event};
use std::io::Write;

/// Receives coded events, document by document, in input order.
pub trait EventSink {
    /// Write one document's events.
    fn write_document(&mut self, doc: &Document, events: &[Event]) -> std::io::Result<()>;
    /// Flush at the end.
    fn finish(&mut self) -> std::io::Result<()>;
}

/// JSONL: one event object per line.
pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    /// Wrap a writer.
    pub fn new(out: W) -> Self {
        JsonlSink { out }
    }
}

impl<W: Write> EventSink for JsonlSink<W> {
    fn write_document(&mut self, _doc: &Document, events: &[Event]) -> std::io::Result<()> {
        for e in events {
            serde_json::to_writer(&mut self.out, e)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
