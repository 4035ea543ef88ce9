//! The page in a real headless Chromium (Debian's chromium and chromium-driver, driven over
//! WebDriver with fantoccini): typing, the outlet facet, the histogram, the article view, a
//! batch of names, and a hostile article that must execute nothing. Skipped with a printed
//! reason where chromium or chromedriver is missing (.ci/run installs both).

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::Value;

use crate::common::{bahth, copy_dir, root, write};

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn which(bin: &str) -> Option<String> {
    ["/usr/bin", "/usr/local/bin", "/bin"].iter().map(|d| format!("{d}/{bin}")).find(|p| Path::new(p).exists())
}

/// The corpus: the seeds and one hostile article.
fn corpus(dir: &Path) {
    copy_dir(&root().join("seeds"), &dir.join("seeds"));
    write(
        dir,
        "seeds/hostile.md",
        "---\ntitle: \"<img src=x onerror=\\\"window.__pwned=1\\\"> قنبلة\"\nsource: \"<script>window.__pwned=2</script>\"\nurl: \"javascript:window.__pwned=3\"\ndate: 2024-09-20\n---\nمقال عدائي عن قنبلة <script>window.__pwned=4</script> و<b onmouseover=\"window.__pwned=5\">نص</b> <a href=\"javascript:window.__pwned=6\">رابط</a>.\n",
    );
    // A name written joined and split (a spelling chip of two words), a stray article years
    // before the rest (the timeline folds it), and a name with many clitic spellings (chips
    // that collapse on a phone).
    write(dir, "seeds/joined.md", "---\ntitle: وفد في أبوظبي\ndate: 2024-09-18\n---\nوصل الوفد إلى أبوظبي أمس.\n");
    write(dir, "seeds/split.md", "---\ntitle: وفد في أبو ظبي\ndate: 2024-09-18\n---\nوصل الوفد إلى أبو ظبي أمس.\n");
    write(dir, "seeds/stray.md", "---\ntitle: أرشيف\ndate: 2014-01-05\n---\nتقرير قديم عن تمبكتو وغاو.\n");
    write(dir, "seeds/timbuktu.md", "---\ntitle: تمبكتو اليوم\ndate: 2024-09-21\n---\nهدوء في تمبكتو.\n");
    write(
        dir,
        "seeds/clitics.md",
        "---\ntitle: تمبكتو\ndate: 2024-09-20\n---\nتمبكتو ولتمبكتو وبتمبكتو وفتمبكتو وكتمبكتو وللتمبكتو وبالتمبكتو.\n",
    );
    let out = bahth().current_dir(dir).args(["index", "seeds", "--quiet"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

async fn wait_for(c: &Client, css: &str) -> Vec<fantoccini::elements::Element> {
    let started = Instant::now();
    loop {
        let found = c.find_all(Locator::Css(css)).await.unwrap_or_default();
        if !found.is_empty() || started.elapsed() > Duration::from_secs(15) {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_url(c: &Client, part: &str) -> String {
    let started = Instant::now();
    loop {
        let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        if url.contains(part) || started.elapsed() > Duration::from_secs(15) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn count_total(dir: &Path, name: &str) -> u64 {
    let out = bahth().current_dir(dir).args(["count", name, "--json"]).output().unwrap();
    serde_json::from_slice::<Value>(&out.stdout).unwrap()["total"].as_u64().unwrap()
}

#[test]
fn the_page_in_a_real_browser() {
    let (Some(chromium), Some(driver)) = (which("chromium"), which("chromedriver")) else {
        // In CI the browser is part of the run (.ci/run installs it): missing, the test fails
        // rather than pass without checking the page.
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but chromium and chromedriver are not installed (.ci/run installs them with apt-get)"
        );
        println!("skipped: chromium and chromedriver are not installed (.ci/run installs them with apt-get)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    corpus(p);
    let server = crate::serve::serve(p);
    let base = format!("http://{}/", server.addr);
    let port = free_port();
    let _driver = Kill(
        std::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({"binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]}),
        );
        let started = Instant::now();
        let c = loop {
            match ClientBuilder::rustls().unwrap().capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(c) => break c,
                Err(e) if started.elapsed() > Duration::from_secs(20) => panic!("chromedriver: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };

        // Typing a query shows highlighted results.
        c.goto(&base).await.unwrap();
        c.find(Locator::Css("#q")).await.unwrap().send_keys("فاغنر").await.unwrap();
        let marks = wait_for(&c, "#results li mark").await;
        assert!(!marks.is_empty(), "results while typing, matches marked");
        assert!(marks[0].text().await.unwrap().contains("فاغنر"));
        let url = wait_url(&c, "q=").await;
        assert!(url.contains("q="), "the URL holds the query: {url}");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(root().join("target/bahth-results.png"), png);
        }

        // Clicking an outlet filters.
        let facet = wait_for(&c, "#facets label").await;
        let name = facet[1].find(Locator::Css("span")).await.unwrap().text().await.unwrap();
        facet[1].find(Locator::Css("input")).await.unwrap().click().await.unwrap();
        wait_url(&c, "source=").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let outlets = c.find_all(Locator::Css("#results li p.muted")).await.unwrap();
        assert!(!outlets.is_empty());
        for o in outlets {
            assert!(o.text().await.unwrap().starts_with(&name), "only {name}");
        }
        c.back().await.unwrap();

        // Clicking a histogram bar narrows the dates to its month.
        let bars = wait_for(&c, "#histogram button").await;
        assert!(!bars.is_empty());
        bars[0].click().await.unwrap();
        let url = wait_url(&c, "from=2024-09-01").await;
        assert!(url.contains("from=2024-09-01") && url.contains("to=2024-09-30"), "{url}");
        // A month is a short range: its bars are days, and a day narrows to that day.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let days = wait_for(&c, "#histogram button").await;
        let key = days[0].attr("data-key").await.unwrap().unwrap_or_default();
        assert_eq!(key.len(), 10, "day bars for a month: {key}");
        days[0].click().await.unwrap();
        let url = wait_url(&c, &format!("to={key}")).await;
        assert!(url.contains(&format!("from={key}")), "{url}");

        // The article view highlights every match.
        c.goto(&format!("{base}?q=%D9%81%D8%A7%D8%BA%D9%86%D8%B1")).await.unwrap();
        let link = wait_for(&c, "#results h3 a").await;
        link[0].click().await.unwrap();
        let url = wait_url(&c, "article=").await;
        let id = url::Url::parse(&url).unwrap().query_pairs().find(|(k, _)| k == "article").map(|(_, v)| v.to_string()).unwrap();
        let marks = wait_for(&c, "#a-text mark").await;
        let api: Value = serde_json::from_str(
            &reqwest_like(&format!("{base}api/article/{id}?q=%D9%81%D8%A7%D8%BA%D9%86%D8%B1")),
        )
        .unwrap();
        assert_eq!(marks.len(), api["highlights"].as_array().unwrap().len(), "every match of the article marked");
        let results = c.find(Locator::Css("#search-view")).await.unwrap();
        assert!(!results.is_displayed().await.unwrap(), "the article view replaces the results");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(root().join("target/bahth-article.png"), png);
        }

        // A batch of three names gives the counts `bahth count` gives.
        c.goto(&base).await.unwrap();
        let area = wait_for(&c, "#batch-names").await;
        area[0].send_keys("فاغنر\nباماكو\nجويتا").await.unwrap();
        c.find(Locator::Css("#batch-run")).await.unwrap().click().await.unwrap();
        let rows = wait_for(&c, "#batch-rows tr").await;
        assert_eq!(rows.len(), 3);
        let url = wait_url(&c, "batch=").await;
        assert!(url.contains("batch="), "the batch is kept in the URL: {url}");
        let top = c.execute("return document.getElementById('batch').getBoundingClientRect().top;", vec![]).await.unwrap();
        assert!(top.as_f64().unwrap() < 900.0, "the table comes into view: {top}");
        c.refresh().await.unwrap();
        let rows = wait_for(&c, "#batch-rows tr").await;
        assert_eq!(rows.len(), 3, "a reload shows the same table");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(root().join("target/bahth-batch.png"), png);
        }
        for row in rows {
            let cells = row.find_all(Locator::Css("td")).await.unwrap();
            let name = cells[0].text().await.unwrap();
            let n: u64 = cells[1].text().await.unwrap().trim().parse().unwrap();
            assert_eq!(n, count_total(p, &name), "{name}");
        }

        // The hostile article executes nothing, in the results and in the article view.
        c.goto(&format!("{base}?q=%D9%82%D9%86%D8%A8%D9%84%D8%A9")).await.unwrap();
        let hits = wait_for(&c, "#results li").await;
        assert!(!hits.is_empty());
        let shown = hits[0].text().await.unwrap();
        assert!(shown.contains("<img src=x onerror"), "the markup is shown as text: {shown}");
        c.find(Locator::Css("#results h3 a")).await.unwrap().click().await.unwrap();
        wait_for(&c, "#a-text").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        for a in c.find_all(Locator::Css("#a-text *")).await.unwrap() {
            let tag = a.tag_name().await.unwrap();
            assert_eq!(tag, "mark", "only our own marks inside the article, no {tag} from its text");
        }
        let injected = "#a-title *, #a-meta script, #a-meta img, #a-meta b, a[href^='javascript'], #results script, #results img";
        assert!(c.find_all(Locator::Css(injected)).await.unwrap().is_empty(), "no element from the article's fields");
        let meta = c.find(Locator::Css("#a-meta")).await.unwrap().text().await.unwrap();
        assert!(meta.contains("javascript:window.__pwned=3"), "a javascript: URL is shown as text, not a link: {meta}");
        let pwned = c.execute("return window.__pwned === undefined;", vec![]).await.unwrap();
        assert_eq!(pwned, Value::Bool(true), "nothing in the hostile article ran");

        // Outlets compare: with one ticked, every outlet stays listed with its count and a
        // second can be ticked; the filters in force are chips, and one clears them all.
        c.goto(&format!("{base}?q=%D8%A8%D8%A7%D9%85%D8%A7%D9%83%D9%88")).await.unwrap();
        let all = wait_for(&c, "#facets label").await;
        let listed = all.len();
        assert!(listed >= 3, "the seeds' outlets: {listed}");
        all[0].find(Locator::Css("input")).await.unwrap().click().await.unwrap();
        wait_url(&c, "source=").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let still = wait_for(&c, "#facets label").await;
        assert_eq!(still.len(), listed, "every outlet stays listed after ticking one");
        still[1].find(Locator::Css("input")).await.unwrap().click().await.unwrap();
        let started = Instant::now();
        while c.current_url().await.unwrap().as_str().matches("source=").count() < 2 && started.elapsed() < Duration::from_secs(15) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let chips = wait_for(&c, "#active button.filter").await;
        assert_eq!(chips.len(), 3, "two outlet chips and one to clear all");
        assert!(chips[0].text().await.unwrap().contains("المنفذ"));
        chips[2].click().await.unwrap();
        let started = Instant::now();
        while c.current_url().await.unwrap().as_str().contains("source=") && started.elapsed() < Duration::from_secs(15) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(!c.current_url().await.unwrap().as_str().contains("source="), "clear all removes the filters");

        // Date order from the page, and exports that follow it.
        let sort = wait_for(&c, "#sort").await;
        sort[0].select_by_value("newest").await.unwrap();
        let url = wait_url(&c, "sort=newest").await;
        assert!(url.contains("sort=newest"), "{url}");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let dates: Vec<String> = {
            let mut out = Vec::new();
            for m in c.find_all(Locator::Css("#results li p.muted")).await.unwrap() {
                out.push(m.text().await.unwrap());
            }
            out
        };
        let dated: Vec<String> = dates.iter().filter_map(|t| t.split(" · ").nth(1).filter(|d| d.starts_with("20")).map(str::to_string)).collect();
        assert!(dated.len() >= 2 && dated.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
        let href = c.find(Locator::Css("#export-csv")).await.unwrap().attr("href").await.unwrap().unwrap_or_default();
        assert!(href.contains("/api/export?") && href.contains("format=csv") && href.contains("sort=newest"), "{href}");
        let csv = reqwest_like(&format!("http://{}{href}", server.addr));
        let body = csv.trim_start_matches(|c: char| c.is_ascii_hexdigit() || c == '\r' || c == '\n');
        assert!(body.starts_with('\u{FEFF}'), "the export the page links has a byte-order mark");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(root().join("target/bahth-sorted.png"), png);
        }

        // Keyboard: a spelling chip toggles with Enter; the tab title carries the query; the
        // result count is announced; the timeline is one tab stop whose arrows move the focus
        // and say the count; Esc leaves an article and n moves to the next match.
        c.goto(&format!("{base}?q=%D8%A8%D8%A7%D9%85%D8%A7%D9%83%D9%88")).await.unwrap();
        let chips = wait_for(&c, "#spellings span[role=button]").await;
        assert!(chips.len() >= 2, "the typed spelling and a clitic one");
        let title = c.title().await.unwrap();
        assert!(title.contains("باماكو"), "the tab title: {title}");
        let live = c.find(Locator::Css("#status")).await.unwrap().attr("aria-live").await.unwrap();
        assert_eq!(live.as_deref(), Some("polite"));
        let form = chips[1].attr("data-form").await.unwrap().unwrap();
        chips[1].send_keys("\u{E007}").await.unwrap(); // Enter
        let url = wait_url(&c, "drop=").await;
        assert!(url.contains("drop="), "Enter on a chip leaves its spelling out: {url} ({form})");
        let focusable = c.find_all(Locator::Css("#histogram button[tabindex='0']")).await.unwrap();
        assert_eq!(focusable.len(), 1, "the timeline is one tab stop");
        focusable[0].click().await.ok();
        c.back().await.unwrap();
        wait_for(&c, "#results li").await;
        let article = wait_for(&c, "#results h3 a").await;
        article[0].click().await.unwrap();
        wait_url(&c, "article=").await;
        wait_for(&c, "#a-text mark").await;
        let pos = c.find(Locator::Css("#match-pos")).await.unwrap().text().await.unwrap();
        c.find(Locator::Css("body")).await.unwrap().send_keys("n").await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let moved = c.find(Locator::Css("#match-pos")).await.unwrap().text().await.unwrap();
        assert!(pos.starts_with("1 /") && (moved.starts_with("2 /") || pos.ends_with("/ 1")), "n moves to the next match: {pos} → {moved}");
        c.find(Locator::Css("body")).await.unwrap().send_keys("\u{E00C}").await.unwrap(); // Escape
        let started = Instant::now();
        while c.current_url().await.unwrap().as_str().contains("article=") && started.elapsed() < Duration::from_secs(15) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(!c.current_url().await.unwrap().as_str().contains("article="), "Esc goes back to the results");

        // A typo offers the word the index holds; the help panel explains the language.
        c.goto(&format!("{base}?q=%D9%81%D8%A7%D8%BA%D9%86%D8%B2")).await.unwrap();
        let offer = wait_for(&c, "#suggest a").await;
        assert_eq!(offer[0].text().await.unwrap(), "فاغنر");
        offer[0].click().await.unwrap();
        wait_for(&c, "#results li").await;
        let help = c.find(Locator::Css("#help summary")).await.unwrap();
        help.click().await.unwrap();
        let rows = c.find_all(Locator::Css("#help tr")).await.unwrap();
        assert!(rows.len() >= 8, "every operator has a row");

        // Messages are in Arabic; a fresh index marks its articles new; counts say their unit.
        c.goto(&format!("{base}?q=%D8%A8%D8%A7%D9%85%D8%A7%D9%83%D9%88&from=yesterday")).await.unwrap();
        let err = wait_for(&c, "#error:not([hidden])").await;
        let text = err[0].text().await.unwrap();
        assert!(text.contains("تاريخ البداية غير صالح"), "an Arabic message: {text}");
        c.goto(&format!("{base}?q=%D8%A8%D8%A7%D9%85%D8%A7%D9%83%D9%88")).await.unwrap();
        wait_for(&c, "#results li").await;
        assert!(!c.find_all(Locator::Css("#results .new-badge")).await.unwrap().is_empty(), "new articles are marked");
        let unit = c.find(Locator::Css("#facets-unit")).await.unwrap().text().await.unwrap();
        assert_eq!(unit, "(مقالات)", "the outlet counts say their unit");

        // A spelling of two words switched off leaves exactly that spelling out.
        c.goto(&format!("{base}?q=%D8%A3%D8%A8%D9%88%D8%B8%D8%A8%D9%8A")).await.unwrap();
        let chips = wait_for(&c, "#spellings span[role=button]").await;
        let mut split = None;
        for ch in &chips {
            if ch.attr("data-form").await.unwrap().unwrap_or_default().contains(' ') {
                split = Some(ch.clone());
            }
        }
        let split = split.expect("the split spelling has a chip");
        let before = c.find(Locator::Css("#status")).await.unwrap().text().await.unwrap();
        split.click().await.unwrap();
        wait_url(&c, "drop=").await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let after = c.find(Locator::Css("#status")).await.unwrap().text().await.unwrap();
        assert!(before.starts_with('2') && after.starts_with('1'), "two articles, then the joined one: {before} → {after}");
        let titles = c.find_all(Locator::Css("#results h3 a")).await.unwrap();
        assert_eq!(titles.len(), 1);
        assert!(titles[0].text().await.unwrap().contains("أبوظبي"));

        // A stray article years before the rest is counted apart, not stretched over the axis.
        c.goto(&format!("{base}?q=%D8%AA%D9%85%D8%A8%D9%83%D8%AA%D9%88")).await.unwrap();
        let shown = wait_for(&c, "#histogram button").await;
        assert!(!shown.is_empty(), "the months with the articles are drawn");
        let bars = c.find_all(Locator::Css("#histogram > *")).await.unwrap();
        assert!(bars.len() <= 3, "the axis covers 2024, not ten years: {} bars", bars.len());
        let undated = c.find(Locator::Css("#undated")).await.unwrap().text().await.unwrap();
        assert!(undated.contains("قبل ذلك"), "the 2014 article is counted as earlier: {undated}");
        // Articles that named no outlet are filed under "unknown"; the page names it in Arabic.
        wait_for(&c, "#results li").await;
        let listed = c.find(Locator::Css("#results")).await.unwrap().text().await.unwrap();
        let facets = c.find(Locator::Css("#facets")).await.unwrap().text().await.unwrap();
        for text in [&listed, &facets] {
            assert!(text.contains("منفذ غير معروف") && !text.contains("unknown"), "the outlet in Arabic: {text}");
        }
        // Counts take the noun Arabic gives them: the plural after 3 to 10.
        let status = c.find(Locator::Css("#status")).await.unwrap().text().await.unwrap();
        assert!(status.starts_with("3 مقالات"), "{status}");

        // Back from an article restores where the results were scrolled to.
        c.set_window_size(390, 500).await.unwrap();
        c.goto(&format!("{base}?q=%D8%A8%D8%A7%D9%85%D8%A7%D9%83%D9%88")).await.unwrap();
        wait_for(&c, "#results li").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        c.execute("window.scrollTo(0, 600);", vec![]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let links = c.find_all(Locator::Css("#results h3 a")).await.unwrap();
        c.execute("arguments[0].click();", vec![serde_json::to_value(&links[links.len() - 1]).unwrap()]).await.unwrap();
        wait_url(&c, "article=").await;
        wait_for(&c, "#a-text").await;
        c.back().await.unwrap();
        wait_for(&c, "#results li").await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let y = c.execute("return window.scrollY;", vec![]).await.unwrap().as_f64().unwrap();
        assert!(y > 300.0, "Back restores the scroll position: {y}");
        c.set_window_size(1280, 900).await.unwrap();

        // A phone: the filters sit behind one button.
        c.set_window_size(390, 844).await.unwrap();
        c.goto(&format!("{base}?q=%D9%81%D8%A7%D8%BA%D9%86%D8%B1")).await.unwrap();
        wait_for(&c, "#results li").await;
        let filters = c.find(Locator::Css("#filters")).await.unwrap();
        assert!(!filters.is_displayed().await.unwrap(), "hidden behind the button on a phone");
        c.find(Locator::Css("#filters-toggle")).await.unwrap().click().await.unwrap();
        assert!(filters.is_displayed().await.unwrap(), "shown by the button");
        c.goto(&format!("{base}?q=%D8%AA%D9%85%D8%A8%D9%83%D8%AA%D9%88")).await.unwrap();
        let more = wait_for(&c, "#spellings span.more").await;
        assert!(!more.is_empty(), "many spellings collapse to +N on a phone");
        more[0].click().await.unwrap();
        let hidden = c.find_all(Locator::Css("#spellings.collapsed")).await.unwrap();
        assert!(hidden.is_empty(), "+N shows them all");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(root().join("target/bahth-phone.png"), png);
        }
        c.close().await.unwrap();
    });
}

/// A GET through std, for the API's own answer.
fn reqwest_like(url: &str) -> String {
    use std::io::{Read, Write};
    let u = url::Url::parse(url).unwrap();
    let addr = format!("{}:{}", u.host_str().unwrap(), u.port().unwrap());
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let path = format!("{}?{}", u.path(), u.query().unwrap_or(""));
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()
}
