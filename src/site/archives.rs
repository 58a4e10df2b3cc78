//! Date archives and the corrections log: the published articles grouped
//! by the year, month and day of their date in the site's time zone, and
//! every correction of the site, newest first.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::Page;
use crate::config::Config;

/// How long a [`Period`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Span {
    Year,
    Month,
    Day,
}

/// One archive page's period and its articles (indexes, newest first).
#[derive(Debug, Clone)]
pub(crate) struct Period {
    pub(crate) span: Span,
    /// The period's first day.
    pub(crate) start: Date,
    pub(crate) articles: Vec<usize>,
}

/// Years, then months, then days (when `[archives] days` is on), each
/// newest first; empty when archives are off.
pub(crate) fn periods(articles: &[Page], config: &Config) -> Vec<Period> {
    let c = config.archives;
    if !c.enabled {
        return Vec::new();
    }
    let dates: Vec<Date> = articles.iter().map(|p| filed_under(p, config)).collect();
    let mut spans = vec![Span::Year, Span::Month];
    if c.days {
        spans.push(Span::Day);
    }
    spans
        .into_iter()
        .flat_map(|span| group(&dates, span))
        .collect()
}

/// A map rather than runs of equal dates: a clock set back across midnight
/// can put an earlier date after a later one in the site order.
fn group(dates: &[Date], span: Span) -> Vec<Period> {
    let mut by_start: BTreeMap<Date, Vec<usize>> = BTreeMap::new();
    for (i, &d) in dates.iter().enumerate() {
        by_start.entry(start(d, span)).or_default().push(i);
    }
    let periods = by_start.into_iter().rev();
    periods
        .map(|(start, articles)| Period {
            span,
            start,
            articles,
        })
        .collect()
}

/// The first day of the period of `span` holding `d`.
pub(crate) fn start(d: Date, span: Span) -> Date {
    match span {
        Span::Year => d.first_of_year(),
        Span::Month => d.first_of_month(),
        Span::Day => d,
    }
}

/// The path of a period's page under the site root: `2025/`, `2025/09/`
/// or `2025/09/03/`.
pub(crate) fn path(span: Span, d: Date) -> String {
    match span {
        Span::Year => format!("{:04}/", d.year()),
        Span::Month => format!("{:04}/{:02}/", d.year(), d.month()),
        Span::Day => format!("{:04}/{:02}/{:02}/", d.year(), d.month(), d.day()),
    }
}

/// One entry of the corrections log: correction `index` of article `article`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CorrectionRef {
    pub(crate) article: usize,
    pub(crate) index: usize,
}

/// Every correction, newest first; equal dates keep the site order.
pub(crate) fn corrections(articles: &[Page]) -> Vec<CorrectionRef> {
    let mut all: Vec<CorrectionRef> = articles
        .iter()
        .enumerate()
        .flat_map(|(article, p)| {
            let n = p.publishing.corrections.len();
            (0..n).map(move |index| CorrectionRef { article, index })
        })
        .collect();
    let when = |c: &CorrectionRef| {
        articles[c.article].publishing.corrections[c.index]
            .date
            .timestamp()
    };
    // A stable sort, so ties stay in article order, then front-matter order.
    all.sort_by_key(|c| std::cmp::Reverse(when(c)));
    all
}

/// The day an article is filed under: its date in the site's time zone
/// (search's year filter uses it too, so the two agree).
pub(crate) fn filed_under(p: &Page, config: &Config) -> Date {
    p.date.with_time_zone(config.timezone.clone()).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods_are_newest_first_and_hold_their_articles_in_site_order() {
        let dates = [date(2025, 9, 3), date(2025, 8, 31), date(2025, 9, 4)];
        let months = group(&dates, Span::Month);
        let got: Vec<(String, Vec<usize>)> = months
            .iter()
            .map(|p| (path(p.span, p.start), p.articles.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("2025/09/".into(), vec![0, 2]),
                ("2025/08/".into(), vec![1])
            ]
        );
    }

    #[test]
    fn early_years_keep_four_digits_in_their_path() {
        assert_eq!(path(Span::Day, date(987, 1, 2)), "0987/01/02/");
        assert_eq!(path(Span::Year, date(-5, 1, 1)), "-005/");
    }
}
