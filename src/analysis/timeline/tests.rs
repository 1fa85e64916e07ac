//! Tests of the timeline pass: a table of expressions × article dates × tenses with their
//! expected values, the article's date, events, and a property test over generated text.

use super::*;
use crate::analysis::entities::{Actor, EntityKind, Mention};
use jiff::civil::date;

/// The article text for a body sentence.
fn article(body: &str) -> String {
    format!("Talks In The Region\n\n{body}")
}

/// `(text, value)` of every expression in `body`, resolved against `doc`.
fn values(body: &str, doc: Option<Date>) -> Vec<(String, Option<String>)> {
    extract(&article(body), doc)
        .into_iter()
        .map(|t| (t.text, t.value))
        .collect()
}

/// The value of the only expression in `body` whose text is `expr`.
fn value_of(body: &str, expr: &str, doc: Date) -> Option<String> {
    let found = values(body, Some(doc));
    let hits: Vec<_> = found.iter().filter(|(t, _)| t == expr).collect();
    assert_eq!(hits.len(), 1, "{expr:?} in {body:?}: {found:?}");
    hits[0].1.clone()
}

/// One row of the table: sentence, expression, article date, expected value.
struct Row {
    body: &'static str,
    expr: &'static str,
    doc: (i16, i8, i8),
    want: Option<&'static str>,
}

const fn row(
    body: &'static str,
    expr: &'static str,
    doc: (i16, i8, i8),
    want: &'static str,
) -> Row {
    Row {
        body,
        expr,
        doc,
        want: Some(want),
    }
}

