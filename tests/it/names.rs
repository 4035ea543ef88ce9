//! Name search on a corpus with contexts (the case tables' one-word articles have none):
//! variants the contexts confirm, look-alikes they reject, names of two words, the spellings
//! line and JSON, `--as-typed` and `!spelling`.

use std::path::Path;

use serde_json::Value;

use crate::common::{bahth, search_json, write};

/// Articles about four subjects, each with its own context words.
fn corpus(dir: &Path) {
    let mut n = 0;
    let mut article = |source: &str, text: String| {
        n += 1;
        write(dir, &format!("c/{source}/{n:03}.txt"), &format!("---\nid: a{n:03}\nsource: {source}\n---\n{text}\n"));
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
    article("two", "التقى ترامب في واشنطن نظيره الفرنسي ثم غادر، وبعد أسبوع استقبل ماكرون وفدا من باريس.".into());
    let out = bahth().current_dir(dir).args(["index", "c", "--quiet"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn texts(v: &Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["text"].as_str().unwrap().to_string()).collect()
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
    let out = bahth().current_dir(p).args(["search", "ترامب !"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a lone ! is a malformed query");
}
