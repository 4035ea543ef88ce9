//! `bahth search` on the seeds: every row of tests/cases/search.tsv, highlight offsets,
//! filters, JSON schema and exit codes.

use std::collections::BTreeSet;

use bahth::analysis::Analyzer;
use serde_json::Value;

use crate::common::{bahth, case_rows, hit_articles, search_json, seed_index, write};

#[test]
fn every_row_of_search_tsv() {
    let dir = seed_index();
    let mut failures = Vec::new();
    for (line, row) in case_rows("search.tsv") {
        let (query, options) = (&row[0], &row[1]);
        let must: Vec<&str> = row[2].split(',').filter(|s| !s.is_empty()).collect();
        let must_not: Vec<&str> = row.get(3).map_or(vec![], |s| s.split(',').filter(|s| !s.is_empty()).collect());
        let mut args: Vec<&str> = vec![query.as_str()];
        args.extend(options.split_whitespace());
        let (code, v) = search_json(dir.path(), &args);
        let got: BTreeSet<String> = hit_articles(&v).into_iter().collect();
        let missing: Vec<_> = must.iter().filter(|m| !got.contains(**m)).collect();
        let wrong: Vec<_> = must_not.iter().filter(|m| got.contains(**m)).collect();
        if code != 0 || !missing.is_empty() || !wrong.is_empty() {
            failures
                .push(format!("line {line} {query} {options}: exit {code}, missing {missing:?}, unwanted {wrong:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn highlighted(hit: &Value) -> Vec<String> {
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (s, e) = (r[0].as_u64().unwrap() as usize, r[1].as_u64().unwrap() as usize);
            assert!(s < e && e <= snippet.len(), "highlight {s}..{e} outside the snippet");
            snippet[s..e].iter().collect()
        })
        .collect()
}

#[test]
fn highlights_cover_words_that_match_the_query() {
    let dir = seed_index();
    let analyzer = Analyzer::default();
    // (query, stems a highlighted word may have after stripping one proclitic)
    let queries = ["فاغنر", "شخص", "قتيل", "جويتا", "مسؤول", "\"نصرة الإسلام والمسلمين\"", "باماكو"];
    for q in queries {
        let (code, v) = search_json(dir.path(), &[q]);
        assert_eq!(code, 0, "{q} finds something");
        let q_toks = analyzer.analyze(q);
        let mut n = 0;
        for hit in v["hits"].as_array().unwrap() {
            assert!(hit["text"].as_str().unwrap().contains(hit["snippet"].as_str().unwrap().trim_matches('…')));
            for word in highlighted(hit) {
                let w = analyzer.analyze_word(&word).expect("a highlighted word analyzes to a token");
                let ok = q_toks.iter().any(|t| {
                    w.normalized == t.normalized
                        || w.stem == t.stem
                        || w.variant == t.variant
                        || bahth::names::tables::proclitics().iter().any(|p| w.stem == format!("{p}{}", t.stem))
                });
                assert!(ok, "{q}: highlighted {word:?} ({w:?}) does not match the query");
                n += 1;
            }
        }
        assert!(n > 0, "{q}: something is highlighted");
    }
    // The diacritized forms are highlighted as written.
    let (_, v) = search_json(dir.path(), &["شخص"]);
    let all: Vec<String> = v["hits"].as_array().unwrap().iter().flat_map(highlighted).collect();
    assert!(all.iter().any(|w| w == "شخصاً"), "شخصاً highlighted with its tanween: {all:?}");
    let (_, v) = search_json(dir.path(), &["قتيل"]);
    let all: Vec<String> = v["hits"].as_array().unwrap().iter().flat_map(highlighted).collect();
    assert!(all.iter().any(|w| w == "قتيلاً"), "قتيلاً highlighted: {all:?}");
}

#[test]
fn clitic_forms_match_both_ways_and_rank_below_the_bare_form() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    crate::common::write(p, "c/bare.txt", "---\nid: bare\n---\nقاتلت قوات فاغنر في الشمال.\n");
    crate::common::write(p, "c/li.txt", "---\nid: li\n---\nقال المتحدث لفاغنر إن الهجوم انتهى.\n");
    crate::common::write(p, "c/wabi.txt", "---\nid: wabi\n---\nواستعانت الحكومة وبفاغنر منذ سنوات.\n");
    crate::common::write(p, "c/other.txt", "---\nid: other\n---\nلا علاقة لهذا الخبر بالموضوع.\n");
    let out = bahth().current_dir(p).args(["index", "c", "--quiet"]).output().unwrap();
    assert!(out.status.success());
    let (code, v) = search_json(p, &["فاغنر"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["bare", "li", "wabi"], "فاغنر finds the bare and clitic forms");
    assert_eq!(ids[0], "bare", "the exact form ranks first");
    let words: Vec<String> = v["hits"].as_array().unwrap().iter().flat_map(highlighted).collect();
    for w in ["فاغنر", "لفاغنر", "وبفاغنر"] {
        assert!(words.iter().any(|x| x == w), "{w} highlighted in {words:?}");
    }
    // Four articles are no evidence that لفاغنر is ل + فاغنر: the typed form is kept as
    // typed (tests/it/names.rs reads the clitic off where contexts say so).
    let (_, v) = search_json(p, &["لفاغنر"]);
    let ids: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["li"], "without evidence only the typed form");
    // All-words queries expand clitics however long they are.
    let (code, v) = search_json(p, &["قال المتحدث فاغنر إن الهجوم انتهى"]);
    assert_eq!(code, 0);
    assert_eq!(v["fallback_any"], false, "every word matched, لفاغنر through its clitic form");
    assert_eq!(v["hits"][0]["article_id"], "li");
}

#[test]
fn exact_spelling_ranks_first_and_airport_passage_leads() {
    let dir = seed_index();
    let (_, v) = search_json(dir.path(), &["جويتا"]);
    let first = &v["hits"][0];
    assert!(highlighted(first).iter().any(|w| w.contains("جويتا")), "the exact spelling ranks first: {first}");
    let (_, v) = search_json(dir.path(), &["مطار موديبو كيتا"]);
    let text = v["hits"][0]["text"].as_str().unwrap();
    assert!(text.contains("موديبو") && text.contains("كيتا"), "first hit names the airport: {text}");
}

#[test]
fn json_schema_and_facets() {
    let dir = seed_index();
    let (code, v) = search_json(dir.path(), &["فاغنر"]);
    assert_eq!(code, 0);
    for key in ["query", "total_hits", "took_ms", "facets", "hits"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let hit = &v["hits"][0];
    for key in
        ["rank", "score", "article_id", "path", "source", "date", "title", "passage", "text", "snippet", "highlights"]
    {
        assert!(hit.get(key).is_some(), "hit misses {key}");
    }
    let facet_sum: u64 = v["facets"]["source"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(facet_sum, v["total_hits"].as_u64().unwrap(), "facets count all hits, not only the shown ones");
    let (_, few) = search_json(dir.path(), &["فاغنر", "--limit", "1"]);
    assert_eq!(few["facets"], v["facets"]);
}

#[test]
fn filters_dates_and_sources() {
    let dir = seed_index();
    let (code, v) = search_json(dir.path(), &["باماكو", "--from", "2024-09-18", "--to", "2024-09"]);
    assert_eq!(code, 0);
    for h in v["hits"].as_array().unwrap() {
        let d = h["date"].as_str().expect("a date filter keeps dated articles only");
        assert!(("2024-09-18"..="2024-09-30").contains(&d), "{d}");
    }
    assert!(v["undated_excluded"].as_u64().unwrap() > 0, "undated hits are counted");
    let (_, v) = search_json(dir.path(), &["باماكو", "--source", "الجزيرة", "--source", "فرانس برس"]);
    let sources: BTreeSet<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["source"].as_str().unwrap()).collect();
    assert_eq!(sources, BTreeSet::from(["الجزيرة", "فرانس برس"]));
    let (_, v) = search_json(dir.path(), &["باماكو source:الجزيرة"]);
    assert!(v["hits"].as_array().unwrap().iter().all(|h| h["source"] == "الجزيرة"));
}

#[test]
fn query_language() {
    let dir = seed_index();
    let ids = |args: &[&str]| hit_articles(&search_json(dir.path(), args).1);
    let (_, with) = search_json(dir.path(), &["فاغنر"]);
    let (_, without) = search_json(dir.path(), &["فاغنر -جويتا -غويتا"]);
    assert!(without["total_hits"].as_u64() < with["total_hits"].as_u64(), "exclusion removes passages");
    for h in without["hits"].as_array().unwrap() {
        let t = h["text"].as_str().unwrap();
        assert!(!t.contains("جويتا") && !t.contains("غويتا"), "excluded word in {t}");
    }
    let either = ids(&["JNIM OR Azallaq"]);
    assert!(either.contains(&"004".to_string()));
    let (code, v) = search_json(dir.path(), &["فاغنز~"]);
    assert_eq!(code, 0, "typo tolerance finds فاغنر");
    assert!(highlighted(&v["hits"][0]).iter().any(|w| w.contains("فاغنر")));
    let (code, v) = search_json(dir.path(), &["فاغنر زنجبيلكوز"]);
    assert_eq!(code, 0);
    assert_eq!(v["fallback_any"], true, "no passage has both: any-word fallback, said so");
    let (_, v) = search_json(dir.path(), &["فاغنر", "--articles"]);
    let arts = hit_articles(&v);
    let unique: BTreeSet<_> = arts.iter().collect();
    assert_eq!(arts.len(), unique.len(), "--articles shows each article once");
    assert_eq!(v["total_hits"], 5);
    let (_, p1) = search_json(dir.path(), &["باماكو", "--offset", "2"]);
    let (_, p0) = search_json(dir.path(), &["باماكو"]);
    assert_eq!(p1["hits"][0]["text"], p0["hits"][2]["text"], "--offset pages");
    assert_eq!(p1["hits"][0]["rank"], 3);
    let (code, v) = search_json(dir.path(), &["title:عزل"]);
    assert_eq!(code, 0);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.iter().all(|h| h["title"].as_str().unwrap().contains("عزل")), "title: matches titles only");
    assert_eq!(hit_articles(&v), vec!["004".to_string()]);
    let (_, only_stop) = search_json(dir.path(), &["في"]);
    assert!(only_stop["total_hits"].as_u64().unwrap() > 0, "a query of only stopwords still searches them");
}

#[test]
fn exit_codes_and_messages() {
    let dir = seed_index();
    let (code, v) = search_json(dir.path(), &["زنجبيلكوز"]);
    assert_eq!((code, v["total_hits"].as_u64()), (1, Some(0)), "no hits: exit 1");
    // Pasted text is never a malformed query: what is not an operator is punctuation, and a
    // note on stderr says so.
    for pasted in ["\"نصرة الإسلام", "a OR", "فاغنر -", "«باماكو", "OR مالي"] {
        let out = bahth().current_dir(dir.path()).args(["search", pasted]).output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{pasted:?} searches");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("bahth: note:") && !err.contains("error"), "{pasted:?}: {err}");
    }
    // A query with no word left is still an error, and says so.
    for nothing in ["-", "؟؟ ، «»", "!"] {
        let out = bahth().current_dir(dir.path()).args(["search", nothing]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{nothing:?} has nothing to search");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("bahth: error:") && err.contains("no words") && !err.contains("panicked"),
            "{nothing:?}: {err}"
        );
    }
    let out = bahth().current_dir(dir.path()).args(["search", "x", "--index", "nowhere"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bahth index"), "says what to do");
    let out = bahth().current_dir(dir.path()).args(["search", "x", "--from", "yesterday"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"), "names the flag");
    let out = bahth().current_dir(dir.path()).args(["search", "x", "--limit", "many"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "bad flag value");
}

#[test]
fn plain_output_marks_matches_and_first_search_builds_the_index() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&crate::common::root().join("seeds"), &dir.path().join("seeds"));
    let out = bahth().current_dir(dir.path()).args(["search", "فاغنر"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("building"), "one line says the index is built");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("⟦فاغنر⟧") || text.contains("⟦لفاغنر⟧"), "matches in ⟦⟧ markers: {text}");
    assert!(!text.contains("«فاغنر»") && !text.contains("«لفاغنر»"), "not in «», which articles quote with: {text}");
    assert!(text.contains("passages per outlet:") && text.contains(" passages in "), "facets and totals: {text}");
    assert!(!text.contains('\x1b'), "no colour in a pipe");
    assert!(dir.path().join("index/meta.json").exists());
}

#[test]
fn explain_and_closed_pipes() {
    let dir = seed_index();
    let (_, v) = search_json(dir.path(), &["فاغنر", "--explain", "--limit", "2"]);
    let e = &v["hits"][0]["explain"];
    assert!(e["value"].as_f64().unwrap() > 0.0, "explanation carries the score: {e}");
    assert!(e.to_string().contains("body_stem") || e.to_string().contains("Boost"), "{e}");
    // `bahth search x | head -1`: the reader goes away, bahth exits 0 without an error.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bahth"))
        .current_dir(dir.path())
        .args(["search", "باماكو", "--limit", "1000"])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn title_matches_lift_the_lead_passage() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let filler = "نص عادي عن الأحداث في المنطقة. ".repeat(5);
    crate::common::write(
        p,
        "c/a.txt",
        &format!("---\nid: titled\ntitle: كيدال تحت الحصار\n---\n{filler} وذكرت كيدال مرة.\n"),
    );
    crate::common::write(
        p,
        "c/b.txt",
        &format!("---\nid: plain\ntitle: أخبار اليوم\n---\n{filler} وذكرت كيدال مرة.\n"),
    );
    let out = bahth().current_dir(p).args(["index", "c", "--quiet"]).output().unwrap();
    assert!(out.status.success());
    let (_, v) = search_json(p, &["كيدال"]);
    assert_eq!(v["hits"][0]["article_id"], "titled", "the article with the word in its title ranks first: {v}");
    assert_eq!(v["total_hits"], 2);
}

/// Every known-item headline (../shared/bench/known-item) pasted as a query: none is an
/// error. Those with quotes, dashes, `!`, `~`, `:` or `OR` run through the CLI; all of them
/// through the page's batch search.
#[test]
fn every_known_item_headline_searches_without_error() {
    let path = crate::common::root().join("../shared/bench/known-item/queries.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let titles: Vec<&str> = text.lines().filter_map(|l| l.split('\t').nth(1)).collect();
    assert!(titles.len() >= 1000, "the whole set: {}", titles.len());
    let dir = seed_index();
    let special = |t: &&&str| t.contains(['"', '«', '»', '“', '”', '!', '~', ':', '-']) || t.contains("OR");
    let mut failures = Vec::new();
    for t in titles.iter().filter(special) {
        let out = bahth().current_dir(dir.path()).args(["search", t, "--json", "--limit", "1"]).output().unwrap();
        if !matches!(out.status.code(), Some(0 | 1)) {
            failures.push(format!("{t}: {}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    assert!(failures.is_empty(), "{} headlines failed:\n{}", failures.len(), failures.join("\n"));
    let server = crate::serve::serve(dir.path());
    let body = serde_json::json!({ "names": titles }).to_string();
    let (code, rows) = crate::serve::post_json(&server, "/api/batch", &body);
    assert_eq!(code, 200, "{rows}");
    let errors: Vec<&Value> =
        rows.as_array().unwrap().iter().filter(|r| r.get("error").is_some_and(|e| !e.is_null())).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.as_array().unwrap().len(), titles.len());
}

/// `!"two words"` leaves out one spelling of several words, and the results follow exactly;
/// leaving out every spelling of a name finds nothing (no any-word fallback).
#[test]
fn a_spelling_of_several_words_can_be_left_out() {
    let dir = tempfile::tempdir().unwrap();
    for (i, w) in [
        "وصل الوفد إلى أبوظبي أمس",
        "وصل الوفد إلى أبو ظبي أمس",
        "عاد الوفد من بأبو ظبي",
        "حزب الله يعلن",
        "الله أكبر والحزب",
    ]
    .iter()
    .enumerate()
    {
        crate::common::write(dir.path(), &format!("c/{i}.txt"), &format!("---\nid: a{i}\n---\n{w}\n"));
    }
    assert!(bahth().current_dir(dir.path()).args(["index", "c", "--quiet"]).output().unwrap().status.success());
    let ids = |v: &Value| -> BTreeSet<String> {
        v["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap().to_string()).collect()
    };
    let (_, all) = search_json(dir.path(), &["أبوظبي", "--articles"]);
    assert_eq!(ids(&all), ["a0", "a1", "a2"].map(String::from).into(), "joined and split spellings");
    let (_, joined) = search_json(dir.path(), &["أبوظبي !\"أبو ظبي\"", "--articles"]);
    assert_eq!(ids(&joined), ["a0"].map(String::from).into(), "the split spelling left out, with its clitics");
    assert_eq!(joined["total_hits"], 1, "counts follow");
    assert!(joined["spellings"].as_array().unwrap().iter().all(|s| s["form"] != "ابو ظبي"), "{joined}");
    let (code, none) = search_json(dir.path(), &["حزب الله !\"حزب الله\"", "--articles"]);
    assert_eq!((code, none["total_hits"].as_u64()), (1, Some(0)), "every spelling left out: nothing");
    assert_eq!(none["fallback_any"], false, "and no any-word fallback: {none}");
}

/// `--sort newest|oldest`: date order, undated articles last either way.
#[test]
fn date_order_puts_undated_articles_last() {
    let dir = seed_index();
    for (sort, newest_first) in [("newest", true), ("oldest", false)] {
        let (_, v) = search_json(dir.path(), &["باماكو", "--articles", "--sort", sort]);
        let dates: Vec<Option<&str>> = v["hits"].as_array().unwrap().iter().map(|h| h["date"].as_str()).collect();
        let dated: Vec<&str> = dates.iter().flatten().copied().collect();
        assert!(dated.len() >= 2 && dated.len() < dates.len(), "the seeds have dated and undated articles: {dates:?}");
        assert!(dates[..dated.len()].iter().all(Option::is_some), "undated last: {dates:?}");
        let ordered = dated.windows(2).all(|w| if newest_first { w[0] >= w[1] } else { w[0] <= w[1] });
        assert!(ordered, "{sort}: {dates:?}");
    }
    let out = bahth().current_dir(dir.path()).args(["search", "باماكو", "--sort", "latest"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad --sort is a usage error");
}

/// Outlet counts ignore the outlet filter (disjunctive facets): every outlet stays listed to
/// compare and pick, while the total and the hits keep the filter.
#[test]
fn outlet_counts_list_every_outlet_under_an_outlet_filter() {
    let dir = seed_index();
    let (_, all) = search_json(dir.path(), &["باماكو", "--articles"]);
    let (_, one) = search_json(dir.path(), &["باماكو", "--articles", "--source", "فرانس برس"]);
    assert_eq!(one["total_hits"], 1, "the filter keeps one outlet's article");
    assert!(one["hits"].as_array().unwrap().iter().all(|h| h["source"] == "فرانس برس"));
    assert_eq!(one["facets"]["source"], all["facets"]["source"], "every outlet listed, with its own count");
    assert_eq!(one["facets"]["outlet_filter_ignored"], true, "and the answer says the filter was left out of them");
    assert!(all["facets"].get("outlet_filter_ignored").is_none(), "absent with no outlet filter");
    let (_, with_date) =
        search_json(dir.path(), &["باماكو", "--articles", "--source", "فرانس برس", "--from", "2024-09-18"]);
    let dated: u64 = with_date["facets"]["source"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(dated, 1, "the date filter still applies to the outlet counts: {with_date}");
}

/// A typo that finds nothing offers the indexed word one edit away, with what it finds.
#[test]
fn a_typo_that_finds_nothing_suggests_the_word_the_index_holds() {
    let dir = seed_index();
    let (code, v) = search_json(dir.path(), &["فاغنز", "--articles"]);
    assert_eq!((code, v["total_hits"].as_u64()), (1, Some(0)));
    let (_, right) = search_json(dir.path(), &["فاغنر", "--articles"]);
    assert_eq!(v["suggestions"][0]["query"], "فاغنر", "{v}");
    assert_eq!(v["suggestions"][0]["articles"], right["total_hits"], "it finds what the corrected query finds");
    let out = bahth().current_dir(dir.path()).args(["search", "فاغنز"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("did you mean: فاغنر"), "the terminal says it too");
    assert!(right.get("suggestions").is_none(), "a query that finds enough gets none: {right}");
    let (_, unknown) = search_json(dir.path(), &["زنجبيلكوز", "--articles"]);
    assert!(unknown.get("suggestions").is_none(), "nothing close in the index: nothing offered");
}

#[test]
fn search_csv_and_jsonl_write_every_hit_as_the_export_does() {
    let dir = seed_index();
    // An author, to fill the authors column.
    write(
        dir.path(),
        "seeds/with_authors.md",
        "---\ntitle: فاغنر في الساحل\nauthors: [مراسل أول, مراسلة ثانية]\ndate: 2024-09-22\n---\nقوات فاغنر تنسحب.\n",
    );
    assert!(bahth().current_dir(dir.path()).args(["index", "seeds", "--quiet"]).output().unwrap().status.success());
    let (_, json) = search_json(dir.path(), &["فاغنر", "--articles"]);
    let total = json["total_hits"].as_u64().unwrap() as usize;
    assert!(total >= 5, "{json}");

    let out = bahth().current_dir(dir.path()).args(["search", "فاغنر", "--articles", "--csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let body = String::from_utf8(out.stdout).unwrap();
    assert!(body.starts_with('\u{FEFF}'), "a byte-order mark for Excel");
    let mut rows = csv::Reader::from_reader(body.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..8], ["rank", "article_id", "title", "source", "date", "url", "authors", "spellings"]);
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), total, "every article, not the first 10");
    let ids: Vec<&str> = json["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    let csv_ids: Vec<&str> = records.iter().map(|r| &r[1]).collect();
    assert_eq!(csv_ids, ids, "the same hits in the same order as --json");
    assert!(records.iter().all(|r| r[7].contains("فاغنر")), "each row names the spelling it matched");
    let authored = records.iter().find(|r| r[2].contains("فاغنر في الساحل")).expect("the new article is a hit");
    assert_eq!(&authored[6], "مراسل أول | مراسلة ثانية");

    let out = bahth().current_dir(dir.path()).args(["search", "فاغنر", "--articles", "--jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), total);
    assert_eq!(lines[0]["article_id"], json["hits"][0]["article_id"]);

    // Nothing found: exit 1 and the header alone; --limit makes no sense with every hit.
    let out = bahth().current_dir(dir.path()).args(["search", "زنجبيلكوز", "--csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
    let out = bahth().current_dir(dir.path()).args(["search", "فاغنر", "--csv", "--limit", "3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--limit"), "the flag is named");
}
