//! `huge_pages::off_during` (which the build loads the content in) turns
//! transparent huge pages off, and puts the process's own setting back
//! after, after a panic and after a whole build (Linux only). One test, so
//! no other test of this process flips the flag meanwhile.
#![cfg(any(target_os = "linux", target_os = "android"))]

mod common;

use dateline::huge_pages::off_during;
use rustix::thread::{disable_transparent_huge_pages, transparent_huge_pages_are_disabled};

fn disabled() -> bool {
    transparent_huge_pages_are_disabled().unwrap()
}

#[test]
fn huge_pages_are_off_inside_off_during_and_the_setting_is_restored() {
    disable_transparent_huge_pages(false).unwrap();
    assert!(off_during(disabled), "off inside");
    assert!(!disabled(), "back on after");

    let panicked = std::panic::catch_unwind(|| off_during(|| panic!("in the parse")));
    assert!(panicked.is_err());
    assert!(!disabled(), "back on after a panic");

    let site = common::build_fixture("basic");
    assert!(site.report.counts.articles > 0);
    assert!(!disabled(), "back on after a build");

    // Turned off by whoever started the process: left off.
    disable_transparent_huge_pages(true).unwrap();
    assert!(off_during(disabled));
    assert!(disabled(), "still off after");
    disable_transparent_huge_pages(false).unwrap();
}
