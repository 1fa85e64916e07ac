//! Per-article lists packed in one byte vector: sparse term vectors of a whole collection held
//! in a few bytes a term (story grouping's features, [`crate::analysis::similar`]'s counts).
//!
//! Numbers are written as variable-length integers, seven bits a byte, low bits first; a row
//! is read back with a [`Reader`].

/// Byte rows, one per article, one after another.
#[derive(Default)]
pub(crate) struct ByteRows {
    bytes: Vec<u8>,
    /// Where each row ends.
    ends: Vec<usize>,
}

impl ByteRows {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds a row that `write` appends.
    pub(crate) fn push(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        write(&mut self.bytes);
        self.ends.push(self.bytes.len());
    }

    /// Row `i` (empty when out of range).
    pub(crate) fn get(&self, i: usize) -> Reader<'_> {
        let start = match i.checked_sub(1) {
            None => 0,
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        Reader::new(self.bytes.get(start..end).unwrap_or_default())
    }

    /// Rewrites every row in place: `f(i, row, out)` appends the new row `i` to `out`, which
    /// must not be longer than the old one (a longer one is cut there).
    pub(crate) fn rewrite(&mut self, mut f: impl FnMut(usize, Reader<'_>, &mut Vec<u8>)) {
        let (mut read, mut write) = (0, 0);
        let mut out = Vec::new();
        for i in 0..self.ends.len() {
            // the ends before `i` are already the new ones
            let end = self.ends.get(i).copied().unwrap_or(read);
            out.clear();
            f(
                i,
                Reader::new(self.bytes.get(read..end).unwrap_or_default()),
                &mut out,
            );
            let len = out.len().min(end - write);
            if let (Some(dest), Some(src)) =
                (self.bytes.get_mut(write..write + len), out.get(..len))
            {
                dest.copy_from_slice(src);
                write += len;
            }
            if let Some(e) = self.ends.get_mut(i) {
                *e = write;
            }
            read = end;
        }
        self.bytes.truncate(write);
        self.shrink();
    }

    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * size_of::<usize>()
    }
}

/// Appends `v` as a variable-length integer.
pub(crate) fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v & 0x7f) as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a packed row.
#[derive(Clone)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// The next variable-length integer (`None` at the end or on a bad one).
    pub(crate) fn int(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for shift in [0, 7, 14, 21, 28] {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// The next `N` raw bytes.
    pub(crate) fn raw<const N: usize>(&mut self) -> Option<[u8; N]> {
        let raw = self.bytes.get(self.at..self.at + N)?;
        self.at += N;
        raw.try_into().ok()
    }

    /// The next `n` bytes as they are.
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(taken)
    }

    /// Whether every byte has been read.
    pub(crate) fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// `x` as a whole number from 1 below 2³¹, if it is one.
pub(crate) fn whole(x: f64) -> Option<u32> {
    ((1.0..2_147_483_648.0).contains(&x) && x.fract() == 0.0).then_some(x as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Integers read back as written, row by row.
        #[test]
        fn rows_read_back(rows in proptest::collection::vec(proptest::collection::vec(any::<u32>(), 0..20), 0..10)) {
            let mut packed = ByteRows::default();
            for row in &rows {
                packed.push(|out| row.iter().for_each(|&v| put(out, v)));
            }
            prop_assert_eq!(packed.len(), rows.len());
            for (i, row) in rows.iter().enumerate() {
                let mut r = packed.get(i);
                let back: Vec<u32> = std::iter::from_fn(|| r.int()).collect();
                prop_assert_eq!(&back, row);
            }
            prop_assert!(packed.get(rows.len()).int().is_none());
        }

        /// Rewriting each row to a part of itself in place leaves every row as rewritten.
        #[test]
        fn rewrite_in_place(rows in proptest::collection::vec(proptest::collection::vec(any::<u32>(), 0..20), 0..10), keep in 0usize..20) {
            let mut packed = ByteRows::default();
            for row in &rows {
                packed.push(|out| row.iter().for_each(|&v| put(out, v)));
            }
            packed.rewrite(|_, mut r, out| {
                for _ in 0..keep {
                    if let Some(v) = r.int() {
                        put(out, v);
                    }
                }
            });
            for (i, row) in rows.iter().enumerate() {
                let mut r = packed.get(i);
                let back: Vec<u32> = std::iter::from_fn(|| r.int()).collect();
                prop_assert_eq!(&back[..], &row[..keep.min(row.len())]);
            }
        }
    }

    #[test]
    fn bad_bytes_end_a_row() {
        let mut r = Reader::new(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
        assert_eq!(r.int(), None);
        assert_eq!(Reader::new(&[0x85]).int(), None);
        assert_eq!(Reader::new(&[1, 2]).raw::<4>(), None);
        assert_eq!(whole(3.0), Some(3));
        assert_eq!(whole(2.5), None);
        assert_eq!(whole(0.0), None);
        assert_eq!(whole(f64::NAN), None);
    }
}