/// Article dates used below: 2023-08-15 is a Tuesday; 2024-03-01 a Friday after a leap day;
/// 2023-01-02 a Monday in the last ISO week of 2022's neighbour; 2023-07-30 a Sunday.
const TABLE: &[Row] = &[
    // the issue's running example, against Tuesday 2023-08-15
    row(
        "The envoy spoke on Tuesday with the general.",
        "on Tuesday",
        (2023, 8, 15),
        "2023-08-15",
    ),
    row(
        "The meeting was due in the capital last Saturday but was moved.",
        "last Saturday",
        (2023, 8, 15),
        "2023-08-12",
    ),
    row(
        "Leaders gathered in the capital last Thursday.",
        "last Thursday",
        (2023, 8, 15),
        "2023-08-10",
    ),
    row(
        "Soldiers seized power in a coup last month.",
        "last month",
        (2023, 8, 15),
        "2023-07",
    ),
    row(
        "Chiefs will now meet on Thursday and Friday, August 17 to 18.",
        "on Thursday and Friday, August 17 to 18",
        (2023, 8, 15),
        "2023-08-17/2023-08-18",
    ),
    row(
        "Chiefs will meet on Thursday and Friday in the port.",
        "on Thursday and Friday",
        (2023, 8, 15),
        "2023-08-17/2023-08-18",
    ),
    // tense: the same weekday before and after the article's day
    row(
        "The talks will be held on Thursday.",
        "on Thursday",
        (2023, 8, 15),
        "2023-08-17",
    ),
    row(
        "The talks were held on Thursday.",
        "on Thursday",
        (2023, 8, 15),
        "2023-08-10",
    ),
    row(
        "On Thursday, the chiefs will meet again.",
        "On Thursday",
        (2023, 8, 15),
        "2023-08-17",
    ),
    row(
        "On Monday, the rebels attacked a base.",
        "On Monday",
        (2023, 8, 15),
        "2023-08-14",
    ),
    row(
        "The vote will take place on Tuesday.",
        "on Tuesday",
        (2023, 8, 15),
        "2023-08-15",
    ),
    row(
        "The parties will meet next Monday.",
        "next Monday",
        (2023, 8, 15),
        "2023-08-21",
    ),
    row(
        "The parties met last Tuesday.",
        "last Tuesday",
        (2023, 8, 15),
        "2023-08-08",
    ),
    // Sunday / Monday week edges
    row(
        "Crowds gathered on Sunday.",
        "on Sunday",
        (2023, 7, 30),
        "2023-07-30",
    ),
    row(
        "Crowds gathered on Monday.",
        "on Monday",
        (2023, 7, 30),
        "2023-07-24",
    ),
    row(
        "Crowds will gather on Monday.",
        "on Monday",
        (2023, 7, 30),
        "2023-07-31",
    ),
    row(
        "Crowds gathered on Sunday.",
        "on Sunday",
        (2023, 7, 31),
        "2023-07-30",
    ),
    row(
        "Prices rose last week.",
        "last week",
        (2023, 7, 30),
        "2023-W29",
    ),
    row(
        "Prices rose last week.",
        "last week",
        (2023, 7, 31),
        "2023-W30",
    ),
    row(
        "Prices rose this week.",
        "this week",
        (2023, 7, 30),
        "2023-W30",
    ),
    // year and ISO-week boundaries
    row(
        "Prices rose last week.",
        "last week",
        (2023, 1, 2),
        "2022-W52",
    ),
    row(
        "Prices rose this week.",
        "this week",
        (2021, 1, 2),
        "2020-W53",
    ),
    row(
        "Prices rose last month.",
        "last month",
        (2023, 1, 10),
        "2022-12",
    ),
    row(
        "Prices will rise next month.",
        "next month",
        (2023, 12, 10),
        "2024-01",
    ),
    row(
        "The accord was signed on December 30.",
        "on December 30",
        (2024, 1, 4),
        "2023-12-30",
    ),
    row(
        "The accord will be signed on January 3.",
        "on January 3",
        (2023, 12, 28),
        "2024-01-03",
    ),
    row(
        "Prices fell yesterday.",
        "yesterday",
        (2024, 1, 1),
        "2023-12-31",
    ),
    row(
        "The march happened on Saturday.",
        "on Saturday",
        (2023, 1, 1),
        "2022-12-31",
    ),
    // leap years
    row(
        "The decree was signed yesterday.",
        "yesterday",
        (2024, 3, 1),
        "2024-02-29",
    ),
    row(
        "The decree was signed yesterday.",
        "yesterday",
        (2023, 3, 1),
        "2023-02-28",
    ),
    row(
        "The decree was signed on February 29.",
        "on February 29",
        (2024, 3, 1),
        "2024-02-29",
    ),
    row(
        "The vote was held on Thursday.",
        "on Thursday",
        (2024, 3, 1),
        "2024-02-29",
    ),
    // relative expressions
    row(
        "The army moved today.",
        "today",
        (2023, 8, 15),
        "2023-08-15",
    ),
    row(
        "Markets closed late last month.",
        "late last month",
        (2023, 8, 15),
        "2023-07",
    ),
    row(
        "Sales fell earlier this year.",
        "earlier this year",
        (2023, 8, 15),
        "2023",
    ),
    row(
        "The bloc met two weeks ago.",
        "two weeks ago",
        (2023, 8, 15),
        "2023-W31",
    ),
    row(
        "The bloc will vote in three days.",
        "in three days",
        (2023, 8, 15),
        "2023-08-18",
    ),
    row(
        "Aid will arrive in one month's time.",
        "in one month's time",
        (2023, 8, 20),
        "2023-09",
    ),
    row(
        "Troops will leave by the end of the year.",
        "by the end of the year",
        (2023, 9, 24),
        "2023",
    ),
    row(
        "The truce failed last year.",
        "last year",
        (2023, 8, 15),
        "2022",
    ),
    row(
        "Rains came the day before yesterday.",
        "the day before yesterday",
        (2023, 8, 15),
        "2023-08-13",
    ),
    row(
        "Protests grew over the weekend.",
        "the weekend",
        (2023, 8, 14),
        "2023-08-12/2023-08-13",
    ),
    // months and years
    row(
        "The junta took power in July.",
        "in July",
        (2023, 8, 15),
        "2023-07",
    ),
    row(
        "The junta took power in December.",
        "in December",
        (2024, 1, 15),
        "2023-12",
    ),
    row(
        "The vote is set for July 2024.",
        "July 2024",
        (2023, 8, 15),
        "2024-07",
    ),
    row(
        "Elections were held in 2021.",
        "in 2021",
        (2023, 8, 15),
        "2021",
    ),
    row(
        "Talks resume in late July.",
        "in late July",
        (2023, 7, 2),
        "2023-07",
    ),
    // calendar dates in every common form
    row(
        "The coup began on July 26.",
        "on July 26",
        (2023, 8, 15),
        "2023-07-26",
    ),
    row(
        "The coup began on 26 July 2023.",
        "on 26 July 2023",
        (2023, 8, 15),
        "2023-07-26",
    ),
    row(
        "The order came on Aug. 17.",
        "on Aug. 17",
        (2023, 8, 20),
        "2023-08-17",
    ),
    row(
        "The order came on 17th August.",
        "on 17th August",
        (2023, 8, 20),
        "2023-08-17",
    ),
    row(
        "The order is dated 2023-08-17.",
        "2023-08-17",
        (2023, 8, 20),
        "2023-08-17",
    ),
    row(
        "The order is dated 17/08/2023.",
        "17/08/2023",
        (2023, 8, 20),
        "2023-08-17",
    ),
    row(
        "The order is dated 03/04/2023.",
        "03/04/2023",
        (2023, 8, 20),
        "2023-04-03",
    ),
    row(
        "The order is dated 08/17/2023.",
        "08/17/2023",
        (2023, 8, 20),
        "2023-08-17",
    ),
    row(
        "It opened on Friday, August 25, 2023 at 10.30 a.m.",
        "on Friday, August 25, 2023 at 10.30 a.m.",
        (2023, 8, 25),
        "2023-08-25",
    ),
    // ranges and pairs
    row(
        "The summit runs August 17 to 18.",
        "August 17 to 18",
        (2023, 8, 15),
        "2023-08-17/2023-08-18",
    ),
    row(
        "Talks ran between July 26 and 30.",
        "between July 26 and 30",
        (2023, 8, 15),
        "2023-07-26/2023-07-30",
    ),
    row(
        "Talks ran from July 30 to August 2.",
        "from July 30 to August 2",
        (2023, 8, 15),
        "2023-07-30/2023-08-02",
    ),
    row(
        "Talks run 30 December to 2 January.",
        "30 December to 2 January",
        (2023, 12, 20),
        "2023-12-30/2024-01-02",
    ),
    row(
        "Talks ran 17-18 August.",
        "17-18 August",
        (2023, 8, 20),
        "2023-08-17/2023-08-18",
    ),
    row(
        "Protests ran from Monday through Wednesday last week.",
        "from Monday through Wednesday last week",
        (2023, 8, 15),
        "2023-08-07/2023-08-09",
    ),
    row(
        "The envoys will return on Monday next week.",
        "on Monday next week",
        (2023, 8, 15),
        "2023-08-21",
    ),
    // anchored to the previous day
    row(
        "The chiefs met on Friday. A day earlier, the envoy left.",
        "A day earlier",
        (2023, 8, 19),
        "2023-08-17",
    ),
    row(
        "The chiefs met on Friday and left the next day.",
        "the next day",
        (2023, 8, 19),
        "2023-08-19",
    ),
    // a month in a year counted from the article's: one expression, not a month and a year
    row(
        "The accord was first signed in July last year in Geneva.",
        "in July last year",
        (2023, 8, 15),
        "2022-07",
    ),
    row(
        "Exports resumed in December of last year.",
        "in December of last year",
        (2024, 1, 10),
        "2023-12",
    ),
    row(
        "The plant is due to open in March next year.",
        "in March next year",
        (2023, 8, 15),
        "2024-03",
    ),
    row(
        "Prices rose in May this year, the bank said.",
        "in May this year",
        (2023, 8, 15),
        "2023-05",
    ),
    // a weekday followed by `last`: the one before the article's day
    row(
        "The court ruled on Friday last that the vote must go ahead.",
        "on Friday last",
        (2023, 12, 4),
        "2023-12-01",
    ),
    row(
        "The board met on Tuesday last, the firm said.",
        "on Tuesday last",
        (2024, 2, 6),
        "2024-01-30",
    ),
];

