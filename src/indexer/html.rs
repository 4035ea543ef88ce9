//! Saved web pages (`.html`, `.htm`) to articles: what a reader sees, through html5ever's
//! parser (the scraper crate), never regular expressions.
//!
//! - title: `og:title`, else `<title>`, else the first `<h1>`;
//! - date: `article:published_time`, else `<time datetime>`, else JSON-LD `datePublished`;
//! - outlet: `og:site_name`; url: `og:url`, else the canonical link;
//! - text: the `<article>` (else `<main>`, else `<body>`), without navigation, menus,
//!   headers, footers, sidebars, related links, comments, forms, scripts and styles; each
//!   block element (paragraph, heading, list item, quote, cell) becomes its own paragraph, so
//!   passages and snippets read as the page does.

use scraper::{ElementRef, Html, Node, Selector};

use super::article::{Article, Problem};

/// Elements whose content is never article text.
const SKIPPED_TAGS: [&str; 14] = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "figcaption",
];

/// Words in a class or id that mark page furniture rather than the article.
const FURNITURE: [&str; 14] = [
    "nav",
    "menu",
    "sidebar",
    "side-bar",
    "related",
    "comment",
    "footer",
    "share",
    "social",
    "widget",
    "breadcrumb",
    "newsletter",
    "advert",
    "promo",
];

/// Elements that end a paragraph.
const BLOCKS: [&str; 18] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "th",
    "br",
    "tr",
];

fn select<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    Selector::parse(css).ok().and_then(|s| doc.select(&s).next())
}

fn meta(doc: &Html, css: &str, attr: &str) -> Option<String> {
    select(doc, css).and_then(|e| e.value().attr(attr)).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn text_of(e: ElementRef) -> String {
    e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether an element is page furniture: a skipped tag, or a class/id/role that says so.
fn is_furniture(e: &scraper::node::Element) -> bool {
    if SKIPPED_TAGS.contains(&e.name()) {
        return true;
    }
    let marks = [e.attr("class"), e.attr("id"), e.attr("role")];
    marks.iter().flatten().any(|v| {
        let v = v.to_ascii_lowercase();
        FURNITURE.iter().any(|w| {
            v.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .any(|part| part == *w || part.starts_with(&format!("{w}-")))
        }) || v == "navigation"
            || v == "complementary"
            || v == "contentinfo"
    })
}

/// Appends the visible text under `node` to `out`, one paragraph per block element.
fn collect(node: ego_tree::NodeRef<Node>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(t) => {
                let words: Vec<&str> = t.split_whitespace().collect();
                if !words.is_empty() {
                    if t.starts_with(char::is_whitespace) && !out.ends_with(['\n', ' ']) && !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(&words.join(" "));
                    if t.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            Node::Element(e) => {
                if is_furniture(e) {
                    continue;
                }
                let block = BLOCKS.contains(&e.name());
                if block {
                    paragraph_break(out);
                }
                collect(child, out);
                if block {
                    paragraph_break(out);
                }
            }
            _ => {}
        }
    }
}

fn paragraph_break(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

/// `datePublished` from the page's JSON-LD blocks.
fn json_ld_date(doc: &Html) -> Option<String> {
    let sel = Selector::parse("script[type=\"application/ld+json\"]").ok()?;
    doc.select(&sel).find_map(|s| {
        let v: serde_json::Value = serde_json::from_str(&s.text().collect::<String>()).ok()?;
        let items = match &v {
            serde_json::Value::Array(a) => a.clone(),
            serde_json::Value::Object(o) => match o.get("@graph") {
                Some(serde_json::Value::Array(g)) => g.clone(),
                _ => vec![v.clone()],
            },
            _ => Vec::new(),
        };
        items.iter().find_map(|i| i.get("datePublished").and_then(|d| d.as_str()).map(str::to_string))
    })
}

/// Parses a saved web page into one article (id filled later).
pub fn parse_html(page: &str) -> (Article, Vec<Problem>) {
    let doc = Html::parse_document(page);
    let mut art = Article {
        title: meta(&doc, "meta[property=\"og:title\"]", "content")
            .or_else(|| select(&doc, "title").map(text_of).filter(|t| !t.is_empty()))
            .or_else(|| select(&doc, "h1").map(text_of).filter(|t| !t.is_empty())),
        source: meta(&doc, "meta[property=\"og:site_name\"]", "content"),
        url: meta(&doc, "meta[property=\"og:url\"]", "content")
            .or_else(|| meta(&doc, "link[rel=\"canonical\"]", "href")),
        ..Article::default()
    };
    let mut problems = Vec::new();
    let date = meta(&doc, "meta[property=\"article:published_time\"]", "content")
        .or_else(|| meta(&doc, "time[datetime]", "datetime"))
        .or_else(|| json_ld_date(&doc));
    if let Some(d) = date {
        match super::article::parse_date(&d) {
            Some(parsed) => art.date = Some(parsed),
            None => problems.push(Problem {
                line: None,
                message: format!("date {d:?} is not YYYY-MM-DD or RFC 3339; the article is indexed without a date"),
                skipped: false,
            }),
        }
    }
    let container = select(&doc, "article").or_else(|| select(&doc, "main")).or_else(|| select(&doc, "body"));
    let mut text = String::new();
    if let Some(c) = container {
        collect(*c, &mut text);
    }
    art.text = text.trim().to_string();
    (art, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_per_row() {
        let page = r#"<html><head><title>عنوان الصفحة</title>
            <meta property="og:site_name" content="الجزيرة"><link rel="canonical" href="https://example.org/a">
            <script type="application/ld+json">{"@graph": [{"datePublished": "2024-09-19T08:00:00Z"}]}</script>
            <style>p { color: red }</style></head>
            <body><nav><a>الرئيسية</a><a>سياسة</a></nav>
            <main><h1>عنوان المقال</h1><p>الفقرة <b>الأولى</b> عن فاغنر.</p><div class="related-links">عنوان آخر</div>
            <ul><li>بند</li></ul><!-- تعليق --><script>var x = "لا";</script></main>
            <aside>عناوين أخرى</aside><footer>حقوق</footer></body></html>"#;
        let (a, p) = parse_html(page);
        assert!(p.is_empty());
        assert_eq!(a.title.as_deref(), Some("عنوان الصفحة"), "<title> when there is no og:title");
        assert_eq!(a.source.as_deref(), Some("الجزيرة"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"), "the canonical link");
        assert!(a.date.is_some(), "JSON-LD datePublished");
        assert_eq!(a.text, "عنوان المقال\n\nالفقرة الأولى عن فاغنر.\n\nبند", "{:?}", a.text);
        let (a, _) = parse_html("<html><body><h1>عنوان فقط</h1><p>نص</p></body></html>");
        assert_eq!(a.title.as_deref(), Some("عنوان فقط"), "the first h1 last");
    }
}
