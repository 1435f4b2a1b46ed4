//! Which residents' coverage by some kind changed since it was last asked: what a map of covered
//! residents redraws after an edit, without a pass over every resident.

/// Residents (internal indices) whose coverage by a kind flipped since the last [`ChangeLog::take`],
/// or unknown: before the first take, after the sums were made again (residents loaded, a kind
/// counted or not), or when more changed than a pass over all residents costs.
#[derive(Clone, Debug, Default)]
pub(crate) struct ChangeLog {
    residents: Vec<u32>,
    known: bool,
    /// Most residents logged before the log gives up (a pass over all is then the cheaper way).
    limit: usize,
}

impl ChangeLog {
    /// An unknown log for a plan of `n` residents.
    pub fn unknown(n: usize) -> ChangeLog {
        ChangeLog {
            residents: Vec::new(),
            known: false,
            limit: (n / 16).max(4096),
        }
    }

    /// Resident `i`'s coverage by some kind flipped.
    #[inline]
    pub fn push(&mut self, i: usize) {
        if !self.known {
            return;
        }
        if self.residents.len() < self.limit {
            self.residents.push(i as u32);
        } else {
            self.known = false;
            self.residents = Vec::new();
        }
    }

    /// The residents logged since the last take (some more than once), None when unknown; a new
    /// log starts.
    pub fn take(&mut self) -> Option<Vec<u32>> {
        let out = self.known.then(|| std::mem::take(&mut self.residents));
        self.residents.clear();
        self.known = true;
        out
    }
}
