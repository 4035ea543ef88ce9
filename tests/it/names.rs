//! Name search on a corpus with contexts (the case tables' one-word articles have none):
//! variants the contexts confirm, look-alikes they reject, names of two words, the spellings
//! line and JSON, `--as-typed` and `!spelling`.

use std::path::Path;

use serde_json::Value;

use crate::common::{bahth, search_json, write};

/// Articles about four subjects, each with its own context words: (file, text).
fn articles() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut article = |source: &str, text: String| {
        let n = out.len() + 1;
        out.push((format!("c/{source}/{n:03}.txt"), format!("---\nid: a{n:03}\nsource: {source}\n---\n{text}\n")));
    };
    let days = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];
    for i in 0..12 {
        let d = days[i % days.len()];
        article(
            "one",
            format!("قال الرئيس الأمريكي دونالد ترامب يوم {d} في البيت الأبيض إن واشنطن ستفرض عقوبات جديدة رقم {i}."),
        );
        article(
            "one",
            format!("قال الرئيس الفرنسي إيمانويل ماكرون يوم {d} في قصر الإليزيه في باريس إن فرنسا تدعم الاتفاق رقم {i}."),
        );
        article("two", format!("سيطر الحوثيون يوم {d} على أحياء في العاصمة اليمنية صنعاء بعد معارك في اليمن رقم {i}."));
    }
    for i in 0..4 {
        article("two", format!("وأعلن الرئيس الأمريكي دونالد ترمب من البيت الأبيض أن واشنطن سترد رقم {i}."));
        article("two", format!("يبلغ قطر الجسيمات الدقيقة عشرة ميكرون في الهواء الملوث داخل المصانع رقم {i}."));
        article("one", format!("صنعوا الخبز والحلوى في المطبخ مع الأطفال يوم العيد رقم {i}."));
    }
    article("two", "وفي رسالة لترمب قال الرئيس الأمريكي دونالد إن واشنطن لن تتراجع.".into());
    article("one", "وجه الرئيس الأمريكي دونالد رسالة لترامب من البيت الأبيض في واشنطن.".into());
    article("two", "عاد المقاتلون إلى صنعا عاصمة اليمن بعد معارك مع الحوثيين.".into());
    for i in 0..6 {
        article("one", format!("أعلن حزب الله اللبناني في بيان أن مقاتليه ردوا على القصف رقم {i}."));
    }
    article("two", "قال زعيم حزب العمال البريطاني في خطاب طويل عن الاقتصاد والعمل والنقابات إن شاء الله نفوز.".into());
    // ماكر ("cunning") is ماكرون less its last letters, in a passage on the French president.
    article("one", "وصف معارضون الرئيس الفرنسي في قصر الإليزيه بأنه سياسي ماكر.".into());
    article("two", "التقى ترامب في واشنطن نظيره الفرنسي ثم غادر، وبعد أسبوع استقبل ماكرون وفدا من باريس.".into());
    out
}

/// Writes every article and indexes them in one run.
fn corpus(dir: &Path) {
    for (path, text) in articles() {
        write(dir, &path, &text);
    }
    index(dir, &[]);
}

/// The articles of [`articles`] and `extra` (id, text) from the outlet `source`, written and
/// indexed in one run.
fn corpus_with(dir: &Path, source: &str, extra: &[(String, String)]) {
    for (path, text) in articles() {
        write(dir, &path, &text);
    }
    for (id, text) in extra {
        write(dir, &format!("c/{source}/{id}.txt"), &format!("---\nid: {id}\nsource: {source}\n---\n{text}\n"));
    }
    index(dir, &[]);
}

/// `n` articles (id, text) whose ids are `prefix` and a number, the text of each made from it.
fn numbered(prefix: &str, n: usize, text: impl Fn(usize) -> String) -> Vec<(String, String)> {
    (0..n).map(|i| (format!("{prefix}{i:03}"), text(i))).collect()
}

/// One-off articles (id, text).
fn single(articles: &[(&str, &str)]) -> Vec<(String, String)> {
    articles.iter().map(|(id, text)| (id.to_string(), text.to_string())).collect()
}

/// `n` articles on sport and weather, so that the names' context words stand out from the
/// index.
fn background(n: usize) -> Vec<(String, String)> {
    let words = ["المباراة", "الملعب", "الهدف", "المدرب", "الفريق", "الدوري", "الطقس", "الأمطار", "الحرارة", "الرياح"];
    numbered("y", n, |i| format!("قال المراسل إن {} و{} في اليوم رقم {i}.", words[i % 10], words[(i * 3 + 1) % 10]))
}

