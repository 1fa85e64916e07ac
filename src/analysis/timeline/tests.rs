//! Tests of the timeline pass.