#[test]
fn table_of_expressions_dates_and_tenses() {
    let mut failures = Vec::new();
    for r in TABLE {
        let doc = date(r.doc.0, r.doc.1, r.doc.2);
        let got = value_of(r.body, r.expr, doc);
        if got.as_deref() != r.want {
            failures.push(format!(
                "{:?} @ {doc}: got {got:?}, want {:?}",
                r.expr, r.want
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn impossible_dates_have_no_value() {
    let doc = Some(date(2023, 8, 15));
    let found = values(
        "He was born on February 29, 2023 and on 31 September 2022.",
        doc,
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(_, v)| v.is_none()), "{found:?}");
    let found = values(
        "The decree was signed on February 29.",
        Some(date(2023, 3, 1)),
    );
    assert_eq!(found, vec![("on February 29".to_string(), None)]);
}

#[test]
fn unknown_article_date_leaves_relative_values_unresolved() {
    let found = values(
        "On Tuesday the bloc met, last month it warned, and on July 26, 2023 it began.",
        None,
    );
    let got: Vec<Option<&str>> = found.iter().map(|(_, v)| v.as_deref()).collect();
    assert_eq!(got, vec![None, None, Some("2023-07-26")], "{found:?}");
    let t = extract(&article("The coup began on July 26."), None);
    assert_eq!(t[0].value, None);
    assert!(t[0].relative);
}

#[test]
fn durations_and_vague_spans_are_not_expressions() {
    let found = values(
        "The junta got a seven-day ultimatum and three years to hand over power. In recent \
         years and in the coming months, 2000 troops may move within 48 hours.",
        Some(date(2023, 8, 15)),
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn granularity_and_relative_flags() {
    let t = extract(
        &article("Last week, in July 2023 and 2024, the bloc met on Tuesday, August 15 to 16."),
        Some(date(2023, 8, 18)),
    );
    let got: Vec<(Granularity, bool)> = t.iter().map(|t| (t.granularity, t.relative)).collect();
    assert_eq!(
        got,
        vec![
            (Granularity::Week, true),
            (Granularity::Month, false),
            (Granularity::Year, false),
            (Granularity::Interval, true),
        ]
    );
    let json = serde_json::to_string(&t[0].granularity).unwrap_or_default();
    assert_eq!(json, "\"week\"");
}

#[test]
fn ranges_point_at_their_text() {
    let text = article("Officials met in Accra on Thursday, and will meet again next week.");
    for t in extract(&text, Some(date(2023, 8, 15))) {
        assert_eq!(text[t.range.clone()], t.text);
    }
}

#[test]
fn document_date_prefers_metadata() {
    let d = document_date(
        &article("NIAMEY, Aug 10, 2023 (Reuters) - Talks began."),
        Some(date(2023, 8, 11)),
    );
    assert_eq!(
        d,
        DocumentDate {
            date: Some(date(2023, 8, 11)),
            source: DateSource::Metadata
        }
    );
}

#[test]
fn document_date_from_dateline() {
    let d = document_date(
        &article("NIAMEY, Aug 10, 2023 (Reuters) - Talks began on Thursday."),
        None,
    );
    assert_eq!(
        d,
        DocumentDate {
            date: Some(date(2023, 8, 10)),
            source: DateSource::Dateline
        }
    );
    let d = document_date(
        &article("ABUJA, Nigeria, Thursday, Aug. 10 (AP) — Leaders met."),
        None,
    );
    assert_eq!(d.source, DateSource::Dateline);
    assert_eq!(d.date, Some(date(2023, 8, 10)));
    let d = document_date(&article("Published: 17 August 2023\nThe chiefs met."), None);
    assert_eq!(
        d,
        DocumentDate {
            date: Some(date(2023, 8, 17)),
            source: DateSource::Dateline
        }
    );
    // a year-less dateline takes its year from dates in the text
    let d = document_date(
        &article("NIAMEY, Aug 10 (Reuters) - The coup of July 26, 2023 was condemned."),
        None,
    );
    assert_eq!(d.date, Some(date(2023, 8, 10)));
}

#[test]
fn document_date_inferred_from_weekday_and_date() {
    // a coming Thursday 17 August fixes the week; the past Tuesday is the article's day
    let text = article(
        "The envoy spoke on Tuesday with the general. Sources said on Tuesday the chiefs \
         would meet on Thursday and Friday, August 17 to 18. A summit was held last Thursday.",
    );
    let d = document_date(&text, None);
    assert_eq!(
        d,
        DocumentDate {
            date: Some(date(2023, 8, 15)),
            source: DateSource::Inferred
        }
    );
    let t = extract(&text, d.date);
    let got: Vec<&str> = t.iter().filter_map(|t| t.value.as_deref()).collect();
    assert_eq!(
        got,
        vec![
            "2023-08-15",
            "2023-08-15",
            "2023-08-17/2023-08-18",
            "2023-08-10"
        ]
    );
    // the date the text calls today
    let d = document_date(
        &article("Army heads meet in Accra today, August 17, 2023."),
        None,
    );
    assert_eq!(
        d,
        DocumentDate {
            date: Some(date(2023, 8, 17)),
            source: DateSource::Inferred
        }
    );
    // a hint moves the year chosen for a year-less weekday date
    let d = document_date_near(
        &article("The summit was held on Thursday, August 17."),
        None,
        Some(2018),
    );
    assert_eq!(d.date, Some(date(2017, 8, 17)));
}

#[test]
fn a_year_written_on_a_full_date_places_a_weekday_date_before_a_planned_month() {
    // `Tuesday, March 12` falls on a Tuesday in 2019 and 2024; the full date written in the
    // text (2019) decides, not the month of a plan the text looks ahead to (2020).
    let body = "The court ruled on Tuesday, March 12. The order runs until 30th March 2019. \
                The officers will arrive in January 2020.";
    assert_eq!(inferred_date(body), Some(date(2019, 3, 12)));
}

/// The inferred date of an article with `body`, if any.
fn inferred_date(body: &str) -> Option<Date> {
    let d = document_date(&article(body), None);
    assert_eq!(
        d.date.is_some(),
        d.source == DateSource::Inferred,
        "{body:?}: {d:?}"
    );
    d.date
}

#[test]
fn document_date_from_constraints() {
    // a past date whose weekday the text names for a past event: one event named two ways
    assert_eq!(
        inferred_date(
            "On Tuesday the two leaders spoke by phone. The call was confirmed in a post dated \
             August 15, 2023, the office said."
        ),
        Some(date(2023, 8, 15))
    );
    // `yesterday` beside a date
    assert_eq!(
        inferred_date("Yesterday, August 16, 2023, the junta rejected the plan."),
        Some(date(2023, 8, 17))
    );
    assert_eq!(
        inferred_date("The chiefs meet on August 18, 2023 (tomorrow) in Accra."),
        Some(date(2023, 8, 17))
    );
    assert_eq!(
        inferred_date("This morning, August 17, 2023, the chiefs met in Accra."),
        Some(date(2023, 8, 17))
    );
    // an offset from a written date, named by its weekday
    assert_eq!(
        inferred_date(
            "The bloc met on Wednesday, a week after the July 26, 2023 coup, and issued a \
             statement."
        ),
        Some(date(2023, 8, 2))
    );
    // a past date below, a firm future date above, a past weekday inside
    assert_eq!(
        inferred_date(
            "On Wednesday the junta said it would not yield. The deadline passed on August 6, \
             2023. The chiefs will meet on August 11, 2023."
        ),
        Some(date(2023, 8, 9))
    );
    // the same without the weekday: the first day of the window
    assert_eq!(
        inferred_date(
            "The deadline passed on August 6, 2023. The chiefs will meet on August 8, 2023."
        ),
        Some(date(2023, 8, 6))
    );
}

#[test]
fn document_date_left_unknown_on_open_windows() {
    for body in [
        // a date ending a clause before `today` is not the article's day
        "The bloc met on July 30, 2023, today the junta answered it.",
        // a recalled date and a weekday: the article may be weeks later
        "The bloc condemned the July 26, 2023 coup. A new cabinet was named on Thursday.",
        // only a lower bound
        "The summit was held on July 30, 2023. Leaders have since met again.",
        // a window wider than a week
        "The deadline passed on August 6, 2023. The chiefs will meet on August 24, 2023.",
        // four days and no weekday of the lead to place the article's day among them
        "The deadline passed on August 6, 2023. The chiefs will meet on August 10, 2023.",
        // a past weekday outside the lead does not place it either
        "The deadline passed on August 6, 2023. The chiefs will meet on August 10, 2023. The \
         junta said on Tuesday it would not yield.",
        // a plan reported with `would` bounds nothing
        "The bloc said on August 10, 2023 that its chiefs would meet on August 12, 2023.",
        // an older date's weekday matching the lead's (July 26, 2023 was a Wednesday) is
        // not taken: only the latest past date can be the lead's news
        "On Wednesday the bloc met in Abuja. The coup of July 26, 2023 was condemned. \
         Sanctions took effect on August 6, 2023.",
        // the recalled date's weekday (Wednesday) is not the one named (Thursday)
        "On Thursday the bloc met. Bazoum has been held since July 26, 2023.",
    ] {
        assert_eq!(inferred_date(body), None, "{body}");
    }
}

#[test]
fn document_date_unknown_without_evidence() {
    let d = document_date(
        &article("On Monday the juntas warned the bloc, a day after it met on Sunday."),
        None,
    );
    assert_eq!(
        d,
        DocumentDate {
            date: None,
            source: DateSource::Unknown
        }
    );
    let json = serde_json::to_string(&d).unwrap_or_default();
    assert_eq!(json, r#"{"date":null,"source":"unknown"}"#);
}

#[test]
fn weekday_last_keeps_words_it_could_qualify_apart() {
    let doc = Some(date(2024, 2, 6));
    // `last week` after a weekday places it in that week, as before
    assert_eq!(
        values("The board met on Tuesday last week.", doc),
        vec![("on Tuesday last week".into(), Some("2024-01-30".into()))]
    );
    // `last` before a noun is not part of the expression
    assert_eq!(
        values("On Friday last-ditch talks failed.", doc)[0].0,
        "On Friday"
    );
    assert_eq!(
        values("Leaders met on Friday last chance talks.", doc)[0].0,
        "on Friday"
    );
}

#[test]
fn a_dateline_on_its_own_line_is_not_the_lead() {
    // the lead's weekday is the weekday of the latest past date: the article is from that day
    let text = "Talks end in the capital\n\nKYIV\n\nOfficials said on Tuesday the talks \
                had ended. They ended on September 19, 2023, a spokesman said.";
    assert_eq!(document_date(text, None).date, Some(date(2023, 9, 19)));
    // written as a sentence, the place is part of the lead sentence
    let text = "Talks end in the capital\n\nKYIV, Ukraine - Officials said on Tuesday the \
                talks had ended. They ended on September 19, 2023, a spokesman said.";
    assert_eq!(document_date(text, None).date, Some(date(2023, 9, 19)));
}

#[test]
fn self_date_takes_year_less_dates_in_the_hinted_year() {
    let body = "The port reopened on Thursday, the authority said. Dockers had walked out on \
                March 14 over pay.";
    // March 14, 2024 is a Thursday: the lead's news on the latest day the text names
    assert_eq!(document_date(&article(body), None).date, None);
    assert_eq!(
        self_date(&article(body), Some(2024)),
        Some(date(2024, 3, 14))
    );
    // in 2023 it is a Tuesday: no fixed day
    assert_eq!(self_date(&article(body), Some(2023)), None);
}

#[test]
fn self_date_reads_an_offset_from_an_earlier_event() {
    // `a day after` with no date in its sentence counts from the latest day the text names
    let body = "Rebels agreed on Wednesday to lay down their arms, a day after the army \
                launched an offensive. The offensive began on May 7, 2024, the ministry said.";
    assert_eq!(document_date(&article(body), None).date, None);
    assert_eq!(self_date(&article(body), None), Some(date(2024, 5, 8)));
    // months are loose: the lead's weekday nearest to the day they reach
    let body = "On Sunday the minister announced the end of the mission. The announcement came \
                two months after a coup toppled the government. Soldiers seized power on March \
                3, 2021, and detained the president.";
    assert_eq!(self_date(&article(body), None), Some(date(2021, 5, 2)));
    // a date in the offset's own sentence is its anchor
    let body = "The bloc met on Friday, two weeks after the July 7, 2023 vote. Observers had \
                praised the count on July 9, 2023.";
    assert_eq!(self_date(&article(body), None), Some(date(2023, 7, 21)));
    // an offset in a clause that looks ahead places nothing
    let body = "On Sunday the minister said talks will resume two weeks after the vote. The vote \
                was held on March 5, 2024.";
    assert_eq!(self_date(&article(body), None), None);
}

#[test]
fn self_date_trusts_written_years_only_near_the_hint() {
    // the only full date is from 1899; the referendum is this year's
    let body = "Voters went to the polls on Sunday. The border was drawn by an award of 3 \
                October 1899, and the referendum was held on December 3.";
    assert_eq!(
        self_date(&article(body), Some(2023)),
        Some(date(2023, 12, 3))
    );
    // with no hint, a year generations before the present is not taken either
    assert_eq!(guess_date(&article(body), None), None);
    // a story two years before the hint keeps the years it writes
    let body = "The envoy arrived on Tuesday. The mission began on March 1, 2021, and the envoy \
                met the rebels on March 4.";
    assert_eq!(
        guess_date(&article(body), Some(2023)),
        Some(date(2021, 3, 9))
    );
}

#[test]
fn guess_date_places_the_news_after_the_latest_day_named() {
    // open window: the lead's weekday, first after the latest day the text names
    let body = "The bloc's leaders met on Tuesday. The junta had seized power on July 26, 2023.";
    assert_eq!(document_date(&article(body), None).date, None);
    assert_eq!(guess_date(&article(body), None), Some(date(2023, 8, 1)));
    // with no weekday in the lead, the first past weekday of the text
    let body = "The council backed the mission. It voted on Monday, October 2, 2023. The \
                president praised it on Tuesday.";
    assert_eq!(guess_date(&article(body), None), Some(date(2023, 10, 3)));
    // a count of days landing on the latest day named beats the first weekday after it
    let body = "Both sides agreed on Saturday to open aid corridors. The truce they signed ten \
                days ago is holding. The truce was signed on March 6, 2024 in Pretoria.";
    assert_eq!(guess_date(&article(body), None), Some(date(2024, 3, 16)));
    // only an upper bound: the lead's weekday before it
    let body = "Officials said on Monday the summit will open on June 12, 2024 in Nairobi.";
    assert_eq!(guess_date(&article(body), None), Some(date(2024, 6, 10)));
    // nothing dated: no guess
    let body = "The envoy left on Friday. Talks may resume next week.";
    assert_eq!(guess_date(&article(body), None), None);
}

#[test]
fn record_rows_keep_text_and_value() {
    let t = extract(
        &article("The bloc met last month."),
        Some(date(2023, 8, 15)),
    );
    let json = serde_json::to_string(&record(&t)).unwrap_or_default();
    assert_eq!(json, r#"[{"text":"last month","value":"2023-07"}]"#);
}

#[test]
fn events_carry_sentence_label_and_actors() {
    let text = article("Ivan Petrov met Lena Varga on Tuesday in Accra. Prices rose.");
    let t = extract(&text, Some(date(2023, 8, 15)));
    let sentence_start = text.find("Ivan").unwrap_or(0);
    let mention = |name: &str, actor| {
        let at = text.find(name).unwrap_or(0);
        Mention {
            range: at..at + name.len(),
            text: name.to_string(),
            kind: EntityKind::Person,
            actor: Some(actor),
            role: None,
        }
    };
    let actor = |name: &str| Actor {
        name: name.to_string(),
        kind: EntityKind::Person,
        roles: Vec::new(),
        country: None,
        mentions: Vec::new(),
    };
    let x = Extraction {
        mentions: vec![
            mention("Lena Varga", 1),
            mention("Ivan Petrov", 0),
            mention("Prices", 2),
        ],
        actors: vec![actor("Ivan Petrov"), actor("Lena Varga"), actor("Prices")],
    };
    let ev = events(&text, &t, &x);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].timex, 0);
    assert_eq!(ev[0].sentence.start, sentence_start);
    assert_eq!(
        &text[ev[0].sentence.clone()],
        "Ivan Petrov met Lena Varga on Tuesday in Accra."
    );
    assert_eq!(ev[0].actors, vec![1, 0]);
    assert_eq!(ev[0].label, "Ivan Petrov met Lena Varga in Accra");
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Fragments the generator strings together: time words, numbers of every size, odd
/// punctuation and non-ASCII text.
const FRAGMENTS: &[&str] = &[
    "on",
    "in",
    "last",
    "next",
    "this",
    "the",
    "end",
    "of",
    "between",
    "and",
    "to",
    "from",
    "until",
    "ago",
    "later",
    "earlier",
    "early",
    "late",
    "mid-",
    "Monday",
    "Sunday",
    "Thursday",
    "today",
    "yesterday",
    "tomorrow",
    "week",
    "weeks",
    "month",
    "year",
    "years",
    "day",
    "days",
    "weekend",
    "July",
    "May",
    "Feb",
    "Feb.",
    "Aug.",
    "December",
    "29",
    "30",
    "31",
    "0",
    "00",
    "1",
    "12",
    "13",
    "17th",
    "32nd",
    "2023",
    "2024",
    "1900",
    "9999",
    "3912",
    "0000",
    "99999999999999",
    "4294967296",
    "17-18",
    "31-1",
    "2023-02-29",
    "2023-13-01",
    "9999-99-99",
    "17/08/2023",
    "29/02/2023",
    "00/00/0000",
    "31.12.2999",
    "10.30",
    "22:00",
    "a.m.",
    "p.m.",
    ",",
    ".",
    "-",
    "–",
    "/",
    ":",
    "(",
    ")",
    "’s",
    "'s",
    "\n",
    "\n\n",
    "  ",
    "Goïta",
    "日本",
    "é",
    "\u{200b}",
    "D-day",
    "time",
    "one",
    "twelve",
    "a",
    "1000",
    "999",
    "will",
    "was",
    "would be held",
];

#[test]
fn property_no_input_panics_or_yields_an_invalid_value() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let docs = [
        None,
        Some(date(2023, 8, 15)),
        Some(date(2024, 2, 29)),
        Some(date(1000, 1, 1)),
        Some(date(2999, 12, 31)),
    ];
    for round in 0..3000 {
        let n = 1 + (rng.next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(rng.pick(FRAGMENTS));
            if !rng.next().is_multiple_of(3) {
                s.push(' ');
            }
            if rng.next().is_multiple_of(50) {
                // a random character, any plane
                let c = char::from_u32((rng.next() % 0x3_0000) as u32).unwrap_or('?');
                s.push(c);
            }
        }
        let meta = docs[round % docs.len()];
        let dd = document_date(&s, meta);
        if let Some(d) = dd.date {
            assert!((1000..=2999).contains(&d.year()), "{s:?} gave {d}");
        }
        // the readings for undated articles, with years at the edges of the calendar
        let hint = meta.map(|d| d.year());
        let days: Vec<Date> = meta.into_iter().collect();
        let cov: Vec<Coverage<'_>> = meta
            .map(|d| Coverage {
                date: d,
                similarity: 0.5,
                days: &days,
            })
            .into_iter()
            .collect();
        for d in [
            self_date(&s, hint),
            guess_date(&s, hint),
            date_from_coverage(&s, &cov, hint),
        ]
        .into_iter()
        .flatten()
        {
            assert!((1000..=2999).contains(&d.year()), "{s:?} gave {d}");
        }
        for t in extract(&s, dd.date.or(meta)) {
            assert_eq!(s.get(t.range.clone()), Some(t.text.as_str()), "{s:?}");
            if let Some(v) = &t.value {
                assert!(
                    valid_value(v, t.granularity),
                    "{s:?} gave {v} ({:?})",
                    t.granularity
                );
            }
        }
    }
}

/// True when `v` is a well-formed ISO value of the granularity, with real days and years in
/// 1000..=2999.
fn valid_value(v: &str, g: Granularity) -> bool {
    let year_ok =
        |y: &str| y.len() == 4 && y.parse::<i16>().is_ok_and(|y| (1000..=2999).contains(&y));
    let day_ok = |d: &str| d.len() == 10 && year_ok(&d[..4]) && d.parse::<Date>().is_ok();
    match g {
        Granularity::Day => day_ok(v),
        Granularity::Week => v.split_once("-W").is_some_and(|(y, w)| {
            year_ok(y) && w.len() == 2 && w.parse::<u8>().is_ok_and(|w| (1..=53).contains(&w))
        }),
        Granularity::Month => v.split_once('-').is_some_and(|(y, m)| {
            year_ok(y) && m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        }),
        Granularity::Year => year_ok(v),
        Granularity::Interval => v
            .split_once('/')
            .is_some_and(|(a, b)| day_ok(a) && day_ok(b) && a <= b),
    }
}

/// A text a `KeptScans` holds is scanned once for every thread that reads it, and its scan
/// goes with its last holder; the readings are those of a fresh scan.
#[test]
fn kept_scans_are_shared_across_threads_until_dropped() {
    let text = "Coup leaders meet envoys\n\nNIAMEY - Niger's junta met envoys on Wednesday, \
                a day after the deadline expired, and will meet them again next Monday.";
    let read = move || extract(text, "2023-08-10".parse().ok());
    // read on a thread of its own, which keeps its last scan
    let fresh = std::thread::spawn(read).join().expect("thread");
    let held = KeptScans::of([text].into_iter());
    let again = KeptScans::of([text].into_iter());
    let first = Scanned::of(text);
    let other = std::thread::spawn(move || Scanned::of(text))
        .join()
        .expect("thread");
    assert!(Arc::ptr_eq(&first, &other), "one scan for both threads");
    assert_eq!(read(), fresh);
    drop(held);
    assert!(
        KeptScans::scan_of(text).is_some(),
        "still held by the other"
    );
    drop(again);
    assert!(
        KeptScans::scan_of(text).is_none(),
        "gone with its last holder"
    );
}