fn index(dir: &Path, extra: &[&str]) {
    let out = bahth().current_dir(dir).args(["index", "c", "--quiet"]).args(extra).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn texts(v: &Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["text"].as_str().unwrap().to_string()).collect()
}

/// `search QUERY --articles --explain` on the index in `dir`: its JSON and its spellings.
fn explained(dir: &Path, query: &str) -> (Value, Vec<(String, String, u64)>) {
    let (_, v) = search_json(dir, &[query, "--articles", "--explain"]);
    let s = spellings(&v);
    (v, s)
}

fn spellings(v: &Value) -> Vec<(String, String, u64)> {
    v["spellings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["form"].as_str().unwrap().to_string(),
                s["kind"].as_str().unwrap().to_string(),
                s["passages"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn contexts_confirm_variants_and_reject_look_alikes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    corpus(p);

    // ترمب shares ترامب's context (دونالد, الأمريكي, البيت الأبيض): one name, with clitics.
    let (code, v) = search_json(p, &["ترامب", "--limit", "100"]);
    assert_eq!(code, 0);
    let t = texts(&v);
    assert_eq!(t.iter().filter(|x| x.contains("ترمب")).count(), 5, "every ترمب and لترمب article");
    assert_eq!(t.iter().filter(|x| x.contains("ترامب")).count(), 14, "every ترامب and لترامب article");
    let s = spellings(&v);
    assert_eq!(s[0], ("ترامب".to_string(), "typed".to_string(), 13), "the typed form first: {s:?}");
    assert!(s.contains(&("ترمب".into(), "variant".into(), 4)), "{s:?}");
    assert!(s.contains(&("لترمب".into(), "variant".into(), 1)), "{s:?}");
    assert!(s.contains(&("لترامب".into(), "clitic".into(), 1)), "{s:?}");

    // ميكرون (micron) is one vowel from ماكرون, but it is no spelling of Macron.
    let (_, v) = search_json(p, &["ماكرون", "--limit", "100"]);
    let t = texts(&v);
    assert_eq!(t.len(), 13);
    assert!(t.iter().all(|x| !x.contains("ميكرون")), "micron is not Macron");
    // Names do not inflect: one passage in the name's context does not make ماكر ("cunning")
    // a form of ماكرون.
    assert!(t.iter().all(|x| !x.contains("ماكر.")), "cunning is not Macron: {t:?}");
    let s = spellings(&v);
    assert!(s.iter().all(|(f, _, _)| f != "ماكر"), "{s:?}");

    // A rare spelling borrows the context of the common one: صنعا meets صنعاء; صنعوا ("they
    // made") is one letter from صنعا too, but its passages speak of bread, not of Yemen.
    let (_, v) = search_json(p, &["صنعا", "--limit", "100", "--explain"]);
    let t = texts(&v);
    assert_eq!(t.iter().filter(|x| x.contains("صنعاء")).count(), 12);
    assert!(t.iter().all(|x| !x.contains("صنعوا")), "'they made' is not Sanaa: {t:?}");
    let rejected: Vec<&str> = v["rejected"].as_array().unwrap().iter().map(|r| r["stem"].as_str().unwrap()).collect();
    assert!(rejected.contains(&"صنعوا"), "--explain says what was left out: {rejected:?}");
}

#[test]
fn two_word_names_are_phrases_and_co_occurring_names_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    corpus(p);
    let (_, v) = search_json(p, &["حزب الله", "--limit", "100"]);
    let t = texts(&v);
    assert_eq!(t.len(), 6, "the six Hezbollah articles: {t:?}");
    assert!(t.iter().all(|x| !x.contains("العمال")), "حزب ... الله far apart is no mention");
    assert_eq!(spellings(&v)[0], ("حزب الله".into(), "typed".into(), 6));
    let (_, quoted) = search_json(p, &["\"حزب الله\"", "--limit", "100"]);
    assert_eq!(texts(&quoted), t, "a quoted name finds what the words do");
    // Two names that merely co-occur stay two words: the article with both, far apart, is found.
    let (code, v) = search_json(p, &["ترامب ماكرون"]);
    assert_eq!(code, 0);
    assert_eq!(texts(&v).len(), 1);
}

#[test]
fn as_typed_and_dropped_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    corpus(p);
    let (_, v) = search_json(p, &["ترامب", "--as-typed", "--limit", "100"]);
    let t = texts(&v);
    assert!(t.iter().all(|x| !x.contains("ترمب")), "--as-typed: no variants");
    assert!(t.iter().any(|x| x.contains("لترامب")), "--as-typed keeps clitics");
    assert!(spellings(&v).iter().all(|s| s.1 == "typed" || s.1 == "clitic"));

    let (_, v) = search_json(p, &["ترامب !ترمب", "--limit", "100"]);
    let t = texts(&v);
    assert_eq!(t.len(), 14, "ترامب and لترامب articles only");
    assert!(t.iter().all(|x| !x.contains("ترمب")), "!ترمب leaves ترمب and لترمب out");
    assert!(spellings(&v).iter().all(|s| !s.0.contains("ترمب")));

    // The text output: one line, typed form first, kinds marked.
    let out = bahth().current_dir(p).args(["search", "ترامب"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("spellings (passages): ")).expect("a spellings line");
    assert!(line.starts_with("spellings (passages): ترامب 13 · "), "{line}");
    assert!(line.contains("ترمب 4 variant") && line.contains("لترامب 1 clitic"), "{line}");
    // A pasted headline's closing "!" is punctuation: the same search, not an error.
    let out = bahth().current_dir(p).args(["search", "ترامب !"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "a trailing ! is punctuation");
    // The same spellings and the same hits, in the same order (the header echoes the query).
    let same = |t: &str| -> Vec<String> {
        t.lines().filter(|l| l.starts_with("spellings") || l.contains("(id ")).map(str::to_string).collect()
    };
    let (bang, plain) = (same(&String::from_utf8_lossy(&out.stdout)), same(&text));
    assert!(plain.len() > 1, "{text}");
    assert_eq!(bang, plain, "ترامب ! searches as ترامب");
}

/// What a reporter quotes for a query: the spellings line (forms, kinds, passages), the
/// article count, the count per outlet, and the evidence with its figures.
fn quoted(dir: &Path, q: &str) -> (Value, Value, Value, Value) {
    let (_, v) = search_json(dir, &[q, "--articles", "--explain"]);
    (v["spellings"].clone(), v["total_hits"].clone(), v["facets"].clone(), v["evidence"].clone())
}

#[test]
fn spellings_and_counts_depend_only_on_the_articles() {
    let queries = ["ترامب", "ترمب", "لترامب", "صنعا", "صنعاء", "ماكرون", "الحوثيين", "حزب الله", "قطر"];
    // More passages than a context samples, so that which ones are read could depend on
    // segment layout if the sample were not a function of the articles.
    let mut all = articles();
    let topics = [
        "الاقتصاد",
        "الانتخابات",
        "الصين",
        "إيران",
        "المكسيك",
        "الهجرة",
        "الضرائب",
        "كوريا",
        "الجدار",
        "النفط",
        "الكونغرس",
        "المحكمة",
        "الجمارك",
        "الناتو",
        "روسيا",
        "الصلب",
        "الوظائف",
        "الإعلام",
        "البورصة",
        "المناخ",
    ];
    for i in 0..40 {
        let t = topics[(i * 7) % topics.len()];
        let text = format!(
            "---\nid: x{i:03}\nsource: three\n---\nتحدث ترامب عن {t} في تغريدة رقم {i} وقال ماكرون إن {t} مهمة.\n"
        );
        all.push((format!("c/three/{i:03}.txt"), text));
    }
    // And a background, so that the name's context words stand out from the index.
    let background =
        ["المباراة", "الملعب", "الهدف", "المدرب", "الفريق", "الدوري", "الطقس", "الأمطار", "الحرارة", "الرياح"];
    for i in 0..150 {
        let (a, b) = (background[i % 10], background[(i * 3 + 1) % 10]);
        let text = format!("---\nid: y{i:03}\nsource: four\n---\nقال المراسل إن {a} و{b} في اليوم رقم {i}.\n");
        all.push((format!("c/four/{i:03}.txt"), text));
    }
    let one = tempfile::tempdir().unwrap();
    for (path, text) in &all {
        write(one.path(), path, text);
    }
    index(one.path(), &["--threads", "1"]);
    let expected: Vec<_> = queries.iter().map(|q| quoted(one.path(), q)).collect();
    let trump = expected[0].3.to_string();
    assert!(trump.contains("passages in context (index"), "ترامب is judged on a sampled context: {trump}");

    // The same articles in three incremental runs with other thread counts, one article
    // changed and changed back on the way (its old passages become deletes in old segments).
    let many = tempfile::tempdir().unwrap();
    let third = all.len() / 3;
    for (run, chunk) in all.chunks(third).enumerate() {
        for (path, text) in chunk {
            write(many.path(), path, text);
        }
        if run == 1 {
            let (path, text) = &all[0];
            write(many.path(), path, &text.replace("عقوبات", "رسوما"));
            index(many.path(), &["--threads", "2"]);
            write(many.path(), path, text);
        }
        index(many.path(), &["--threads", if run % 2 == 0 { "2" } else { "1" }]);
    }
    for (q, want) in queries.iter().zip(&expected) {
        assert!(want.0.as_array().is_some_and(|a| !a.is_empty()), "{q} reaches something");
        assert_eq!(&quoted(many.path(), q), want, "{q}: the same answer after incremental runs");
    }
}

#[test]
fn explain_gives_every_form_its_kind_counts_evidence_and_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    corpus(p);
    let (_, v) = search_json(p, &["ترامب", "--explain"]);
    let evidence = v["evidence"].as_array().expect("an evidence array with --explain");
    let find = |form: &str| evidence.iter().find(|e| e["form"] == form).cloned();
    let variant = find("ترمب").expect("ترمب is judged");
    assert_eq!(variant["hypothesis"], "variant");
    assert_eq!(variant["accepted"], true);
    assert_eq!(variant["passages"], 5, "ترمب and لترمب");
    assert!(variant["evidence"].as_str().unwrap().contains("passages in context"), "{variant}");
    // The text output shows the same, one line a form.
    let out = bahth().current_dir(p).args(["search", "صنعا", "--explain"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.contains("صنعوا")).expect("صنعوا is explained");
    assert!(line.trim_start().starts_with("- صنعوا [variant]"), "{line}");
    assert!(line.contains("in context"), "{line}");
    let (_, v) = search_json(p, &["ترامب"]);
    assert!(v.get("evidence").is_none(), "no evidence without --explain");
}

#[test]
fn a_spelling_the_index_does_not_hold_borrows_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for (path, text) in articles() {
        write(p, &path, &text);
    }
    // Keïta, another man, in enough articles for a context of his own; Goïta in none.
    for i in 0..12 {
        let text = format!("---\nid: k{i:03}\nsource: three\n---\nقال رئيس مالي إبراهيم أبو بكر كيتا في باماكو إن الانتخابات ستجري رقم {i}.\n");
        write(p, &format!("c/three/{i:03}.txt"), &text);
    }
    index(p, &[]);
    let (code, v) = search_json(p, &["جويتا", "--articles", "--explain"]);
    assert_eq!(code, 1, "no article spells جويتا: {v}");
    assert_eq!(v["total_hits"], 0);
    let evidence = v["evidence"].to_string();
    assert!(
        evidence.contains("كيتا") && evidence.contains("no evidence"),
        "the look-alike is shown, left out: {evidence}"
    );
    // Keïta himself is found as typed.
    let (_, v) = search_json(p, &["كيتا", "--articles"]);
    assert_eq!(v["total_hits"], 12);
}

#[test]
fn weak_evidence_confirms_no_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut extra =
        numbered("r", 12, |i| format!("قال الرئيس الإيراني حسن روحاني في طهران إن بلاده ملتزمة بالاتفاق النووي رقم {i}."));
    // فرحاني (Farahani, an actress) reads as ف + رحاني, Rouhani without his و. Two of its three
    // passages even sit in Rouhani's context, but رحاني never stands alone in the index: the
    // letters after ف are a word of their own, not the name after a conjunction.
    // ترومب is one vowel from ترامب; one of its two passages is in Trump's context, the other
    // about football: one passage in two leans towards the name without showing anything.
    extra.extend(single(&[
        ("f001", "قالت الممثلة فرحاني في طهران إن الرئيس الإيراني يدعم السينما."),
        ("f002", "انتقدت الممثلة فرحاني في طهران الرئيس الإيراني والاتفاق النووي."),
        ("f003", "فازت الممثلة فرحاني بجائزة في مهرجان كان السينمائي."),
        ("t001", "قال الرئيس الأمريكي ترومب في البيت الأبيض إن واشنطن ستفرض عقوبات."),
        ("t002", "سجل اللاعب ترومب هدفين في المباراة على ملعب الفريق."),
    ]));
    extra.extend(background(60));
    corpus_with(p, "five", &extra);

    let (v, s) = explained(p, "روحاني");
    assert!(s.iter().all(|(f, _, _)| f != "فرحاني"), "Farahani is not Rouhani: {s:?}");
    assert_eq!(v["total_hits"], 12, "{s:?}");
    let (v, s) = explained(p, "ترامب");
    assert!(s.iter().all(|(f, _, _)| f != "ترومب"), "one passage in two confirms nothing: {s:?}");
    let evidence = v["evidence"].as_array().unwrap();
    let weak = evidence.iter().find(|e| e["form"] == "ترومب").expect("ترومب is explained");
    assert_eq!(weak["accepted"], false, "{weak}");
    assert!(weak["evidence"].as_str().unwrap().contains("1 of 2 passages in context"), "{weak}");
    assert!(weak["evidence"].as_str().unwrap().contains("the least that confirms"), "says why it is out: {weak}");
    // The well-attested spelling still passes: ترمب in five of five passages.
    let strong = evidence.iter().find(|e| e["form"] == "ترمب").expect("ترمب is explained");
    assert_eq!(strong["accepted"], true, "{strong}");
    assert!(s.contains(&("ترمب".into(), "variant".into(), 4)), "{s:?}");
}

