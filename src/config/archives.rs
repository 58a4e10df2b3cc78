//! `[archives]`: the date archives (`/2025/`, `/2025/09/`, `/2025/09/03/`).

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArchives {
    enabled: Option<bool>,
    days: Option<bool>,
}

/// Which date archives the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ArchivesConfig {
    /// Year and month pages and the archive index; default true.
    pub(crate) enabled: bool,
    /// Also a page per day; default false, as most days hold few articles.
    pub(crate) days: bool,
}

pub(super) fn resolve(raw: RawArchives) -> ArchivesConfig {
    let enabled = raw.enabled.unwrap_or(true);
    ArchivesConfig {
        enabled,
        days: enabled && raw.days.unwrap_or(false),
    }
}