#[test]
fn a_name_of_two_words_lists_every_spelling_it_matched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let extra = [
        ("h001", "وقال مسؤول إن لحزب الله دورا في الحكومة اللبنانية."),
        ("h002", "ورد وحزب الله على القصف في جنوب لبنان."),
        ("h003", "وأشاد الأمين العام لحزب الله بالمقاتلين."),
    ];
    corpus_with(p, "six", &single(&extra));
    let (_, v) = search_json(p, &["حزب الله", "--articles"]);
    assert_eq!(v["total_hits"], 9, "six as typed, three with a proclitic on the first word");
    let s = spellings(&v);
    assert_eq!(
        s,
        vec![
            ("حزب الله".to_string(), "typed".to_string(), 6),
            ("لحزب الله".to_string(), "clitic".to_string(), 2),
            ("وحزب الله".to_string(), "clitic".to_string(), 1),
        ],
        "every form that matched, typed first, then by passages"
    );
    // Invariant: the listed forms account for every passage found.
    let listed: u64 = s.iter().map(|(_, _, n)| n).sum();
    let (_, passages) = search_json(p, &["حزب الله"]);
    assert_eq!(listed, passages["total_hits"].as_u64().unwrap());
    // A listed form can be left out (the page's chip), and only it.
    let (_, v) = search_json(p, &["حزب الله !\"لحزب الله\"", "--articles"]);
    let s = spellings(&v);
    assert_eq!(v["total_hits"], 7, "{s:?}");
    assert!(s.iter().all(|(f, _, _)| f != "لحزب الله"), "{s:?}");
    assert!(s.contains(&("وحزب الله".into(), "clitic".into(), 1)), "{s:?}");
}

#[test]
fn a_clitic_form_that_is_a_word_of_its_own_is_judged_by_its_passages() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut extra =
        numbered("b", 12, |i| format!("قال رئيس مجلس النواب اللبناني نبيه بري في بيروت إن البرلمان سيجتمع رقم {i}."));
    extra.extend(single(&[("b100", "وأرسل رئيس الحكومة رسالة لبري في بيروت عن جلسة البرلمان.")]));
    // كبرى ("major", folded to كبري) reads as ك + بري, but the index also holds الكبرى: the
    // article cannot stand before ك, so كبري is a word of its own, and its passages are elsewhere.
    extra.extend(numbered("k", 5, |i| format!("أعلنت كبرى الشركات في السوق المالية عن أرباح رقم {i}.")));
    extra.extend(numbered("m", 5, |i| format!("ارتفعت الأسعار في المدن الكبرى والأسواق رقم {i}.")));
    corpus_with(p, "seven", &extra);
    let (v, s) = explained(p, "بري");
    assert!(s.iter().all(|(f, _, _)| f != "كبري"), "'major' is not Berri: {s:?}");
    assert!(s.contains(&("لبري".into(), "clitic".into(), 1)), "a proclitic form with no other reading: {s:?}");
    assert_eq!(v["total_hits"], 13, "{s:?}");
    let evidence = v["evidence"].as_array().unwrap();
    let major = evidence.iter().find(|e| e["form"] == "كبري").expect("كبري is explained");
    assert_eq!(major["accepted"], false, "{major}");
    assert!(major["evidence"].as_str().unwrap().contains("الكبري"), "the evidence names the form: {major}");
}

#[test]
fn a_name_of_three_words_is_judged_whole_not_pair_by_pair() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut extra = numbered("h", 6, |i| format!("قال زعيم جماعة أنصار الله عبد الملك الحوثي في خطاب متلفز رقم {i}."));
    extra.extend(numbered("j", 2, |i| format!("وهدد عبدالملك الحوثي في كلمة مسجلة بالرد رقم {i}.")));
    // عبد and الملك ("king") meet far more often apart than side by side, in another name.
    extra.extend(numbered("s", 10, |i| format!("استقبل الملك سلمان بن عبد العزيز في الرياض وفدا رسميا رقم {i}.")));
    extra.extend(single(&[("d001", "قال الملك سلمان بن عبد العزيز إن الحوثي يهدد أمن المنطقة.")]));
    corpus_with(p, "eight", &extra);
    let (_, v) = search_json(p, &["عبد الملك الحوثي", "--articles"]);
    let s = spellings(&v);
    assert_eq!(v["total_hits"], 8, "the six articles as typed and the two joined: {s:?}");
    assert_eq!(s[0], ("عبد الملك الحوثي".to_string(), "typed".to_string(), 6), "{s:?}");
    assert!(s.contains(&("عبدالملك الحوثي".into(), "joined".into(), 2)), "{s:?}");
    let ids: Vec<String> =
        v["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap().to_string()).collect();
    assert!(!ids.contains(&"d001".to_string()), "the king's name and الحوثي apart are no mention: {ids:?}");
}

#[test]
fn two_people_in_the_same_news_are_told_apart_by_the_words_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // كيم and جيم are one hard-g letter apart and stand in the same news (the same summit,
    // the same capitals), but the words beside them differ: جونغ, الشمالي; ماتيس, الأمريكي.
    let kim = [
        "قال الزعيم الكوري الشمالي كيم جونغ اون إن القمة مع واشنطن ناجحة",
        "أكد الزعيم كيم جونغ اون في بيونغ يانغ أن القمة مع واشنطن ناجحة",
        "وصل كيم جونغ اون إلى سنغافورة للقمة مع واشنطن",
    ];
    let jim = [
        "قال وزير الدفاع الأمريكي جيم ماتيس إن القمة مع كوريا الشمالية ناجحة",
        "أكد الوزير جيم ماتيس في واشنطن أن القمة مع كوريا الشمالية ناجحة",
        "سافر جيم ماتيس إلى سيول قبل القمة مع كوريا الشمالية",
    ];
    let mut extra = numbered("k", 12, |i| format!("{} رقم {i}.", kim[i % 3]));
    extra.extend(numbered("j", 12, |i| format!("{} رقم {i}.", jim[i % 3])));
    // Two spellings of one man keep the words beside him.
    extra.extend(numbered("p", 12, |i| {
        format!("قال الرئيس الروسي فلاديمير بوتين في موسكو إن الغاز سيصل أوروبا رقم {i}.")
    }));
    extra.extend(numbered("q", 12, |i| format!("أكد الرئيس الروسي فلاديمير بوتن في الكرملين أن روسيا سترد رقم {i}.")));
    extra.extend(background(60));
    corpus_with(p, "nine", &extra);

    let (v, s) = explained(p, "كيم");
    assert!(s.iter().all(|(f, _, _)| f != "جيم"), "Jim Mattis is not Kim Jong-un: {s:?}");
    assert_eq!(v["total_hits"], 12, "{s:?}");
    let evidence = v["evidence"].as_array().unwrap();
    let jim = evidence.iter().find(|e| e["form"] == "جيم").expect("جيم is explained");
    assert_eq!(jim["accepted"], false, "{jim}");
    assert!(jim["evidence"].as_str().unwrap().contains("beside it"), "the evidence says what decided: {jim}");

    let (_, v) = search_json(p, &["بوتين", "--articles"]);
    let s = spellings(&v);
    assert!(s.contains(&("بوتن".into(), "variant".into(), 12)), "{s:?}");
    assert_eq!(v["total_hits"], 24, "{s:?}");
}
